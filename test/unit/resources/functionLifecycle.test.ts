/**
 * The cloned-function lifecycle against the embedded engine: created marked (token in its COMMENT) and
 * dropped on destroy; an existing unmarked function adopted, re-written, and put back as it was on
 * destroy; a changed definition re-written with CREATE OR REPLACE; the read-back definition equals what
 * discovery reports (so an unchanged function shows no change).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openLocalDriver, type LocalDriver } from "../../../provider/warehouse/localDriver";
import { createFunctionObject, deleteFunctionObject, updateFunctionObject } from "../../../provider/resources/function/lifecycle";
import { FunctionInputs } from "../../../provider/resources/function/inputs";

let dir: string;
let wh: LocalDriver;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "function-lifecycle-"));
  wh = await openLocalDriver(dir);
  for (const s of ["CREATE CATALOG qa", "CREATE SCHEMA qa.s"]) await wh.execute(s);
});
afterEach(async () => {
  await wh.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const inputs = (body: string) =>
  FunctionInputs.parse({
    owner: "proj/dev",
    source: { catalog: "prod", schema: "s", name: "f" },
    destination: { catalog: "qa", schema: "s", name: "f" },
    definition: { parameters: [{ name: "x", type: "INT", comment: "it's x" }], returns: "INT", body, comment: "adds", deterministic: true },
  });
const call = async () => (await wh.execute("SELECT qa.s.f(10) AS v"))[0].v;
const comment = async () => (await wh.execute("SELECT comment FROM system.information_schema.routines WHERE routine_catalog = 'qa'"))[0]?.comment;

it("creates a marked function, re-writes a changed definition in place, drops it on destroy", async () => {
  const outs = await createFunctionObject(wh, inputs("x + 1"));
  expect(outs).toMatchObject({ createdByStack: true, adopted: false, previous: null, observed: inputs("x + 1").definition });
  expect(await call()).toBe(11);
  expect(await comment()).toBe("adds [catalog_clone_owner=proj/dev]");
  const updated = await updateFunctionObject(wh, outs, inputs("x + 2"));
  expect(updated.observed?.body).toBe("x + 2");
  expect(await call()).toBe(12);
  expect(await deleteFunctionObject(wh, updated)).toMatch(/dropped/);
  expect(await comment()).toBeUndefined();
});

it("adopts an existing unmarked function and puts it back as it was on destroy", async () => {
  await wh.execute("CREATE FUNCTION qa.s.f(x INT) RETURNS INT COMMENT 'theirs' RETURN x * 3");
  const outs = await createFunctionObject(wh, inputs("x + 1"));
  expect(outs).toMatchObject({ adopted: true, createdByStack: false, previous: { body: "x * 3", comment: "theirs" } });
  expect(await call()).toBe(11);
  expect(await deleteFunctionObject(wh, outs)).toMatch(/put back/);
  expect(await call()).toBe(30);
  expect(await comment()).toBe("theirs");
});

it("leaves a function replaced out of band (its token gone) in place on destroy", async () => {
  const outs = await createFunctionObject(wh, inputs("x + 1"));
  await wh.execute("CREATE OR REPLACE FUNCTION qa.s.f(x INT) RETURNS INT RETURN x * 5");
  expect(await deleteFunctionObject(wh, outs)).toMatch(/left in place/);
  expect(await call()).toBe(50);
});
