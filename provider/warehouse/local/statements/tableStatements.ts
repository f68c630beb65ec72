/**
 * Table and view DDL: CREATE [OR REPLACE] TABLE (column list or AS SELECT), CLONE dispatch, views,
 * materialized views, streaming tables, DROP, ALTER TABLE RENAME TO / ADD COLUMNS.
 */
import type { EntryWithProperties } from "../governance/tableProperties";
import { randomUUID } from "crypto";
import type { Token } from "../frontEnd/lexer";
import type { StatementHandler, EngineContext } from "../engineContext";
import { StatementCursor, wordAt } from "../frontEnd/statementCursor";
import { displayName, engineError, errors } from "../errors/coreErrors";
import { parseColumnList, type ColumnList } from "./columnDefinitions";
import type { DataSourceFormat, TableEntry, TableType } from "../metastore/model";
import { VIEW_TYPES } from "../metastore/model";
import { TableLog, removeAction, type AddFile, type DeltaField, type DeltaMetadata } from "../delta/deltaLog";
import { duckToSparkType } from "../duck/sparkTypes";
import { purgeTableDirs, totalSize, writeDataFile } from "../delta/tableData";
import { runClone, type CloneRequest } from "./cloneStatement";
import { newTableEntry, publishTable } from "./tablePublishing";


const FORMATS: Record<string, DataSourceFormat> = { DELTA: "DELTA", PARQUET: "PARQUET", ICEBERG: "ICEBERG", CSV: "CSV", JSON: "JSON" };
/** Formats a Unity Catalog MANAGED table may have (Iceberg: managed Iceberg tables, newer UC releases). */
const MANAGED_FORMATS: ReadonlySet<DataSourceFormat> = new Set<DataSourceFormat>(["DELTA", "ICEBERG"]);

interface CreateTableClauses {
  format: DataSourceFormat;
  partitionColumns: string[];
  location: string | null;
  comment: string | null;
  properties: Record<string, string>;
  rowFilter: TableEntry["rowFilter"];
}

function parseTableClauses(c: StatementCursor): CreateTableClauses {
  const out: CreateTableClauses = { format: "DELTA", partitionColumns: [], location: null, comment: null, properties: {}, rowFilter: null };
  while (!c.atEnd() && !c.isWord(0, "AS")) {
    if (c.acceptWords("USING")) {
      const f = c.storedIdentifier().toUpperCase();
      if (!FORMATS[f]) throw errors.unsupported(`tables USING ${f}`);
      out.format = FORMATS[f];
    } else if (c.acceptWords("PARTITIONED", "BY")) {
      c.expectPunct("(");
      do {
        out.partitionColumns.push(c.identifier());
        if (!c.isPunct(",", 0) && !c.isPunct(")", 0)) throw errors.unsupported("typed partition columns in PARTITIONED BY");
      } while (c.acceptPunct(","));
      c.expectPunct(")");
    } else if (c.acceptWords("CLUSTER", "BY")) {
      if (!c.acceptWords("AUTO") && !c.acceptWords("NONE")) {
        c.expectPunct("(");
        do c.identifier(); while (c.acceptPunct(","));
        c.expectPunct(")");
      }
    } else if (c.acceptWords("LOCATION")) out.location = c.string();
    else if (c.acceptWords("COMMENT")) out.comment = c.string();
    else if (c.acceptWords("TBLPROPERTIES")) out.properties = { ...out.properties, ...c.propertyList() };
    else if (c.acceptWords("OPTIONS")) c.propertyList();
    else if (c.acceptWords("WITH", "ROW", "FILTER")) {
      const fn = c.storedName().join(".");
      c.expectWords("ON");
      c.expectPunct("(");
      const cols: string[] = [];
      if (!c.isPunct(")", 0)) do cols.push(c.identifier()); while (c.acceptPunct(","));
      c.expectPunct(")");
      out.rowFilter = { function: fn, inputColumns: cols };
    } else throw c.fail();
  }
  return out;
}

/** Schema fields of a DuckDB query result. */
async function fieldsOfQuery(core: EngineContext, duckSql: string): Promise<DeltaField[]> {
  const cols = await core.duck.describe(duckSql);
  return cols.map((col) => ({ name: col.name, type: duckToSparkType(col.type), nullable: true, comment: null }));
}

