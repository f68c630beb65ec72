/**
 * Identifier and literal quoting: the only two ways a value enters SQL text (DESIGN §4.6).
 * Databricks identifiers are backtick-quoted with embedded backticks doubled; string literals follow
 * Spark rules, where a backslash escapes and `''` is NOT an escaped quote (it concatenates).
 */

/** Quotes one identifier part: `a`b` → `` `a``b` ``. */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new Error("An identifier cannot be empty.");
  return "`" + name.replace(/`/g, "``") + "`";
}

/** Quotes a dotted name from its parts: (`main`, `s`, `t`) → `` `main`.`s`.`t` ``. */
export function quoteName(...parts: string[]): string {
  return parts.map(quoteIdent).join(".");
}

/** Quotes a string literal with Spark escaping: backslash and single quote are backslash-escaped. */
export function quoteLiteral(value: string): string {
  const escaped = value
    .replace(/\\/g, "\\\\")
    .replace(/'/g, "\\'")
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replace(/\0/g, "\\0");
  return `'${escaped}'`;
}

/** Renders an integer literal, refusing anything that is not a safe non-negative integer. */
export function integerLiteral(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`Expected a non-negative integer, got ${value}.`);
  return String(value);
}

/** `('k' = 'v', ...)`: a TBLPROPERTIES / DBPROPERTIES / OPTIONS list. */
export function propertyList(props: Record<string, string>): string {
  return "(" + Object.entries(props).map(([k, v]) => `${quoteLiteral(k)} = ${quoteLiteral(v)}`).join(", ") + ")";
}
