/**
 * Deterministic names of the sharing objects of a cross-workspace clone: derived from the source and
 * destination identity (metastores and catalogs), so every re-run (and a run after a crash) names the
 * same share, recipient and shared catalog, and two targets of one source never collide.
 */
import { createHash } from "crypto";
import { metastoreUuidOf } from "../../provider/resources/recipient/lifecycle";

const hash8 = (...parts: string[]) => createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 8);

/** Names keep to lower-case letters, digits and underscores (valid unquoted in Unity Catalog). */
const plain = (s: string) => s.toLowerCase().replace(/[^a-z0-9_]/g, "_").slice(0, 60);

/** `xws_<source>_to_<destination>_<hash of both metastores and catalogs>`: one share per source and target. */
export function shareNameFor(sourceCatalog: string, destinationCatalog: string, sourceMetastore: string, targetMetastore: string): string {
  const h = hash8(metastoreUuidOf(sourceMetastore), sourceCatalog, metastoreUuidOf(targetMetastore), destinationCatalog);
  return `xws_${plain(sourceCatalog)}_to_${plain(destinationCatalog)}_${h}`;
}

/** `xws_metastore_<hash of the target metastore>`: the name a recipient gets when none exists for the target yet. */
export function recipientNameFor(targetMetastore: string): string {
  return `xws_metastore_${hash8(metastoreUuidOf(targetMetastore))}`;
}

/** The catalog over the share in the target: the destination itself (shared_catalog), else `<destination>_via_share`. */
export function sharedCatalogNameFor(destinationCatalog: string, dataSync: "deep_clone" | "shared_catalog"): string {
  return dataSync === "shared_catalog" ? destinationCatalog : `${destinationCatalog}_via_share`;
}
