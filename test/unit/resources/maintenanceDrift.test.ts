/**
 * Drift that ignores maintenance (issue 8 §5): the classifier of committed operations, the history
 * window since a recorded version, the verdicts per side, and what each sync mode plans from them.
 * Pure: no warehouse (maintenanceLifecycle.test.ts runs the same on the embedded engine).
 */
import { describe, expect, it } from "vitest";
import {
  changesSince,
  classifyOperation,
  destinationVerdict,
  sourceVerdict,
  type HistoryTop,
} from "../../../provider/resources/table/drift";
import { resolveDrift } from "../../../provider/resources/table/syncMode";
import { historySince, HISTORY_SINCE_LIMIT } from "../../../provider/resources/table/lookup";
import { WarehouseError, type Row, type Warehouse } from "../../../provider/warehouse/warehouse";

const row = (version: number, operation: string, operationParameters: Record<string, string> = {}): HistoryTop => ({
  version,
  operation,
  operationParameters,
});
const kind = (operation: string, params: Record<string, string> = {}) => classifyOperation(row(1, operation, params)).kind;

describe("classifyOperation", () => {
  it("maintenance: the operations predictive optimization and metadata edits commit", () => {
    expect(kind("OPTIMIZE", { predicate: "[]", zOrderBy: "[]", auto: "true" })).toBe("maintenance");
    expect(kind("VACUUM START", { retentionCheckEnabled: "true", defaultRetentionMillis: "604800000" })).toBe("maintenance");
    expect(kind("VACUUM END", { status: "COMPLETED" })).toBe("maintenance");
    expect(kind("COMPUTE STATS", { predicate: "[]" })).toBe("maintenance");
    expect(kind("SET TBLPROPERTIES", { properties: '{"comment":"orders of the day"}' })).toBe("maintenance"); // COMMENT ON TABLE
    expect(kind("SET TBLPROPERTIES", { properties: '{"delta.autoOptimize.optimizeWrite":"true"}' })).toBe("maintenance");
    expect(kind("UNSET TBLPROPERTIES", { properties: '["team"]', ifExists: "true" })).toBe("maintenance");
    expect(kind("CHANGE COLUMN", { column: '{"name":"id","type":"integer","nullable":true,"metadata":{"comment":"key"}}' })).toBe("maintenance");
    expect(kind("CHANGE COLUMN", { column: '{"name":"id","type":"integer","nullable":true,"metadata":{}}' })).toBe("maintenance"); // comment removed
    for (const op of ["UPGRADE PROTOCOL", "SET TAGS", "UNSET TAGS", "CLUSTER BY", "REORG", "DROP FEATURE"]) {
      expect(kind(op)).toBe("maintenance");
    }
    expect(kind("optimize")).toBe("maintenance"); // names compare case-insensitively
  });

  it("data: writes, restores, clones, replaces and schema changes", () => {
    for (const op of [
      "WRITE",
      "MERGE",
      "UPDATE",
      "DELETE",
      "STREAMING UPDATE",
      "TRUNCATE",
      "RESTORE",
      "CLONE",
      "CREATE OR REPLACE TABLE AS SELECT",
      "REPLACE TABLE AS SELECT",
      "CREATE TABLE AS SELECT",
      "ADD COLUMNS",
      "DROP COLUMNS",
      "RENAME COLUMN",
      "REPLACE COLUMNS",
      "ADD CONSTRAINT", // CHECK constraints travel with CLONE (Delta properties): a new or dropped one is re-cloned
      "DROP CONSTRAINT",
    ]) {
      expect(classifyOperation(row(1, op))).toEqual({ kind: "data", why: op });
    }
  });

  it("maintenance names whose parameters say otherwise count as data", () => {
    expect(kind("OPTIMIZE", { dataChange: "true" })).toBe("data");
    // this stack's markers: an edit of them is never maintenance (ownership depends on them)
    expect(kind("SET TBLPROPERTIES", { properties: '{"catalog_clone.owner":"proj/other"}' })).toBe("data");
    expect(kind("UNSET TBLPROPERTIES", { properties: '["catalog_clone.owner"]', ifExists: "false" })).toBe("data");
    expect(kind("SET TBLPROPERTIES", {})).toBe("data"); // parameters not readable: fail safe
    expect(kind("CHANGE COLUMN", { column: '{"name":"id","type":"integer","nullable":true,"metadata":{}}', position: "FIRST" })).toBe("data");
    expect(
      kind("CHANGE COLUMN", {
        column: '{"name":"id","type":"long","nullable":true,"metadata":{"delta.typeChanges":[{"fromType":"integer","toType":"long"}]}}',
      }),
    ).toBe("data");
    expect(kind("CHANGE COLUMN", { column: "not json" })).toBe("data");
  });

  it("an unknown operation is data-changing, and says so", () => {
    expect(classifyOperation(row(7, "FROBNICATE"))).toEqual({ kind: "unknown", why: "unknown operation 'FROBNICATE', treated as data-changing" });
  });
});

