import * as path from "path";
import { HarnessStack } from "pulumi-uc-clone-stack-harness";

const ROOT = path.resolve(__dirname, "../../..");

/**
 * The benches' stack: the root program (examples/platform) through the harness, so the real program and
 * dynamic-provider plugin run, cloning `prod` DEEP into `qa` of the local warehouse at `warehouseDir`;
 * `config` adds or overrides `catalog-clone:*` keys. Its log is dropped (benches print JSON lines only).
 */
export function rootProgramStack(warehouseDir: string, statePath: string, config: Record<string, unknown> = {}): HarnessStack {
  return new HarnessStack({
    programDir: ROOT,
    stack: "qa",
    config: {
      "catalog-clone:localPath": warehouseDir,
      "catalog-clone:sourceCatalog": "prod",
      "catalog-clone:destinationCatalog": "qa",
      "catalog-clone:cloneType": "DEEP",
      ...config,
    },
    statePath,
    log: () => undefined,
  });
}
