/**
 * `TIMESTAMP AS OF <expression>` (e.g. `current_timestamp() - INTERVAL 1 DAY`, `date_sub(current_date(), 1)`):
 * Databricks accepts any constant expression there. Before a statement runs, each such expression
 * is evaluated once and replaced by a timestamp string literal, so the rest of the engine only sees
 * literals.
 */
import type { Token } from "./lexer";

const UNIT = /^(YEAR|MONTH|WEEK|DAY|HOUR|MINUTE|SECOND|MILLISECOND|MICROSECOND)S?$/;

/** Ranges [start, end) of non-literal timestamp expressions following `TIMESTAMP|SYSTEM_TIME AS OF`. */
export function temporalExpressionRanges(tokens: readonly Token[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i + 3 < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== "word" || (t.value !== "TIMESTAMP" && t.value !== "SYSTEM_TIME")) continue;
    if (tokens[i + 1].value !== "AS" || tokens[i + 2].value !== "OF") continue;
    const start = i + 3;
    const first = tokens[start];
    if (first.kind === "string") continue;
    if (first.kind === "word" && first.value === "TIMESTAMP" && tokens[start + 1]?.kind === "string") continue;
    let j = start;
    let depth = 0;
    let expectOperand = true;
    for (; j < tokens.length; j++) {
      const x = tokens[j];
      if (x.value === "(") { depth++; expectOperand = true; continue; }
      if (x.value === ")") {
        if (depth === 0) break;
        depth--;
        expectOperand = false;
        continue;
      }
      if (depth > 0) continue;
      if (x.kind === "punct") {
        if (x.value === "," || x.value === ";") break;
        expectOperand = true;
        continue;
      }
      if (x.kind === "word" && x.value === "INTERVAL") { expectOperand = true; continue; }
      if (x.kind === "word" && UNIT.test(x.value) && !expectOperand) continue;
      if (!expectOperand) break; // an alias or the next clause
      expectOperand = false;
    }
    if (j > start) out.push([start, j]);
    i = j - 1;
  }
  return out;
}

/** Replaces token ranges by string tokens holding `values` (same order as the ranges). */
export function substituteLiterals(tokens: readonly Token[], ranges: [number, number][], values: string[]): Token[] {
  const out: Token[] = [];
  let k = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (k < ranges.length && i === ranges[k][0]) {
      const v = values[k];
      out.push({ kind: "string", value: v, text: `'${v}'`, start: tokens[i].start, end: tokens[ranges[k][1] - 1].end });
      i = ranges[k][1] - 1;
      k++;
      continue;
    }
    out.push(tokens[i]);
  }
  return out;
}
