/**
 * Registration of the view and function children of a CatalogClone: one resource per object, parented
 * under the component like tables, named `<component>/<schema>.<name>` (their types keep the URNs apart
 * from tables'), each depending on its schema and on every cloned table, view and function it reads
 * (Pulumi then creates them in dependency order and deletes them in reverse).
 *
 * `registerFunction` is also the entry point for other features that need a cloned function (row
 * filters and column masks replay theirs): give it the planned function and what it must wait for.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ClonedFunction } from "../../provider/resources/function/resource";
import { ClonedView } from "../../provider/resources/view/resource";
import type { ConnectionRef } from "../../provider/resources/connectionRef";
import { tableChildName } from "./childNames";
import { functionKey, viewKey, type DefinitionPlan, type ObjectKey, type PlannedFunction, type PlannedView } from "./definitionPlan";

/** What every view and function child of one CatalogClone shares. */
export interface DefinitionChildContext {
  /** The component's name (children are `<name>/<schema>.<object>`). */
  component: string;
  connection: ConnectionRef | undefined;
  owner: string;
  sourceCatalog: string;
  destinationCatalog: string;
  /** Resource options of a child (parent, retainOnDelete, ...) with `extra` merged in. */
  childOpts(extra?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions;
  /** The schema children, by schema name: every object depends on its schema. */
  schemas: Readonly<Record<string, pulumi.Resource>>;
}

const ref = (catalog: string, schema: string, name: string) => ({ catalog, schema, name });

/** The name, arguments and options of a view or function child (after `dependsOn` and its schema). */
function childOf<D, Observed>(ctx: DefinitionChildContext, o: { schema: string; name: string; definition: D; observed: Observed }, dependsOn: pulumi.Resource[]) {
  return {
    name: tableChildName(ctx.component, o.schema, o.name),
    args: {
      connection: ctx.connection,
      owner: ctx.owner,
      source: ref(ctx.sourceCatalog, o.schema, o.name),
      destination: ref(ctx.destinationCatalog, o.schema, o.name),
      definition: o.definition,
      observed: o.observed,
    },
    opts: ctx.childOpts({ dependsOn: [...(ctx.schemas[o.schema] ? [ctx.schemas[o.schema]] : []), ...dependsOn] }),
  };
}

/** Registers one cloned function (created after `dependsOn` and its schema). */
export function registerFunction(ctx: DefinitionChildContext, fn: PlannedFunction, dependsOn: pulumi.Resource[] = []): ClonedFunction {
  const c = childOf(ctx, fn, dependsOn);
  return new ClonedFunction(c.name, c.args, c.opts);
}

/** Registers one cloned view (created after `dependsOn` and its schema). */
export function registerView(ctx: DefinitionChildContext, view: PlannedView, dependsOn: pulumi.Resource[] = []): ClonedView {
  const c = childOf(ctx, view, dependsOn);
  return new ClonedView(c.name, c.args, c.opts);
}

/**
 * The children registered before views and functions, by the key a definition's dependency names: tables
 * and protected copies (`table:schema.table`), and each policy function a protected copy creates
 * (`function:schema.name`, the copy that creates it).
 */
export function registeredBeforeDefinitions(
  tables: Readonly<Record<string, pulumi.Resource>>,
  protectedCopies: Readonly<Record<string, pulumi.Resource>>,
  protectedTables: readonly { schema: string; table: string; functions: readonly { name: { schema: string; name: string } }[] }[],
): Map<ObjectKey, pulumi.Resource> {
  const out = new Map<ObjectKey, pulumi.Resource>();
  for (const [k, t] of [...Object.entries(tables), ...Object.entries(protectedCopies)]) out.set(`table:${k}`, t);
  for (const t of protectedTables) {
    const copy = protectedCopies[`${t.schema}.${t.table}`];
    if (copy) for (const f of t.functions) if (!out.has(functionKey(f.name.schema, f.name.name))) out.set(functionKey(f.name.schema, f.name.name), copy);
  }
  return out;
}

/**
 * Registers every planned view and function, each once all it reads is registered (the plan has no
 * cycles: planDefinitions skips them). `before` are the children registered earlier (registeredBeforeDefinitions).
 */
export function registerDefinitions(
  ctx: DefinitionChildContext,
  plan: Pick<DefinitionPlan, "views" | "functions">,
  before: ReadonlyMap<ObjectKey, pulumi.Resource>,
): { views: Record<string, ClonedView>; functions: Record<string, ClonedFunction> } {
  const views: Record<string, ClonedView> = {};
  const functions: Record<string, ClonedFunction> = {};
  const registered = new Map<ObjectKey, pulumi.Resource>(before);
  const pending: ({ kind: "view"; item: PlannedView } | { kind: "function"; item: PlannedFunction })[] = [
    ...plan.functions.map((item) => ({ kind: "function" as const, item })),
    ...plan.views.map((item) => ({ kind: "view" as const, item })),
  ];
  while (pending.length > 0) {
    const i = pending.findIndex((p) => p.item.dependsOn.every((d) => registered.has(d) || !isPlanned(d, plan)));
    if (i < 0) throw new Error(`views and functions read each other in a cycle: ${pending.map((p) => `${p.item.schema}.${p.item.name}`).join(", ")}`);
    const [p] = pending.splice(i, 1);
    const deps = p.item.dependsOn.map((d) => registered.get(d)).filter((r): r is pulumi.Resource => r !== undefined);
    if (p.kind === "view") {
      const r = registerView(ctx, p.item, deps);
      views[`${p.item.schema}.${p.item.name}`] = r;
      registered.set(viewKey(p.item.schema, p.item.name), r);
    } else {
      const r = registerFunction(ctx, p.item, deps);
      functions[`${p.item.schema}.${p.item.name}`] = r;
      registered.set(functionKey(p.item.schema, p.item.name), r);
    }
  }
  return { views, functions };
}

/** Whether `key` names a view or function of the plan (tables are registered before any of them). */
function isPlanned(key: ObjectKey, plan: Pick<DefinitionPlan, "views" | "functions">): boolean {
  if (key.startsWith("view:")) return plan.views.some((v) => viewKey(v.schema, v.name) === key);
  if (key.startsWith("function:")) return plan.functions.some((f) => functionKey(f.schema, f.name) === key);
  return false;
}
