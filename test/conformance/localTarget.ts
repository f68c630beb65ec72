/**
 * The embedded engine as a case target: every case gets a fresh account directory, and each workspace
 * it names is a LocalWarehouse of that account, run by the fixture principal.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWarehouse } from "../../provider/warehouse/local";
import type { Warehouse } from "../../provider/warehouse/warehouse";
import type { CaseTarget } from "./caseRunner";
import { TESTER } from "./fixtures/workspace";

export interface LocalCaseTarget extends CaseTarget {
  /** Closes the case's workspaces and removes its directory. */
  cleanup(): Promise<void>;
}

export function localCaseTarget(): LocalCaseTarget {
  const account = fs.mkdtempSync(path.join(os.tmpdir(), "uc-cases-"));
  const open = new Map<string, Promise<Warehouse>>();
  return {
    target: "local",
    // Each case has its own account, so the names a case file writes are already unique.
    uniqueName: (name) => name,
    workspace(name) {
      let wh = open.get(name);
      if (!wh) {
        wh = LocalWarehouse.openInAccount(account, name, { user: TESTER });
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
