/**
 * The engine's own test fixture: a LocalWarehouse in workspace `name` of a fresh temporary account
 * directory, run by a fixed principal.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWarehouse } from "../localWarehouse";
import type { Row } from "../row";

export const TEST_USER = "tester@example.com";

export interface EngineWorkspace {
  /** The account directory holding the workspace. */
  account: string;
  wh: LocalWarehouse;
  sql(text: string): Promise<Row[]>;
  cleanup(): Promise<void>;
}

export async function engineWorkspace(name = "ws"): Promise<EngineWorkspace> {
  const account = fs.mkdtempSync(path.join(os.tmpdir(), "uc-engine-"));
  const wh = await LocalWarehouse.openInAccount(account, name, { user: TEST_USER });
  return {
    account,
    wh,
    sql: (text) => wh.execute(text),
    async cleanup() {
      await wh.close();
      fs.rmSync(account, { recursive: true, force: true });
    },
  };
}
