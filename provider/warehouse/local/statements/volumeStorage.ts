/**
 * Where a volume's files live on disk: managed volumes under the workspace (`<root>/volumes/<id>`),
 * external volumes at their LOCATION. Cloud URIs (`s3://bucket/p`, `abfss://...`) map to
 * `<accountRoot>/external/<scheme>/<rest>` so programs written for a real workspace run locally;
 * `file:/x` and absolute paths are used as they are.
 */
import * as path from "node:path";
import type { VolumeEntry } from "../metastore/model";

/** Directory of a LOCATION string on the local machine. */
export function locationDirectory(accountRoot: string, location: string): string {
  const uri = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(.*)$/.exec(location);
  if (uri && uri[1].toLowerCase() !== "file") {
    const rest = uri[2].split("/").filter((p) => p.length > 0 && p !== "." && p !== "..");
    return path.join(accountRoot, "external", uri[1].toLowerCase(), ...rest);
  }
  const local = location.replace(/^file:(\/\/)?/, "");
  return path.isAbsolute(local) ? local : path.resolve(accountRoot, local);
}

/** Directory holding the files of `volume`. */
export function volumeDirectory(host: { root: string; accountRoot: string }, volume: VolumeEntry): string {
  if (volume.type === "EXTERNAL" && volume.storageLocation) return locationDirectory(host.accountRoot, volume.storageLocation);
  return path.join(host.root, "volumes", volume.id);
}