describe("changesSince", () => {
  it("none / maintenance / data, newest data row kept, operations listed once oldest first", () => {
    expect(changesSince([row(4, "CLONE")], 4)).toMatchObject({ kind: "none" });
    expect(changesSince([row(6, "VACUUM END"), row(5, "VACUUM START"), row(4, "OPTIMIZE"), row(3, "CLONE")], 3)).toMatchObject({
      kind: "maintenance",
      top: { version: 6 },
      operations: ["OPTIMIZE", "VACUUM START", "VACUUM END"],
    });
    expect(changesSince([row(6, "OPTIMIZE"), row(5, "WRITE"), row(4, "OPTIMIZE"), row(3, "CLONE")], 3)).toMatchObject({
      kind: "data",
      newest: { version: 5 },
      why: "WRITE at v5",
      unknown: false,
    });
  });

  it("a gap after the recorded version is incomplete; no row at or after it is behind", () => {
    expect(changesSince([row(9, "OPTIMIZE"), row(8, "OPTIMIZE")], 3)).toMatchObject({ kind: "incomplete" });
    expect(changesSince([row(9, "OPTIMIZE"), row(7, "OPTIMIZE"), row(6, "OPTIMIZE")], 5)).toMatchObject({ kind: "incomplete" });
    expect(changesSince([], 3)).toEqual({ kind: "behind" });
    expect(changesSince([row(2, "WRITE")], 3)).toEqual({ kind: "behind" }); // rows below the baseline are ignored
  });
});

