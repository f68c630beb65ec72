/**
 * Scope patterns run on a linear-time engine (components/catalogClone/namePattern.ts, issue 8 §4):
 * table names are chosen by whoever can create a table in the source, so a nested-quantifier pattern
 * must not let a name hold preview hostage. Cost is measured as the number of characters of the name
 * the engine reads (a String whose charCodeAt counts), never by wall clock.
 */
import { describe, expect, it } from "vitest";
import { compileNamePattern, namePatternProblem } from "../../../components/catalogClone/namePattern";

/** A table name that counts how many times the matching engine reads one of its characters. */
class CountedName extends String {
  reads = 0;
  override charCodeAt(i: number): number {
    this.reads++;
    return super.charCodeAt(i);
  }
  override codePointAt(i: number): number | undefined {
    this.reads++;
    return super.codePointAt(i);
  }
}

/** Characters read to test `pattern` against `name`. */
export function readsToMatch(pattern: string, name: string): { matched: boolean; reads: number } {
  const counted = new CountedName(name);
  const matched = compileNamePattern(pattern).test(counted as unknown as string);
  return { matched, reads: counted.reads };
}

/**
 * Backtracking killers: nested or overlapping quantifiers, against names of a's that fail at the very
 * end ("aaa…a!b": the b is there, so no literal prefilter can answer without running the engine).
 */
const NESTED = ["^(a+)+$", "^(a|a)*$", "^(a*)*b$", "^(a|aa)+$", "(a+)+b", "^([a-z]+_?)+$"];

describe("scope patterns match in linear time", () => {
  it.each(NESTED)("%s: characters read grow linearly with the name length (a backtracking engine doubles per character)", (pattern) => {
    const lengths = [16, 32, 64, 128, 255];
    const reads = lengths.map((n) => {
      const r = readsToMatch(pattern, "a".repeat(n - 2) + "!b");
      expect(r.matched).toBe(false);
      return r.reads;
    });
    // Each character is read a bounded number of times: at most 4 reads per character at every length,
    // and doubling the name at most (a little over) doubles the work.
    lengths.forEach((n, i) => {
      expect(reads[i]).toBeGreaterThanOrEqual(n - 1);
      expect(reads[i]).toBeLessThanOrEqual(4 * n);
    });
    for (let i = 1; i < 4; i++) expect(reads[i] / reads[i - 1]).toBeLessThan(2.2);
  });

  it("a 255-character hostile name against ^(a+)+$ is decided by reading each character about once", () => {
    const r = readsToMatch("^(a+)+$", "a".repeat(254) + "!");
    expect(r).toEqual({ matched: false, reads: expect.any(Number) });
    expect(r.reads).toBeLessThanOrEqual(2 * 255);
  });

  it("keeps the meaning of the patterns people write", () => {
    const t = (p: string, name: string) => compileNamePattern(p).test(name);
    expect(t("^(fact|dim)_", "fact_orders")).toBe(true);
    expect(t("^(fact|dim)_", "orders_fact_")).toBe(false);
    expect(t("_(tmp|backup)$", "orders_tmp")).toBe(true);
    expect(t("_(tmp|backup)$", "orders_tmp_x")).toBe(false);
    expect(t("tmp", "my_tmp_table")).toBe(true); // unanchored: found anywhere, like RegExp#test
    expect(t("^\\d{4}_", "2026_sales")).toBe(true);
    expect(t("(?i)^ORDERS$", "orders")).toBe(true);
    expect(t("^[a-z_]+$", "données")).toBe(false);
    expect(t("^\\w+$", "orders_2026")).toBe(true);
  });
});

describe("scope patterns are validated as RE2 syntax", () => {
  it.each([
    ["^(?!tmp_)", /Look-around .* not supported.*linear-time engine/],
    ["(?<=x)y", /Look-around/],
    ["(a)\\1", /back-references \(\\1\) are not supported/],
    ["^(fact", /missing closing \)/],
    ["*tmp", /missing argument to repetition operator/],
    ["a{1001}", /invalid repeat count/],
  ])("%s is refused with RE2's reason and what to do", (pattern, says) => {
    expect(namePatternProblem(pattern)).toMatch(says);
  });

  it("accepts RE2 syntax", () => {
    for (const p of ["^(fact|dim)_", "_(tmp|backup)$", "(?i)orders", "^[[:alpha:]]+$", "\\pL+", "^(?P<kind>fact|dim)_"]) expect(namePatternProblem(p), p).toBeUndefined();
  });
});
