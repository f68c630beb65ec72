/**
 * information_schema as virtual relations (reference §3): `<catalog>.information_schema.<view>` lists
 * that catalog (except CATALOG_TAGS, which lists every catalog of the metastore, as on Databricks),
 * `system.information_schema.<view>` the whole metastore. Rows come from the metastore
 * document (one read) plus, for tables, the latest Delta commit time, so one query lists a whole
 * catalog. Column names are lower case (Databricks matches them case-insensitively). No privilege
 * filtering: the local engine's caller sees everything, except that VIEW_DEFINITION is NULL unless the
 * caller owns the view, as on Databricks.
 */
import type { Row } from "../row";
import type { EngineContext, VirtualRelation, VirtualRelationProvider } from "../engineContext";
import { VIEW_TYPES, type Grant, type MetastoreDocument, type Securable, type TableEntry } from "../metastore/model";
import type { FunctionParameter } from "./functions";
import { tableColumns } from "../governance/tableColumns";
import { snapshotInfo } from "../delta/tableSnapshot";
import { sharedCatalogTables } from "../sharing/sharedCatalogs";
import { sharingProviders } from "../sharing/providers";
import { volumeDirectory } from "./volumeStorage";
import { checkConstraintsOf } from "../governance/constraints";

type ColType = VirtualRelation["columns"][number]["type"];
const V: ColType = "VARCHAR";
const B: ColType = "BIGINT";
const T: ColType = "TIMESTAMP";

function cols(spec: string): VirtualRelation["columns"] {
  // "name:type" pairs; type letter V/B/T
  return spec.split(/\s+/).filter(Boolean).map((s) => {
    const [name, t] = s.split(":");
    return { name, type: t === "B" ? B : t === "T" ? T : V };
  });
}

const AUDIT = "created:T created_by last_altered:T last_altered_by";