const createTable: StatementHandler = {
  name: "CREATE TABLE",
  matches: (t) =>
    (wordAt(t, 0) === "CREATE" && (wordAt(t, 1) === "TABLE" || wordAt(t, 1) === "EXTERNAL" || (wordAt(t, 1) === "OR" && wordAt(t, 2) === "REPLACE" && (wordAt(t, 3) === "TABLE" || wordAt(t, 3) === "EXTERNAL")))) ||
    (wordAt(t, 0) === "REPLACE" && wordAt(t, 1) === "TABLE"),
  async run(core, tokens, sql) {
    const c = new StatementCursor(tokens, sql);
    let orReplace = false;
    let replaceOnly = false;
    if (c.acceptWords("REPLACE")) replaceOnly = true;
    else {
      c.expectWords("CREATE");
      orReplace = c.acceptWords("OR", "REPLACE");
    }
    const external = c.acceptWords("EXTERNAL");
    c.expectWords("TABLE");
    const ifNotExists = c.acceptWords("IF", "NOT", "EXISTS");
    const q = core.qualify(c.storedName());
    if (c.isWord(0, "SHALLOW") || c.isWord(0, "DEEP") || c.isWord(0, "CLONE")) {
      const shallow = c.acceptOneOf("SHALLOW", "DEEP") === "SHALLOW";
      c.expectWords("CLONE");
      const req: CloneRequest = { target: q, mode: replaceOnly ? "replace" : orReplace ? "createOrReplace" : ifNotExists ? "ifNotExists" : "create", shallow };
      return runClone(core, c, req);
    }
    if (replaceOnly) throw errors.unsupported("REPLACE TABLE without CLONE (use CREATE OR REPLACE TABLE)");
    let cols: ColumnList | undefined;
    if (c.isPunct("(", 0)) cols = parseColumnList(c, { typesRequired: true });
    const clauses = parseTableClauses(c);
    if (external && !clauses.location) throw errors.syntax("'EXTERNAL' (an external table needs LOCATION)");
    // Unity Catalog: managed tables are Delta (or Iceberg); Parquet/CSV/JSON tables must be external.
    if (!clauses.location && !MANAGED_FORMATS.has(clauses.format)) throw errors.managedTableFormat(clauses.format);
    let queryTokens: Token[] | undefined;
    if (c.acceptWords("AS")) {
      queryTokens = tokens.slice(c.pos) as Token[];
      if (queryTokens.length === 0) throw errors.syntax("end of input");
    } else c.expectEnd();
    if (!cols && !queryTokens) throw errors.syntax("end of input (a column list or AS query is required)");
    return createOrReplaceTable(core, q, { orReplace, ifNotExists, cols, clauses, queryTokens });
  },
};


