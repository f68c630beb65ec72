/**
 * Views and SQL functions added to a table plan once it is final (after protected tables were taken out
 * of it: protectedPlan.ts), pure: what they read must be what the destination will hold (tables cloned,
 * retained or copied with their policies; policy functions those copies create), and their skips and
 * warnings join the plan's.
 */
import type { ResolvedCatalogCloneArgs } from "./args";
import { planDefinitions } from "./definitionPlan";
import type { DiscoveredCatalog } from "./discovery";
import { compareNames, schemaOutOfScope, tableOutOfScope, type ClonePlan } from "./plan";

/** What other children produce in the destination besides the plan's tables. */
export interface ProducedElsewhere {
  /** Tables (`schema.table`) copied by other children (protected copies). */
  tables?: Iterable<string>;
  /** Functions (`schema.name`) other children create in the destination (policy functions). */
  functions?: Iterable<string>;
}

export function withDefinitions(
  plan: ClonePlan,
  args: ResolvedCatalogCloneArgs,
  source: DiscoveredCatalog,
  destination: DiscoveredCatalog,
  elsewhere: ProducedElsewhere = {},
): ClonePlan {
  const key = (schema: string, name: string) => `${schema}.${name}`;
  const tables = new Set([...plan.tables.map((t) => key(t.schema, t.table)), ...plan.retained.map((r) => key(r.schema, r.table)), ...(elsewhere.tables ?? [])]);
  const defs = planDefinitions(
    args,
    source,
    destination,
    tables,
    { view: (schema, name) => !schemaOutOfScope(schema, args) && !tableOutOfScope(name, args), schema: (schema) => schemaOutOfScope(schema, args) },
    new Set(elsewhere.functions ?? []),
  );
  return {
    ...plan,
    views: defs.views,
    functions: defs.functions,
    skipped: [...plan.skipped, ...defs.skipped].sort((a, b) => compareNames(a.schema, b.schema) || compareNames(a.name, b.name)),
    warnings: [...plan.warnings, ...defs.warnings],
  };
}
