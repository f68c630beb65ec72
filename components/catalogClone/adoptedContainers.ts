/**
 * Which destination containers of the plan this stack did not create (adopted), from the markers discovery
 * read: the catalog when it exists and neither its tag nor its comment's creation token names this stack;
 * a planned schema when it exists and its tag does not. Governance leaves those alone by default
 * (governancePlan.ts). Pure.
 *
 * Fails closed: anything not proven ours counts as adopted, including a schema whose CREATE left this
 * stack's DBPROPERTIES marker but whose tag is missing (a crashed run; discovery does not read that
 * marker): its governance waits for the next run, after the schema resource has finished the marking.
 */
import { creationTokenOwner, effectiveMarker, ownershipOf } from "../../provider/resources/ownership";
import type { DiscoveredCatalog } from "./discovery";
import type { AdoptedContainers } from "./governancePlan";
import type { PlannedSchema } from "./plan";

export function adoptedContainers(destination: DiscoveredCatalog, owner: string, schemas: readonly PlannedSchema[]): AdoptedContainers {
  if (!destination.exists) return { catalog: false, schemas: [] };
  const m = destination.markers;
  const ours = (marker: string | undefined) => ownershipOf(marker, owner).kind === "this";
  return {
    catalog: !m || !ours(effectiveMarker(m.catalogTag, creationTokenOwner(m.catalogComment)).marker),
    schemas: schemas.filter((s) => s.existsInDestination && !(m && ours(m.schemaTags[s.name]))).map((s) => s.name),
  };
}