/** Column lists of every view (reference §3), lower case. */
export const INFO_SCHEMA_COLUMNS: Record<string, VirtualRelation["columns"]> = {
  information_schema_catalog_name: cols("catalog_name"),
  catalogs: cols(`catalog_name catalog_owner comment ${AUDIT}`),
  schemata: cols(`catalog_name schema_name schema_owner comment ${AUDIT}`),
  tables: cols(
    "table_catalog table_schema table_name table_type is_insertable_into commit_action table_owner comment " +
      `${AUDIT} data_source_format storage_path storage_sub_directory`,
  ),
  views: cols("table_catalog table_schema table_name view_definition check_option is_updatable is_insertable_into sql_path is_materialized"),
  columns: cols(
    "table_catalog table_schema table_name column_name ordinal_position:B column_default is_nullable full_data_type data_type " +
      "character_maximum_length:B character_octet_length:B numeric_precision:B numeric_precision_radix:B numeric_scale:B " +
      "datetime_precision:B interval_type interval_precision:B maximum_cardinality:B is_identity is_generated " +
      "generation_expression is_updatable partition_ordinal_position:B comment",
  ),
  routines: cols(
    "specific_catalog specific_schema specific_name routine_catalog routine_schema routine_name routine_owner routine_type " +
      "data_type full_data_type character_maximum_length:B character_octet_length:B numeric_precision:B numeric_precision_radix:B " +
      "numeric_scale:B datetime_precision:B interval_type interval_precision:B maximum_cardinality:B routine_body routine_definition " +
      "external_name external_language parameter_style is_deterministic sql_data_access is_null_call sql_path security_type " +
      `as_locator comment ${AUDIT}`,
  ),
  parameters: cols(
    "specific_catalog specific_schema specific_name ordinal_position:B parameter_mode is_result as_locator parameter_name " +
      "data_type full_data_type character_maximum_length:B character_octet_length:B numeric_precision:B numeric_precision_radix:B " +
      "numeric_scale:B datetime_precision:B interval_type interval_precision:B maximum_cardinality:B parameter_default comment",
  ),
  volumes: cols(`volume_catalog volume_schema volume_name volume_type volume_owner comment ${AUDIT} storage_location`),
  catalog_privileges: cols("grantor grantee catalog_name privilege_type is_grantable inherited_from"),
  schema_privileges: cols("grantor grantee catalog_name schema_name privilege_type is_grantable inherited_from"),
  table_privileges: cols("grantor grantee table_catalog table_schema table_name privilege_type is_grantable inherited_from"),
  volume_privileges: cols("grantor grantee volume_catalog volume_schema volume_name privilege_type is_grantable inherited_from"),
  routine_privileges: cols("grantor grantee specific_catalog specific_schema specific_name routine_catalog routine_schema routine_name privilege_type is_grantable inherited_from"),
  catalog_tags: cols("catalog_name tag_name tag_value"),
  schema_tags: cols("catalog_name schema_name tag_name tag_value"),
  table_tags: cols("catalog_name schema_name table_name tag_name tag_value"),
  column_tags: cols("catalog_name schema_name table_name column_name tag_name tag_value"),
  volume_tags: cols("catalog_name schema_name volume_name tag_name tag_value"),
  row_filters: cols("catalog_name schema_name table_name filter_catalog filter_schema filter_name filter_col_usage"),
  column_masks: cols("catalog_name schema_name table_name column_name mask_catalog mask_schema mask_name mask_col_usage"),
  // Databricks reserves CHECK_CONSTRAINTS "for future use"; the local engine fills it (plus the table the
  // Delta constraint belongs to) so constraints can be discovered in one query. TABLE_CONSTRAINTS lists
  // PRIMARY/FOREIGN KEY constraints, which the local engine does not support: always empty.
  check_constraints: cols("constraint_catalog constraint_schema constraint_name check_clause sql_path table_catalog table_schema table_name"),
  table_constraints: cols(
    "constraint_catalog constraint_schema constraint_name table_catalog table_schema table_name constraint_type is_deferrable initially_deferred enforced comment",
  ),
  shares: cols(`share_name share_owner comment ${AUDIT}`),
  recipients: cols(`recipient_name recipient_owner authentication_type data_recipient_global_metastore_id comment ${AUDIT}`),
  share_recipient_privileges: cols("grantor recipient_name share_name privilege_type inherited_from"),
  // GUESS: column lists of the Delta Sharing usage views below are recalled, not verified.
  table_share_usage: cols("share_name catalog_name schema_name table_name"),
  providers: cols("provider_name authentication_type data_provider_global_metastore_id comment"),
  catalog_provider_share_usage: cols("provider_name share_name catalog_name"),
};

const date = (ms: number) => new Date(ms);
const audit = (s: Securable) => ({ created: date(s.createdAt), created_by: s.createdBy, last_altered: date(s.lastAltered), last_altered_by: s.lastAlteredBy });
const isViewType = (t: TableEntry) => VIEW_TYPES.has(t.type);

/** DATA_TYPE (Spark typeName, upper case: LONG, INT, DECIMAL) of a FULL_DATA_TYPE like `decimal(10,2)`. GUESS: LONG/SHORT/BYTE spellings. */
export function baseDataType(full: string): string {
  const m = /^\s*([A-Za-z_]+)/.exec(full);
  const base = (m?.[1] ?? full).toUpperCase();
  const alias: Record<string, string> = { INTEGER: "INT", BIGINT: "LONG", SMALLINT: "SHORT", TINYINT: "BYTE", REAL: "FLOAT", DEC: "DECIMAL", NUMERIC: "DECIMAL", VARCHAR: "STRING", CHAR: "STRING" };
  return alias[base] ?? base;
}

function numericFacts(full: string): { numeric_precision: number | null; numeric_precision_radix: number | null; numeric_scale: number | null } {
  const d = /^\s*(?:decimal|dec|numeric)\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)/i.exec(full);
  if (d) return { numeric_precision: Number(d[1]), numeric_precision_radix: 10, numeric_scale: Number(d[2] ?? 0) };
  const base = baseDataType(full);
  const bits: Record<string, number> = { BYTE: 7, SHORT: 15, INT: 31, LONG: 63 };
  if (base in bits) return { numeric_precision: bits[base], numeric_precision_radix: 2, numeric_scale: 0 };
  if (base === "FLOAT") return { numeric_precision: 24, numeric_precision_radix: 2, numeric_scale: null };
  if (base === "DOUBLE") return { numeric_precision: 53, numeric_precision_radix: 2, numeric_scale: null };
  return { numeric_precision: null, numeric_precision_radix: null, numeric_scale: null };
}

