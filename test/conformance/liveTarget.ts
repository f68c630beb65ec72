/**
 * A live Databricks SQL warehouse as a case target, configured as the Warehouse contract test is
 * (DATABRICKS_HOST, DATABRICKS_WAREHOUSE_ID and DATABRICKS_TOKEN or DATABRICKS_CLIENT_ID/SECRET) and
 * reached through a WarehousePool like the product. Each case gets its own session, since USE CATALOG and
 * SET are session state that one case must not leave to the next. Every `${name}` of a case becomes
 * `<run prefix>_<case>_<name>`, so runs and cases never share an object; what a case named is dropped
 * after it (catalogs CASCADE, shares, recipients), and catalogs with the run prefix after the run.
 */
import { randomBytes } from "crypto";
import { quoteName } from "../../provider/sql/quote";
import { resolveWarehouseConnection } from "../../provider/warehouse/connectionConfig";
import { WarehousePool } from "../../provider/warehouse/warehousePool";
import type { Warehouse } from "../../provider/warehouse/warehouse";
import type { CaseTarget } from "./caseRunner";

export function liveConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return (
    !!env.DATABRICKS_HOST &&
    !!env.DATABRICKS_WAREHOUSE_ID &&
    (!!env.DATABRICKS_TOKEN || (!!env.DATABRICKS_CLIENT_ID && !!env.DATABRICKS_CLIENT_SECRET))
  );
}

/** One prefix per test run: objects a crashed run leaves behind are recognisable and never reused. */
export const LIVE_RUN_PREFIX = `uc_conf_${randomBytes(3).toString("hex")}`;

/** A session of its own on the configured warehouse, and how to end it. */
function liveSession(): { warehouse: () => Promise<Warehouse>; close: () => Promise<void> } {
  const pool = new WarehousePool();
  let wh: Promise<Warehouse> | undefined;
  return {
    warehouse: () => (wh ??= pool.connect(resolveWarehouseConnection({ kind: "databricks" }, () => undefined, process.env))),
    close: () => pool.close(),
  };
}

export interface LiveCaseTarget extends CaseTarget {
  /** Drops what the case created under its names and ends its session. */
  cleanup(): Promise<void>;
}

export function liveCaseTarget(caseId: string): LiveCaseTarget {
  const names = new Set<string>();
  const session = liveSession();
  return {
    target: "live",
    // Cases that need a second workspace (Delta Sharing between metastores) are `onlyif local`.
    workspaces: "one",
    uniqueName(name) {
      // Case is kept: names are case-insensitive, so `${Prod}` and `${prod}` are one object, as locally.
      const unique = `${LIVE_RUN_PREFIX}_${caseId}_${name}`;
      names.add(unique);
      return unique;
    },
    workspace: session.warehouse,
    async cleanup() {
      try {
        const wh = await session.warehouse();
        for (const n of names) {
          for (const drop of [`DROP CATALOG IF EXISTS ${quoteName(n)} CASCADE`, `DROP SHARE IF EXISTS ${quoteName(n)}`, `DROP RECIPIENT IF EXISTS ${quoteName(n)}`]) {
            await wh.execute(drop).catch(() => undefined);
          }
        }
      } finally {
        await session.close();
      }
    },
  };
}

/** Drops every catalog of this run a case left behind (also those named with more than a placeholder). */
export async function dropLiveRunCatalogs(): Promise<void> {
  const session = liveSession();
  try {
    const wh = await session.warehouse();
    for (const row of await wh.execute(`SHOW CATALOGS LIKE '${LIVE_RUN_PREFIX}*'`)) {
      await wh.execute(`DROP CATALOG IF EXISTS ${quoteName(String(row.catalog))} CASCADE`);
    }
  } finally {
    await session.close();
  }
}
