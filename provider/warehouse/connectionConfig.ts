/**
 * Which warehouse to talk to and how to authenticate, resolved from four places in order:
 * explicit arguments → Pulumi stack config → environment variables (the Databricks SDK's unified-auth
 * names) → a Databricks config profile (`~/.databrickscfg`, see databricksConfigFile.ts). A function of
 * (args, config getter, env, base directory of relative paths) and, only when a setting is still missing,
 * the profile file that env names, so the provider's `configure` (a Config with `.get(key)`) and program
 * code resolve the same way. Nothing configured → the embedded local warehouse at `.warehouse/default`.
 * Credentials end up wrapped in Secret and never appear in errors.
 */
import * as path from "path";
import { z } from "zod";
import { projectRoot } from "./projectRoot";
import { Secret } from "./secret";
import { loadProfile, PROFILE_KEYS, ProfileError, type LoadedProfile, type ProfileField } from "./databricksConfigFile";
import { inputProblems, problemsText } from "../inputProblems";
import { maxRequestsPerSecondSchema } from "./rateLimit";

/** Stack config keys read (full `namespace:key` names, as `Config.get` of a dynamic provider accepts). */
export const CONFIG_KEYS = {
  warehouse: "catalog-clone:warehouse",
  localPath: "catalog-clone:localPath",
  warehouseId: "catalog-clone:warehouseId",
  httpPath: "catalog-clone:httpPath",
  maxConcurrency: "catalog-clone:maxConcurrency",
  maxRequestsPerSecond: "catalog-clone:maxRequestsPerSecond",
  statementTimeoutSeconds: "catalog-clone:statementTimeoutSeconds",
  host: "databricks:host",
  token: "databricks:token",
  clientId: "databricks:clientId",
  clientSecret: "databricks:clientSecret",
  azureClientId: "databricks:azureClientId",
  azureClientSecret: "databricks:azureClientSecret",
  azureTenantId: "databricks:azureTenantId",
} as const;

/** Environment variables read. */
export const ENV_VARS = {
  warehouse: "UC_CLONE_WAREHOUSE",
  localPath: "UC_LOCAL_WAREHOUSE",
  warehouseId: "DATABRICKS_WAREHOUSE_ID",
  httpPath: "DATABRICKS_HTTP_PATH",
  maxConcurrency: "UC_CLONE_MAX_CONCURRENCY",
  maxRequestsPerSecond: "UC_CLONE_MAX_REQUESTS_PER_SECOND",
  statementTimeoutSeconds: "UC_CLONE_STATEMENT_TIMEOUT_SECONDS",
  host: "DATABRICKS_HOST",
  token: "DATABRICKS_TOKEN",
  clientId: "DATABRICKS_CLIENT_ID",
  clientSecret: "DATABRICKS_CLIENT_SECRET",
  // Unified auth reads the Azure service principal from the ARM_* names (azure_client_id, ... in profiles).
  azureClientId: "ARM_CLIENT_ID",
  azureClientSecret: "ARM_CLIENT_SECRET",
  azureTenantId: "ARM_TENANT_ID",
} as const;

/**
 * Databricks config profile selection (unified auth): which profile of which `~/.databrickscfg`-style file
 * supplies whatever args, stack config and environment leave unset.
 */
export const PROFILE_SETTINGS = {
  profile: { config: "databricks:profile", env: "DATABRICKS_CONFIG_PROFILE" },
  configFile: { config: "databricks:configFile", env: "DATABRICKS_CONFIG_FILE" },
} as const;

type Field = keyof typeof CONFIG_KEYS;
const SECRET_FIELDS: ReadonlySet<Field> = new Set(["token", "clientSecret", "azureClientSecret"]);

/** Where the local warehouse lives when nothing says otherwise (relative to the Pulumi project root, see projectRoot.ts). */
export const DEFAULT_LOCAL_PATH = ".warehouse/default";
/** Default statements in flight per warehouse when not configured. */
export const DEFAULT_MAX_CONCURRENCY = { local: 4, databricks: 8 } as const;

