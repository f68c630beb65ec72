/**
 * Governance that SQL cannot show: schema properties as the engine stores them. The SQL-level governance
 * cases are in cases/governance.slt.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { tempWorkspace, type TempWorkspace } from "./fixtures/workspace";

let ws: TempWorkspace;

beforeAll(async () => {
  ws = await tempWorkspace();
});

afterAll(async () => {
  await ws.cleanup();
});

describe("properties", () => {
  test("ALTER SCHEMA SET DBPROPERTIES stores schema properties", async () => {
    await ws.sql("CREATE SCHEMA main.p3");
    await ws.sql("ALTER SCHEMA main.p3 SET DBPROPERTIES ('managed-by' = 'pulumi')");
    expect(ws.wh.context.readMeta().schemas["main.p3"].properties).toEqual({ "managed-by": "pulumi" });
  });
});
