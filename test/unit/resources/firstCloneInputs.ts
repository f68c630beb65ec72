/** Test fixture: the inputs the component passes for a first clone of `prod.s.t` into `qa.s.t`, as discovery sees them. */
import type { Warehouse } from "../../../provider/warehouse/warehouse";

/** Reads prod.s.t's last_altered from `wh` (the source fingerprint); the destination does not exist yet. */
export async function firstCloneInputs(wh: Warehouse, owner: string) {
  const [row] = await wh.execute("SELECT last_altered FROM prod.information_schema.tables WHERE table_name = 't'");
  return {
    owner,
    source: { catalog: "prod", schema: "s", table: "t" },
    destination: { catalog: "qa", schema: "s", table: "t" },
    cloneType: "DEEP",
    sync: "selective",
    sourceFingerprint: { tableType: "MANAGED", format: "DELTA", lastAltered: (row.last_altered as Date).toISOString() },
    destinationFingerprint: { exists: false },
  };
}