/** `catalog.schema.name` parts of a policy function, unqualified names resolving in the table's schema. */
function functionParts(fn: string, t: TableEntry): [string, string, string] {
  const p = fn.toLowerCase().split(".");
  if (p.length >= 3) return [p[0], p[1], p[2]];
  if (p.length === 2) return [t.catalog, p[0], p[1]];
  return [t.catalog, t.schema, p[0]];
}

/** Tables and views of the scope: this workspace's, plus those of catalogs created USING SHARE. */
function scopedTables(ctx: EngineContext, doc: MetastoreDocument, inScope: (c: string) => boolean): TableEntry[] {
  const out = Object.values(doc.tables).filter((t) => inScope(t.catalog));
  for (const c of Object.values(doc.catalogs)) {
    if (c.share && inScope(c.name)) out.push(...sharedCatalogTables(ctx, c.name));
  }
  return out.sort((a, b) => a.schema.localeCompare(b.schema) || a.name.localeCompare(b.name) || a.catalog.localeCompare(b.catalog));
}

function grantRows(grants: Grant[], owner: string, base: Row, inherited: string): Row[] {
  return grants.map((g) => ({ grantor: owner, grantee: g.principal, ...base, privilege_type: g.privilege, is_grantable: "NO", inherited_from: inherited }));
}

