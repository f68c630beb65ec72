/**
 * Issue 12, "a preview people can read": a preview of a 200-table drift (every one of 200 source tables
 * written since the last up) shows one readable line per changed table, its reason in words, and no
 * property-diff noise (the fingerprints are hidden; the `drift` input names the change); tables left
 * unchanged are not listed; the stack gets one summary line with the bytes a new table will copy (read
 * with DESCRIBE DETAIL). The first up shows each table's progress from the provider as it runs (started,
 * finished with elapsed time and bytes) and, on each table, what it did. One stack, tiny tables; the
 * drift is previewed only (200 re-clones would only repeat what the first up shows).
 */
import { afterEach, describe, expect, it } from "vitest";
import { summaryText } from "pulumi-uc-clone-stack-harness";
import { CloneFixture, cloneConfig, tick } from "./driftFixture";

let fx: CloneFixture;
afterEach(async () => fx?.cleanup());

const WRITTEN = 200;
const UNTOUCHED = 3;
const name = (i: number) => `t${String(i).padStart(3, "0")}`;

describe("a preview people can read", () => {
  it("a 200-table drift previews as one line per changed table with its reason, no diff noise, a summary with bytes; up shows progress", async () => {
    fx = new CloneFixture();
    await fx.seedFlatSource(Array.from({ length: WRITTEN + UNTOUCHED }, (_, i) => name(i)));
    const config = cloneConfig("qa", "DEEP", { "catalog-clone:sync": "mirror" });
    const first = await fx.stack("qa", config, { parallel: 10 }).up();
    expect(first.errors).toEqual([]);
    // Progress from the provider while the up runs, and on each table's row what this run did.
    const bytesOf = async (t: string) => Number((await fx.sql(`DESCRIBE DETAIL prod.s.${t}`))[0].sizeInBytes);
    for (const i of [0, 101, WRITTEN + UNTOUCHED - 1]) {
      const id = `qa.s.${name(i)}`;
      const size = await bytesOf(name(i));
      expect(fx.logs).toContain(`[provider] [catalog-clone] table ${id}: create started`);
      expect(fx.logs.filter((l) => l.startsWith(`[provider] [catalog-clone] table ${id}: cloned in `))).toEqual([
        expect.stringMatching(new RegExp(`: cloned in \\d+\\.\\d s, ${size} B copied \\(1 file\\(s\\)\\)$`)),
      ]);
      expect(summaryText(first, "qa").split("\n").filter((l) => l.includes(`qa/s.${name(i)} `))).toEqual([expect.stringMatching(new RegExp(` create {2}cloned: new table, ${size} B copied$`))]);
    }

    await tick();
    for (let i = 0; i < WRITTEN; i++) await fx.sql(`INSERT INTO prod.s.${name(i)} VALUES (${i})`);
    await fx.sql("CREATE TABLE prod.s.fresh (id INT, note STRING)");
    await fx.sql("INSERT INTO prod.s.fresh VALUES (1, 'one'), (2, 'two')");
    const size = Number((await fx.sql("DESCRIBE DETAIL prod.s.fresh"))[0].sizeInBytes);
    expect(size).toBeGreaterThan(0);

    const logFrom = fx.logs.length;
    const preview = await fx.stack("qa", config, { parallel: 10 }).preview();
    expect(preview.errors).toEqual([]);
    const text = summaryText(preview, "qa");
    const lines = text.split("\n");
    const linesNaming = (t: string) => lines.filter((l) => new RegExp(`\\bqa/s\\.${t}\\b`).test(l));

    // One line per written table: named once, with the change in words and what it leads to.
    for (let i = 0; i < WRITTEN; i++) {
      const named = linesNaming(name(i));
      expect(named, name(i)).toHaveLength(1);
      expect(named[0]).toMatch(/ update {2}\[diff: ~drift\] {2}source changed since the last run \(last_altered \S+ → \S+\): re-clone unless its history shows maintenance only \(sync mirror\)$/);
    }
    // Unchanged tables are not listed; the new one says it is new and what it will copy.
    for (let i = WRITTEN; i < WRITTEN + UNTOUCHED; i++) expect(linesNaming(name(i))).toEqual([]);
    expect(linesNaming("fresh")).toEqual([expect.stringMatching(new RegExp(` create {2}clone: not in the destination yet \\(~${size} B to copy\\)$`))]);
    // No property-diff noise: no fingerprint, no id, no other changed input.
    expect(text).not.toMatch(/Fingerprint|__provider|deploymentId/);
    const diffs = new Set(lines.flatMap((l) => [.../\[diff: ([^\]]*)\]/.exec(l)?.slice(1) ?? []]));
    expect([...diffs]).toEqual(["~drift"]);
    // The raw step data still knows the fingerprints changed (hideDiffs is display-only).
    expect(preview.steps.find((s) => s.name === `qa/s.${name(0)}`)).toMatchObject({ op: "update", changedKeys: ["destinationFingerprint", "drift", "sourceFingerprint"] });

    // The stack's summary line: how many tables change, the bytes the new table copies.
    const programLines = fx.logs.slice(logFrom).filter((l) => l.startsWith("[program info qa]"));
    const summary = programLines.filter((l) => /^\[program info qa\] plan: /.test(l));
    expect(summary).toEqual([
      `[program info qa] plan: ${WRITTEN + 1} of ${WRITTEN + UNTOUCHED + 1} table(s) change (a message on each); ` +
        `bytes expected to be copied: 1 new table(s) copied in full (~${size} B); ${WRITTEN} table(s) to update (re-clones are incremental: bytes known after the clone, in the report)`,
    ]);

  }, 600_000);
});
