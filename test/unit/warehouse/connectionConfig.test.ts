import { inspect } from "util";
import * as path from "path";
import { describe, expect, it } from "vitest";
import {
  connectionIdentity,
  describeConnection,
  resolveWarehouseConnection,
  WarehouseConfigError,
  type WarehouseConnection,
} from "../../../provider/warehouse/connectionConfig";

const TOKEN = "dapi0123456789abcdef0123456789abcdef";
const SECRET = "super-secret-client-value";
const cfg = (m: Record<string, string>) => (k: string) => m[k];
const none = () => undefined;
const cwd = path.resolve("/tmp/project");

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a throw");
}

describe("resolveWarehouseConnection", () => {
  it("defaults to the local warehouse at .warehouse/default under cwd", () => {
    expect(resolveWarehouseConnection(undefined, none, {}, cwd)).toEqual({
      kind: "local",
      path: path.join(cwd, ".warehouse/default"),
      maxConcurrency: 4,
    });
  });

  it("does not switch to Databricks just because a host and token are configured", () => {
    const c = resolveWarehouseConnection(undefined, cfg({ "databricks:host": "h.cloud.databricks.com", "databricks:token": TOKEN }), {}, cwd);
    expect(c.kind).toBe("local");
  });

  it("takes a local path from args, then config, then env", () => {
    const config = cfg({ "catalog-clone:localPath": "from-config" });
    const env = { UC_LOCAL_WAREHOUSE: "/abs/from-env" };
    expect(resolveWarehouseConnection({ path: "from-args" }, config, env, cwd)).toMatchObject({ path: path.join(cwd, "from-args") });
    expect(resolveWarehouseConnection({}, config, env, cwd)).toMatchObject({ path: path.join(cwd, "from-config") });
    expect(resolveWarehouseConnection({}, none, env, cwd)).toMatchObject({ kind: "local", path: "/abs/from-env" });
  });

  it("resolves Databricks fields per setting: args > stack config > env", () => {
    const env = {
      DATABRICKS_HOST: "env.cloud.databricks.com",
      DATABRICKS_TOKEN: "env-token-value",
      DATABRICKS_WAREHOUSE_ID: "envwh",
    };
    const config = cfg({ "databricks:host": "https://cfg.cloud.databricks.com/", "catalog-clone:warehouseId": "cfgwh" });
    const c = resolveWarehouseConnection({ kind: "databricks" }, config, env, cwd);
    expect(c).toMatchObject({ kind: "databricks", host: "cfg.cloud.databricks.com", httpPath: "/sql/1.0/warehouses/cfgwh" });
    if (c.kind !== "databricks" || c.auth.type !== "pat") throw new Error("expected PAT");
    expect(c.auth.token.reveal()).toBe("env-token-value");
    const c2 = resolveWarehouseConnection({ host: "args.cloud.databricks.com", warehouseId: "argwh" }, config, env, cwd);
    expect(c2).toMatchObject({ host: "args.cloud.databricks.com", httpPath: "/sql/1.0/warehouses/argwh", maxConcurrency: 8 });
  });

  it("infers Databricks from a warehouse id in env when nothing else decides", () => {
    const c = resolveWarehouseConnection(undefined, none, { DATABRICKS_HOST: "h.x.com", DATABRICKS_TOKEN: TOKEN, DATABRICKS_WAREHOUSE_ID: "abc123" }, cwd);
    expect(c).toMatchObject({ kind: "databricks", httpPath: "/sql/1.0/warehouses/abc123" });
  });

  it("lets an explicit kind in config beat env hints, and reads the kind from UC_CLONE_WAREHOUSE", () => {
    const env = { DATABRICKS_WAREHOUSE_ID: "abc", UC_CLONE_WAREHOUSE: "databricks" };
    expect(resolveWarehouseConnection(undefined, cfg({ "catalog-clone:warehouse": "local" }), env, cwd).kind).toBe("local");
    expect(() => resolveWarehouseConnection(undefined, none, { UC_CLONE_WAREHOUSE: "databricks" }, cwd)).toThrow(/DATABRICKS_HOST/);
    expect(() => resolveWarehouseConnection(undefined, none, { UC_CLONE_WAREHOUSE: "snowflake" }, cwd)).toThrow(
      /UC_CLONE_WAREHOUSE must be "local" or "databricks"/,
    );
  });

  it("uses OAuth M2M when the first place holding credentials has a client id, taking the secret from a lower place", () => {
    const c = resolveWarehouseConnection(
      { kind: "databricks", host: "h.x.com", warehouseId: "w1" },
      cfg({ "databricks:clientId": "sp-app-id" }),
      { DATABRICKS_CLIENT_SECRET: SECRET, DATABRICKS_TOKEN: "ignored-token" },
      cwd,
    );
    if (c.kind !== "databricks" || c.auth.type !== "oauth-m2m") throw new Error("expected M2M");
    expect(c.auth.clientId).toBe("sp-app-id");
    expect(c.auth.clientSecret.reveal()).toBe(SECRET);
  });

  it("accepts an http path instead of a warehouse id", () => {
    const c = resolveWarehouseConnection({ kind: "databricks", host: "h.x.com", httpPath: "/sql/1.0/warehouses/zz", token: TOKEN }, none, {}, cwd);
    expect(c).toMatchObject({ httpPath: "/sql/1.0/warehouses/zz" });
  });

  it.each([
    [{ kind: "databricks" as const }, {}, /Databricks host is not set: set `pulumi config set databricks:host \.\.\.` or DATABRICKS_HOST/],
    [{ kind: "databricks" as const, host: "h.x.com" }, {}, /warehouse is not set: set `pulumi config set catalog-clone:warehouseId \.\.\.` or DATABRICKS_WAREHOUSE_ID/],
    [
      { kind: "databricks" as const, host: "h.x.com", warehouseId: "w" },
      {},
      /No Databricks credentials found: set a personal access token with `pulumi config set --secret databricks:token \.\.\.` or DATABRICKS_TOKEN/,
    ],
    [{ kind: "databricks" as const, host: "h.x.com", warehouseId: "w", clientId: "id" }, {}, /client secret is missing: set `pulumi config set --secret databricks:clientSecret/],
    [{ kind: "databricks" as const, host: "h.x.com", warehouseId: "w/../x", token: TOKEN }, {}, /Invalid argument warehouseId/],
    [{ kind: "databricks" as const, host: `https://user:${TOKEN}@h.x.com/path`, warehouseId: "w", token: TOKEN }, {}, /Invalid Databricks host in argument host/],
  ])("explains what is missing: %j", (args, env, message) => {
    const e = thrown(() => resolveWarehouseConnection(args, none, env, cwd));
    expect(e).toBeInstanceOf(WarehouseConfigError);
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain(TOKEN);
  });

  it("refuses both a local path and a warehouse id from the same place", () => {
    expect(() => resolveWarehouseConnection(undefined, cfg({ "catalog-clone:localPath": "x", "catalog-clone:warehouseId": "w" }), {}, cwd)).toThrow(
      /choose one with stack config catalog-clone:warehouse/,
    );
  });

  it("validates explicit args with zod, naming the field", () => {
    expect(() => resolveWarehouseConnection({ kind: "oracle" } as never, none, {}, cwd)).toThrow(/kind: kind must be "local" or "databricks"/);
    expect(() => resolveWarehouseConnection({ maxConcurrency: 0 }, none, {}, cwd)).toThrow(/maxConcurrency/);
    expect(() => resolveWarehouseConnection({ bogus: 1 } as never, none, {}, cwd)).toThrow(/Invalid warehouse connection arguments/);
    expect(() => resolveWarehouseConnection({}, cfg({ "catalog-clone:maxConcurrency": "lots" }), {}, cwd)).toThrow(
      /Invalid stack config catalog-clone:maxConcurrency/,
    );
    expect(resolveWarehouseConnection({}, none, { UC_CLONE_MAX_CONCURRENCY: "2" }, cwd).maxConcurrency).toBe(2);
  });
});

describe("Azure Entra ID client-secret auth (unified auth azure_client_id / ARM_*)", () => {
  const azure = { kind: "databricks" as const, host: "adb-1.2.azuredatabricks.net", warehouseId: "w" };
  it("resolves from the ARM_* environment variables", () => {
    const c = resolveWarehouseConnection(azure, none, { ARM_CLIENT_ID: "entra-app", ARM_CLIENT_SECRET: SECRET, ARM_TENANT_ID: "tenant-1" }, cwd);
    if (c.kind !== "databricks" || c.auth.type !== "azure-client-secret") throw new Error("expected azure-client-secret");
    expect(c.auth).toMatchObject({ clientId: "entra-app", tenantId: "tenant-1" });
    expect(c.auth.clientSecret.reveal()).toBe(SECRET);
    expect(describeConnection(c)).toContain("Entra ID service principal entra-app (tenant tenant-1)");
    expect(JSON.stringify(c) + describeConnection(c)).not.toContain(SECRET);
  });

  it("resolves from stack config (databricks:azureClientId / azureClientSecret / azureTenantId)", () => {
    const c = resolveWarehouseConnection(
      azure,
      cfg({ "databricks:azureClientId": "entra-app", "databricks:azureClientSecret": SECRET, "databricks:azureTenantId": "t" }),
      {},
      cwd,
    );
    expect(c.kind === "databricks" && c.auth.type).toBe("azure-client-secret");
  });

  it("a Databricks OAuth client id in a higher place wins over ARM_* in the environment", () => {
    const c = resolveWarehouseConnection(
      azure,
      cfg({ "databricks:clientId": "sp", "databricks:clientSecret": SECRET }),
      { ARM_CLIENT_ID: "entra-app", ARM_CLIENT_SECRET: "x", ARM_TENANT_ID: "t" },
      cwd,
    );
    expect(c.kind === "databricks" && c.auth.type).toBe("oauth-m2m");
  });

  it("needs the tenant, and an Azure host", () => {
    expect(thrown(() => resolveWarehouseConnection(azure, none, { ARM_CLIENT_ID: "a", ARM_CLIENT_SECRET: SECRET }, cwd)).message).toMatch(
      /needs the service principal's Entra tenant: set `pulumi config set databricks:azureTenantId \.\.\.` or ARM_TENANT_ID/,
    );
    const e = thrown(() =>
      resolveWarehouseConnection({ ...azure, host: "dbc-1.cloud.databricks.com" }, none, { ARM_CLIENT_ID: "a", ARM_CLIENT_SECRET: SECRET, ARM_TENANT_ID: "t" }, cwd),
    );
    expect(e.message).toMatch(/not an Azure Databricks host/);
    expect(e.message).not.toContain(SECRET);
  });
});

describe("statementTimeoutSeconds", () => {
  const db = { kind: "databricks" as const, host: "h.x.com", warehouseId: "w", token: TOKEN };
  it("is unset unless configured: the workspace's STATEMENT_TIMEOUT stays in force", () => {
    const c = resolveWarehouseConnection(db, none, {}, cwd);
    expect(c.kind === "databricks" && c.statementTimeoutSeconds).toBeUndefined();
  });

  it("resolves args > stack config > env", () => {
    const config = cfg({ "catalog-clone:statementTimeoutSeconds": "7200" });
    const env = { UC_CLONE_STATEMENT_TIMEOUT_SECONDS: "60" };
    expect(resolveWarehouseConnection({ ...db, statementTimeoutSeconds: 86400 }, config, env, cwd)).toMatchObject({ statementTimeoutSeconds: 86400 });
    expect(resolveWarehouseConnection(db, config, env, cwd)).toMatchObject({ statementTimeoutSeconds: 7200 });
    expect(resolveWarehouseConnection(db, none, env, cwd)).toMatchObject({ statementTimeoutSeconds: 60 });
  });

  it.each(["0", "-5", "1.5", "2h", "1e3"])("refuses %j, naming the key", (bad) => {
    const e = thrown(() => resolveWarehouseConnection(db, cfg({ "catalog-clone:statementTimeoutSeconds": bad }), {}, cwd));
    expect(e).toBeInstanceOf(WarehouseConfigError);
    expect(e.message).toContain("stack config catalog-clone:statementTimeoutSeconds");
    expect(e.message).toContain("positive integer");
  });

  it("validates the argument with zod", () => {
    expect(() => resolveWarehouseConnection({ ...db, statementTimeoutSeconds: 0 }, none, {}, cwd)).toThrow(/statementTimeoutSeconds must be a positive integer/);
    expect(() => resolveWarehouseConnection({ ...db, statementTimeoutSeconds: 2.5 }, none, {}, cwd)).toThrow(/statementTimeoutSeconds must be a positive integer/);
  });
});

describe("secret redaction", () => {
  const conns: WarehouseConnection[] = [
    resolveWarehouseConnection({ kind: "databricks", host: "h.x.com", warehouseId: "w" }, cfg({ "databricks:token": TOKEN }), {}, cwd),
    resolveWarehouseConnection({ kind: "databricks", host: "h.x.com", warehouseId: "w", clientId: "app", clientSecret: SECRET }, none, {}, cwd),
  ];
  it.each(conns.map((c) => [c.kind === "databricks" ? c.auth.type : "local", c]))("never prints credentials (%s)", (_n, conn) => {
    const printed = [JSON.stringify(conn), inspect(conn, { depth: 10 }), String((conn as { auth: unknown }).auth), `${(conn as { auth: { token?: unknown } }).auth.token}`, describeConnection(conn), connectionIdentity(conn)].join("\n");
    expect(printed).not.toContain(TOKEN);
    expect(printed).not.toContain(SECRET);
    expect(printed).toContain("[secret]");
  });

  it("identity names the warehouse, not the principal", () => {
    expect(connectionIdentity(conns[0])).toBe("databricks:h.x.com/sql/1.0/warehouses/w");
    expect(connectionIdentity(conns[1])).toBe(connectionIdentity(conns[0]));
  });
});

describe("resolveWarehouseIdentity", () => {
  it("matches connectionIdentity without needing credentials", async () => {
    const { resolveWarehouseIdentity } = await import("../../../provider/warehouse/connectionConfig");
    const args = { kind: "databricks" as const, host: "https://H.x.com", warehouseId: "w" };
    expect(resolveWarehouseIdentity(args, none, {}, cwd)).toBe("databricks:h.x.com/sql/1.0/warehouses/w");
    expect(resolveWarehouseIdentity(args, none, {}, cwd)).toBe(
      connectionIdentity(resolveWarehouseConnection({ ...args, token: TOKEN }, none, {}, cwd)),
    );
    expect(resolveWarehouseIdentity(undefined, none, {}, cwd)).toBe(`local:${path.join(cwd, ".warehouse/default")}`);
  });
});