function buildRows(ctx: EngineContext, doc: MetastoreDocument, catalog: string | null, view: string): Row[] | undefined {
  const inScope = (c: string) => catalog === null || c === catalog;
  const catalogs = Object.values(doc.catalogs).filter((c) => inScope(c.name)).sort((a, b) => a.name.localeCompare(b.name));
  const schemas = Object.values(doc.schemas).filter((s) => inScope(s.catalog)).sort((a, b) => a.catalog.localeCompare(b.catalog) || a.name.localeCompare(b.name));
  const functions = Object.values(doc.functions).filter((f) => inScope(f.catalog)).sort((a, b) => a.schema.localeCompare(b.schema) || a.name.localeCompare(b.name));
  const volumes = Object.values(doc.volumes).filter((v) => inScope(v.catalog)).sort((a, b) => a.schema.localeCompare(b.schema) || a.name.localeCompare(b.name));
  const tables = () => scopedTables(ctx, doc, inScope);

  switch (view) {
    case "information_schema_catalog_name":
      return [{ catalog_name: catalog ?? "system" }];
    case "catalogs":
      return catalogs.map((c) => ({ catalog_name: c.name, catalog_owner: c.owner, comment: c.comment, ...audit(c) }));
    case "schemata": {
      const rows: Row[] = schemas.map((s) => ({ catalog_name: s.catalog, schema_name: s.name, schema_owner: s.owner, comment: s.comment, ...audit(s) }));
      // a shared catalog's schemas are those its share exposes
      for (const c of catalogs.filter((x) => x.share)) {
        for (const schema of [...new Set(sharedCatalogTables(ctx, c.name).map((t) => t.schema))].sort()) {
          rows.push({ catalog_name: c.name, schema_name: schema, schema_owner: c.owner, comment: null, ...audit(c) });
        }
      }
      return rows;
    }
    case "tables":
      return tables().map((t) => {
        const shared = !!doc.catalogs[t.catalog]?.share;
        return {
          table_catalog: t.catalog,
          table_schema: t.schema,
          table_name: t.name,
          table_type: t.type,
          is_insertable_into: isViewType(t) || shared ? "NO" : "YES",
          commit_action: "PRESERVE",
          table_owner: t.owner,
          comment: t.comment,
          created: date(t.createdAt),
          created_by: t.createdBy,
          last_altered: date(shared ? t.lastAltered : ctx.tableLastAltered(t)),
          last_altered_by: t.lastAlteredBy,
          // GUESS: tables of a shared catalog report DELTASHARING (reference §3.1 lists the value).
          data_source_format: isViewType(t) && t.type !== "STREAMING_TABLE" ? null : shared ? "DELTASHARING" : t.format,
          storage_path: t.location,
          storage_sub_directory: null,
        };
      });
    case "views":
      return tables()
        .filter(isViewType)
        .filter((t) => t.type !== "STREAMING_TABLE")
        .map((t) => ({
          table_catalog: t.catalog,
          table_schema: t.schema,
          table_name: t.name,
          view_definition: t.owner === ctx.currentUser ? t.viewDefinition : null,
          check_option: "NONE",
          is_updatable: "NO",
          is_insertable_into: "NO",
          sql_path: null,
          is_materialized: t.type === "MATERIALIZED_VIEW" ? "TRUE" : "FALSE",
        }));
    case "columns": {
      const rows: Row[] = [];
      for (const t of tables()) {
        const snap = isViewType(t) || doc.catalogs[t.catalog]?.share ? undefined : snapshotInfo(ctx, t);
        const columns = tableColumns(ctx, t, snap);
        if (!columns) continue;
        const partitions = snap?.partitionColumns ?? [];
        columns.forEach((c, i) => {
          const p = partitions.indexOf(c.name);
          rows.push({
            table_catalog: t.catalog, table_schema: t.schema, table_name: t.name, column_name: c.name,
            // Databricks numbers ORDINAL_POSITION from 0.
            ordinal_position: i, column_default: null, is_nullable: c.nullable ? "YES" : "NO",
            full_data_type: c.type, data_type: baseDataType(c.type),
            character_maximum_length: null, character_octet_length: null, ...numericFacts(c.type),
            datetime_precision: null, interval_type: null, interval_precision: null, maximum_cardinality: null,
            is_identity: "NO", is_generated: "NEVER", generation_expression: null, is_updatable: isViewType(t) ? "NO" : "YES",
            partition_ordinal_position: p >= 0 ? p : null, comment: c.comment,
          });
        });
      }
      return rows;
    }
    case "routines":
      return functions.map((f) => {
        const table = f.returnType.toUpperCase().startsWith("TABLE");
        return {
          specific_catalog: f.catalog, specific_schema: f.schema, specific_name: f.name,
          routine_catalog: f.catalog, routine_schema: f.schema, routine_name: f.name, routine_owner: f.owner,
          routine_type: "FUNCTION", data_type: table ? "TABLE" : baseDataType(f.returnType), full_data_type: f.returnType,
          character_maximum_length: null, character_octet_length: null, ...numericFacts(table ? "" : f.returnType),
          datetime_precision: null, interval_type: null, interval_precision: null, maximum_cardinality: null,
          routine_body: "SQL", routine_definition: f.body, external_name: null, external_language: null,
          parameter_style: "S", is_deterministic: f.deterministic ? "YES" : "NO",
          sql_data_access: (f as { dataAccess?: string }).dataAccess ?? "CONTAINS SQL", is_null_call: "YES", sql_path: null,
          security_type: "DEFINER", as_locator: "NO", comment: f.comment, ...audit(f),
        };
      });
    case "parameters":
      return functions.flatMap((f) =>
        (f.parameters as FunctionParameter[]).map((p, i) => ({
          specific_catalog: f.catalog, specific_schema: f.schema, specific_name: f.name, ordinal_position: i,
          parameter_mode: "IN", is_result: "NO", as_locator: "NO", parameter_name: p.name,
          data_type: baseDataType(p.type), full_data_type: p.type, character_maximum_length: null, character_octet_length: null,
          ...numericFacts(p.type), datetime_precision: null, interval_type: null, interval_precision: null, maximum_cardinality: null,
          parameter_default: p.default ?? null, comment: p.comment ?? null,
        })),
      );
    case "volumes":
      return volumes.map((v) => ({
        volume_catalog: v.catalog, volume_schema: v.schema, volume_name: v.name, volume_type: v.type, volume_owner: v.owner,
        comment: v.comment, ...audit(v), storage_location: v.storageLocation ?? volumeDirectory(ctx, v),
      }));
    case "catalog_privileges":
      return catalogs.flatMap((c) => grantRows(c.grants, c.owner, { catalog_name: c.name }, "NONE"));
    case "schema_privileges":
      return schemas.flatMap((s) => {
        const c = doc.catalogs[s.catalog];
        return [...grantRows(s.grants, s.owner, { catalog_name: s.catalog, schema_name: s.name }, "NONE"), ...(c ? grantRows(c.grants, c.owner, { catalog_name: s.catalog, schema_name: s.name }, "CATALOG") : [])];
      });
    case "table_privileges":
      return Object.values(doc.tables)
        .filter((t) => inScope(t.catalog))
        .flatMap((t) => {
          const base = { table_catalog: t.catalog, table_schema: t.schema, table_name: t.name };
          const s = doc.schemas[`${t.catalog}.${t.schema}`];
          const c = doc.catalogs[t.catalog];
          return [...grantRows(t.grants, t.owner, base, "NONE"), ...(s ? grantRows(s.grants, s.owner, base, "SCHEMA") : []), ...(c ? grantRows(c.grants, c.owner, base, "CATALOG") : [])];
        });
    case "volume_privileges":
      return volumes.flatMap((v) => {
        const base = { volume_catalog: v.catalog, volume_schema: v.schema, volume_name: v.name };
        const s = doc.schemas[`${v.catalog}.${v.schema}`];
        const c = doc.catalogs[v.catalog];
        return [...grantRows(v.grants, v.owner, base, "NONE"), ...(s ? grantRows(s.grants, s.owner, base, "SCHEMA") : []), ...(c ? grantRows(c.grants, c.owner, base, "CATALOG") : [])];
      });
    case "routine_privileges":
      return functions.flatMap((f) => {
        const base = { specific_catalog: f.catalog, specific_schema: f.schema, specific_name: f.name, routine_catalog: f.catalog, routine_schema: f.schema, routine_name: f.name };
        const s = doc.schemas[`${f.catalog}.${f.schema}`];
        const c = doc.catalogs[f.catalog];
        return [...grantRows(f.grants, f.owner, base, "NONE"), ...(s ? grantRows(s.grants, s.owner, base, "SCHEMA") : []), ...(c ? grantRows(c.grants, c.owner, base, "CATALOG") : [])];
      });
    case "catalog_tags":
      // Databricks: CATALOG_TAGS "contains all the tags that have been applied to all the catalogs within
      // the metastore", also as `<catalog>.information_schema.catalog_tags` (unlike the other tag views,
      // which list their own catalog). Readers must filter by catalog_name.
      return Object.values(doc.catalogs)
        .sort((a, b) => a.name.localeCompare(b.name))
        .flatMap((c) => Object.entries(c.tags).map(([k, v]) => ({ catalog_name: c.name, tag_name: k, tag_value: v })));
    case "schema_tags":
      return schemas.flatMap((s) => Object.entries(s.tags).map(([k, v]) => ({ catalog_name: s.catalog, schema_name: s.name, tag_name: k, tag_value: v })));
    case "table_tags":
      return Object.values(doc.tables)
        .filter((t) => inScope(t.catalog))
        .flatMap((t) => Object.entries(t.tags).map(([k, v]) => ({ catalog_name: t.catalog, schema_name: t.schema, table_name: t.name, tag_name: k, tag_value: v })));
    case "column_tags":
      return Object.values(doc.tables)
        .filter((t) => inScope(t.catalog))
        .flatMap((t) =>
          Object.entries(t.columnTags).flatMap(([col, tags]) =>
            Object.entries(tags).map(([k, v]) => ({ catalog_name: t.catalog, schema_name: t.schema, table_name: t.name, column_name: col, tag_name: k, tag_value: v })),
          ),
        );
    case "volume_tags":
      return volumes.flatMap((v) => Object.entries(v.tags).map(([k, val]) => ({ catalog_name: v.catalog, schema_name: v.schema, volume_name: v.name, tag_name: k, tag_value: val })));
    case "row_filters":
      return Object.values(doc.tables)
        .filter((t) => inScope(t.catalog) && t.rowFilter)
        .map((t) => {
          const [fc, fs, fn] = functionParts(t.rowFilter!.function, t);
          return { catalog_name: t.catalog, schema_name: t.schema, table_name: t.name, filter_catalog: fc, filter_schema: fs, filter_name: fn, filter_col_usage: t.rowFilter!.inputColumns.join(",") };
        });
    case "column_masks":
      return Object.values(doc.tables)
        .filter((t) => inScope(t.catalog))
        .flatMap((t) =>
          t.columnMasks.map((m) => {
            const [mc, ms, mn] = functionParts(m.function, t);
            return { catalog_name: t.catalog, schema_name: t.schema, table_name: t.name, column_name: m.column, mask_catalog: mc, mask_schema: ms, mask_name: mn, mask_col_usage: m.usingColumns.length ? m.usingColumns.join(",") : null };
          }),
        );
    case "check_constraints":
      return Object.values(doc.tables)
        .filter((t) => inScope(t.catalog))
        .flatMap((t) =>
          checkConstraintsOf(t, isViewType(t) ? undefined : snapshotInfo(ctx, t)?.properties).map((c) => ({
            constraint_catalog: t.catalog, constraint_schema: t.schema, constraint_name: c.name, check_clause: c.expression, sql_path: null,
            table_catalog: t.catalog, table_schema: t.schema, table_name: t.name,
          })),
        );
    case "table_constraints":
      return [];
    case "shares":
      return Object.values(doc.shares).sort((a, b) => a.name.localeCompare(b.name)).map((s) => ({ share_name: s.name, share_owner: s.owner, comment: s.comment, ...audit(s) }));
    case "recipients":
      return Object.values(doc.recipients).sort((a, b) => a.name.localeCompare(b.name)).map((r) => ({
        recipient_name: r.name, recipient_owner: r.owner, authentication_type: r.sharingIdentifier ? "DATABRICKS" : "TOKEN",
        data_recipient_global_metastore_id: r.sharingIdentifier || null, comment: r.comment, ...audit(r),
      }));
    case "share_recipient_privileges":
      return doc.shareGrants.map((g) => ({ grantor: doc.shares[g.share]?.owner ?? null, recipient_name: g.recipient, share_name: g.share, privilege_type: "SELECT", inherited_from: "NONE" }));
    case "table_share_usage":
      return Object.values(doc.shares)
        .sort((a, b) => a.name.localeCompare(b.name))
        .flatMap((s) =>
          s.objects
            .filter((o) => (o as { type?: string }).type !== "SCHEMA")
            .map((o) => o.name.split("."))
            .filter(([c]) => inScope(c))
            .map(([c, sc, t]) => ({ share_name: s.name, catalog_name: c, schema_name: sc, table_name: t })),
        );
    case "providers":
      return sharingProviders(ctx).map((p) => ({ provider_name: p.name, authentication_type: "DATABRICKS", data_provider_global_metastore_id: p.workspace.metastoreId, comment: null }));
    case "catalog_provider_share_usage":
      return catalogs.filter((c) => c.share).map((c) => ({ provider_name: c.share!.provider, share_name: c.share!.share, catalog_name: c.name }));
    default:
      return undefined;
  }
}

/** The rows of one information_schema view; undefined for an unknown view. */
export function informationSchemaRelation(ctx: EngineContext, catalog: string | null, view: string): VirtualRelation | undefined {
  const name = view.toLowerCase();
  const columns = INFO_SCHEMA_COLUMNS[name];
  if (!columns) return undefined;
  const rows = buildRows(ctx, ctx.readMeta(), catalog === null ? null : catalog.toLowerCase(), name);
  return rows === undefined ? undefined : { columns, rows };
}

export const informationSchemaProvider: VirtualRelationProvider = informationSchemaRelation;
