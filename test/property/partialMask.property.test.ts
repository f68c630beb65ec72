/**
 * Partial masking never leaks a short value, run on the embedded engine (the SQL the provider writes,
 * not a model of it). For any string and any `keepLast`:
 * - the result has the value's length (in characters): `*` then a tail of the value of at most
 *   `keepLast` characters and at most half of its length;
 * - so a value of 1 or 2 characters never comes back whole (unless it is only `*` already);
 * - NULL stays NULL.
 * One statement per case: every value of the case is masked by one SELECT over a VALUES list.
 */
import fc from "fast-check";
import { mkdtemp, rm } from "fs/promises";
import { tmpdir } from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskExpression } from "../../provider/sql/masking";
import { quoteLiteral } from "../../provider/sql/quote";
import { openLocalDriver } from "../../provider/warehouse/localDriver";
import type { Warehouse } from "../../provider/warehouse/warehouse";
import { propertyRuns } from "./propertyRuns";

let dir: string;
let w: Warehouse;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "uc-prop-partial-"));
  w = await openLocalDriver(dir);
});
afterAll(async () => {
  await w.close();
  await rm(dir, { recursive: true, force: true });
});

/** Characters as Spark counts them (code points). */
const chars = (s: string) => [...s];

const value = fc.oneof(
  fc.string({ minLength: 1, maxLength: 2 }),
  fc.string({ minLength: 1, maxLength: 2, unit: "binary" }),
  fc.string({ maxLength: 14 }),
  fc.string({ maxLength: 14, unit: "binary" }),
);

describe("partial masking", () => {
  it("never shows more than the tail of a long enough value, and never a short value whole", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(value, { nil: null }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 6 }), async (values, keepLast) => {
        const rows = values.map((v, i) => `(${i}, ${v === null ? "CAST(NULL AS STRING)" : quoteLiteral(v)})`).join(", ");
        const masked = await w.execute(
          `SELECT i, ${maskExpression("v", "STRING", { strategy: "partial", keepLast })} AS m FROM VALUES ${rows} AS t(i, v) ORDER BY i`,
        );
        expect(masked.length).toBe(values.length);
        for (const r of masked) {
          const v = values[Number(r.i)];
          if (v === null) {
            expect(r.m).toBeNull();
            continue;
          }
          const out = chars(String(r.m));
          const original = chars(v);
          expect(out.length).toBe(original.length);
          // some tail of at most keepLast characters, and at most half of the value, shows; the rest is `*`
          const n = original.length;
          const shapes = Array.from({ length: Math.min(keepLast, Math.floor(n / 2)) + 1 }, (_, k) => "*".repeat(n - k) + original.slice(n - k).join(""));
          expect(shapes).toContain(out.join(""));
          if (original.length <= 2 && !original.every((c) => c === "*")) expect(out.join("")).not.toBe(v);
        }
      }),
      propertyRuns(60),
    );
  }, 180_000);
});
