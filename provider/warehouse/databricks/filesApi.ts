/**
 * The file-copy port (../volumeFiles.ts) over the Databricks Files API (`/api/2.0/fs`), with the host and
 * credentials of the SQL connection:
 * - list: `GET /api/2.0/fs/directories{dir}` (entries `path`, `is_directory`, `file_size`, `last_modified`
 *   in ms, `name`; paged with `page_token` until no `next_page_token`), walked recursively;
 * - read: `GET /api/2.0/fs/files{path}` (raw bytes);
 * - write: `PUT /api/2.0/fs/directories{parent}` (creates it and its parents; success when it exists),
 *   then `PUT /api/2.0/fs/files{path}?overwrite=true` with the raw bytes as `application/octet-stream`
 *   (files up to 5 GiB);
 * - delete: `DELETE /api/2.0/fs/files{path}`.
 * Every call is idempotent, so transient failures (429, 502-504, a dropped connection) are retried with
 * the warehouse's backoff. Errors carry the API's `error_code` as their class (NOT_FOUND, PERMISSION_DENIED,
 * ...), else `HTTP_<status>`; no message ever contains a credential.
 * NOT PROVED against a workspace: written from the documented API and tested with a fake fetch only.
 * Tokens: a PAT as a bearer token; OAuth M2M from the workspace's `/oidc/v1/token` (client credentials,
 * scope `all-apis`); Microsoft Entra ID client credentials from login.microsoftonline.com with the Azure
 * Databricks application's scope (GUESS: the same token the SQL driver's Azure flow gets is accepted here;
 * Azure Government's login host is not handled).
 */
import type { DatabricksAuth } from "../connectionConfig";
import { redactSecrets, type Secret } from "../secret";
import { WarehouseError } from "../warehouse";
import { withRetry, type RetryPolicy } from "../retry";
import type { VolumeFile, VolumeFiles } from "../volumeFiles";

/** The application id of Azure Databricks in Microsoft Entra ID (the scope of its tokens). */
const AZURE_DATABRICKS_APP = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";

export interface FilesApiOptions {
  /** Host without scheme (`dbc-1234.cloud.databricks.com`). */
  host: string;
  auth: DatabricksAuth;
  /** Tests: a fake fetch. */
  fetch?: typeof fetch;
  retry?: Partial<RetryPolicy>;
}

/** A directory entry of the Files API. */
interface DirectoryEntry {
  path?: string;
  name?: string;
  is_directory?: boolean;
  file_size?: number;
  last_modified?: number;
}

/** `/Volumes/a b/c` → `/Volumes/a%20b/c`: each segment encoded, the slashes kept. */
function encodePath(path: string): string {
  return path
    .split("/")
    .map((s) => encodeURIComponent(s))
    .join("/");
}

export class DatabricksFilesApi implements VolumeFiles {
  readonly #opts: FilesApiOptions;
  readonly #fetch: typeof fetch;
  #token: { value: string; expiresAt: number } | undefined;
  /** Directories already made by this instance (one PUT each). */
  readonly #made = new Set<string>();

  constructor(opts: FilesApiOptions) {
    this.#opts = opts;
    this.#fetch = opts.fetch ?? fetch;
  }

