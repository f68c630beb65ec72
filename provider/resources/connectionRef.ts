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
    }),
  ],
  { error: 'connection.kind must be "local" or "databricks".' },
);

/** Non-secret selection of the warehouse a resource uses. Absent: stack config / environment decide. */
export type ConnectionRef = z.infer<typeof connectionRefSchema>;

/** The ConnectionRef as explicit arguments of the shared resolver (absent fields: config, then env). */
export function connectionArgs(ref: ConnectionRef | undefined): WarehouseConnectionArgs | undefined {
  if (ref === undefined) return undefined;
  return ref.kind === "local" ? { kind: ref.kind, path: ref.path } : { kind: ref.kind, host: ref.host, warehouseId: ref.warehouseId };
}
