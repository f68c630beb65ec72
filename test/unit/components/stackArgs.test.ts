/**
 * Stack config → CatalogClone settings (examples/platform/stackArgs.ts): fails closed, before any SQL.
 * Values are given as the Pulumi runtime delivers them (the text written in the stack file; mappings as
 * JSON text) and, for the demo, as parsed YAML values.
 */
import * as path from "path";
import { describe, expect, it } from "vitest";
import { ARG_KEY_KINDS, cloneSettingsFromStackConfig, KNOWN_KEYS, StackConfigError } from "../../../examples/platform/stackArgs";
import { WAREHOUSE_MOVED_FROM } from "../../../provider/resources/warehouseChange";
import { CONFIG_KEYS } from "../../../provider/warehouse/connectionConfig";
import { resolveCatalogCloneArgs } from "../../../components/catalogClone/args";
import { readProjectFile, readStackConfigFile } from "../../harness/projectFiles";

const base = { "catalog-clone:sourceCatalog": "prod", "catalog-clone:destinationCatalog": "prod_dr", "catalog-clone:cloneType": "DEEP" };
const parse = (more: Record<string, unknown>) => cloneSettingsFromStackConfig({ ...base, ...more }, { stack: "prod_dr" });

/** The StackConfigError `more` raises: its problems as `key: message` lines. */
function problems(more: Record<string, unknown>): string[] {
  try {
    parse(more);
  } catch (e) {
    expect(e).toBeInstanceOf(StackConfigError);
    expect((e as Error).message).toMatch(/^Invalid stack config in Pulumi\.prod_dr\.yaml/);
    return (e as StackConfigError).problems.map((p) => `${p.key}: ${p.message}`);
  }
  throw new Error("expected a StackConfigError");
}

describe("stack config booleans are strict", () => {
  it.each(["yes", "True", "TRUE", "1", "on", "", "no", "0", "False"])("protect %j is an error naming the key and the fix", (v) => {
    const [p] = problems({ "catalog-clone:protect": v });
    expect(p).toMatch(/^catalog-clone:protect: must be true or false/);
    expect(p).toContain("write `catalog-clone:protect: true`");
  });

  it.each([1, 0, null, { value: true }])("protect given as the YAML value %j is an error too", (v) => {
    expect(problems({ "catalog-clone:protect": v })[0]).toMatch(/^catalog-clone:protect: /);
  });

  it("accepts exactly true and false, as text (Pulumi) or booleans (YAML)", () => {
    expect(parse({ "catalog-clone:protect": "true" }).protect).toBe(true);
    expect(parse({ "catalog-clone:protect": true }).protect).toBe(true);
    expect(parse({ "catalog-clone:protect": "false" }).protect).toBe(false);
    expect(parse({}).protect).toBe(false);
    expect(parse({ "catalog-clone:dropExtra": "true" }).args.dropExtra).toBe(true);
  });

  it("dropExtra is strict as well", () => {
    expect(problems({ "catalog-clone:dropExtra": "yes" })[0]).toMatch(/^catalog-clone:dropExtra: must be true or false/);
  });

  it("never quotes a value (any key may be a secret)", () => {
    const all = problems({ "catalog-clone:protect": "hunter2-yes", "catalog-clone:scope": "hunter2: x" }).join("\n");
    expect(all).not.toContain("hunter2");
  });
});

describe("unknown keys", () => {
  it.each([
    ["catalog-clone:protected", "protect"],
    ["catalog-clone:validation", "validate"],
    ["catalog-clone:Protect", "protect"],
    ["catalog-clone:destination", "destinationCatalog"],
    ["catalog-clone:dropExtras", "dropExtra"],
    ["catalog-clone:localpath", "localPath"],
  ])("%s is an error with did-you-mean %s", (key, guess) => {
    expect(problems({ [key]: "true" })).toEqual([`${key}: unknown key. Did you mean catalog-clone:${guess}?`]);
  });

  it("an unknown key nothing resembles lists the known keys", () => {
    expect(problems({ "catalog-clone:frobnicate": "1" })[0]).toMatch(/unknown key\. Known keys: sourceCatalog, .*protect, warehouse, localPath/);
  });

  it("a look-alike namespace is an error; other namespaces are not ours", () => {
    expect(problems({ "catalog_clone:protect": "true" })).toEqual(['catalog_clone:protect: namespace "catalog_clone" is not read by this program; did you mean catalog-clone:protect?']);
    expect(() => parse({ "databricks:host": "x", "aws:region": "eu-west-1", "pulumi:template": "t" })).not.toThrow();
  });

  it("every catalog-clone key the provider reads is valid, taken from the provider's own declarations", () => {
    const providerKeys = [...Object.values(CONFIG_KEYS), WAREHOUSE_MOVED_FROM.config].filter((k) => k.startsWith("catalog-clone:"));
    expect(providerKeys).toEqual(expect.arrayContaining(["catalog-clone:warehouse", "catalog-clone:localPath", "catalog-clone:warehouseId", "catalog-clone:statementTimeoutSeconds"]));
    for (const k of providerKeys) expect(KNOWN_KEYS).toContain(k.slice("catalog-clone:".length));
    expect(() => parse(Object.fromEntries(providerKeys.map((k) => [k, "x"])))).not.toThrow();
  });
});

