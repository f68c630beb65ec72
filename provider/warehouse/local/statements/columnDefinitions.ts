/**
 * Parses column definition lists of CREATE TABLE / ADD COLUMNS / view column lists:
 * `name type [NOT NULL] [COMMENT '..'] [MASK f [USING COLUMNS (..)]]`, plus table constraints.
 */
import type { StatementCursor } from "../frontEnd/statementCursor";
import type { DeltaField } from "../delta/deltaLog";
import type { ColumnMask } from "../metastore/model";
import { canonicalSparkType } from "../duck/sparkTypes";
import { errors } from "../errors/coreErrors";

export interface ColumnList {
  fields: DeltaField[];
  masks: ColumnMask[];
  checks: { name: string; expression: string }[];
}

const STOP = new Set(["NOT", "COMMENT", "DEFAULT", "GENERATED", "MASK", "PRIMARY", "CONSTRAINT", "NULL", "COLLATE", "REFERENCES"]);

/** Reads a data type up to the next top-level `,` or `)` or column option keyword. */
export function parseType(c: StatementCursor): string {
  const parts: string[] = [];
  let depth = 0;
  for (;;) {
    const t = c.peek();
    if (!t) break;
    if (depth === 0 && t.kind === "punct" && (t.value === "," || t.value === ")")) break;
    if (depth === 0 && t.kind === "word" && STOP.has(t.value) && parts.length > 0) break;
    if (t.value === "<" || t.value === "(") depth++;
    if (t.value === ">" || t.value === ")") depth--;
    if (t.value === ">>") depth -= 2;
    parts.push(t.kind === "ident" ? t.value : t.text);
    c.next();
    if (depth < 0) throw errors.syntax(`'${t.text}'`);
  }
  if (parts.length === 0) throw c.fail();
  return canonicalSparkType(parts.join(" ").replace(/>>/g, "> >"));
}

function skipParenGroup(c: StatementCursor): string {
  const start = c.peek()!;
  const end = c.matchingParen();
  const text = c.sql.slice(start.start + 1, c.tokens[end - 1].start);
  c.pos = end;
  return text.trim();
}

/** `( coldef, ... [, CONSTRAINT ...] )` — the cursor is at `(`. */
export function parseColumnList(c: StatementCursor, opts: { typesRequired: boolean }): ColumnList {
  const out: ColumnList = { fields: [], masks: [], checks: [] };
  c.expectPunct("(");
  if (c.acceptPunct(")")) return out;
  do {
    if (c.acceptWords("CONSTRAINT")) {
      const name = c.identifier();
      if (c.acceptWords("CHECK")) out.checks.push({ name, expression: skipParenGroup(c) });
      else if (c.acceptWords("PRIMARY", "KEY") || c.acceptWords("FOREIGN", "KEY")) {
        // informational constraints (not enforced by Databricks either)
        skipParenGroup(c);
        while (!c.atEnd() && !c.isPunct(",", 0) && !c.isPunct(")", 0)) {
          if (c.isPunct("(", 0)) skipParenGroup(c);
          else c.next();
        }
      } else throw c.fail();
      continue;
    }
    if (c.isWord(0, "PRIMARY") || c.isWord(0, "FOREIGN")) {
      c.next(); c.next();
      skipParenGroup(c);
      continue;
    }
    const name = c.identifier();
    const field: DeltaField = { name, type: "string", nullable: true, comment: null };
    if (opts.typesRequired || (!c.isPunct(",", 0) && !c.isPunct(")", 0) && !c.isWord(0, "COMMENT"))) field.type = parseType(c);
    for (;;) {
      if (c.acceptWords("NOT", "NULL")) field.nullable = false;
      else if (c.acceptWords("NULL")) field.nullable = true;
      else if (c.acceptWords("COMMENT")) field.comment = c.string();
      else if (c.acceptWords("PRIMARY", "KEY")) { /* informational */ }
      else if (c.acceptWords("MASK")) {
        const fn = c.storedName().join(".");
        let usingColumns: string[] = [];
        if (c.acceptWords("USING", "COLUMNS")) {
          c.expectPunct("(");
          usingColumns = [];
          do usingColumns.push(c.identifier()); while (c.acceptPunct(","));
          c.expectPunct(")");
        }
        out.masks.push({ column: name, function: fn, usingColumns });
      } else if (c.isWord(0, "DEFAULT") || c.isWord(0, "GENERATED") || c.isWord(0, "COLLATE")) {
        throw errors.unsupported(`column ${c.peek()!.text.toUpperCase()} clauses`);
      } else break;
    }
    out.fields.push(field);
  } while (c.acceptPunct(","));
  c.expectPunct(")");
  const seen = new Set<string>();
  for (const f of out.fields) {
    const k = f.name.toLowerCase();
    if (seen.has(k)) throw errors.engineColumnExists(f.name);
    seen.add(k);
  }
  return out;
}
