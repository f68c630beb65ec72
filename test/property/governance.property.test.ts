/**
 * Property of the governance resource's writes (provider/resources/governance: reconcile.ts through the
 * lifecycle), run against the embedded engine: whatever a destination table already carries (someone
 * else's grants, tags, comments, owner) and whatever the stack wants on it,
 * - after create, every managed key reads as wanted, and nothing the stack does not manage changed
 *   (grants of other principals and privileges, other tag keys, unmanaged columns);
 * - a second create-equivalent (update with the same inputs) writes nothing;
 * - destroy puts the table back exactly as it was before the stack (owner, grants, tags, comments).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLocalDriver, type LocalDriver } from "../../provider/warehouse/localDriver";
import { createGovernance, deleteGovernance, observe, updateGovernance } from "../../provider/resources/governance/lifecycle";
import { canonicalGrants, canonicalTags, observedManaged } from "../../provider/resources/governance/reconcile";
import type { GovernanceInputs } from "../../provider/resources/governance/inputs";
import { grant } from "../../provider/sql/grants";
import { setColumnTags, setTags } from "../../provider/sql/tags";
import { commentOn, commentOnColumnOrNull } from "../../provider/sql/comments";
import { setOwner } from "../../provider/sql/ownership";
import { propertyRuns } from "./propertyRuns";

let dir: string;
let wh: LocalDriver;
let n = 0;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "governance-property-"));
  wh = await openLocalDriver(dir);
  for (const s of ["CREATE CATALOG qa", "CREATE SCHEMA qa.s"]) await wh.execute(s);
});
afterAll(async () => {
  await wh?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const principal = fc.constantFrom("qa_eng", "O'Brien", "analysts", "sp-1");
const grants = fc.dictionary(principal, fc.uniqueArray(fc.constantFrom("SELECT", "MODIFY", "APPLY TAG"), { minLength: 1 }), { maxKeys: 3 });
const tags = fc.dictionary(fc.constantFrom("env", "pii", "it's", "team"), fc.constantFrom("", "prod", "O'Brien's"), { maxKeys: 3 });
const comment = fc.option(fc.constantFrom("orders", "O'Brien's table", "a \\ backslash"), { nil: undefined });
const columns = fc.dictionary(fc.constantFrom("a", "b"), fc.record({ tags, comment }, { requiredKeys: ["tags"] }), { maxKeys: 2 });
const state = fc.record({ grants, owner: fc.option(principal, { nil: undefined }), tags, comment, columns });

describe("governance writes (property, embedded engine)", () => {
  it("create sets exactly the managed keys, a repeat writes nothing, destroy restores what was there", async () => {
    await fc.assert(
      fc.asyncProperty(state, state, async (found, wanted) => {
        const name = `t${n++}`;
        const t = { catalog: "qa", schema: "s", name };
        const on = { kind: "TABLE" as const, ...t };
        const pre = [`CREATE TABLE qa.s.${name} (a INT, b STRING)`];
        for (const [p, privs] of Object.entries(found.grants)) pre.push(grant(privs, on, p));
        if (Object.keys(found.tags).length > 0) pre.push(setTags(on, found.tags));
        if (found.comment !== undefined) pre.push(commentOn(on, found.comment));
        for (const [c, g] of Object.entries(found.columns)) {
          if (Object.keys(g.tags).length > 0) pre.push(setColumnTags(t, c, g.tags));
          if (g.comment !== undefined) pre.push(commentOnColumnOrNull(t, c, g.comment));
        }
        if (found.owner !== undefined) pre.push(setOwner(on, found.owner));
        for (const s of pre) await wh.execute(s);
        const securable = { type: "TABLE" as const, catalog: "qa", schema: "s", name };
        const before = await observe(wh, securable);

        const inputs: GovernanceInputs = {
          owner: "proj/qa",
          securable,
          grants: canonicalGrants(wanted.grants),
          ...(wanted.owner !== undefined ? { objectOwner: wanted.owner } : {}),
          tags: canonicalTags(wanted.tags),
          ...(wanted.comment !== undefined ? { comment: wanted.comment } : {}),
          columns: Object.fromEntries(Object.entries(wanted.columns).sort(([x], [y]) => x.localeCompare(y)).map(([c, g]) => [c, { tags: canonicalTags(g.tags), ...(g.comment !== undefined ? { comment: g.comment } : {}) }])),
        };
        const outs = await createGovernance(wh, inputs);
        const after = (await observe(wh, securable))!;
        const { connection: _c, owner: _o, securable: _s, ...desired } = inputs;
        expect(observedManaged(desired, after)).toEqual(desired);
        // nothing unmanaged changed
        for (const [p, privs] of Object.entries(before!.grants)) for (const x of privs) expect(after.grants[p]).toContain(x);
        for (const [k, v] of Object.entries(before!.tags)) if (!(k in desired.tags)) expect(after.tags[k]).toBe(v);
        if (desired.objectOwner === undefined) expect(after.objectOwner).toBe(before!.objectOwner);
        if (desired.comment === undefined) expect(after.comment).toBe(before!.comment);

        const again = await updateGovernance(wh, outs, inputs);
        expect(again.written).toEqual({ grants: 0, revokes: 0, owners: 0, tags: 0, comments: 0 });

        await deleteGovernance(wh, again);
        expect(await observe(wh, securable)).toEqual(before);
      }),
      propertyRuns(15),
    );
  }, 180_000);
});