async function createOrReplaceTable(
  core: EngineContext,
  q: { catalog: string; schema: string; name: string },
  a: { orReplace: boolean; ifNotExists: boolean; cols?: ColumnList; clauses: CreateTableClauses; queryTokens?: Token[] },
) {
  core.requireSchema(q.catalog, q.schema);
  const display = displayName(q.catalog, q.schema, q.name);
  const existing = core.readMeta().tables[`${q.catalog}.${q.schema}.${q.name}`];
  if (existing && a.ifNotExists) return [];
  if (existing && !a.orReplace) throw errors.tableAlreadyExists(display);
  if (existing && VIEW_TYPES.has(existing.type)) throw errors.expectTableNotView("CREATE OR REPLACE TABLE", display);
  const entry: TableEntry = existing
    ? { ...existing, lastAltered: Date.now(), lastAlteredBy: core.currentUser }
    : newTableEntry(core, q, "MANAGED", a.clauses.format);
  entry.type = a.clauses.location ? "EXTERNAL" : "MANAGED";
  entry.format = a.clauses.format;
  entry.location = a.clauses.location;
  entry.comment = a.clauses.comment;
  entry.rowFilter = a.clauses.rowFilter;
  entry.columnMasks = a.cols?.masks ?? [];
  entry.checkConstraints = a.cols?.checks ?? [];
  const dir = core.tableDirOf(entry);
  let schema: DeltaField[];
  const add: AddFile[] = [];
  if (a.queryTokens) {
    const duckSql = core.rewrite(a.queryTokens);
    const fields = await fieldsOfQuery(core, duckSql);
    let select = duckSql;
    if (a.cols && a.cols.fields.length > 0) {
      if (a.cols.fields.length !== fields.length) throw errors.insertColumnMismatch(display, a.cols.fields.length, fields.length);
      schema = a.cols.fields.map((f, i) => ({ ...f, type: a.cols!.fields[i].type || fields[i].type }));
      select = `SELECT * FROM (${duckSql}) AS __q(${schema.map((f) => '"' + f.name.replace(/"/g, '""') + '"').join(", ")})`;
    } else schema = fields;
    const file = await core.duck.withConnection((conn) => writeDataFile(conn, select, dir, schema));
    if (file) add.push(file);
  } else schema = a.cols!.fields;
  for (const p of a.clauses.partitionColumns) {
    if (!schema.some((f) => f.name.toLowerCase() === p.toLowerCase())) throw errors.unresolvedColumn("`" + p + "`");
  }
  entry.columnComments = Object.fromEntries(schema.filter((f) => f.comment).map((f) => [f.name, f.comment!]));
  const log = TableLog.of(dir);
  const replacing = !!existing && log.exists();
  const prev = replacing ? log.latest() : undefined;
  const meta: DeltaMetadata = {
    id: prev?.metadata.id ?? randomUUID(),
    format: a.clauses.format,
    schema,
    partitionColumns: a.clauses.partitionColumns,
    // inline CHECK constraints live in TBLPROPERTIES as Delta keeps them (constraints.ts), so clones carry them
    properties: { ...a.clauses.properties, ...Object.fromEntries((a.cols?.checks ?? []).map((k) => [`delta.constraints.${k.name.toLowerCase()}`, k.expression])) },
    createdTime: prev?.metadata.createdTime ?? Date.now(),
  };
  const ctas = !!a.queryTokens;
  const operation = replacing ? (ctas ? "CREATE OR REPLACE TABLE AS SELECT" : "CREATE OR REPLACE TABLE") : ctas ? "CREATE TABLE AS SELECT" : "CREATE TABLE";
  const now = Date.now();
  const removed = prev ? [...prev.files.values()] : [];
  const metrics: Record<string, string> = ctas
    ? { numFiles: String(add.length), numOutputRows: String(add.reduce((n, f) => n + f.rows, 0)), numOutputBytes: String(totalSize(add)) }
    : {};
  if (removed.length) metrics.numRemovedFiles = String(removed.length);
  log.commit({
    readVersion: prev ? prev.version : null,
    blindAppend: false,
    readFiles: new Set(removed.map((f) => f.path)),
    commitInfo: {
      userId: core.currentUser, userName: core.currentUser, operation,
      operationParameters: {
        isManaged: String(!a.clauses.location),
        description: a.clauses.comment ?? "",
        partitionBy: JSON.stringify(a.clauses.partitionColumns),
        properties: JSON.stringify(a.clauses.properties),
      },
      operationMetrics: metrics,
    },
    protocol: prev ? undefined : { minReaderVersion: 1, minWriterVersion: 2 },
    metaData: meta,
    add,
    remove: removed.map((f) => removeAction(f, now)),
  });
  const ok = await publishTable(core, entry, replacing ? "replace" : a.ifNotExists ? "ifNotExists" : "create").catch((e) => {
    if (!replacing) purgeTableDirs([dir]);
    throw e;
  });
  if (!ok && !replacing) purgeTableDirs([dir]);
  return [];
}

