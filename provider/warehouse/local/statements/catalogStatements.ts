/**
 * Catalogs and schemas: CREATE/DROP CATALOG, CREATE/DROP SCHEMA|DATABASE, USE, SHOW CATALOGS/SCHEMAS/TABLES,
 * and session SET.
 */
import { dropContainedObjects, purgeVolumeDirs } from "./containedObjects";
import type { Row } from "../row";
import type { StatementHandler, EngineContext } from "../engineContext";
import { StatementCursor, wordAt } from "../frontEnd/statementCursor";
import { displayName, errors } from "../errors/coreErrors";
import { addCatalog, newCatalogEntry, newSchemaEntry } from "../metastore/metastoreStore";
import { purgeTableDirs } from "../delta/tableData";
import type { MetastoreDocument } from "../metastore/model";


/** SQL LIKE-style pattern of SHOW ... LIKE 'x*|y' (Spark: `*` wildcard, `|` alternatives). */
function likeMatcher(pattern: string | undefined): (s: string) => boolean {
  if (pattern === undefined) return () => true;
  const alts = pattern.split("|").map((p) => new RegExp("^" + p.trim().replace(/[.+?^${}()[\]\\]/g, "\\$&").replace(/\*/g, ".*") + "$", "i"));
  return (s) => alts.some((re) => re.test(s));
}

function dropTablesWhere(core: EngineContext, doc: MetastoreDocument, pred: (k: string) => boolean): string[] {
  const dirs: string[] = [];
  for (const [k, t] of Object.entries(doc.tables)) {
    if (!pred(k)) continue;
    if (t.type === "MANAGED" || t.type === "MANAGED_SHALLOW_CLONE") dirs.push(core.tableDirOf(t));
    delete doc.tables[k];
  }
  for (const coll of [doc.functions, doc.volumes]) for (const k of Object.keys(coll)) if (pred(k)) delete coll[k];
  return dirs;
}

const createCatalog: StatementHandler = {
  name: "CREATE CATALOG",
  matches: (t) => wordAt(t, 0) === "CREATE" && wordAt(t, 1) === "CATALOG",
  async run(core, tokens, sql) {
    const c = new StatementCursor(tokens, sql);
    c.expectWords("CREATE", "CATALOG");
    const ifNotExists = c.acceptWords("IF", "NOT", "EXISTS");
    const name = c.storedIdentifier();
    let comment: string | null = null;
    let location: string | null = null;
    let props: Record<string, string> = {};
    while (!c.atEnd()) {
      if (c.acceptWords("MANAGED", "LOCATION")) location = c.string();
      else if (c.acceptWords("COMMENT")) comment = c.string();
      else if (c.acceptOneOf("OPTIONS", "DBPROPERTIES") || c.acceptWords("WITH", "DBPROPERTIES")) props = c.propertyList();
      else if (c.isWord(0, "USING") || c.isWord(0, "DEFAULT")) throw errors.unsupported(`CREATE CATALOG ... ${c.peek()!.text.toUpperCase()}`);
      else throw c.fail();
    }
    await core.mutateMeta((doc) => {
      if (doc.catalogs[name]) {
        if (ifNotExists) return;
        throw errors.catalogAlreadyExists(displayName(name));
      }
      const e = newCatalogEntry(name, core.currentUser, Date.now());
      e.comment = comment;
      e.managedLocation = location;
      e.properties = props;
      addCatalog(doc, e);
    });
    return [];
  },
};

