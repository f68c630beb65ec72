/**
 * Scope patterns (`scope.includeTables` / `scope.excludeTables`) are matched against table names,
 * and anyone who can create a table in the source controls those names. A backtracking engine (the
 * JavaScript RegExp) takes exponential time on patterns with nested quantifiers: `^(a+)+$` against a
 * 35-character name held preview for two minutes. Patterns are therefore compiled with RE2JS, a
 * pure-JavaScript port of RE2 whose matching time is linear in the length of the name for every
 * pattern (it never backtracks: NFA/DFA simulation, bounded bit-state backtracker).
 *
 * The syntax is RE2's (https://github.com/google/re2/wiki/Syntax): what people write in scope
 * patterns (`^(fact|dim)_`, `_(tmp|backup)$`, `\d`, `[a-z]+`, `(?i)` for case-insensitive) means the
 * same as in JavaScript; look-around (`(?=`, `(?!`, `(?<=`, `(?<!`) and back-references (`\1`) do not
 * exist, and repetition counts are limited to 1000. Such patterns are refused when the arguments are
 * validated, naming the field.
 */
import { RE2JS } from "re2js";

/** A compiled scope pattern: `test` finds the pattern anywhere in the name (like RegExp#test). */
export interface NamePattern {
  readonly source: string;
  test(name: string): boolean;
}

const compiled = new Map<string, NamePattern>();

/**
 * Compiles a pattern (cached: the planner tests every discovered table against the same few patterns).
 * @throws Error with RE2's explanation (e.g. "invalid or unsupported Perl syntax: `(?=`") when the pattern is not valid RE2 syntax.
 */
export function compileNamePattern(source: string): NamePattern {
  const hit = compiled.get(source);
  if (hit) return hit;
  const re = RE2JS.compile(source);
  const pattern: NamePattern = { source, test: (name) => re.test(name) };
  compiled.set(source, pattern);
  return pattern;
}

/** Why `source` is not a usable scope pattern, or undefined when it is. */
export function namePatternProblem(source: string): string | undefined {
  try {
    compileNamePattern(source);
    return undefined;
  } catch (e) {
    const why = (e as Error).message.replace(/^error parsing regexp: /, "");
    const hint = /\(\?[=!<]|\\[1-9]/.test(source)
      ? " Look-around ((?=, (?!, (?<=, (?<!) and back-references (\\1) are not supported: scope patterns run on a linear-time engine (RE2 syntax) because anyone who can create a table chooses the names they are matched against. Use includeTables and excludeTables together instead of a negative look-ahead."
      : " Scope patterns use RE2 syntax (like JavaScript regular expressions without look-around or back-references).";
    return `${why}.${hint}`;
  }
}
