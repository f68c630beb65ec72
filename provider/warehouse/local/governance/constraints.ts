/**
 * Delta CHECK constraints: `ALTER TABLE t ADD CONSTRAINT n CHECK (expr)` / `DROP CONSTRAINT [IF EXISTS] n`.
 * Adding validates the existing rows (DELTA_NEW_CHECK_CONSTRAINT_VIOLATION); the constraint is kept in
 * the metastore entry (for listing and for the core's write path) and, as Delta does, in the table
 * property `delta.constraints.<name>` (so a CLONE, which copies properties, carries it).
 */
import type { EngineContext, StatementHandler } from "../engineContext";
import type { EngineError } from "../errors/engineError";
import type { Token } from "../frontEnd/lexer";
import type { TableEntry } from "../metastore/model";
import { StatementCursor, skipName, startsWithWords, wordsAt } from "../frontEnd/statementCursor";
import { refuseInSharedCatalog, resolveSecurable, touch } from "./securables";
import { printName, ucError } from "../errors/governanceErrors";
import { commitProperties, snapshotInfo } from "../delta/tableSnapshot";
import { QueryRewriter, type RelationResolver } from "../frontEnd/queryRewriter";
import { tokenize } from "../frontEnd/lexer";

function matchesConstraint(t: readonly Token[]): boolean {
  if (!startsWithWords(t, "ALTER", "TABLE")) return false;
  const after = skipName(t, 2);
  if (after === 2) return false;
  if (wordsAt(t, after, "DROP", "CONSTRAINT")) return true;
  if (!wordsAt(t, after, "ADD", "CONSTRAINT")) return false;
  return wordsAt(t, skipName(t, after + 2), "CHECK");
}

/**
 * Spark SQL predicate that is true for rows violating `expression`. GUESS: Delta treats a NULL result
 * as a violation (the expression must evaluate to true).
 */
export function violationPredicate(expression: string): string {
  return `NOT coalesce((${expression}), false)`;
}

/** The error Delta raises when a write breaks a CHECK constraint (for the core's write path). */
export function checkConstraintViolated(table: TableEntry, name: string, expression: string): EngineError {
  return ucError(
    "DELTA_VIOLATE_CONSTRAINT_WITH_VALUES",
    `CHECK constraint ${name} (${expression}) violated by a row written to ${printName(table.catalog, table.schema, table.name)}.`,
    "23001",
  );
}

const PREFIX = "delta.constraints.";

/**
 * The CHECK constraints of a table: Delta keeps them as TBLPROPERTIES `delta.constraints.<name>`
 * (so CLONE and RESTORE carry them); constraints declared inline at CREATE TABLE are also on the entry.
 * Pass the snapshot's properties when known.
 */
export function checkConstraintsOf(table: TableEntry, properties?: Record<string, string>): { name: string; expression: string }[] {
  const out = new Map(table.checkConstraints.map((c) => [c.name.toLowerCase(), { name: c.name.toLowerCase(), expression: c.expression }]));
  for (const [k, v] of Object.entries(properties ?? {})) {
    if (k.toLowerCase().startsWith(PREFIX)) out.set(k.slice(PREFIX.length).toLowerCase(), { name: k.slice(PREFIX.length).toLowerCase(), expression: v });
  }
  return [...out.values()];
}

async function countViolations(ctx: EngineContext, table: TableEntry, expression: string): Promise<number> {
  const rows = await ctx.query(`SELECT count(*) AS n FROM ${printName(table.catalog, table.schema, table.name)} WHERE ${violationPredicate(expression)}`);
  return Number(rows[0]?.n ?? 0);
}

