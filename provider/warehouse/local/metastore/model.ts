/**
 * The metastore document of one local workspace: every Unity Catalog object except table data.
 * Table data and versions live in each table's Delta log (see deltaLog.ts); this document holds
 * what Unity Catalog holds. One JSON file per workspace, replaced atomically under a lock.
 */

export type Principal = string;

/** Privileges as Unity Catalog spells them in SQL (`USE CATALOG`, `SELECT`, `ALL PRIVILEGES`, ...). */
export interface Grant {
  principal: Principal;
  privilege: string;
}

/** Fields every securable has. Times are epoch milliseconds. */
export interface Securable {
  owner: Principal;
  comment: string | null;
  /** Unity Catalog tags (key → value, value may be ""). Not copied by CLONE. */
  tags: Record<string, string>;
  grants: Grant[];
  createdAt: number;
  createdBy: Principal;
  /** Last metadata change (DDL, comment, tags, grants, properties). Data commits are in the Delta log. */
  lastAltered: number;
  lastAlteredBy: Principal;
}

export interface CatalogEntry extends Securable {
  name: string;
  /** DBPROPERTIES of the catalog (`CREATE CATALOG ... OPTIONS` / `ALTER CATALOG ... SET DBPROPERTIES`). */
  properties: Record<string, string>;
  managedLocation: string | null;
  /** Set for a catalog created `USING SHARE provider.share` (Delta Sharing consumer side). */
  share: { provider: string; share: string } | null;
}

export interface SchemaEntry extends Securable {
  catalog: string;
  name: string;
  properties: Record<string, string>;
  managedLocation: string | null;
}

export type TableType =
  | "MANAGED"
  | "EXTERNAL"
  | "VIEW"
  | "MATERIALIZED_VIEW"
  | "STREAMING_TABLE"
  | "MANAGED_SHALLOW_CLONE"
  | "EXTERNAL_SHALLOW_CLONE"
  | "FOREIGN";

/**
 * Table types that are views of some kind: no Delta log of their own, rows come from `viewDefinition`.
 * METRIC_VIEW is not a TableType this engine creates; it is listed so such an entry is never read as a Delta table.
 */
export const VIEW_TYPES: ReadonlySet<string> = new Set(["VIEW", "MATERIALIZED_VIEW", "STREAMING_TABLE", "METRIC_VIEW"]);

export type DataSourceFormat = "DELTA" | "PARQUET" | "ICEBERG" | "CSV" | "JSON";

export interface ColumnMask {
  column: string;
  /** Fully-qualified function name. */
  function: string;
  usingColumns: string[];
}

export interface TableEntry extends Securable {
  /** Stable id; names the table's storage directory and Delta log. */
  id: string;
  catalog: string;
  schema: string;
  name: string;
  type: TableType;
  format: DataSourceFormat | null;
  /** LOCATION of an EXTERNAL table / clone, null for managed tables and views. */
  location: string | null;
  /** For views and materialized views: the SQL text after `AS`, as the user wrote it. */
  viewDefinition: string | null;
  /**
   * For views: the session catalog and schema when the view was created; unqualified names in
   * `viewDefinition` resolve against them (Spark's "view catalog and namespace"). Added by the engine
   * core; absent on older documents, where the view's own catalog/schema are used.
   */
  viewNamespace?: { catalog: string; schema: string };
  /** For views: column names/types computed at creation. Tables keep their schema in the Delta log. */
  viewColumns: { name: string; type: string }[] | null;
  /** Column tags: column → (key → value). */
  columnTags: Record<string, Record<string, string>>;
  /** Column comments set by COMMENT/ALTER COLUMN (also kept in the Delta schema for tables). */
  columnComments: Record<string, string>;
  rowFilter: { function: string; inputColumns: string[] } | null;
  columnMasks: ColumnMask[];
  checkConstraints: { name: string; expression: string }[];
}

export interface FunctionEntry extends Securable {
  catalog: string;
  schema: string;
  name: string;
  /** Parameter list as declared: `(x STRING, n INT)`. */
  parameters: { name: string; type: string }[];
  returnType: string;
  /** The SQL expression after RETURN. */
  body: string;
  deterministic: boolean;
}

export interface VolumeEntry extends Securable {
  id: string;
  catalog: string;
  schema: string;
  name: string;
  type: "MANAGED" | "EXTERNAL";
  storageLocation: string | null;
}

export interface ShareObject {
  /** `catalog.schema.table` in the provider workspace. */
  name: string;
  /** Name exposed to recipients (`AS schema.table`), defaults to `schema.table`. */
  sharedAs: string;
  withHistory: boolean;
  addedAt: number;
}

export interface ShareEntry extends Securable {
  name: string;
  objects: ShareObject[];
}

export interface RecipientEntry extends Securable {
  name: string;
  /** Databricks-to-Databricks sharing identifier: `<cloud>:<region>:<metastore uuid>` or the bare uuid. */
  sharingIdentifier: string;
  properties: Record<string, string>;
}

/** Share permission granted to a recipient (`GRANT SELECT ON SHARE s TO RECIPIENT r`). */
export interface ShareGrant {
  share: string;
  recipient: string;
}

export interface MetastoreDocument {
  /** Incremented on every write; lets readers cache parsed documents. */
  revision: number;
  metastoreId: string;
  workspaceName: string;
  catalogs: Record<string, CatalogEntry>;
  /** Keyed `catalog.schema`. */
  schemas: Record<string, SchemaEntry>;
  /** Keyed `catalog.schema.name`, tables and views alike (Unity Catalog shares one namespace). */
  tables: Record<string, TableEntry>;
  /** Keyed `catalog.schema.name`. */
  functions: Record<string, FunctionEntry>;
  /** Keyed `catalog.schema.name`. */
  volumes: Record<string, VolumeEntry>;
  shares: Record<string, ShareEntry>;
  recipients: Record<string, RecipientEntry>;
  shareGrants: ShareGrant[];
  /** Metastore-level grants (CREATE CATALOG, CREATE SHARE, ...). */
  metastoreGrants: Grant[];
}

/**
 * Whether the table is a Delta table as Databricks sees it (history, time travel, RESTORE). The engine
 * stores every table with a Delta-like log, so the user-visible format decides. Entries written
 * before formats were recorded are Delta.
 */
export function isDeltaFormat(entry: TableEntry): boolean {
  return (entry.format ?? "DELTA") === "DELTA";
}
