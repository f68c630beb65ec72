/**
 * A CrossWorkspaceClone refuses shaping of the deep copy (masking, row subsets, schema only) at argument
 * validation, before anything is registered or any SQL runs: the shared catalog the copy comes from keeps
 * the raw source tables in the target workspace, so a shaped destination would protect nothing.
 */
import { expect, it } from "vitest";
import { CrossWorkspaceClone } from "../../../components/CrossWorkspaceClone";
import { SharingArgsError } from "../../../components/crossWorkspace/componentArgs";
import { shapingProblems } from "../../../components/crossWorkspace/unshapedClone";

const args = (clone: Record<string, unknown>) => ({ source: { catalog: "prod" }, target: { catalog: "prod_dr" }, clone });
const problems = (clone: Record<string, unknown>) => {
  try {
    new CrossWorkspaceClone("dr", args(clone));
  } catch (err) {
    expect(err).toBeInstanceOf(SharingArgsError);
    return (err as SharingArgsError).problems;
  }
  throw new Error("expected the arguments to be refused");
};

it("refuses clone.masking, clone.schemaOnly and per-table where / schemaOnly, naming each field and the fix", () => {
  const found = problems({
    masking: { "crm.customers": { email: "email" } },
    schemaOnly: true,
    tableOverrides: { "sales.orders": { where: "region = 'eu'", sync: "mirror" }, "sales.items": { schemaOnly: true } },
  });
  expect(found.map((p) => p.field)).toEqual(["clone.masking", "clone.schemaOnly", 'clone.tableOverrides["sales.orders"].where', 'clone.tableOverrides["sales.items"].schemaOnly']);
  for (const p of found) expect(p.message).toMatch(/shared catalog .* unmasked .*build the shaped copy in the SOURCE workspace .*source\.catalog/);
});

it("refuses a single masking rule with a message naming the field", () => {
  expect(() => new CrossWorkspaceClone("dr", args({ masking: { "*.*": { ssn: "redact" } } }))).toThrow(/clone\.masking: column masking is not supported across workspaces/);
});

it("lets unshaped clone arguments through (sync, validate, schemaOnly: false, overrides without where)", () => {
  expect(shapingProblems({ sync: "mirror", validate: { rowCounts: true }, schemaOnly: false, tableOverrides: { "sales.orders": { sync: "mirror", schemaOnly: false } } })).toEqual([]);
});
