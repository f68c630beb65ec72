import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseIni } from "../../../provider/warehouse/databricksConfigFile";
import { describeConnection, resolveWarehouseConnection, resolveWarehouseIdentity, WarehouseConfigError } from "../../../provider/warehouse/connectionConfig";

const TOKEN = "dapi0123456789abcdef0123456789abcdef";
const SECRET = "dose0123-managed-secret";
const none = () => undefined;
const cfg = (m: Record<string, string>) => (k: string) => m[k];

let home: string;
let file: string;
beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "databrickscfg-"));
  file = path.join(home, "custom.cfg");
  const text = [
    "; written by `databricks configure`",
    "[DEFAULT]",
    "host  = https://dflt.cloud.databricks.com",
    `token = ${TOKEN}`,
    "warehouse_id = dfltwh",
    "",
    "[prod]",
    "host = https://adb-1.2.azuredatabricks.net/",
    "client_id = sp-app",
    `client_secret = "${SECRET}"`,
    "warehouse_id = prodwh   # the big one",
    "",
    "[entra]",
    "host = adb-3.4.azuredatabricks.net",
    "azure_client_id = entra-app",
    `azure_client_secret = ${SECRET}`,
    "azure_tenant_id = tenant-1",
    "http_path = /sql/1.0/warehouses/entrawh",
    "",
    "[u2m-only]",
    "host = https://u.cloud.databricks.com",
    "auth_type = databricks-cli",
  ].join("\n");
  fs.writeFileSync(path.join(home, ".databrickscfg"), text);
  fs.writeFileSync(file, text.replace("dflt.cloud", "custom-dflt.cloud"));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe("parseIni", () => {
  it("reads sections, trims, unquotes, and drops comments", () => {
    const s = parseIni("top = ignored\n# c\n[a]\nk = v ; note\nq = 'x # y'\n[ b ]\nempty =\n");
    expect([...s.keys()]).toEqual(["a", "b"]);
    expect(s.get("a")!.get("k")).toBe("v");
    expect(s.get("a")!.get("q")).toBe("x # y");
    expect(s.get("b")!.get("empty")).toBe("");
  });
});

describe("config profiles (unified auth: DATABRICKS_CONFIG_PROFILE / DATABRICKS_CONFIG_FILE / [DEFAULT])", () => {
  it("a named profile supplies host, OAuth M2M credentials and the warehouse, and selects Databricks", () => {
    const c = resolveWarehouseConnection(undefined, none, { HOME: home, DATABRICKS_CONFIG_PROFILE: "prod" }, "/");
    expect(c).toMatchObject({ kind: "databricks", host: "adb-1.2.azuredatabricks.net", httpPath: "/sql/1.0/warehouses/prodwh" });
    if (c.kind !== "databricks" || c.auth.type !== "oauth-m2m") throw new Error("expected M2M");
    expect(c.auth.clientId).toBe("sp-app");
    expect(c.auth.clientSecret.reveal()).toBe(SECRET);
    expect(JSON.stringify(c) + describeConnection(c)).not.toContain(SECRET);
  });

  it("takes the profile name from stack config databricks:profile and the file from DATABRICKS_CONFIG_FILE", () => {
    const c = resolveWarehouseConnection(undefined, cfg({ "databricks:profile": "DEFAULT" }), { HOME: home, DATABRICKS_CONFIG_FILE: file }, "/");
    expect(c).toMatchObject({ kind: "databricks", host: "custom-dflt.cloud.databricks.com", httpPath: "/sql/1.0/warehouses/dfltwh" });
  });

  it("reads Entra client-secret credentials and http_path", () => {
    const c = resolveWarehouseConnection(undefined, none, { HOME: home, DATABRICKS_CONFIG_PROFILE: "entra" }, "/");
    expect(c).toMatchObject({ kind: "databricks", host: "adb-3.4.azuredatabricks.net", httpPath: "/sql/1.0/warehouses/entrawh" });
    expect(c.kind === "databricks" && c.auth).toMatchObject({ type: "azure-client-secret", clientId: "entra-app", tenantId: "tenant-1" });
  });

  it("uses [DEFAULT] when Databricks is selected and nothing sets a host or credentials", () => {
    const c = resolveWarehouseConnection(undefined, cfg({ "catalog-clone:warehouseId": "cfgwh" }), { HOME: home }, "/");
    expect(c).toMatchObject({ kind: "databricks", host: "dflt.cloud.databricks.com", httpPath: "/sql/1.0/warehouses/cfgwh" });
    expect(c.kind === "databricks" && c.auth.type === "pat" && c.auth.token.reveal()).toBe(TOKEN);
  });

  it("never lets an implicit [DEFAULT] switch a local run to a workspace", () => {
    expect(resolveWarehouseConnection(undefined, none, { HOME: home }, "/").kind).toBe("local");
    expect(resolveWarehouseIdentity(undefined, none, { HOME: home }, "/")).toMatch(/^local:/);
  });

  it("stack config and environment still win over the profile", () => {
    const env = { HOME: home, DATABRICKS_CONFIG_PROFILE: "prod", DATABRICKS_TOKEN: "env-token-value" };
    const c = resolveWarehouseConnection(undefined, cfg({ "catalog-clone:warehouseId": "cfgwh" }), env, "/");
    expect(c).toMatchObject({ host: "adb-1.2.azuredatabricks.net", httpPath: "/sql/1.0/warehouses/cfgwh" });
    expect(c.kind === "databricks" && c.auth.type === "pat" && c.auth.token.reveal()).toBe("env-token-value");
  });

  it("skips the implicit [DEFAULT] when a host is configured (as unified auth does), so credentials must come with it", () => {
    const e = (() => {
      try {
        resolveWarehouseConnection({ kind: "databricks", host: "other.cloud.databricks.com", warehouseId: "w" }, none, { HOME: home }, "/");
      } catch (err) {
        return err as Error;
      }
      throw new Error("expected a throw");
    })();
    expect(e.message).toMatch(/No Databricks credentials found/);
    expect(e.message).toContain("DATABRICKS_CONFIG_PROFILE");
  });

  it.each([
    ["a missing section", () => ({ HOME: home, DATABRICKS_CONFIG_PROFILE: "nope" }), /has no \[nope\] profile.*environment variable DATABRICKS_CONFIG_PROFILE/],
    ["a missing file", () => ({ HOME: home, DATABRICKS_CONFIG_PROFILE: "prod", DATABRICKS_CONFIG_FILE: path.join(home, "missing.cfg") }), /missing\.cfg cannot be read/],
    ["no home directory", () => ({ DATABRICKS_CONFIG_PROFILE: "prod" }), /cannot be read/],
  ] as const)("an explicitly named profile that cannot be read is an error (%s)", (_what, env, message) => {
    let err: unknown;
    try {
      resolveWarehouseConnection(undefined, none, env(), "/");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WarehouseConfigError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain(SECRET);
    expect((err as Error).message).not.toContain(TOKEN);
  });

  it("a profile without usable credentials (U2M only) says what is missing", () => {
    expect(() => resolveWarehouseConnection({ kind: "databricks", warehouseId: "w" }, none, { HOME: home, DATABRICKS_CONFIG_PROFILE: "u2m-only" }, "/")).toThrow(
      /No Databricks credentials found/,
    );
  });
});