const dropCatalog: StatementHandler = {
  name: "DROP CATALOG",
  matches: (t) => wordAt(t, 0) === "DROP" && wordAt(t, 1) === "CATALOG",
  async run(core, tokens, sql) {
    const c = new StatementCursor(tokens, sql);
    c.expectWords("DROP", "CATALOG");
    const ifExists = c.acceptWords("IF", "EXISTS");
    const name = c.storedIdentifier();
    const cascade = c.acceptOneOf("CASCADE", "RESTRICT") === "CASCADE";
    c.expectEnd();
    let volumeDirs: string[] = [];
    const dirs = await core.mutateMeta((doc) => {
      if (!doc.catalogs[name]) {
        if (ifExists) return [];
        throw errors.catalogNotFound(name);
      }
      const prefix = `${name}.`;
      const userSchemas = Object.values(doc.schemas).filter((s) => s.catalog === name && s.name !== "information_schema" && s.name !== "default");
      const hasObjects = [doc.tables, doc.functions, doc.volumes].some((coll) => Object.keys(coll).some((k) => k.startsWith(prefix)));
      if (!cascade && (userSchemas.length > 0 || hasObjects)) throw errors.schemaNotEmpty(displayName(name));
      volumeDirs = dropContainedObjects(core, doc, prefix); // before the tables: it purges managed volume files
      const dirs = dropTablesWhere(core, doc, (k) => k.startsWith(prefix));
      for (const k of Object.keys(doc.schemas)) if (k.startsWith(prefix)) delete doc.schemas[k];
      delete doc.catalogs[name];
      return dirs;
    });
    purgeTableDirs(dirs);
    purgeVolumeDirs(volumeDirs);
    if (core.sessionState.catalog === name) core.sessionState.schema = "default";
    return [];
  },
};

const createSchema: StatementHandler = {
  name: "CREATE SCHEMA",
  matches: (t) => wordAt(t, 0) === "CREATE" && (wordAt(t, 1) === "SCHEMA" || wordAt(t, 1) === "DATABASE"),
  async run(core, tokens, sql) {
    const c = new StatementCursor(tokens, sql);
    c.expectWords("CREATE");
    c.acceptOneOf("SCHEMA", "DATABASE");
    const ifNotExists = c.acceptWords("IF", "NOT", "EXISTS");
    const parts = c.storedName();
    if (parts.length > 2) throw errors.syntax(`'${parts.join(".")}'`);
    const catalog = parts.length === 2 ? parts[0] : core.sessionState.catalog;
    const name = parts[parts.length - 1];
    let comment: string | null = null;
    let location: string | null = null;
    let props: Record<string, string> = {};
    while (!c.atEnd()) {
      if (c.acceptWords("MANAGED", "LOCATION") || c.acceptWords("LOCATION")) location = c.string();
      else if (c.acceptWords("COMMENT")) comment = c.string();
      else if (c.acceptWords("WITH", "DBPROPERTIES") || c.acceptOneOf("DBPROPERTIES", "OPTIONS")) props = c.propertyList();
      else throw c.fail();
    }
    await core.mutateMeta((doc) => {
      if (!doc.catalogs[catalog]) throw errors.catalogNotFound(catalog);
      if (doc.schemas[`${catalog}.${name}`]) {
        if (ifNotExists) return;
        throw errors.schemaAlreadyExists(displayName(catalog, name));
      }
      const e = newSchemaEntry(catalog, name, core.currentUser, Date.now());
      e.comment = comment;
      e.managedLocation = location;
      e.properties = props;
      doc.schemas[`${catalog}.${name}`] = e;
    });
    return [];
  },
};

