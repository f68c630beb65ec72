/**
 * The embedded engine as a case target: every case gets a fresh account directory, and each workspace
 * it names is an engine session of that account, run by the fixture principal and opened through the
 * library's local driver, so failures are WarehouseErrors as the product sees them.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { openLocalDriver } from "../../provider/warehouse/localDriver";
import type { Warehouse } from "../../provider/warehouse/warehouse";
import type { CaseTarget } from "./caseRunner";
import { TESTER } from "./fixtures/workspace";

export interface LocalCaseTarget extends CaseTarget {
  /** Closes the case's workspaces and removes its directory. */
  cleanup(): Promise<void>;
}

/**
 * `rehearseLive`: run what a live run would run (its skips, and `${name}` as a prefixed name, as
 * liveTarget.ts names it), so a case file that would collide with or miss names on a shared warehouse
 * fails here first.
 */
export function localCaseTarget(options: { rehearseLive?: boolean } = {}): LocalCaseTarget {
  const account = fs.mkdtempSync(path.join(os.tmpdir(), "uc-cases-"));
  const open = new Map<string, Promise<Warehouse>>();
  return {
    target: options.rehearseLive ? "live" : "local",
    workspaces: options.rehearseLive ? "one" : "many",
    // Each case has its own account, so the names a case file writes are already unique.
    uniqueName: (name) => (options.rehearseLive ? `rehearsal_${name}` : name),
    workspace(name) {
      let wh = open.get(name);
      if (!wh) {
        wh = openLocalDriver(path.join(account, name), { user: TESTER });
        open.set(name, wh);
      }
      return wh;
    },
    async cleanup() {
      for (const wh of open.values()) await (await wh).close();
      fs.rmSync(account, { recursive: true, force: true });
    },
  };
}
