/**
 * Table data as DuckDB sees it: a snapshot's Parquet files become a typed relation (files written
 * before ADD COLUMNS lack the new columns and read them as NULL; an empty snapshot is a typed empty
 * relation), and query results become new immutable Parquet data files.
 */
import * as fs from "fs";
import * as path from "path";
import { randomUUID } from "crypto";
import type { DuckDBConnection } from "@duckdb/node-api";
import { TableLog, type AddFile, type DeltaField } from "./deltaLog";
import { sparkToDuckType } from "../duck/sparkTypes";
import { duckIdent, duckLiteral } from "../frontEnd/queryRewriter";
import { errors } from "../errors/coreErrors";
import { translateDuckError } from "../duck/duckEngine";

/** Absolute path of a data file; `add.path` is relative to the table directory (shallow clones point into the source's). */
export function dataFilePath(tableDir: string, file: AddFile | { path: string }): string {
  return path.resolve(tableDir, file.path);
}

/** Total bytes of `files` (operation metrics, DESCRIBE DETAIL sizeInBytes). */
export function totalSize(files: readonly { size: number }[]): number {
  return files.reduce((n, f) => n + f.size, 0);
}

/** Throws DELTA_FILE_NOT_FOUND_DETAILED when a referenced file is gone (VACUUMed source of a shallow clone, ...). */
export function assertFilesExist(tableDir: string, files: Iterable<AddFile>): void {
  for (const f of files) {
    const p = dataFilePath(tableDir, f);
    if (!fs.existsSync(p)) throw errors.fileNotFound(p);
  }
}

/**
 * DuckDB SQL `(SELECT ...)` reading `files` with `schema`. `extra` adds columns such as the source
 * file name (`filename`) for copy-on-write DML.
 */
export function relationSql(tableDir: string, files: AddFile[], schema: DeltaField[], opts: { withFile?: boolean } = {}): string {
  const typed = (f: DeltaField, present: boolean) =>
    present ? `CAST(${duckIdent(f.name)} AS ${sparkToDuckType(f.type)}) AS ${duckIdent(f.name)}` : `CAST(NULL AS ${sparkToDuckType(f.type)}) AS ${duckIdent(f.name)}`;
  if (files.length === 0) {
    const cols = schema.map((f) => typed(f, false));
    if (opts.withFile) cols.push(`CAST(NULL AS VARCHAR) AS __file`);
    return `(SELECT ${cols.join(", ")} WHERE false)`;
  }
  // group files by the columns they physically hold
  const groups = new Map<string, AddFile[]>();
  for (const f of files) {
    const key = f.columns.join("\u0000");
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  const parts: string[] = [];
  for (const g of groups.values()) {
    const present = new Set(g[0].columns.map((c) => c.toLowerCase()));
    const cols = schema.map((f) => typed(f, present.has(f.name.toLowerCase())));
    if (opts.withFile) cols.push(`filename AS __file`);
    const list = g.map((f) => duckLiteral(dataFilePath(tableDir, f))).join(", ");
    parts.push(`SELECT ${cols.join(", ")} FROM read_parquet([${list}]${opts.withFile ? ", filename = true" : ""})`);
  }
  return `(${parts.join(" UNION ALL ")})`;
}

/** Name of a new data file, Spark-style. */
export function newDataFileName(): string {
  return `part-00000-${randomUUID()}.c000.snappy.parquet`;
}

/**
 * Writes the rows of DuckDB query `selectSql` (already projected to `schema` order) as one Parquet
 * file in `tableDir`. Returns undefined when the query produced no rows (no file is left behind).
 */
export async function writeDataFile(c: DuckDBConnection, selectSql: string, tableDir: string, schema: DeltaField[]): Promise<AddFile | undefined> {
  fs.mkdirSync(tableDir, { recursive: true });
  const name = newDataFileName();
  const tmp = path.join(tableDir, `.tmp-${process.pid}-${name}`);
  const cast = schema.map((f) => `CAST(${duckIdent(f.name)} AS ${sparkToDuckType(f.type)}) AS ${duckIdent(f.name)}`).join(", ");
  let rows: number;
  try {
    const r = await c.runAndReadAll(`COPY (SELECT ${cast} FROM (${selectSql})) TO ${duckLiteral(tmp)} (FORMAT parquet, COMPRESSION snappy)`);
    rows = Number(r.getRowsJS()[0]?.[0] ?? 0);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw translateDuckError(e);
  }
  if (rows === 0) {
    fs.rmSync(tmp, { force: true });
    return undefined;
  }
  const final = path.join(tableDir, name);
  fs.renameSync(tmp, final);
  const st = fs.statSync(final);
  return { path: name, size: st.size, rows, modificationTime: Math.floor(st.mtimeMs), dataChange: true, columns: schema.map((f) => f.name) };
}

/**
 * Removes the directories of dropped managed tables (data and log). Shallow clones that referenced
 * those files break, as on Databricks once a dropped table is purged.
 */
export function purgeTableDirs(dirs: string[]): void {
  for (const d of dirs) {
    fs.rmSync(d, { recursive: true, force: true });
    TableLog.forget(d);
  }
}
