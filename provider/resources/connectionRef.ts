/**
 * Which warehouse a resource talks to. The reference is a NON-secret resource input (it lands in
 * state); credentials never do: they come from stack config handed to `configure`, or from the
 * environment read inside handler methods (DESIGN §4.5).
 */
import { z } from "zod";
import type { WarehouseConnectionArgs } from "../warehouse/connectionConfig";

/** Non-secret selection of the warehouse: a local embedded workspace directory, or a Databricks SQL warehouse. */
export const connectionRefSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      /** The embedded local engine (the default backend when nothing is configured). */
      kind: z.literal("local"),
      /** Directory of the local workspace (created when missing). */
      path: z.string().min(1, { error: "connection.path must be a non-empty directory path." }),
    }),
    z.strictObject({
      /** A Databricks SQL warehouse; the token comes from `databricks:token` (secret stack config) or DATABRICKS_TOKEN. */
      kind: z.literal("databricks"),
      /** Workspace host, e.g. `https://dbc-123.cloud.databricks.com` (or without the scheme). */
      host: z
        .string()
        .regex(/^(https:\/\/)?[A-Za-z0-9.-]+(:[0-9]+)?\/?$/, {
          error: "connection.host must be a workspace host such as https://dbc-1234.cloud.databricks.com (no path, no credentials).",
        }),
      /** SQL warehouse id (the last segment of its HTTP path `/sql/1.0/warehouses/<id>`). */
      warehouseId: z
        .string()
        .regex(/^[A-Za-z0-9]+$/, { error: "connection.warehouseId must be the warehouse id (letters and digits only)." }),
      /**
       * The stack config namespace (and environment prefix) its credentials are read from instead of the
       * stack's `databricks:*`: `databricks-dr` → secret `databricks-dr:token` (or `databricks-dr:clientId` +
       * `databricks-dr:clientSecret`), or DATABRICKS_DR_TOKEN, ... Only the NAME is an input; no value is.
       */
      configNamespace: z
        .string()
        .regex(/^[a-z][a-z0-9-]*$/, { error: "connection.configNamespace must be a stack config namespace: lower-case letters, digits and '-', e.g. databricks-dr." })
        .optional(),
    }),
  ],
  { error: 'connection.kind must be "local" or "databricks".' },
);

/** Non-secret selection of the warehouse a resource uses. Absent: stack config / environment decide. */
export type ConnectionRef = z.infer<typeof connectionRefSchema>;

/** The ConnectionRef as explicit arguments of the shared resolver (absent fields: config, then env). */
export function connectionArgs(ref: ConnectionRef | undefined): WarehouseConnectionArgs | undefined {
  if (ref === undefined) return undefined;
  if (ref.kind === "local") return { kind: ref.kind, path: ref.path };
  return { kind: ref.kind, host: ref.host, warehouseId: ref.warehouseId, ...(ref.configNamespace !== undefined ? { configNamespace: ref.configNamespace } : {}) };
}