const createView: StatementHandler = {
  name: "CREATE VIEW",
  matches: (t) => {
    if (wordAt(t, 0) !== "CREATE") return false;
    let i = 1;
    if (wordAt(t, i) === "OR" && (wordAt(t, i + 1) === "REPLACE" || wordAt(t, i + 1) === "REFRESH")) i += 2;
    if (wordAt(t, i) === "TEMP" || wordAt(t, i) === "TEMPORARY") i++;
    return wordAt(t, i) === "VIEW" || (wordAt(t, i) === "MATERIALIZED" && wordAt(t, i + 1) === "VIEW") || (wordAt(t, i) === "STREAMING" && wordAt(t, i + 1) === "TABLE");
  },
  async run(core, tokens, sql) {
    const c = new StatementCursor(tokens, sql);
    c.expectWords("CREATE");
    const orReplace = c.acceptWords("OR", "REPLACE") || c.acceptWords("OR", "REFRESH");
    if (c.acceptOneOf("TEMP", "TEMPORARY")) throw errors.unsupported("temporary views");
    let type: TableType = "VIEW";
    if (c.acceptWords("MATERIALIZED", "VIEW")) type = "MATERIALIZED_VIEW";
    else if (c.acceptWords("STREAMING", "TABLE")) type = "STREAMING_TABLE";
    else c.expectWords("VIEW");
    const ifNotExists = c.acceptWords("IF", "NOT", "EXISTS");
    const q = core.qualify(c.storedName());
    let cols: ColumnList | undefined;
    if (c.isPunct("(", 0)) cols = parseColumnList(c, { typesRequired: false });
    let comment: string | null = null;
    let properties: Record<string, string> = {};
    while (!c.atEnd() && !c.isWord(0, "AS")) {
      if (c.acceptWords("COMMENT")) comment = c.string();
      else if (c.acceptWords("TBLPROPERTIES")) properties = c.propertyList();
      else if (c.acceptWords("WITH", "SCHEMA")) c.next();
      else if (c.acceptWords("SCHEDULE") || c.acceptWords("PARTITIONED", "BY") || c.acceptWords("CLUSTER", "BY")) {
        while (!c.atEnd() && !c.isWord(0, "AS") && !c.isWord(0, "COMMENT") && !c.isWord(0, "TBLPROPERTIES")) c.next();
      } else throw c.fail();
    }
    let definition: string | null = null;
    let viewColumns: { name: string; type: string }[] | null = null;
    if (c.acceptWords("AS")) {
      const body = tokens.slice(c.pos) as Token[];
      if (body.length === 0) throw errors.syntax("end of input");
      definition = sql.slice(body[0].start, body[body.length - 1].end).replace(/;\s*$/, "");
      const fields = await fieldsOfQuery(core, core.rewrite(body.filter((t, i) => !(i === body.length - 1 && t.value === ";"))));
      if (cols && cols.fields.length > 0 && cols.fields.length !== fields.length) {
        throw engineError("CREATE_VIEW_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS", `Cannot create view ${displayName(q.catalog, q.schema, q.name)}, the reason is not enough data columns:\nView columns: ${cols.fields.map((f) => f.name).join(", ")}.\nData columns: ${fields.map((f) => f.name).join(", ")}.`, "21S01");
      }
      viewColumns = fields.map((f, i) => ({ name: cols?.fields[i]?.name ?? f.name, type: f.type }));
    } else if (type === "VIEW" || type === "MATERIALIZED_VIEW") {
      throw errors.syntax("end of input (AS query expected)");
    } else {
      viewColumns = (cols?.fields ?? []).map((f) => ({ name: f.name, type: f.type }));
    }
    core.requireSchema(q.catalog, q.schema);
    const key = `${q.catalog}.${q.schema}.${q.name}`;
    const display = displayName(q.catalog, q.schema, q.name);
    await core.mutateMeta((doc) => {
      if (!doc.schemas[`${q.catalog}.${q.schema}`]) throw errors.schemaNotFound(displayName(q.catalog, q.schema));
      const existing = doc.tables[key];
      if (existing) {
        if (ifNotExists) return;
        if (!orReplace) throw errors.tableAlreadyExists(display);
        if (existing.type !== type) {
          if (!VIEW_TYPES.has(existing.type)) throw engineError("EXPECT_VIEW_NOT_TABLE.NO_ALTERNATIVE", `The table ${display} does not support CREATE OR REPLACE ${type.replace("_", " ")}.`, "42809");
        }
      }
      const entry = existing ? { ...existing, lastAltered: Date.now(), lastAlteredBy: core.currentUser } : newTableEntry(core, q, type, null);
      entry.type = type;
      entry.format = null;
      entry.viewDefinition = definition;
      entry.viewNamespace = { catalog: core.sessionState.catalog, schema: core.sessionState.schema };
      entry.viewColumns = viewColumns;
      entry.comment = comment;
      entry.columnComments = Object.fromEntries((cols?.fields ?? []).filter((f) => f.comment).map((f) => [f.name, f.comment!]));
      // a view's TBLPROPERTIES live on its entry (tableProperties.ts: EntryWithProperties)
      (entry as EntryWithProperties).properties = properties;
      doc.tables[key] = entry;
    });
    return [];
  },
};

const drop: StatementHandler = {
  name: "DROP TABLE",
  matches: (t) => wordAt(t, 0) === "DROP" && (wordAt(t, 1) === "TABLE" || wordAt(t, 1) === "VIEW" || (wordAt(t, 1) === "MATERIALIZED" && wordAt(t, 2) === "VIEW")),
  async run(core, tokens, sql) {
    const c = new StatementCursor(tokens, sql);
    c.expectWords("DROP");
    const kind = c.acceptWords("MATERIALIZED", "VIEW") ? "MATERIALIZED VIEW" : c.next().value;
    const ifExists = c.acceptWords("IF", "EXISTS");
    const q = core.qualify(c.storedName());
    c.acceptWords("PURGE");
    c.expectEnd();
    const key = `${q.catalog}.${q.schema}.${q.name}`;
    const display = displayName(q.catalog, q.schema, q.name);
    const dirs = await core.mutateMeta((doc) => {
      if (!doc.catalogs[q.catalog]) {
        if (ifExists) return [];
        throw errors.catalogNotFound(q.catalog);
      }
      if (!doc.schemas[`${q.catalog}.${q.schema}`]) {
        if (ifExists) return [];
        throw errors.schemaNotFound(displayName(q.catalog, q.schema));
      }
      const t = doc.tables[key];
      if (!t) {
        if (ifExists) return [];
        throw errors.tableNotFound(display);
      }
      if (kind === "TABLE" && (t.type === "VIEW" || t.type === "MATERIALIZED_VIEW")) throw errors.expectTableNotView("DROP TABLE", display);
      if (kind === "VIEW" && t.type !== "VIEW") throw engineError("EXPECT_VIEW_NOT_TABLE.NO_ALTERNATIVE", `'DROP VIEW' expects a view but ${display} is a table.`, "42809");
      delete doc.tables[key];
      return t.type === "MANAGED" || t.type === "MANAGED_SHALLOW_CLONE" ? [core.tableDirOf(t)] : [];
    });
    purgeTableDirs(dirs);
    return [];
  },
};