/**
 * Explicit connection arguments (program code or a resource's non-secret connection reference).
 * Every field is optional; missing ones come from stack config, then the environment.
 */
export const warehouseConnectionArgsSchema = z.strictObject({
  /** `local` (embedded engine) or `databricks` (a SQL warehouse). */
  kind: z.enum(["local", "databricks"], { error: 'kind must be "local" or "databricks".' }).optional(),
  /** Local warehouse directory (created when missing); relative paths resolve against the Pulumi project root (the Pulumi.yaml directory). */
  path: z.string().min(1, { error: "path must be a non-empty directory path." }).optional(),
  /** Workspace host, e.g. `dbc-1234.cloud.databricks.com` (an `https://` prefix is accepted and dropped). */
  host: z.string().optional(),
  /** SQL warehouse id (last segment of `/sql/1.0/warehouses/<id>`). */
  warehouseId: z.string().optional(),
  /** Full HTTP path instead of warehouseId (e.g. `/sql/1.0/warehouses/abc`). */
  httpPath: z.string().optional(),
  /** Personal access token. Prefer secret stack config `databricks:token` or DATABRICKS_TOKEN. */
  token: z.string().optional(),
  /** OAuth M2M service principal application id. */
  clientId: z.string().optional(),
  /** OAuth M2M secret. Prefer secret stack config `databricks:clientSecret` or DATABRICKS_CLIENT_SECRET. */
  clientSecret: z.string().optional(),
  /** Azure Databricks only: Microsoft Entra ID service principal (application) id, for Entra client-secret auth. */
  azureClientId: z.string().optional(),
  /** Entra client secret. Prefer secret stack config `databricks:azureClientSecret` or ARM_CLIENT_SECRET. */
  azureClientSecret: z.string().optional(),
  /** Entra tenant id of that service principal. */
  azureTenantId: z.string().optional(),
  /**
   * Read this connection's settings and credentials from its own stack config namespace and environment
   * prefix instead of the stack's (`databricks-dr` → `databricks-dr:token`, `databricks-dr:clientSecret`,
   * DATABRICKS_DR_TOKEN, ...; configKeyOf / envVarOf), with no fallback to `databricks:*` or a
   * ~/.databrickscfg profile: e.g. the target workspace of a cross-workspace clone, with its own secret.
   */
  configNamespace: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, { error: "configNamespace must be a stack config namespace: lower-case letters, digits and '-', e.g. databricks-dr." })
    .optional(),
  /** Statements in flight at once on this warehouse, across the whole process. */
  maxConcurrency: z.number().int().positive({ error: "maxConcurrency must be a positive integer." }).optional(),
  /**
   * Statements sent per second to this warehouse, at most, across the whole process, retries included
   * (e.g. 5 on a warehouse shared with other teams). Unset: no rate limit.
   */
  maxRequestsPerSecond: maxRequestsPerSecondSchema.optional(),
  /**
   * Server-side STATEMENT_TIMEOUT of each Databricks session, in seconds. Unset (the default): the
   * workspace's own setting applies (Databricks default: 2 days), so a long deep clone is not cut short.
   */
  statementTimeoutSeconds: z
    .number()
    .int({ error: "statementTimeoutSeconds must be a positive integer (seconds)." })
    .positive({ error: "statementTimeoutSeconds must be a positive integer (seconds)." })
    .optional(),
});

export type WarehouseConnectionArgs = z.infer<typeof warehouseConnectionArgsSchema>;

/**
 * Databricks authentication: a personal access token; OAuth machine-to-machine with a Databricks-managed
 * service-principal secret (AWS, GCP and Azure); or, on Azure, a Microsoft Entra ID service principal's
 * client secret (`azure-client-secret` in unified auth).
 */
export type DatabricksAuth =
  | { type: "pat"; token: Secret }
  | { type: "oauth-m2m"; clientId: string; clientSecret: Secret }
  | { type: "azure-client-secret"; clientId: string; clientSecret: Secret; tenantId: string };