describe("structured keys and argument validation", () => {
  it("decodes each key by the type of its argument field in the CatalogClone schema", () => {
    expect(ARG_KEY_KINDS).toEqual({
      sourceCatalog: "string",
      destinationCatalog: "string",
      comment: "string",
      managedLocation: "string",
      cloneType: "string",
      sync: "string",
      scope: "object",
      validate: "object",
      asOf: "object",
      tableOverrides: "object",
      dropExtra: "boolean",
      rollbackOnFailure: "boolean",
      ttl: "string",
      schemaOnly: "boolean",
      tblProperties: "object",
      masking: "object",
      externalLocationMap: "object",
      policyFunctions: "string",
      governance: "object",
      definitions: "object",
    });
  });

  it("structured values are JSON text (as Pulumi delivers a YAML mapping) or mappings (YAML)", () => {
    const fromText = parse({ "catalog-clone:scope": '{"excludeTables":"_tmp$"}', "catalog-clone:asOf": '{"version":1}' }).args;
    const fromYaml = parse({ "catalog-clone:scope": { excludeTables: "_tmp$" }, "catalog-clone:asOf": { version: 1 } }).args;
    expect(fromText).toEqual(fromYaml);
    expect(fromText).toMatchObject({ scope: { excludeTables: "_tmp$" }, asOf: { version: 1 }, source: { catalog: "prod" } });
  });

  it("a structured value that is not JSON is an error naming the key", () => {
    expect(problems({ "catalog-clone:validate": "rowCounts: true" })).toEqual([
      expect.stringMatching(/^catalog-clone:validate: must be a mapping, and its value is not JSON: .*pulumi config set catalog-clone:validate/),
    ]);
  });

  it("argument problems are reported against the config key they came from", () => {
    expect(problems({ "catalog-clone:asOf": "5" })).toEqual([expect.stringMatching(/^catalog-clone:asOf: asOf must be an object: \{ version: 12 \}.*write asOf: \{ version: 5 \}/)]);
    expect(problems({ "catalog-clone:scope": { includeSchemas: ["a"], excludeSchemas: ["a"] } })).toEqual([
      'catalog-clone:scope.excludeSchemas: scope.includeSchemas and scope.excludeSchemas both name "a"; remove it from one of them.',
    ]);
    expect(problems({ "catalog-clone:validate": { rowCount: true } })).toEqual(['catalog-clone:validate.rowCount: unknown field "rowCount". Did you mean "rowCounts"?']);
    expect(problems({ "catalog-clone:destinationCatalog": "prod_dr\u200b" })[0]).toMatch(/^catalog-clone:destinationCatalog: destination.catalog "prod_dr\\u200b" contains the invisible character U\+200B/);
    expect(problems({ "catalog-clone:sourceCatalog": undefined })).toEqual([
      "catalog-clone:sourceCatalog: is not set; add it to Pulumi.prod_dr.yaml (`pulumi config set catalog-clone:sourceCatalog <value>`).",
    ]);
  });

  it("reports every problem at once, a key that failed to decode only once", () => {
    const all = problems({ "catalog-clone:protect": "yes", "catalog-clone:dropExtra": "1", "catalog-clone:validation": "{}", "catalog-clone:cloneType": "deep" });
    expect(all.map((p) => p.split(":").slice(0, 2).join(":"))).toEqual(["catalog-clone:protect", "catalog-clone:dropExtra", "catalog-clone:validation", "catalog-clone:cloneType"]);
  });

  it("the repository's stack files parse, and prod_dr is protected and rolls a failed deployment back", () => {
    const root = path.resolve(__dirname, "../../..");
    const project = readProjectFile(root);
    for (const stack of ["dev_sandbox", "qa", "prod_dr"]) {
      const settings = cloneSettingsFromStackConfig({ ...project.configDefaults, ...readStackConfigFile(root, project.name, stack).values }, { stack });
      expect(settings.protect).toBe(stack === "prod_dr");
      expect(resolveCatalogCloneArgs(stack, settings.args).rollbackOnFailure).toBe(stack === "prod_dr");
    }
  });

  it("rollbackOnFailure is a strict boolean key (it comes from the argument schema)", () => {
    expect(parse({ "catalog-clone:rollbackOnFailure": "true" }).args.rollbackOnFailure).toBe(true);
    expect(parse({ "catalog-clone:rollbackOnFailure": false }).args.rollbackOnFailure).toBe(false);
    expect(problems({ "catalog-clone:rollbackOnFailure": "yes" })[0]).toMatch(/^catalog-clone:rollbackOnFailure: must be true or false/);
    expect(problems({ "catalog-clone:rollbackOnFaliure": "true" })).toEqual([expect.stringMatching(/unknown key\. Did you mean catalog-clone:rollbackOnFailure\?/)]);
  });
});
