/**
 * Databricks config profiles (`~/.databrickscfg`), read the way Databricks unified auth reads them (the
 * SDKs and CLI): an INI file of `[profile]` sections; the profile named by DATABRICKS_CONFIG_PROFILE (or
 * `databricks:profile`), else `[DEFAULT]`; the file named by DATABRICKS_CONFIG_FILE (or
 * `databricks:configFile`), else `~/.databrickscfg`. Only the keys this library uses are read. A small
 * synchronous reader rather than @databricks/sdk-experimental's Config: connection resolution is
 * synchronous (identities are computed before connecting) and that SDK resolves asynchronously.
 */
import * as fs from "fs";
import * as path from "path";

/** Profile keys read, and the connection setting each one supplies. */
export const PROFILE_KEYS = {
  host: "host",
  token: "token",
  client_id: "clientId",
  client_secret: "clientSecret",
  azure_client_id: "azureClientId",
  azure_client_secret: "azureClientSecret",
  azure_tenant_id: "azureTenantId",
  warehouse_id: "warehouseId",
  http_path: "httpPath",
} as const;

export type ProfileField = (typeof PROFILE_KEYS)[keyof typeof PROFILE_KEYS];

export const DEFAULT_CONFIG_FILE = "~/.databrickscfg";
export const DEFAULT_PROFILE = "DEFAULT";

/** A profile that is asked for but cannot be read. The message names the file and profile, never a value. */
export class ProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProfileError";
  }
}

/**
 * Parses INI text into sections of key → value. Rules (as the `ini` package the SDK uses, for the cases
 * that occur in these files): `[name]` starts a section; `key = value` (first `=`), both trimmed; lines
 * starting with `#` or `;` are comments, as is ` #` / ` ;` after an unquoted value; a value in matching
 * quotes is unquoted. Keys outside any section are ignored.
 */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      const name = header[1].trim();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0 || !current) continue;
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2];
    else value = value.replace(/\s+[#;].*$/, "").trim();
    if (key !== "") current.set(key, value);
  }
  return sections;
}

export interface ProfileRequest {
  /** Profile asked for explicitly (DATABRICKS_CONFIG_PROFILE / databricks:profile); undefined → DEFAULT, if present. */
  profile?: string;
  /** Config file (DATABRICKS_CONFIG_FILE / databricks:configFile); undefined → ~/.databrickscfg. */
  file?: string;
  /** Home directory for `~` (the HOME of the environment resolved against); unknown → a `~` path is unreadable. */
  home?: string;
  /** Base directory of a relative file path. */
  baseDir: string;
}

export interface LoadedProfile {
  /** Absolute path of the file read. */
  file: string;
  profile: string;
  /** Settings the profile supplies (values may be credentials: callers wrap them in Secret). */
  values: Partial<Record<ProfileField, string>>;
}

/**
 * Reads the requested profile. An explicitly named profile that is missing (no file, no section) is an
 * error; the implicit DEFAULT is simply absent then (unified auth behaves the same way).
 */
export function loadProfile(req: ProfileRequest): LoadedProfile | undefined {
  const explicit = req.profile !== undefined;
  const profile = req.profile ?? DEFAULT_PROFILE;
  const spelled = req.file ?? DEFAULT_CONFIG_FILE;
  const tilde = /^~(?=$|[\\/])/.test(spelled);
  const file = path.resolve(req.baseDir, tilde && req.home !== undefined ? req.home + spelled.slice(1) : spelled);
  let text: string;
  try {
    if (tilde && req.home === undefined) throw new Error("no home directory");
    text = fs.readFileSync(file, "utf8");
  } catch {
    if (!explicit) return undefined;
    throw new ProfileError(`Databricks config profile "${profile}" was asked for, but the config file ${file} cannot be read.`);
  }
  const section = parseIni(text).get(profile);
  if (!section) {
    if (!explicit) return undefined;
    throw new ProfileError(`Databricks config file ${file} has no [${profile}] profile.`);
  }
  const values: Partial<Record<ProfileField, string>> = {};
  for (const [key, field] of Object.entries(PROFILE_KEYS)) {
    const v = section.get(key);
    if (v !== undefined && v !== "") values[field] = v;
  }
  return { file, profile, values };
}
