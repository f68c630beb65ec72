/**
 * The workspace as the provider sees it, for tests of lost answers and transient failures: the engine
 * through the library's driver with scripted `faults` (as UC_LOCAL_FAULTS would set them), behind the
 * retry layer with short delays, read-only statements re-sendable.
 */
import type { FaultRule } from "pulumi-uc-clone-local-warehouse";
import { openLocalDriver, type LocalDriver } from "../../../provider/warehouse/localDriver";
import { retryingWarehouse } from "../../../provider/warehouse/retry";
import { isReadOnlyStatement } from "../../../provider/sql/statementKind";
import type { Warehouse } from "../../../provider/warehouse/warehouse";

/** `warehouse` is what handlers get; `driver` is the connection the test closes. */
export async function openFaultyWarehouse(dir: string, faults: FaultRule[]): Promise<{ driver: LocalDriver; warehouse: Warehouse }> {
  const driver = await openLocalDriver(dir, { hooks: { faults } });
  return { driver, warehouse: retryingWarehouse(driver, { baseDelayMs: 1, maxDelayMs: 2 }, {}, isReadOnlyStatement) };
}
