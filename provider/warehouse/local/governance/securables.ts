/**
 * Securables: how a governance statement names an object (`ON CATALOG c`, `ON TABLE s.t`, ...) and
 * how that name resolves to the metastore entry it changes, with the ancestors grants are inherited
 * from. Shared by GRANT/REVOKE/SHOW GRANTS, OWNER TO, tags and comments.
 */
import type { EngineContext } from "../engineContext";
import type { MetastoreDocument, Securable } from "../metastore/model";
import { StatementCursor } from "../frontEnd/statementCursor";
import { catalogNotFound, objectNotFound, routineNotFound, schemaNotFound, ucError, printName } from "../errors/governanceErrors";

/** Securable types as SHOW GRANTS prints them in `ObjectType`. Views are TABLE securables in Unity Catalog. */
export type SecurableType = "METASTORE" | "CATALOG" | "SCHEMA" | "TABLE" | "FUNCTION" | "VOLUME" | "SHARE" | "RECIPIENT";

export interface ResolvedSecurable {
  type: SecurableType;
  /** Dotted lower-case name (`main.sales.orders`), also the metastore document key. */
  key: string;
  /** The live entry in the document it was resolved from (mutate it inside mutateMeta). */
  entry: Securable;
  /** True for views (same securable type as tables, but some privileges differ). */
  isView?: boolean;
}

/**
 * Reads the securable keyword after ON (`CATALOG`, `SCHEMA`/`DATABASE`, `TABLE`, `VIEW`, `FUNCTION`,
 * `VOLUME`, `SHARE`, `RECIPIENT`, `METASTORE`); a bare name means TABLE, as in Databricks.
 */
export function readSecurableType(cur: StatementCursor): SecurableType {
  if (cur.acceptWords("MATERIALIZED", "VIEW")) return "TABLE";
  const kw = cur.acceptOneOf("CATALOG", "SCHEMA", "DATABASE", "TABLE", "VIEW", "FUNCTION", "VOLUME", "SHARE", "RECIPIENT", "METASTORE");
  switch (kw) {
    case "DATABASE":
      return "SCHEMA";
    case "VIEW":
    case undefined:
      return "TABLE";
    default:
      return kw as SecurableType;
  }
}

/** Lower-cases and applies session defaults to a 1-/2-part schema name. */
export function qualifySchema(ctx: EngineContext, parts: string[]): { catalog: string; schema: string } {
  if (parts.length === 1) return { catalog: ctx.session.catalog.toLowerCase(), schema: parts[0].toLowerCase() };
  if (parts.length === 2) return { catalog: parts[0].toLowerCase(), schema: parts[1].toLowerCase() };
  throw ucError("INVALID_SCHEMA_OR_RELATION_NAME", `${printName(...parts)} is not a valid schema name.`, "42602");
}

/** Lower-cased `catalog.schema.name` of a 1-3 part object name. */
export function qualifyObject(ctx: EngineContext, parts: string[]): { catalog: string; schema: string; name: string; key: string } {
  const q = ctx.qualify(parts);
  const catalog = q.catalog.toLowerCase();
  const schema = q.schema.toLowerCase();
  const name = q.name.toLowerCase();
  return { catalog, schema, name, key: `${catalog}.${schema}.${name}` };
}

/** Throws the Databricks error for a missing catalog or schema. */
export function requireSchemaIn(doc: MetastoreDocument, catalog: string, schema: string): void {
  if (!doc.catalogs[catalog]) throw catalogNotFound(catalog);
  if (!doc.schemas[`${catalog}.${schema}`]) throw schemaNotFound(catalog, schema);
}