/** Azure Databricks workspace hosts (public and China clouds; Azure Government: `.databricks.azure.us`). */
export function isAzureHost(host: string): boolean {
  const h = host.toLowerCase().replace(/:\d+$/, "");
  return [".azuredatabricks.net", ".databricks.azure.cn", ".databricks.azure.us"].some((d) => h.endsWith(d));
}

/** A fully resolved connection. */
export type WarehouseConnection =
  | { kind: "local"; /** Absolute directory. */ path: string; maxConcurrency: number; /** Statements per second at most; undefined: no limit. */ maxRequestsPerSecond?: number }
  | {
      kind: "databricks";
      /** Host without scheme or trailing slash. */
      host: string;
      /** `/sql/1.0/warehouses/<id>` or the configured HTTP path. */
      httpPath: string;
      auth: DatabricksAuth;
      maxConcurrency: number;
      /** Statements per second at most; undefined: no limit. */
      maxRequestsPerSecond?: number;
      /** Session STATEMENT_TIMEOUT in seconds; undefined leaves the workspace's setting in force. */
      statementTimeoutSeconds?: number;
    };

/** Reads one stack config key (`namespace:key`); `pulumi.Config#get` and `ConfigureRequest.config.get` fit. */
export type ConfigGetter = (key: string) => string | undefined;

/** A connection setting that is missing or invalid. The message names the key(s) and how to set them, never a value. */
export class WarehouseConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WarehouseConfigError";
  }
}

interface Layer {
  name: "args" | "config" | "env" | "profile";
  get(field: Field): string | undefined;
  describe(field: Field): string;
  /** May this layer's settings choose the warehouse kind? (false for a profile nobody asked for) */
  decidesKind?: boolean;
}

/**
 * The stack config key of `field` for a connection with its own config namespace (`configNamespace`):
 * `<namespace>:<key>` (`databricks-dr:token`, `databricks-dr:warehouseId`); the usual key without one.
 */
export function configKeyOf(field: Field, namespace?: string): string {
  return namespace === undefined ? CONFIG_KEYS[field] : `${namespace}:${CONFIG_KEYS[field].split(":")[1]}`;
}

/**
 * The environment variable of `field` for a connection with its own config namespace: the namespace in
 * upper case with `_` for `-` replaces the `DATABRICKS` prefix (`databricks-dr` → DATABRICKS_DR_TOKEN,
 * DATABRICKS_DR_HOST) or prefixes the others (DATABRICKS_DR_ARM_CLIENT_SECRET); the usual name without one.
 */
export function envVarOf(field: Field, namespace?: string): string {
  if (namespace === undefined) return ENV_VARS[field];
  const prefix = namespace.toUpperCase().replace(/-/g, "_");
  const name = ENV_VARS[field];
  return name.startsWith("DATABRICKS_") ? `${prefix}_${name.slice("DATABRICKS_".length)}` : `${prefix}_${name}`;
}

/** The config namespace the layers were built for (parseLayers), so messages name the keys actually read. */
const LAYER_NAMESPACE = new WeakMap<Layer[], string>();

function howToSet(field: Field, ls?: Layer[]): string {
  const ns = ls ? LAYER_NAMESPACE.get(ls) : undefined;
  const secret = SECRET_FIELDS.has(field) ? "--secret " : "";
  return `\`pulumi config set ${secret}${configKeyOf(field, ns)} ...\` or ${envVarOf(field, ns)}`;
}

function clean(v: string | number | undefined): string | undefined {
  if (v === undefined) return undefined;
  const s = String(v).trim();
  return s === "" ? undefined : s;
}

