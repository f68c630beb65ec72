/**
 * Registers one governance resource (provider/resources/governance) per planned destination securable,
 * each a child of its object's resource and depending on it, so it is written after the object exists
 * and removed before it. Owners are set last across objects too: a schema's governance waits for the
 * governance of its tables, the catalog's for everything, so giving a container away never happens
 * before what is inside it is done (and destroy, in reverse, restores the catalog's owner first).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ConnectionRef } from "../../provider/resources/connectionRef";
import type { ClonedCatalog } from "../../provider/resources/catalog/resource";
import type { ClonedSchema } from "../../provider/resources/schema/resource";
import { SecurableGovernance } from "../../provider/resources/governance/resource";
import type { GovernedSecurable } from "../../provider/resources/governance/inputs";
import type { GovernancePlan } from "./governancePlan";

/** What the report says about governance. */
export interface GovernanceReport {
  /** What the destination carries from the source (desired state): direct grants, owners, tags, comments. */
  replayed: GovernancePlan["counts"];
  /** Source principals the map does not name: dropped (nothing replayed) or kept as is. */
  unmappedPrincipals: GovernancePlan["unmappedPrincipals"];
  /** Securables whose governance this stack manages. */
  securables: number;
  /** Adopted catalog and schemas whose governance is left as found, with the reason. */
  skipped: GovernancePlan["skipped"];
}

export function governanceReport(plan: GovernancePlan): GovernanceReport {
  return { replayed: plan.counts, unmappedPrincipals: plan.unmappedPrincipals, securables: plan.securables.length, skipped: plan.skipped };
}

export function registerGovernance(
  component: string,
  plan: GovernancePlan,
  children: {
    catalog: ClonedCatalog;
    schemas: Record<string, ClonedSchema>;
    /** Tables and protected copies; `changedInDeployment` (plain tables) re-applies governance after a re-creation. */
    tables: Record<string, pulumi.Resource & { changedInDeployment?: pulumi.Output<string | null> }>;
    volumes?: Record<string, pulumi.Resource>;
    views?: Record<string, pulumi.Resource>;
    functions?: Record<string, pulumi.Resource>;
  },
  common: { connection: ConnectionRef | undefined; owner: string; opts: pulumi.CustomResourceOptions },
): Record<string, SecurableGovernance> {
  const out: Record<string, SecurableGovernance> = {};
  const register = (key: string, parent: pulumi.Resource, dependsOn: pulumi.Resource[], writtenIn?: pulumi.Output<string | null>) => {
    const p = plan.securables.find((s) => s.key === key);
    if (!p) return; // an adopted container left alone (governancePlan.ts)
    out[key] = new SecurableGovernance(
      `${component}/${key}/governance`,
      { connection: common.connection, owner: common.owner, securable: p.securable, ...p.desired, ...(writtenIn ? { objectWrittenIn: writtenIn } : {}) },
      { ...common.opts, parent, dependsOn: [parent, ...dependsOn] },
    );
  };
  const objects: Partial<Record<GovernedSecurable["type"], Record<string, pulumi.Resource>>> = {
    TABLE: children.tables,
    VOLUME: children.volumes,
    VIEW: children.views,
    FUNCTION: children.functions,
  };
  const inSchema = (schema: string) => plan.securables.filter((s) => s.securable.type in objects && s.securable.schema === schema);
  for (const s of plan.securables.filter((x) => x.securable.type in objects)) {
    const ref = `${s.securable.schema}.${s.securable.name}`;
    const object = (objects[s.securable.type] ?? {})[ref];
    if (object) register(s.key, object, [], s.securable.type === "TABLE" ? children.tables[ref].changedInDeployment : undefined);
  }
  for (const s of plan.securables.filter((x) => x.securable.type === "SCHEMA")) {
    const schema = children.schemas[s.securable.schema!];
    if (!schema) continue;
    const inside = inSchema(s.securable.schema!).flatMap((t) => (out[t.key] ? [out[t.key]] : []));
    register(s.key, schema, inside);
  }
  register("catalog", children.catalog, Object.entries(out).map(([, r]) => r));
  return out;
}