export const constraintStatement: StatementHandler = {
  name: "ALTER TABLE CONSTRAINT",
  matches: matchesConstraint,
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("ALTER", "TABLE");
    const parts = cur.nameParts();
    const adding = cur.acceptOneOf("ADD", "DROP") === "ADD";
    cur.expectWords("CONSTRAINT");
    const ifExists = !adding && cur.acceptWords("IF", "EXISTS");
    const name = cur.identifier().toLowerCase();
    let expression = "";
    if (adding) {
      cur.expectWords("CHECK");
      expression = cur.parenthesizedText();
      // Databricks accepts (and ignores) ENFORCED / NOT ENFORCED style trailers only for PK/FK; none here
    }
    cur.expectEnd();

    const doc = ctx.readMeta();
    const s = resolveSecurable(ctx, doc, "TABLE", parts);
    refuseInSharedCatalog(doc, s.key, "change constraints");
    const table = s.entry as TableEntry;
    const existing = checkConstraintsOf(table, snapshotInfo(ctx, table)?.properties).find((c) => c.name === name);
    if (adding) {
      if (existing) {
        throw ucError(
          "DELTA_CONSTRAINT_ALREADY_EXISTS",
          `Constraint '${name}' already exists. Please delete the old constraint first. Old constraint: ${existing.expression}`,
          "42710",
        );
      }
      const bad = await countViolations(ctx, table, expression);
      if (bad > 0) {
        throw ucError(
          "DELTA_NEW_CHECK_CONSTRAINT_VIOLATION",
          `${bad} rows in ${printName(table.catalog, table.schema, table.name)} violate the new CHECK constraint (${expression}).`,
          "23512",
        );
      }
    } else if (!existing) {
      if (ifExists) return [];
      throw ucError(
        "DELTA_CONSTRAINT_DOES_NOT_EXIST",
        `Cannot drop nonexistent constraint ${name} from table ${printName(table.catalog, table.schema, table.name)}. To avoid throwing an error, provide the parameter IF EXISTS or set the SQL session configuration spark.databricks.delta.constraints.allowUnenforcedNotNull.enabled to true.`,
        "42704",
      );
    }
    const prop = `${PREFIX}${name}`;
    await commitProperties(
      ctx,
      table,
      adding ? { set: { [prop]: expression }, unset: [] } : { set: {}, unset: [prop] },
      adding ? "ADD CONSTRAINT" : "DROP CONSTRAINT",
      adding ? { name, expr: expression } : { constraint: name, expr: existing!.expression },
    );
    await ctx.mutateMeta((d) => {
      const t = resolveSecurable(ctx, d, "TABLE", parts).entry as TableEntry;
      t.checkConstraints = t.checkConstraints.filter((c) => c.name !== name);
      if (adding) t.checkConstraints.push({ name, expression });
      touch(t, ctx);
    });
    return [];
  },
};

export const constraintStatements: StatementHandler[] = [constraintStatement];

/** Resolver for constraint expressions: they reference only the row's columns, never tables. */
const NO_TABLES: RelationResolver = {
  relation: () => {
    throw ucError("INVALID_PARAMETER_VALUE", "A CHECK constraint cannot reference tables.", "22023");
  },
  describeHistory: () => {
    throw ucError("INVALID_PARAMETER_VALUE", "A CHECK constraint cannot reference tables.", "22023");
  },
  describeDetail: () => {
    throw ucError("INVALID_PARAMETER_VALUE", "A CHECK constraint cannot reference tables.", "22023");
  },
  constant: () => "NULL",
};

/**
 * Write-path hook for the core: fails with DELTA_VIOLATE_CONSTRAINT_WITH_VALUES when a row produced by
 * `selectSql` (DuckDB SQL over the rows about to be written) breaks one of `table`'s CHECK constraints.
 */
export async function enforceCheckConstraints(
  conn: { runAndReadAll(sql: string): Promise<{ getRowsJS(): unknown[][] }> },
  selectSql: string,
  table: TableEntry,
  properties?: Record<string, string>,
): Promise<void> {
  const checks = checkConstraintsOf(table, properties);
  if (checks.length === 0) return;
  const preds = checks.map((c) => QueryRewriter.rewrite(tokenize(violationPredicate(c.expression)), NO_TABLES));
  const counts = preds.map((p) => `count(*) FILTER (WHERE ${p})`).join(", ");
  const row = (await conn.runAndReadAll(`SELECT ${counts} FROM (${selectSql}) AS __rows`)).getRowsJS()[0] ?? [];
  checks.forEach((c, i) => {
    if (Number(row[i]) > 0) throw checkConstraintViolated(table, c.name, c.expression);
  });
}