describe("verdicts", () => {
  const opts = { shallow: false, lastAlteredMoved: true };
  it("source maintenance moves the baseline to the newest version, with the reason preview shows", () => {
    expect(sourceVerdict([row(13, "OPTIMIZE"), row(12, "WRITE")], 12, opts)).toEqual({
      state: "unchanged",
      baseline: { version: 13, note: "source maintenance (OPTIMIZE) since v12: baseline moved to v13, no re-clone" },
    });
  });

  it("source: last_altered moved without a commit moves the last_altered baseline; unknown operations are named", () => {
    expect(sourceVerdict([row(12, "WRITE")], 12, opts)).toMatchObject({ state: "unchanged", baseline: { version: 12 } });
    expect(sourceVerdict([row(12, "WRITE")], 12, { ...opts, lastAlteredMoved: false })).toEqual({ state: "unchanged" });
    expect(sourceVerdict([row(13, "FROBNICATE"), row(12, "WRITE")], 12, opts)).toEqual({
      state: "moved",
      detail: "unknown operation 'FROBNICATE', treated as data-changing at v13",
    });
    expect(sourceVerdict([], 12, opts)).toMatchObject({ state: "moved" }); // re-created below the cloned version
    expect(sourceVerdict([row(20, "OPTIMIZE")], 12, opts)).toMatchObject({ state: "moved" }); // history truncated
  });

  it("a SHALLOW clone whose source was vacuumed is re-pointed; a DEEP one is not", () => {
    const rows = [row(15, "VACUUM END"), row(14, "VACUUM START"), row(13, "OPTIMIZE"), row(12, "WRITE")];
    expect(sourceVerdict(rows, 12, { shallow: true, lastAlteredMoved: true }).state).toBe("repoint");
    expect(sourceVerdict(rows, 12, { shallow: false, lastAlteredMoved: true }).state).toBe("unchanged");
    expect(sourceVerdict(rows.slice(2), 12, { shallow: true, lastAlteredMoved: true }).state).toBe("unchanged"); // OPTIMIZE alone keeps the files
  });

  it("destination maintenance is not an edit; a RESTORE past maintenance still counts", () => {
    expect(destinationVerdict([row(5, "OPTIMIZE"), row(4, "CLONE")], 4, { lastAlteredMoved: true })).toEqual({
      state: "unchanged",
      baseline: { version: 5, note: "destination maintenance (OPTIMIZE) since v4: not an edit, baseline moved to v5, no repair" },
    });
    expect(destinationVerdict([row(6, "OPTIMIZE"), row(5, "RESTORE", { version: "1" }), row(4, "CLONE")], 4, { lastAlteredMoved: true }).state).toBe(
      "restored",
    );
    expect(destinationVerdict([row(6, "OPTIMIZE"), row(5, "WRITE"), row(4, "OPTIMIZE")], 4, { lastAlteredMoved: true }).state).toBe("written");
  });

  it("destination: the recorded version must be our clone or maintenance, else the table was replaced", () => {
    expect(destinationVerdict([row(5, "OPTIMIZE"), row(4, "CREATE TABLE AS SELECT")], 4, { lastAlteredMoved: true })).toMatchObject({
      state: "written",
      detail: expect.stringMatching(/not the clone this stack recorded/),
    });
    expect(destinationVerdict([row(5, "OPTIMIZE"), row(4, "COMPUTE STATS")], 4, { lastAlteredMoved: true }).state).toBe("unchanged");
    // a shaped table (subset, masks, schema only) is written by CREATE [OR REPLACE] TABLE … AS SELECT
    expect(destinationVerdict([row(5, "OPTIMIZE"), row(4, "CREATE OR REPLACE TABLE AS SELECT")], 4, { lastAlteredMoved: true, shaped: true }).state).toBe("unchanged");
  });
});

describe("resolveDrift with maintenance", () => {
  const screening = { source: "candidate", destination: "candidate", configChanges: [] as string[], retry: null } as const;
  const maintained = (version: number, note: string) => ({ state: "unchanged" as const, baseline: { version, note } });

  it("no mode writes for maintenance on either side, full included; both baselines move", async () => {
    for (const mode of ["snapshot", "selective", "mirror", "full"] as const) {
      const calls: string[] = [];
      const r = await resolveDrift(mode, screening, {
        source: async () => (calls.push("source"), maintained(13, "source note")),
        destination: async () => (calls.push("destination"), maintained(5, "destination note")),
      });
      expect(r.action.kind).toBe("none");
      // snapshot never follows the source, so it never pays for confirming it
      expect(calls).toEqual(mode === "snapshot" ? ["destination"] : ["destination", "source"]);
      expect(r.action.baseline).toEqual(
        mode === "snapshot"
          ? { destination: { version: 5, note: "destination note" } }
          : { source: { version: 13, note: "source note" }, destination: { version: 5, note: "destination note" } },
      );
      expect(r.action.reason).toBe(mode === "snapshot" ? "destination note" : "source note; destination note");
    }
  });

  it("kept destination edits keep their baseline; source maintenance still moves its own", async () => {
    const r = await resolveDrift("selective", screening, {
      source: async () => maintained(13, "source note"),
      destination: async () => ({ state: "written" }),
    });
    expect(r.action).toMatchObject({ kind: "none", baseline: { source: { version: 13 } } });
    expect(r.action.baseline?.destination).toBeUndefined();
    expect(r.action.reason).toBe("destination was written out of band; selective mode keeps destination edits; source note");
  });

  it("a re-point is an in-place CREATE OR REPLACE even in full mode; an unknown operation re-clones and says why", async () => {
    const repoint = await resolveDrift("full", { ...screening, destination: "unchanged" }, {
      source: async () => ({ state: "repoint", detail: "vacuumed" }),
      destination: async () => ({ state: "unchanged" }),
    });
    expect(repoint.action).toMatchObject({ kind: "clone", label: "repaired", reason: "vacuumed" });
    const unknown = await resolveDrift("mirror", { ...screening, destination: "unchanged" }, {
      source: async () => ({ state: "moved", detail: "unknown operation 'X', treated as data-changing at v9" }),
      destination: async () => ({ state: "unchanged" }),
    });
    expect(unknown.action).toMatchObject({ kind: "clone", reason: "source table moved (unknown operation 'X', treated as data-changing at v9)" });
  });
});

