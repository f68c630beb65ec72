/**
 * create of a retained table (nothing cloned into it) without state: this stack's clone is recorded as
 * it stands without any write; a table that is gone or not this stack's fails, recording nothing.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readStatementLog } from "pulumi-uc-clone-local-warehouse";
import { openLocalDriver, type LocalDriver } from "../../../provider/warehouse/localDriver";
import { createTable } from "../../../provider/resources/table/lifecycle";
import type { TableInputs } from "../../../provider/resources/table/inputs";

let dir: string;
let wh: LocalDriver;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "table-retained-"));
  wh = await openLocalDriver(dir);
  for (const sql of [
    "CREATE CATALOG prod",
    "CREATE SCHEMA prod.s",
    "CREATE TABLE prod.s.t (id INT)",
    "INSERT INTO prod.s.t VALUES (1), (2)",
    "CREATE CATALOG qa",
    "CREATE SCHEMA qa.s",
    "CREATE TABLE qa.s.t DEEP CLONE prod.s.t TBLPROPERTIES ('catalog_clone.owner' = 'proj/dev', 'catalog_clone.source' = 'prod.s.t', 'catalog_clone.pre_clone_version' = 'none')",
    "DROP TABLE prod.s.t",
    "CREATE TABLE qa.s.theirs (id INT) TBLPROPERTIES ('catalog_clone.owner' = 'proj/other')",
  ]) {
    await wh.execute(sql);
  }
});

afterEach(async () => {
  await wh.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const retained = (table: string): TableInputs => ({
  owner: "proj/dev",
  source: { catalog: "prod", schema: "s", table },
  destination: { catalog: "qa", schema: "s", table },
  cloneType: "DEEP",
  sync: "selective",
  destinationFingerprint: { exists: true, lastAltered: "2026-01-01T00:00:00.000Z", tableType: "MANAGED" },
  retainedBecause: "gone from source",
});

describe("create of a retained table without state", () => {
  it("records this stack's clone as it stands (created by the stack, its version), with no write", async () => {
    const from = readStatementLog(dir).length;
    const { id, outs } = await createTable(wh, retained("t"));
    expect(id).toBe("qa.s.t");
    expect(outs).toMatchObject({
      adopted: false,
      createdByStack: true,
      preCloneVersion: null,
      sourceVersion: 1,
      destinationVersion: 0,
      destinationLastAltered: "2026-01-01T00:00:00.000Z",
      lastAction: "skipped",
      lastReason: expect.stringMatching(/^retained \(gone from source\): this stack's clone, found without state/),
    });
    expect(readStatementLog(dir).slice(from).every((e) => /^(DESCRIBE|SHOW|SELECT)\b/.test(e.statement))).toBe(true);
  });

  it("fails for another stack's table or a table that is gone, recording nothing", async () => {
    await expect(createTable(wh, retained("theirs"))).rejects.toThrow(/registered as retained \(gone from source\) but does not carry this stack's marker \(proj\/other\)/);
    await expect(createTable(wh, retained("gone"))).rejects.toThrow(/registered as retained \(gone from source\) but no longer exists/);
  });
});