const dropSchema: StatementHandler = {
  name: "DROP SCHEMA",
  matches: (t) => wordAt(t, 0) === "DROP" && (wordAt(t, 1) === "SCHEMA" || wordAt(t, 1) === "DATABASE"),
  async run(core, tokens, sql) {
    const c = new StatementCursor(tokens, sql);
    c.expectWords("DROP");
    c.acceptOneOf("SCHEMA", "DATABASE");
    const ifExists = c.acceptWords("IF", "EXISTS");
    const parts = c.storedName();
    const catalog = parts.length === 2 ? parts[0] : core.sessionState.catalog;
    const name = parts[parts.length - 1];
    const cascade = c.acceptOneOf("CASCADE", "RESTRICT") === "CASCADE";
    c.expectEnd();
    let volumeDirs: string[] = [];
    const dirs = await core.mutateMeta((doc) => {
      if (!doc.catalogs[catalog]) {
        if (ifExists) return [];
        throw errors.catalogNotFound(catalog);
      }
      if (!doc.schemas[`${catalog}.${name}`]) {
        if (ifExists) return [];
        throw errors.schemaNotFound(displayName(catalog, name));
      }
      const prefix = `${catalog}.${name}.`;
      const hasObjects = [doc.tables, doc.functions, doc.volumes].some((coll) => Object.keys(coll).some((k) => k.startsWith(prefix)));
      if (hasObjects && !cascade) throw errors.schemaNotEmpty(displayName(catalog, name));
      volumeDirs = dropContainedObjects(core, doc, prefix); // before the tables: it purges managed volume files
      const dirs = dropTablesWhere(core, doc, (k) => k.startsWith(prefix));
      delete doc.schemas[`${catalog}.${name}`];
      return dirs;
    });
    purgeTableDirs(dirs);
    purgeVolumeDirs(volumeDirs);
    return [];
  },
};

const use: StatementHandler = {
  name: "USE",
  matches: (t) => wordAt(t, 0) === "USE",
  async run(core, tokens, sql) {
    const c = new StatementCursor(tokens, sql);
    c.expectWords("USE");
    const kind = c.acceptOneOf("CATALOG", "SCHEMA", "DATABASE", "NAMESPACE");
    const parts = c.storedName();
    c.expectEnd();
    if (kind === "CATALOG") {
      if (parts.length !== 1) throw errors.syntax(`'${parts.join(".")}'`);
      core.requireCatalog(parts[0]);
      core.sessionState.catalog = parts[0];
      core.sessionState.schema = "default";
      return [];
    }
    if (kind === undefined && parts.length === 1 && core.readMeta().catalogs[parts[0]] && !core.readMeta().schemas[`${core.sessionState.catalog}.${parts[0]}`]) {
      core.sessionState.catalog = parts[0];
      core.sessionState.schema = "default";
      return [];
    }
    const catalog = parts.length === 2 ? parts[0] : core.sessionState.catalog;
    const schema = parts[parts.length - 1];
    core.requireSchema(catalog, schema);
    core.sessionState.catalog = catalog;
    core.sessionState.schema = schema;
    return [];
  },
};

const show: StatementHandler = {
  name: "SHOW",
  matches: (t) => wordAt(t, 0) === "SHOW" && ["CATALOGS", "SCHEMAS", "DATABASES", "TABLES", "VIEWS"].includes(wordAt(t, 1) ?? ""),
  async run(core, tokens, sql) {
    const c = new StatementCursor(tokens, sql);
    c.expectWords("SHOW");
    const what = c.next().value;
    let scope: string[] | undefined;
    if (c.acceptOneOf("IN", "FROM")) scope = c.storedName();
    let pattern: string | undefined;
    if (c.acceptWords("LIKE")) pattern = c.string();
    else if (c.peek()?.kind === "string") pattern = c.string();
    c.expectEnd();
    const match = likeMatcher(pattern);
    const doc = core.readMeta();
    if (what === "CATALOGS") {
      return Object.keys(doc.catalogs).sort().filter(match).map((catalog) => ({ catalog }));
    }
    if (what === "SCHEMAS" || what === "DATABASES") {
      const catalog = scope?.[0] ?? core.sessionState.catalog;
      core.requireCatalog(catalog);
      return Object.values(doc.schemas).filter((s) => s.catalog === catalog && match(s.name)).map((s) => s.name).sort().map((databaseName) => ({ databaseName }));
    }
    const catalog = scope && scope.length === 2 ? scope[0] : core.sessionState.catalog;
    const schema = scope ? scope[scope.length - 1] : core.sessionState.schema;
    core.requireSchema(catalog, schema);
    const rows: Row[] = [];
    for (const t of Object.values(doc.tables)) {
      if (t.catalog !== catalog || t.schema !== schema || !match(t.name)) continue;
      if (what === "VIEWS" && t.type !== "VIEW") continue;
      rows.push(what === "VIEWS" ? { namespace: schema, viewName: t.name, isTemporary: false, isMaterialized: false } : { database: schema, tableName: t.name, isTemporary: false });
    }
    const key = what === "VIEWS" ? "viewName" : "tableName";
    return rows.sort((a, b) => (String(a[key]) < String(b[key]) ? -1 : 1));
  },
};