  #secrets(): Secret[] {
    const a = this.#opts.auth;
    return a.type === "pat" ? [a.token] : [a.clientSecret];
  }

  #base(): string {
    return `https://${this.#opts.host.replace(/^https?:\/\//, "").replace(/\/+$/, "")}`;
  }

  /** A bearer token: the PAT, or an OAuth token fetched once and reused until a minute before it expires. */
  async #bearer(): Promise<string> {
    const a = this.#opts.auth;
    if (a.type === "pat") return a.token.reveal();
    if (this.#token && this.#token.expiresAt > Date.now() + 60_000) return this.#token.value;
    let url: string;
    const body = new URLSearchParams({ grant_type: "client_credentials" });
    const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
    if (a.type === "oauth-m2m") {
      url = `${this.#base()}/oidc/v1/token`;
      body.set("scope", "all-apis");
      headers.Authorization = `Basic ${Buffer.from(`${a.clientId}:${a.clientSecret.reveal()}`).toString("base64")}`;
    } else {
      url = `https://login.microsoftonline.com/${encodeURIComponent(a.tenantId)}/oauth2/v2.0/token`;
      body.set("client_id", a.clientId);
      body.set("client_secret", a.clientSecret.reveal());
      body.set("scope", `${AZURE_DATABRICKS_APP}/.default`);
    }
    const res = await this.#send("POST", url, { headers, body: body.toString() }, "token request");
    const json = (await res.json()) as { access_token?: string; expires_in?: number };
    if (!json.access_token) throw new WarehouseError({ errorClass: "UNAUTHENTICATED", message: "the OAuth token response held no access_token" });
    this.#token = { value: json.access_token, expiresAt: Date.now() + (json.expires_in ?? 300) * 1000 };
    return json.access_token;
  }

  /** One HTTP call; a failure becomes a WarehouseError (no credential in it). */
  async #send(method: string, url: string, init: { headers?: Record<string, string>; body?: string | Uint8Array }, what: string): Promise<Response> {
    let res: Response;
    try {
      res = await this.#fetch(url, { method, headers: init.headers, body: init.body as never });
    } catch (err) {
      const text = redactSecrets(err instanceof Error ? err.message : String(err), this.#secrets());
      throw new WarehouseError({ errorClass: "NETWORK_ERROR", message: `Files API ${what}: ${text}`, mayHaveRun: method !== "GET" });
    }
    if (res.ok) return res;
    let code = `HTTP_${res.status}`;
    let message = res.statusText;
    try {
      const body = (await res.json()) as { error_code?: string; message?: string };
      if (body.error_code) code = body.error_code;
      if (body.message) message = body.message;
    } catch {
      // no JSON body: the status says it
    }
    // Throttling and unavailability keep their HTTP class, which the retry layer treats as transient.
    if (res.status === 429 || res.status === 502 || res.status === 503 || res.status === 504) code = `HTTP_${res.status}`;
    throw new WarehouseError({
      errorClass: code,
      message: WarehouseError.format(code, `Files API ${what} failed (HTTP ${res.status}): ${redactSecrets(message, this.#secrets())}`, res.status === 404 ? "42704" : "58000"),
    });
  }

  /** An authenticated Files API call, retried on transient failures (every call here is idempotent). */
  #call(method: string, apiPath: string, what: string, body?: Uint8Array): Promise<Response> {
    return withRetry(
      async () => {
        const headers: Record<string, string> = { Authorization: `Bearer ${await this.#bearer()}` };
        if (body) headers["Content-Type"] = "application/octet-stream";
        return this.#send(method, `${this.#base()}${apiPath}`, { headers, body }, what);
      },
      this.#opts.retry,
      {},
      true,
    );
  }

  async #listDirectory(dir: string): Promise<DirectoryEntry[]> {
    const out: DirectoryEntry[] = [];
    let token: string | undefined;
    do {
      const query = token ? `?page_token=${encodeURIComponent(token)}` : "";
      const res = await this.#call("GET", `/api/2.0/fs/directories${encodePath(dir)}${query}`, `list ${dir}`);
      const page = (await res.json()) as { contents?: DirectoryEntry[]; next_page_token?: string };
      out.push(...(page.contents ?? []));
      token = page.next_page_token || undefined;
    } while (token);
    return out;
  }

  async listTree(root: string): Promise<VolumeFile[]> {
    const out: VolumeFile[] = [];
    const walk = async (dir: string, prefix: string): Promise<void> => {
      for (const e of await this.#listDirectory(dir)) {
        const name = e.name ?? (e.path ?? "").split("/").filter((s) => s !== "").pop() ?? "";
        if (name === "") continue;
        const rel = prefix === "" ? name : `${prefix}/${name}`;
        if (e.is_directory) await walk(`${dir}/${name}`, rel);
        else out.push({ path: rel, size: Number(e.file_size ?? 0), modifiedMs: Number(e.last_modified ?? 0) });
      }
    };
    await walk(root.replace(/\/+$/, ""), "");
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async read(path: string): Promise<Uint8Array> {
    const res = await this.#call("GET", `/api/2.0/fs/files${encodePath(path)}`, `download ${path}`);
    return new Uint8Array(await res.arrayBuffer());
  }

  async write(path: string, data: Uint8Array): Promise<void> {
    const parent = path.slice(0, path.lastIndexOf("/"));
    if (parent !== "" && !this.#made.has(parent)) {
      await this.#call("PUT", `/api/2.0/fs/directories${encodePath(parent)}`, `create directory ${parent}`);
      this.#made.add(parent);
    }
    await this.#call("PUT", `/api/2.0/fs/files${encodePath(path)}?overwrite=true`, `upload ${path}`, data);
  }

  async delete(path: string): Promise<void> {
    await this.#call("DELETE", `/api/2.0/fs/files${encodePath(path)}`, `delete ${path}`);
  }
}
