/**
 * Time-travel clauses in DDL (CLONE, RESTORE): `VERSION AS OF n`, `TIMESTAMP AS OF '...'`,
 * `FOR SYSTEM_VERSION|SYSTEM_TIME AS OF`, and the `@v12` / `@yyyyMMddHHmmssSSS` suffixes.
 */
import type { StatementCursor } from "./statementCursor";
import type { Temporal } from "./queryRewriter";
import { errors } from "../errors/coreErrors";

export function parseTemporal(c: StatementCursor): Temporal | undefined {
  if (c.isPunct("@", 0)) {
    c.next();
    const t = c.next();
    if (t.kind === "word" && /^V\d+$/.test(t.value)) return { kind: "version", version: Number(t.value.slice(1)) };
    if (t.kind === "number" && /^\d{17}$/.test(t.value)) {
      const s = t.value;
      return { kind: "timestamp", timestamp: `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)} ${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}.${s.slice(14, 17)}` };
    }
    throw errors.syntax(`'${t.text}'`);
  }
  const save = c.pos;
  c.acceptWords("FOR");
  if (c.acceptOneOf("VERSION", "SYSTEM_VERSION")) {
    c.expectWords("AS", "OF");
    const t = c.next();
    if (t.kind !== "number" && t.kind !== "string") throw errors.syntax(`'${t.text}'`);
    const v = Number(t.value.replace(/L$/i, ""));
    if (!Number.isInteger(v)) throw errors.syntax(`'${t.text}'`);
    return { kind: "version", version: v };
  }
  if (c.acceptOneOf("TIMESTAMP", "SYSTEM_TIME")) {
    c.expectWords("AS", "OF");
    c.acceptWords("TIMESTAMP");
    if (c.peek()?.kind !== "string") throw errors.unsupported("time travel by a timestamp expression other than a literal");
    return { kind: "timestamp", timestamp: c.string() };
  }
  c.pos = save;
  return undefined;
}