/** Resolves a securable in `doc` (pass the mutable copy inside mutateMeta to change it). */
export function resolveSecurable(ctx: EngineContext, doc: MetastoreDocument, type: SecurableType, parts: string[]): ResolvedSecurable {
  switch (type) {
    case "METASTORE":
      throw ucError("INVALID_PARAMETER_VALUE", "The metastore is not an object with an entry; use metastore grants.", "22023");
    case "CATALOG": {
      const name = parts.join(".").toLowerCase();
      const entry = doc.catalogs[name];
      if (!entry) throw catalogNotFound(name);
      return { type, key: name, entry };
    }
    case "SCHEMA": {
      const { catalog, schema } = qualifySchema(ctx, parts);
      requireSchemaIn(doc, catalog, schema);
      const key = `${catalog}.${schema}`;
      return { type, key, entry: doc.schemas[key] };
    }
    case "TABLE": {
      const q = qualifyObject(ctx, parts);
      const entry = doc.tables[q.key];
      if (!entry) {
        requireSchemaIn(doc, q.catalog, q.schema);
        ctx.requireTable({ catalog: q.catalog, schema: q.schema, name: q.name }); // throws the core's TABLE_OR_VIEW_NOT_FOUND
        throw ucError("TABLE_OR_VIEW_NOT_FOUND", `The table or view ${printName(q.catalog, q.schema, q.name)} cannot be found.`, "42P01");
      }
      return { type, key: q.key, entry, isView: entry.type === "VIEW" || entry.type === "MATERIALIZED_VIEW" };
    }
    case "FUNCTION": {
      const q = qualifyObject(ctx, parts);
      requireSchemaIn(doc, q.catalog, q.schema);
      const entry = doc.functions[q.key];
      if (!entry) throw routineNotFound(q.catalog, q.schema, q.name);
      return { type, key: q.key, entry };
    }
    case "VOLUME": {
      const q = qualifyObject(ctx, parts);
      requireSchemaIn(doc, q.catalog, q.schema);
      const entry = doc.volumes[q.key];
      if (!entry) throw objectNotFound("VOLUME", q.key);
      return { type, key: q.key, entry };
    }
    case "SHARE": {
      const name = parts.join(".").toLowerCase();
      const entry = doc.shares[name];
      if (!entry) throw objectNotFound("SHARE", name);
      return { type, key: name, entry };
    }
    case "RECIPIENT": {
      const name = parts.join(".").toLowerCase();
      const entry = doc.recipients[name];
      if (!entry) throw objectNotFound("RECIPIENT", name);
      return { type, key: name, entry };
    }
  }
}

/** The securables a grant on `s` is inherited from, nearest first (schema, then catalog). */
export function ancestorsOf(doc: MetastoreDocument, s: ResolvedSecurable): ResolvedSecurable[] {
  const parts = s.key.split(".");
  const out: ResolvedSecurable[] = [];
  if ((s.type === "TABLE" || s.type === "FUNCTION" || s.type === "VOLUME") && parts.length === 3) {
    const schemaKey = `${parts[0]}.${parts[1]}`;
    if (doc.schemas[schemaKey]) out.push({ type: "SCHEMA", key: schemaKey, entry: doc.schemas[schemaKey] });
  }
  if (s.type !== "CATALOG" && s.type !== "SHARE" && s.type !== "RECIPIENT" && doc.catalogs[parts[0]]) {
    out.push({ type: "CATALOG", key: parts[0], entry: doc.catalogs[parts[0]] });
  }
  return out;
}

/** Records a metadata change: every change moves lastAltered (strictly, so drift checks see it). */
export function touch(entry: Securable, ctx: EngineContext): void {
  entry.lastAltered = Math.max(Date.now(), entry.lastAltered + 1);
  entry.lastAlteredBy = ctx.currentUser;
}

/** Refuses metadata changes inside a catalog created USING SHARE (shared catalogs are read-only). */
export function refuseInSharedCatalog(doc: MetastoreDocument, key: string, what: string): void {
  const catalog = doc.catalogs[key.split(".")[0]];
  if (catalog?.share) {
    // GUESS: class; Databricks refuses writes to a Delta Sharing catalog as a permission problem.
    throw ucError(
      "INVALID_PARAMETER_VALUE.SHARED_CATALOG_READ_ONLY",
      `Cannot ${what} in catalog ${printName(catalog.name)}: it was created USING SHARE ${catalog.share.provider}.${catalog.share.share} and is read-only.`,
      "22023",
    );
  }
}