describe("historySince", () => {
  const table = { catalog: "prod", schema: "s", table: "t" };
  class Fake implements Warehouse {
    statements: string[] = [];
    constructor(private readonly answer: (sql: string) => Row[]) {}
    async execute(sql: string): Promise<Row[]> {
      this.statements.push(sql);
      return this.answer(sql);
    }
    async close(): Promise<void> {}
  }

  it("one read-only statement for the rows at or after the recorded version", async () => {
    const wh = new Fake(() => [{ version: 5, operation: "OPTIMIZE", operationParameters: { auto: "true" } }, { version: 4, operation: "CLONE", operationParameters: {} }]);
    expect(await historySince(wh, table, 4)).toEqual([row(5, "OPTIMIZE", { auto: "true" }), row(4, "CLONE")]);
    expect(wh.statements).toEqual([
      `SELECT version, operation, operationParameters FROM (DESCRIBE HISTORY \`prod\`.\`s\`.\`t\`) WHERE version >= 4 ORDER BY version DESC LIMIT ${HISTORY_SINCE_LIMIT}`,
    ]);
  });

  it("falls back to DESCRIBE HISTORY … LIMIT when the subquery is refused; not-found is null, other errors are thrown", async () => {
    const wh = new Fake((sql) => {
      if (sql.startsWith("SELECT")) throw new WarehouseError({ errorClass: "PARSE_SYNTAX_ERROR", message: "[PARSE_SYNTAX_ERROR] no SQLSTATE: 42601" });
      return [row(6, "VACUUM END"), row(5, "VACUUM START"), row(4, "CLONE"), row(3, "WRITE")] as unknown as Row[];
    });
    expect((await historySince(wh, table, 4))!.map((r) => r.version)).toEqual([6, 5, 4]);
    expect(wh.statements[1]).toBe(`DESCRIBE HISTORY \`prod\`.\`s\`.\`t\` LIMIT ${HISTORY_SINCE_LIMIT}`);
    const gone = new Fake(() => {
      throw new WarehouseError({ errorClass: "TABLE_OR_VIEW_NOT_FOUND", message: "[TABLE_OR_VIEW_NOT_FOUND] no SQLSTATE: 42P01" });
    });
    expect(await historySince(gone, table, 4)).toBeNull();
    const busy = new Fake(() => {
      throw new WarehouseError({ errorClass: "TEMPORARILY_UNAVAILABLE", message: "[TEMPORARILY_UNAVAILABLE] busy SQLSTATE: 08000" });
    });
    await expect(historySince(busy, table, 4)).rejects.toThrow(/TEMPORARILY_UNAVAILABLE/);
  });
});
