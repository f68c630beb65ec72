/**
 * Where a numeric literal ends, by Spark SQL's lexical rules, so the lexer can tell a number from a
 * name that starts with a digit.
 *
 * The facts this follows (Spark SQL reference, "Identifiers" and "Literals"; Databricks SQL reference,
 * "Identifiers"): an unquoted identifier is letters, digits and `_` in any order (`1st`, `2024_sales`),
 * but not digits alone. Numbers are `12`, `12L`/`12S`/`12Y`, `1e10`, `1.5`, `.5`, `1.` and those with an
 * exponent and a `D`, `F` or `BD` suffix, case-insensitive. Spark's lexer takes the longest token (on a
 * tie the literal wins, so `2L` and `1e10` are numbers), and accepts a literal holding a dot only where
 * no letter, digit or `_` follows it: `prod.2024_sales` is a dot and the name `2024_sales`, not the
 * number `.2024`, and `1.5_x` is `1`, a dot and `5_x`.
 */

/** Integer-led literals: no dot, so valid wherever they end. */
const WHOLE = /^[0-9]+(?:[LSY]|(?:E[+-]?[0-9]+)?(?:BD|[DF])?)/i;
/** The parts of a literal holding a dot. */
const DOTTED_BASE = /^(?:[0-9]+\.[0-9]*|\.[0-9]+)/;
const EXPONENT = /^E[+-]?[0-9]+/i;
const DOTTED_SUFFIX = /^(?:BD|[DF])/i;

function isLetterDigitOrUnderscore(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}_]/u.test(c);
}

/** Ends of the literals holding a dot that start at `start`, longest first (base, exponent, suffix). */
function dottedEnds(sql: string, start: number): number[] {
  const base = DOTTED_BASE.exec(sql.slice(start));
  if (!base) return [];
  const ends = [start + base[0].length];
  const exponent = EXPONENT.exec(sql.slice(ends[0]));
  if (exponent) ends.unshift(ends[0] + exponent[0].length);
  const suffix = DOTTED_SUFFIX.exec(sql.slice(ends[0]));
  if (suffix) ends.unshift(ends[0] + suffix[0].length);
  return ends;
}

/**
 * Length of the numeric literal starting at `start` (0 when none does): the longest of the integer-led
 * literal and the dotted literals that no letter, digit or `_` follows.
 */
export function numericLiteralLength(sql: string, start: number): number {
  const whole = WHOLE.exec(sql.slice(start))?.[0].length ?? 0;
  const dotted = dottedEnds(sql, start).find((end) => !isLetterDigitOrUnderscore(sql[end]));
  return Math.max(whole, dotted === undefined ? 0 : dotted - start);
}
