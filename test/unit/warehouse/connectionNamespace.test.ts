/**
 * Two connections, two sets of credentials: a connection with a `configNamespace` (e.g. the target
 * workspace of a cross-workspace clone) reads its settings and secret from `<namespace>:*` stack config or
 * the `<NAMESPACE>_*` environment, never the stack's `databricks:*` ones, and says which keys it read.
 */
import { describe, expect, it } from "vitest";
import { configKeyOf, envVarOf, resolveWarehouseConnection } from "../../../provider/warehouse/connectionConfig";
import { connectionArgs, connectionRefSchema } from "../../../provider/resources/connectionRef";

const config = (values: Record<string, string>) => (key: string) => values[key];
const source = { "databricks:host": "dbc-src.cloud.databricks.com", "databricks:token": "source-token", "catalog-clone:warehouseId": "src1" };
const target = connectionArgs(connectionRefSchema.parse({ kind: "databricks", host: "dbc-dr.cloud.databricks.com", warehouseId: "dr1", configNamespace: "databricks-dr" }));

describe("configNamespace", () => {
  it("names the keys: <namespace>:<key> and <NAMESPACE>_<suffix>", () => {
    expect(configKeyOf("token", "databricks-dr")).toBe("databricks-dr:token");
    expect(configKeyOf("warehouseId", "databricks-dr")).toBe("databricks-dr:warehouseId");
    expect(envVarOf("token", "databricks-dr")).toBe("DATABRICKS_DR_TOKEN");
    expect(envVarOf("azureClientSecret", "databricks-dr")).toBe("DATABRICKS_DR_ARM_CLIENT_SECRET");
    expect(envVarOf("token")).toBe("DATABRICKS_TOKEN");
  });

  it("each side gets its own token: the source from databricks:token, the target from its namespace (config, then env)", () => {
    const both = config({ ...source, "databricks-dr:token": "dr-token" });
    const src = resolveWarehouseConnection(undefined, both, {});
    const dr = resolveWarehouseConnection(target, both, { DATABRICKS_TOKEN: "env-source-token" });
    expect(src.kind === "databricks" && src.auth.type === "pat" && src.auth.token.reveal()).toBe("source-token");
    expect(dr.kind === "databricks" && dr.auth.type === "pat" && dr.auth.token.reveal()).toBe("dr-token");
    const fromEnv = resolveWarehouseConnection(target, config(source), { DATABRICKS_DR_TOKEN: "dr-env-token" });
    expect(fromEnv.kind === "databricks" && fromEnv.auth.type === "pat" && fromEnv.auth.token.reveal()).toBe("dr-env-token");
  });

  it("never falls back to the stack's credentials: a target without its own secret fails naming its keys", () => {
    expect(() => resolveWarehouseConnection(target, config(source), { DATABRICKS_TOKEN: "env-source-token" })).toThrow(
      /No Databricks credentials found: set a personal access token with `pulumi config set --secret databricks-dr:token \.\.\.` or DATABRICKS_DR_TOKEN/,
    );
  });

  it("a namespace that is not a config namespace is refused, naming the field", () => {
    expect(() => connectionRefSchema.parse({ kind: "databricks", host: "h.cloud.databricks.com", warehouseId: "w1", configNamespace: "DR token" })).toThrow(/configNamespace must be a stack config namespace/);
  });
});