const alterTable: StatementHandler = {
  name: "ALTER TABLE",
  matches: (t) =>
    wordAt(t, 0) === "ALTER" && (wordAt(t, 1) === "TABLE" || wordAt(t, 1) === "VIEW") &&
    t.some((x, i) => i > 2 && x.kind === "word" && (x.value === "RENAME" || x.value === "ADD") && (wordAt(t, i + 1) === "TO" || wordAt(t, i + 1) === "COLUMNS" || wordAt(t, i + 1) === "COLUMN")),
  async run(core, tokens, sql) {
    const c = new StatementCursor(tokens, sql);
    c.expectWords("ALTER");
    const kind = c.next().value;
    const q = core.qualify(c.storedName());
    const t = core.resolveTable(q);
    const display = displayName(q.catalog, q.schema, q.name);
    if (c.acceptWords("RENAME", "TO")) {
      const n = c.storedName();
      c.expectEnd();
      const to = n.length === 1 ? { ...q, name: n[0] } : core.qualify(n);
      const toDisplay = displayName(to.catalog, to.schema, to.name);
      await core.mutateMeta((doc) => {
        const cur = doc.tables[`${q.catalog}.${q.schema}.${q.name}`];
        if (!cur) throw errors.tableNotFound(display);
        if (!doc.schemas[`${to.catalog}.${to.schema}`]) throw errors.schemaNotFound(displayName(to.catalog, to.schema));
        if (doc.tables[`${to.catalog}.${to.schema}.${to.name}`]) throw errors.tableAlreadyExists(toDisplay);
        delete doc.tables[`${q.catalog}.${q.schema}.${q.name}`];
        doc.tables[`${to.catalog}.${to.schema}.${to.name}`] = { ...cur, catalog: to.catalog, schema: to.schema, name: to.name, lastAltered: Date.now(), lastAlteredBy: core.currentUser };
      });
      return [];
    }
    if (kind !== "TABLE") throw c.fail();
    c.expectWords("ADD");
    c.acceptOneOf("COLUMNS", "COLUMN");
    let cols: ColumnList;
    if (c.isPunct("(", 0)) cols = parseColumnList(c, { typesRequired: true });
    else {
      // ADD COLUMN a INT, b STRING (without parentheses): parse by wrapping
      const inner = tokens.slice(c.pos) as Token[];
      const open: Token = { kind: "punct", value: "(", text: "(", start: inner[0].start, end: inner[0].start };
      const close: Token = { kind: "punct", value: ")", text: ")", start: sql.length, end: sql.length };
      const cc = new StatementCursor([open, ...inner, close], sql);
      cols = parseColumnList(cc, { typesRequired: true });
      c.pos = tokens.length;
    }
    c.expectEnd();
    if (VIEW_TYPES.has(t.entry.type)) throw errors.expectTableNotView("ALTER TABLE ... ADD COLUMNS", display);
    const existingNames = new Set((core.tableMetadata(t.entry)?.schema ?? []).map((f) => f.name.toLowerCase()));
    for (const f of cols.fields) if (existingNames.has(f.name.toLowerCase())) throw errors.engineColumnExists(f.name);
    await core.alterTableMetadata(t.entry, "ADD COLUMNS", { columns: JSON.stringify(cols.fields.map((f) => ({ column: { name: f.name, type: f.type, nullable: f.nullable } }))) }, (m) => {
      m.schema.push(...cols.fields);
    });
    if (cols.fields.some((f) => f.comment)) {
      await core.mutateMeta((doc) => {
        const e = doc.tables[`${q.catalog}.${q.schema}.${q.name}`];
        if (e) for (const f of cols.fields) if (f.comment) e.columnComments[f.name] = f.comment;
      });
    }
    return [];
  },
};

export const tableStatements: StatementHandler[] = [createTable, createView, drop, alterTable];