function layers(args: WarehouseConnectionArgs, config: ConfigGetter, env: Readonly<Record<string, string | undefined>>): Layer[] {
  // Explicit args say `kind`/`path` where config says `warehouse`/`localPath`.
  const argName = (f: Field): keyof WarehouseConnectionArgs => (f === "warehouse" ? "kind" : f === "localPath" ? "path" : f);
  const ns = args.configNamespace;
  return [
    { name: "args", get: (f) => clean(args[argName(f)] as string | number | undefined), describe: (f) => `argument ${argName(f)}` },
    { name: "config", get: (f) => clean(config(configKeyOf(f, ns))), describe: (f) => `stack config ${configKeyOf(f, ns)}` },
    { name: "env", get: (f) => clean(env[envVarOf(f, ns)]), describe: (f) => `environment variable ${envVarOf(f, ns)}` },
  ];
}

/** Settings whose presence above makes unified auth skip the implicit [DEFAULT] profile. */
const AUTH_OR_HOST_FIELDS: readonly Field[] = ["host", "token", "clientId", "clientSecret", "azureClientId", "azureClientSecret"];
const PROFILE_FIELDS: ReadonlySet<string> = new Set(Object.values(PROFILE_KEYS));
const PROFILE_KEY_OF: Record<string, string> = Object.fromEntries(Object.entries(PROFILE_KEYS).map(([k, f]) => [f, k]));

/**
 * The lowest layer: a Databricks config profile, read lazily (only when a setting is still missing), per
 * unified auth: the profile named by databricks:profile / DATABRICKS_CONFIG_PROFILE is always read (and
 * must exist); otherwise [DEFAULT] is read only when nothing above sets a host or any credential. Only an
 * explicitly named profile may switch the warehouse to Databricks: a stray [DEFAULT] with a warehouse id
 * must never send a local run to a real workspace.
 */
function profileLayer(above: Layer[], config: ConfigGetter, env: Readonly<Record<string, string | undefined>>, baseDir: string): Layer {
  const named = clean(config(PROFILE_SETTINGS.profile.config)) ?? clean(env[PROFILE_SETTINGS.profile.env]);
  const file = clean(config(PROFILE_SETTINGS.configFile.config)) ?? clean(env[PROFILE_SETTINGS.configFile.env]);
  let loaded: LoadedProfile | undefined | null = null; // null: not read yet
  const load = (): LoadedProfile | undefined => {
    if (loaded !== null) return loaded;
    if (named === undefined && above.some((l) => AUTH_OR_HOST_FIELDS.some((f) => l.get(f) !== undefined))) return (loaded = undefined);
    try {
      // HOME of the environment resolved against (not os.homedir()), so a given env is all that is read.
      return (loaded = loadProfile({ profile: named, file, home: env.HOME ?? env.USERPROFILE, baseDir }));
    } catch (err) {
      if (!(err instanceof ProfileError)) throw err;
      throw new WarehouseConfigError(
        `${err.message} It was selected by ${clean(config(PROFILE_SETTINGS.profile.config)) !== undefined ? `stack config ${PROFILE_SETTINGS.profile.config}` : `environment variable ${PROFILE_SETTINGS.profile.env}`}; ` +
          `fix the name, or point ${PROFILE_SETTINGS.configFile.env} (or stack config ${PROFILE_SETTINGS.configFile.config}) at the right file.`,
      );
    }
  };
  return {
    name: "profile",
    decidesKind: named !== undefined,
    get: (f) => (PROFILE_FIELDS.has(f) ? clean(load()?.values[f as ProfileField]) : undefined),
    describe: (f) => {
      const p = load();
      return `key ${PROFILE_KEY_OF[f] ?? f} of profile [${p?.profile ?? named ?? "DEFAULT"}] in ${p?.file ?? file ?? "~/.databrickscfg"}`;
    },
  };
}

function pick(ls: Layer[], field: Field): { value: string; from: string } | undefined {
  for (const l of ls) {
    const value = l.get(field);
    if (value !== undefined) return { value, from: l.describe(field) };
  }
  return undefined;
}

