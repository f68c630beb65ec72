/**
 * Hostile names and values cannot change the shape of a built statement: for many seeded random
 * inputs full of quotes, backticks, backslashes, `;`, comment markers and newlines, every builder's
 * output lexes (Spark rules, tokenizer.ts) into exactly one statement without comments, and each
 * identifier and literal decodes back to the input it came from.
 */
import { describe, expect, it } from "vitest";
import { significantTokens, tokenizeSql } from "../../../provider/sql/tokenizer";
import { cloneTable } from "../../../provider/sql/clone";
import { createCatalog } from "../../../provider/sql/catalog";
import { createSchema } from "../../../provider/sql/schema";
import { setTableProperties } from "../../../provider/sql/properties";
import { commentOn } from "../../../provider/sql/comments";
import { setTags } from "../../../provider/sql/tags";
import { grant } from "../../../provider/sql/grants";
import { createRecipient } from "../../../provider/sql/sharing";

const ALPHABET = ["a", "Z", "0", " ", "'", '"', "`", "``", "\\", "\\'", ";", "--", "/*", "*/", "\n", "\r", "\t", "é", "🚀", "$$", "r'", "\0"];

function rng(seed: number): () => number {
  // mulberry32: small, deterministic
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hostile(r: () => number): string {
  const n = 1 + Math.floor(r() * 8);
  let s = "";
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return s;
}

function shape(sql: string) {
  const tokens = tokenizeSql(sql);
  const sig = significantTokens(tokens);
  return {
    comments: tokens.filter((t) => t.kind === "comment").length,
    separators: sig.filter((t) => t.kind === "separator").length,
    idents: sig.filter((t) => t.kind === "ident").map((t) => t.value),
    strings: sig.filter((t) => t.kind === "string").map((t) => t.value),
  };
}

describe("builders under hostile input", () => {
  it("always produce one statement whose identifiers and literals decode to the inputs", () => {
    const r = rng(20261121);
    for (let i = 0; i < 300; i++) {
      const [c, s, t, v, p] = [hostile(r), hostile(r), hostile(r), hostile(r), hostile(r)];
      const cases: [string, string[], string[]][] = [
        [cloneTable({ target: { catalog: c, schema: s, name: t }, source: { catalog: t, schema: s, name: c }, cloneType: "DEEP", asOf: { timestamp: "2024-01-15T00:00:00Z" }, properties: { [p]: v } }), [c, s, t, t, s, c], ["2024-01-15 00:00:00Z", p, v]],
        // (a hostile timestamp never reaches the text: timeTravel.ts refuses anything but a timestamp)
        [createCatalog({ name: c, comment: v, managedLocation: p }), [c], [p, v]],
        [createSchema({ catalog: c, schema: s, comment: v, properties: { [p]: v } }), [c, s], [v, p, v]],
        [setTableProperties({ catalog: c, schema: s, name: t }, { [p]: v }), [c, s, t], [p, v]],
        [commentOn({ kind: "TABLE", catalog: c, schema: s, name: t }, v), [c, s, t], [v]],
        [setTags({ kind: "SCHEMA", catalog: c, schema: s }, { [p]: v }), [c, s], [p, v]],
        [grant(["SELECT"], { kind: "TABLE", catalog: c, schema: s, name: t }, p), [c, s, t, p], []],
        [createRecipient({ name: c, sharingIdentifier: v, comment: p }), [c], [v, p]],
      ];
      for (const [sql, idents, strings] of cases) {
        const got = shape(sql);
        expect({ sql, comments: got.comments, separators: got.separators }).toEqual({ sql, comments: 0, separators: 0 });
        expect(got.idents).toEqual(idents);
        expect(got.strings).toEqual(strings);
      }
    }
  });
});
