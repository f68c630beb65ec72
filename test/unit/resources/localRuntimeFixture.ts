import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, beforeEach } from "vitest";
import { openLocalDriver, type LocalDriver } from "../../../provider/warehouse/localDriver";
import type { ConnectionRef } from "../../../provider/resources/connectionRef";
import { installRuntime, type ProcessRuntime } from "../../../provider/resources/runtime";

/** What a handler test works on; the fields are set before each test and valid until it ends. */
export interface LocalRuntime {
  /** The warehouse's folder (a new temporary one per test). */
  dir: string;
  /** The embedded engine on `dir`, opened by the test (the handlers open their own through `ref`). */
  engine: LocalDriver;
  /** The connection the handlers' inputs name: the local warehouse at `dir`. */
  ref: ConnectionRef;
  /** A fresh process runtime, as a new provider process has. */
  runtime: ProcessRuntime;
}

/**
 * Registers the hooks that give each test of the file a fresh runtime and an embedded warehouse in a new
 * folder (named after `prefix`), with `seed` run on it; closed and removed after the test. Hooks the file
 * registers later run after this set-up and before its tear-down.
 */
export function useLocalRuntime(prefix: string, seed: readonly string[] = []): LocalRuntime {
  const fx = {} as LocalRuntime;
  beforeEach(async () => {
    fx.runtime = installRuntime();
    fx.dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    fx.engine = await openLocalDriver(fx.dir);
    fx.ref = { kind: "local", path: fx.dir };
    for (const sql of seed) await fx.engine.execute(sql);
  });
  afterEach(async () => {
    await fx.runtime.close();
    await fx.engine.close();
    fs.rmSync(fx.dir, { recursive: true, force: true });
  });
  return fx;
}
