/**
 * A table that full sync mode DROPs and re-creates loses its grants and tags; its governance resource
 * takes the table's `changedInDeployment` as an input (objectWrittenIn), so the re-creation is a change
 * for it and the same `up` writes the replayed governance back (provider/resources/governance), while a
 * run that did not write the table leaves the governance resource unchanged (no statement).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openLocalDriver, type LocalDriver } from "../../../provider/warehouse/localDriver";
import * as governance from "../../../provider/resources/governance/handler";
import { createGovernance, updateGovernance } from "../../../provider/resources/governance/lifecycle";
import type { GovernanceInputs } from "../../../provider/resources/governance/inputs";

let dir: string;
let wh: LocalDriver;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "governance-recreated-"));
  wh = await openLocalDriver(dir);
  for (const s of ["CREATE CATALOG qa", "CREATE SCHEMA qa.s", "CREATE TABLE qa.s.t (id INT)"]) await wh.execute(s);
});
afterEach(async () => {
  await wh?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const grants = async () =>
  (await wh.execute("SELECT grantee, privilege_type FROM qa.information_schema.table_privileges WHERE table_name = 't' AND inherited_from = 'NONE' ORDER BY 1, 2")).map(
    (r) => `${r.grantee} ${r.privilege_type}`,
  );
const tags = async () => (await wh.execute("SELECT tag_name, tag_value FROM qa.information_schema.table_tags WHERE table_name = 't'")).map((r) => `${r.tag_name}=${r.tag_value}`);

describe("governance of a re-created table", () => {
  it("a new objectWrittenIn is a change, and the update writes back the grants and tags the re-creation lost", async () => {
    const inputs: GovernanceInputs = {
      owner: "proj/qa",
      securable: { type: "TABLE", catalog: "qa", schema: "s", name: "t" },
      grants: { qa_eng: ["SELECT"] },
      tags: { pii: "" },
      columns: {},
      objectWrittenIn: "deployment-1",
    };
    const created = await createGovernance(wh, inputs);
    expect(await grants()).toEqual(["qa_eng SELECT"]);

    // the table resource's full-mode re-clone: DROP, then a fresh table (no grants, no tags)
    await wh.execute("DROP TABLE qa.s.t");
    await wh.execute("CREATE TABLE qa.s.t (id INT)");
    expect(await grants()).toEqual([]);

    const id = "table:qa.s.t";
    // a run that did not write the table: same value, nothing to do
    expect(await governance.diff(id, created, inputs)).toMatchObject({ changes: false });
    // the run that re-created it: the table's changedInDeployment moved
    const next = { ...inputs, objectWrittenIn: "deployment-2" };
    expect(await governance.diff(id, created, next)).toMatchObject({ changes: true });
    const updated = await updateGovernance(wh, created, next);
    expect(await grants()).toEqual(["qa_eng SELECT"]);
    expect(await tags()).toEqual(["pii="]);
    expect(updated.written).toMatchObject({ grants: 1, tags: 1 });
    expect(updated.objectWrittenIn).toBe("deployment-2");
  });
});