const set: StatementHandler = {
  name: "SET",
  matches: (t) => wordAt(t, 0) === "SET" && wordAt(t, 1) !== "TAG" && wordAt(t, 1) !== "TAGS",
  async run(core, tokens, sql) {
    const body = sql.slice(tokens[1]?.start ?? sql.length, tokens[tokens.length - 1].end).trim();
    if (!body) return Object.entries(core.sessionState.conf).map(([key, value]) => ({ key, value }));
    const eq = body.indexOf("=");
    if (eq < 0) return [{ key: body, value: core.sessionState.conf[body] ?? "<undefined>" }];
    const key = body.slice(0, eq).trim();
    const value = body.slice(eq + 1).trim().replace(/^'(.*)'$/s, "$1");
    core.sessionState.conf[key] = value;
    return [{ key, value }];
  },
};

const fmtTime = (ms: number) => new Date(ms).toUTCString();

// GUESS: row labels as recalled from Databricks output (DESCRIBE CATALOG → info_name/info_value,
// DESCRIBE SCHEMA → Spark's database_description_item/value).
const describeCatalogOrSchema: StatementHandler = {
  name: "DESCRIBE CATALOG",
  matches: (t) => (wordAt(t, 0) === "DESCRIBE" || wordAt(t, 0) === "DESC") && ["CATALOG", "SCHEMA", "DATABASE"].includes(wordAt(t, 1) ?? ""),
  async run(core, tokens, sql) {
    const c = new StatementCursor(tokens, sql);
    c.next();
    const kind = c.next().value;
    const extended = c.acceptWords("EXTENDED");
    const parts = c.storedName();
    c.expectEnd();
    if (kind === "CATALOG") {
      if (parts.length !== 1) throw errors.syntax(`'${parts.join(".")}'`);
      const cat = core.requireCatalog(parts[0]);
      const rows: [string, string | null][] = [
        ["Catalog Name", cat.name], ["Comment", cat.comment ?? ""], ["Owner", cat.owner],
        ["Catalog Type", cat.share ? "Delta Sharing" : "Regular"],
      ];
      if (extended) {
        rows.push(["Storage Root", cat.managedLocation], ["Created Time", fmtTime(cat.createdAt)], ["Created By", cat.createdBy],
          ["Updated Time", fmtTime(cat.lastAltered)], ["Updated By", cat.lastAlteredBy]);
        if (cat.share) rows.push(["Provider Name", cat.share.provider], ["Share Name", cat.share.share]);
      }
      return rows.filter(([, v]) => v !== null).map(([info_name, info_value]) => ({ info_name, info_value }));
    }
    const catalog = parts.length === 2 ? parts[0] : core.sessionState.catalog;
    const s = core.requireSchema(catalog, parts[parts.length - 1]);
    const rows: [string, string][] = [
      ["Catalog Name", s.catalog], ["Namespace Name", s.name], ["Comment", s.comment ?? ""],
      ["Location", s.managedLocation ?? ""], ["Owner", s.owner],
    ];
    if (extended) rows.push(["Properties", `(${Object.entries(s.properties).map(([k, v]) => `${k},${v}`).join(", ")})`]);
    return rows.map(([database_description_item, database_description_value]) => ({ database_description_item, database_description_value }));
  },
};

export const catalogStatements: StatementHandler[] = [createCatalog, dropCatalog, createSchema, dropSchema, use, show, set, describeCatalogOrSchema];