function chooseKind(ls: Layer[]): "local" | "databricks" {
  for (const l of ls) {
    if (l.decidesKind === false) continue;
    const kind = l.get("warehouse");
    if (kind !== undefined) {
      if (kind !== "local" && kind !== "databricks") {
        throw new WarehouseConfigError(`${l.describe("warehouse")} must be "local" or "databricks".`);
      }
      return kind;
    }
    const local = l.get("localPath") !== undefined;
    const remote = l.get("warehouseId") !== undefined || l.get("httpPath") !== undefined;
    if (local && remote) {
      throw new WarehouseConfigError(
        `Both a local warehouse path (${l.describe("localPath")}) and a Databricks warehouse (${l.describe("warehouseId")} / ` +
          `${l.describe("httpPath")}) are set; choose one with ${l.describe("warehouse")} = local | databricks.`,
      );
    }
    if (local) return "local";
    if (remote) return "databricks";
  }
  return "local";
}

function normalizeHost(raw: string, from: string): string {
  const host = raw.replace(/^https:\/\//i, "").replace(/\/+$/, "");
  if (!/^[A-Za-z0-9.-]+(:[0-9]+)?$/.test(host)) {
    throw new WarehouseConfigError(
      `Invalid Databricks host in ${from}: expected a workspace host such as dbc-1234.cloud.databricks.com ` +
        "(optionally with https://, no path, no credentials).",
    );
  }
  return host;
}

function resolveHttpPath(ls: Layer[]): string {
  // The first layer that names the warehouse decides, so an id in args beats an http path in config.
  for (const l of ls) {
    const id = l.get("warehouseId");
    if (id !== undefined) {
      if (!/^[A-Za-z0-9]+$/.test(id)) {
        throw new WarehouseConfigError(`Invalid ${l.describe("warehouseId")}: a SQL warehouse id has only letters and digits.`);
      }
      return `/sql/1.0/warehouses/${id}`;
    }
    const p = l.get("httpPath");
    if (p !== undefined) {
      if (!/^\/[A-Za-z0-9/._-]+$/.test(p)) {
        throw new WarehouseConfigError(`Invalid ${l.describe("httpPath")}: expected a path such as /sql/1.0/warehouses/<id>.`);
      }
      return p;
    }
  }
  throw new WarehouseConfigError(`The Databricks SQL warehouse is not set: set ${howToSet("warehouseId", ls)} (or ${ENV_VARS.httpPath}).`);
}

function resolveAuth(ls: Layer[], host: string): DatabricksAuth {
  // Credentials come from the highest-precedence place that holds any, so config never mixes with a stray env token.
  for (let i = 0; i < ls.length; i++) {
    const l = ls[i];
    const token = l.get("token");
    if (token !== undefined) return { type: "pat", token: new Secret(token) };
    const m2m = servicePrincipal(ls, i, "clientId", "clientSecret");
    if (m2m) return { type: "oauth-m2m", ...m2m };
    const azure = servicePrincipal(ls, i, "azureClientId", "azureClientSecret");
    if (azure) {
      if (!isAzureHost(host)) {
        throw new WarehouseConfigError(
          `${l.describe("azureClientId")} selects Microsoft Entra ID (Azure) authentication, but ${host} is not an Azure Databricks host; ` +
            `use ${howToSet("clientId", ls)} and ${howToSet("clientSecret", ls)} (Databricks OAuth) instead.`,
        );
      }
      const tenant = pick(ls, "azureTenantId");
      if (!tenant) {
        throw new WarehouseConfigError(
          `Azure client-secret authentication needs the service principal's Entra tenant: set ${howToSet("azureTenantId", ls)}.`,
        );
      }
      return { type: "azure-client-secret", ...azure, tenantId: tenant.value };
    }
  }
  throw new WarehouseConfigError(
    `No Databricks credentials found: set a personal access token with ${howToSet("token", ls)}, ` +
      `or OAuth M2M credentials with ${howToSet("clientId", ls)} and ${howToSet("clientSecret", ls)}` +
      (isAzureHost(host) ? `, or an Entra ID service principal with ${howToSet("azureClientId", ls)}, ${howToSet("azureClientSecret", ls)} and ${howToSet("azureTenantId", ls)}` : "") +
      `, or name a profile of ~/.databrickscfg with ${PROFILE_SETTINGS.profile.env} (or stack config ${PROFILE_SETTINGS.profile.config}).`,
  );
}

/**
 * The service principal (id + secret) that layer `i` starts, or undefined when it names none. The secret
 * may come from the same or a lower layer (ids in config, secret in the environment is common).
 */
function servicePrincipal(
  ls: Layer[],
  i: number,
  idField: "clientId" | "azureClientId",
  secretField: "clientSecret" | "azureClientSecret",
): { clientId: string; clientSecret: Secret } | undefined {
  const l = ls[i];
  const clientId = l.get(idField);
  if (clientId === undefined && l.get(secretField) === undefined) return undefined;
  if (clientId === undefined) {
    throw new WarehouseConfigError(`${l.describe(secretField)} is set but the OAuth client id is missing: set ${howToSet(idField, ls)}.`);
  }
  const secret = pick(ls.slice(i), secretField);
  if (!secret) {
    throw new WarehouseConfigError(
      `OAuth client id is set (${l.describe(idField)}) but the client secret is missing: set ${howToSet(secretField, ls)}.`,
    );
  }
  return { clientId, clientSecret: new Secret(secret.value) };
}

function resolveConcurrency(ls: Layer[], kind: "local" | "databricks"): number {
  const v = pick(ls, "maxConcurrency");
  if (!v) return DEFAULT_MAX_CONCURRENCY[kind];
  const n = Number(v.value);
  if (!Number.isInteger(n) || n < 1) throw new WarehouseConfigError(`Invalid ${v.from}: expected a positive integer.`);
  return n;
}

/** The request rate limit (statements per second) asked for, or undefined: validated by the args' own schema. */
function resolveRequestRate(ls: Layer[]): number | undefined {
  const v = pick(ls, "maxRequestsPerSecond");
  if (!v) return undefined;
  const parsed = maxRequestsPerSecondSchema.safeParse(/^\s*[0-9.eE+-]+\s*$/.test(v.value) ? Number(v.value) : v.value);
  if (!parsed.success) {
    throw new WarehouseConfigError(`Invalid ${v.from}: ${parsed.error.issues[0].message}`);
  }
  return parsed.data;
}

/**
 * The session STATEMENT_TIMEOUT the user asked for, or undefined. Never defaulted: any value we set
 * would override the workspace admin's setting, and a lower one cancels (and undoes) long clones.
 */
function resolveStatementTimeout(ls: Layer[]): number | undefined {
  const v = pick(ls, "statementTimeoutSeconds");
  if (!v) return undefined;
  const n = Number(v.value);
  if (!/^\d+$/.test(v.value) || !Number.isSafeInteger(n) || n < 1) {
    throw new WarehouseConfigError(
      `Invalid ${v.from}: statementTimeoutSeconds must be a positive integer number of seconds ` +
        "(leave it unset to keep the workspace's STATEMENT_TIMEOUT).",
    );
  }
  return n;
}

/**
 * Resolves the warehouse connection. Precedence per setting: `args` → stack config (`config(key)`) → `env`.
 * The kind is the first of: explicit `kind` / `catalog-clone:warehouse` / UC_CLONE_WAREHOUSE; a layer naming
 * a local path (→ local) or a warehouse id / http path (→ databricks); otherwise local at `.warehouse/default`.
 * @throws WarehouseConfigError naming the missing or invalid key and how to set it (never a value).
 */
export function resolveWarehouseConnection(
  args: WarehouseConnectionArgs | undefined,
  config: ConfigGetter = () => undefined,
  env: Readonly<Record<string, string | undefined>> = {},
  baseDir: string = projectRoot(),
): WarehouseConnection {
  const ls = parseLayers(args, config, env, baseDir);
  const target = resolveTarget(ls, baseDir);
  if (target.kind === "local") return target;
  const statementTimeoutSeconds = resolveStatementTimeout(ls);
  return { ...target, auth: resolveAuth(ls, target.host), ...(statementTimeoutSeconds !== undefined ? { statementTimeoutSeconds } : {}) };
}

/**
 * The connection identity (see connectionIdentity) the same inputs resolve to, without requiring
 * credentials: for keying registries and caches before (or without) connecting.
 */
export function resolveWarehouseIdentity(
  args: WarehouseConnectionArgs | undefined,
  config: ConfigGetter = () => undefined,
  env: Readonly<Record<string, string | undefined>> = {},
  baseDir: string = projectRoot(),
): string {
  return connectionIdentity(resolveTarget(parseLayers(args, config, env, baseDir), baseDir));
}

function parseLayers(
  args: WarehouseConnectionArgs | undefined,
  config: ConfigGetter,
  env: Readonly<Record<string, string | undefined>>,
  baseDir: string,
): Layer[] {
  const parsed = warehouseConnectionArgsSchema.safeParse(args ?? {});
  if (!parsed.success) {
    const problems = inputProblems(parsed.error, args ?? {}, warehouseConnectionArgsSchema, "connection");
    throw new WarehouseConfigError(`Invalid warehouse connection arguments: ${problemsText(problems)}`);
  }
  const explicit = layers(parsed.data, config, env);
  // A connection with its own namespace reads only that namespace: never the stack's default credentials or profile.
  if (parsed.data.configNamespace !== undefined) {
    LAYER_NAMESPACE.set(explicit, parsed.data.configNamespace);
    return explicit;
  }
  return [...explicit, profileLayer(explicit, config, env, baseDir)];
}

type Target =
  | { kind: "local"; path: string; maxConcurrency: number; maxRequestsPerSecond?: number }
  | { kind: "databricks"; host: string; httpPath: string; maxConcurrency: number; maxRequestsPerSecond?: number };

function resolveTarget(ls: Layer[], cwd: string): Target {
  const kind = chooseKind(ls);
  const maxConcurrency = resolveConcurrency(ls, kind);
  const rate = resolveRequestRate(ls);
  const limits = { maxConcurrency, ...(rate !== undefined ? { maxRequestsPerSecond: rate } : {}) };
  if (kind === "local") {
    const p = pick(ls, "localPath")?.value ?? DEFAULT_LOCAL_PATH;
    return { kind, path: path.resolve(cwd, p), ...limits };
  }
  const host = pick(ls, "host");
  if (!host) throw new WarehouseConfigError(`The Databricks host is not set: set ${howToSet("host", ls)}.`);
  return { kind, host: normalizeHost(host.value, host.from), httpPath: resolveHttpPath(ls), ...limits };
}

/**
 * The warehouse's identity in this process: the concurrency limit and the connection pool are keyed by it.
 * Contains no credential.
 */
export function connectionIdentity(conn: Target | WarehouseConnection): string {
  return conn.kind === "local" ? `local:${conn.path}` : `databricks:${conn.host.toLowerCase()}${conn.httpPath}`;
}

/**
 * Where a warehouse's objects live, from its identity: the directory of a local warehouse, the workspace
 * host of a Databricks one. Every SQL warehouse of a workspace reaches the same Unity Catalog objects, so
 * two identities that differ only in the warehouse id have the same location.
 */
export function identityLocation(identity: string): string {
  if (!identity.startsWith("databricks:")) return identity;
  const rest = identity.slice("databricks:".length);
  const slash = rest.indexOf("/");
  return `databricks:${(slash < 0 ? rest : rest.slice(0, slash)).toLowerCase()}`;
}

/** A one-line, credential-free description for logs and messages. */
export function describeConnection(conn: WarehouseConnection): string {
  if (conn.kind === "local") return `local warehouse at ${conn.path}`;
  const auth =
    conn.auth.type === "pat"
      ? "personal access token"
      : conn.auth.type === "oauth-m2m"
        ? `OAuth M2M client ${conn.auth.clientId}`
        : `Entra ID service principal ${conn.auth.clientId} (tenant ${conn.auth.tenantId})`;
  return `Databricks SQL warehouse ${conn.httpPath} on ${conn.host} (${auth})`;
}
