/**
 * Adopting an existing share (one this stack did not create) against the embedded engine: tables are
 * added only when no recipient other than the target's holds it, since any holder reads what is added.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { openLocalDriver, type LocalDriver } from "../../../provider/warehouse/localDriver";
import { createShareObject, updateShare } from "../../../provider/resources/share/lifecycle";
import { ShareInputs } from "../../../provider/resources/share/inputs";

/** Metastores of no workspace of the account (recipients only record them). */
const TARGET = "aws:us-west-2:0f3c2a9e-1b7d-4c55-9e21-6a8d4f0b7c13";
const PARTNER = "aws:us-east-1:7a1e0c44-2d3b-4f6a-8c9d-0e1f2a3b4c5d";

let dir: string;
let wh: LocalDriver;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "share-adoption-"));
  wh = await openLocalDriver(dir);
  for (const s of ["CREATE CATALOG prod", "CREATE SCHEMA prod.s", "CREATE TABLE prod.s.t (id INT)", "CREATE TABLE prod.s.u (id INT)", "CREATE SHARE to_dr"]) await wh.execute(s);
  await wh.execute(`CREATE RECIPIENT dr USING ID '${TARGET}'`);
});
afterEach(async () => {
  await wh.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const inputs = (tables: string[], recipientSharingIdentifier: string | null = TARGET) =>
  ShareInputs.parse({ owner: "proj/dev", name: "to_dr", tables: tables.map((table) => ({ catalog: "prod", schema: "s", table })), recipientSharingIdentifier: recipientSharingIdentifier ?? undefined });
const shared = async () => (await wh.execute("SHOW ALL IN SHARE to_dr")).map((r) => String(r.shared_object)).sort();

it("refuses to add tables to an existing share granted to another recipient, and adds nothing", async () => {
  await wh.execute(`CREATE RECIPIENT partner USING ID '${PARTNER}'`);
  await wh.execute("GRANT SELECT ON SHARE to_dr TO RECIPIENT partner");
  await wh.execute("GRANT SELECT ON SHARE to_dr TO RECIPIENT dr");
  await expect(createShareObject(wh, inputs(["t", "u"]))).rejects.toThrow(/share to_dr existed before this stack and is granted to other recipient\(s\): partner .*Choose another share name, or remove those grants/);
  expect(await shared()).toEqual([]);
});

it("refuses a token (open sharing) recipient, and any holder when no target recipient is named", async () => {
  await wh.execute("CREATE RECIPIENT open_r");
  await wh.execute("GRANT SELECT ON SHARE to_dr TO RECIPIENT open_r");
  await expect(createShareObject(wh, inputs(["t"]))).rejects.toThrow(/other recipient\(s\): open_r/);
  await wh.execute("REVOKE SELECT ON SHARE to_dr FROM RECIPIENT open_r");
  await wh.execute("GRANT SELECT ON SHARE to_dr TO RECIPIENT dr");
  await expect(createShareObject(wh, inputs(["t"], null))).rejects.toThrow(/other recipient\(s\): dr \(no recipient was named/);
  expect(await shared()).toEqual([]);
});

it("adopts a share granted only to the target recipient, and checks again before adding more", async () => {
  await wh.execute("GRANT SELECT ON SHARE to_dr TO RECIPIENT dr");
  const outs = await createShareObject(wh, inputs(["t"]));
  expect(outs).toMatchObject({ adopted: true, createdByStack: false, addedTables: ["prod.s.t"] });
  expect(await shared()).toEqual(["prod.s.t"]);
  // Granted to a partner afterwards: the next table is not added.
  await wh.execute(`CREATE RECIPIENT partner USING ID '${PARTNER}'`);
  await wh.execute("GRANT SELECT ON SHARE to_dr TO RECIPIENT partner");
  await expect(updateShare(wh, outs, inputs(["t", "u"]))).rejects.toThrow(/other recipient\(s\): partner/);
  expect(await shared()).toEqual(["prod.s.t"]);
});
