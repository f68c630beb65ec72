/**
 * The Databricks Files API port (provider/warehouse/databricks/filesApi.ts) against a fake fetch that
 * serves an in-memory volume the way the documented API answers (no workspace is reachable here): the
 * requests it sends (methods, paths, paging, overwrite, auth), the bytes it moves, and its errors.
 */
import { describe, expect, it } from "vitest";
import { DatabricksFilesApi } from "../../../provider/warehouse/databricks/filesApi";
import { Secret } from "../../../provider/warehouse/secret";
import { WarehouseError } from "../../../provider/warehouse/warehouse";

const TOKEN = "dapi0123456789abcdef0123456789abcdef";

/** An in-memory Files API: files by absolute path; directories implied, listed one page of `pageSize` at a time. */
function fakeWorkspace(pageSize = 2) {
  const files = new Map<string, { data: Uint8Array; mtime: number }>();
  const dirs = new Set<string>(["/Volumes/c/s/v"]);
  const calls: string[] = [];
  const auth: string[] = [];
  let failNext: number | undefined;
  const fetchFn = (async (url: string, init: { method: string; headers: Record<string, string>; body?: Uint8Array | string }) => {
    const u = new URL(url);
    const path = decodeURIComponent(u.pathname.replace(/^\/api\/2\.0\/fs\/(files|directories)/, ""));
    calls.push(`${init.method} ${u.pathname}${u.search}`);
    auth.push(init.headers.Authorization ?? "");
    if (failNext) {
      const status = failNext;
      failNext = undefined;
      return new Response(JSON.stringify({ error_code: "TEMPORARILY_UNAVAILABLE", message: "busy" }), { status });
    }
    const notFound = () => new Response(JSON.stringify({ error_code: "NOT_FOUND", message: `no ${path}` }), { status: 404 });
    if (u.pathname.startsWith("/api/2.0/fs/directories")) {
      if (init.method === "PUT") {
        for (let p = path; p.length > 1; p = p.slice(0, p.lastIndexOf("/"))) dirs.add(p);
        return new Response(null, { status: 204 });
      }
      if (!dirs.has(path)) return notFound();
      const children = new Map<string, { path: string; name: string; is_directory: boolean; file_size?: number; last_modified?: number }>();
      for (const d of dirs) if (d.startsWith(`${path}/`) && !d.slice(path.length + 1).includes("/")) children.set(d, { path: `${d}/`, name: d.slice(path.length + 1), is_directory: true });
      for (const [p, f] of files) {
        if (p.startsWith(`${path}/`) && !p.slice(path.length + 1).includes("/")) children.set(p, { path: p, name: p.slice(path.length + 1), is_directory: false, file_size: f.data.length, last_modified: f.mtime });
      }
      const all = [...children.values()].sort((a, b) => a.name.localeCompare(b.name));
      const start = Number(u.searchParams.get("page_token") ?? 0);
      const page = all.slice(start, start + pageSize);
      const next = start + pageSize < all.length ? { next_page_token: String(start + pageSize) } : {};
      return new Response(JSON.stringify({ contents: page, ...next }), { status: 200 });
    }
    if (init.method === "PUT") {
      const parent = path.slice(0, path.lastIndexOf("/"));
      // GUESS mirrored from the docs' silence: an upload into a missing directory is refused here, so the port must create parents.
      if (!dirs.has(parent)) return notFound();
      if (u.searchParams.get("overwrite") !== "true" && files.has(path)) return new Response(JSON.stringify({ error_code: "ALREADY_EXISTS" }), { status: 409 });
      files.set(path, { data: new Uint8Array(init.body as Uint8Array), mtime: 1_700_000_000_000 + files.size });
      return new Response(null, { status: 204 });
    }
    const f = files.get(path);
    if (!f) return notFound();
    if (init.method === "DELETE") {
      files.delete(path);
      return new Response(null, { status: 204 });
    }
    return new Response(f.data, { status: 200 });
  }) as unknown as typeof fetch;
  return { files, calls, auth, fetchFn, failOnce: (status: number) => (failNext = status) };
}

const api = (ws: ReturnType<typeof fakeWorkspace>) =>
  new DatabricksFilesApi({ host: "dbc-1.cloud.databricks.com", auth: { type: "pat", token: new Secret(TOKEN) }, fetch: ws.fetchFn, retry: { baseDelayMs: 1, maxDelayMs: 2 } });

describe("Databricks Files API port", () => {
  it("writes (creating the parent directory), lists recursively across pages, reads the same bytes and deletes", async () => {
    const ws = fakeWorkspace(1);
    const port = api(ws);
    const bin = new Uint8Array([0, 1, 2, 255]);
    await port.write("/Volumes/c/s/v/a.csv", new TextEncoder().encode("id\n1\n"));
    await port.write("/Volumes/c/s/v/2026/01/b b.bin", bin);
    await port.write("/Volumes/c/s/v/2026/c.txt", new TextEncoder().encode("c"));
    expect(ws.calls).toContain("PUT /api/2.0/fs/directories/Volumes/c/s/v/2026/01");
    expect(ws.calls).toContain("PUT /api/2.0/fs/files/Volumes/c/s/v/2026/01/b%20b.bin?overwrite=true");
    const listed = await port.listTree("/Volumes/c/s/v");
    expect(listed.map((f) => [f.path, f.size])).toEqual([
      ["2026/01/b b.bin", 4],
      ["2026/c.txt", 1],
      ["a.csv", 5],
    ]);
    expect(listed.every((f) => f.modifiedMs > 0)).toBe(true);
    expect(ws.calls.filter((c) => c.includes("page_token")).length).toBeGreaterThan(0); // one entry per page
    expect(await port.read("/Volumes/c/s/v/2026/01/b b.bin")).toEqual(bin);
    await port.delete("/Volumes/c/s/v/a.csv");
    expect([...ws.files.keys()].sort()).toEqual(["/Volumes/c/s/v/2026/01/b b.bin", "/Volumes/c/s/v/2026/c.txt"]);
    expect(new Set(ws.auth)).toEqual(new Set([`Bearer ${TOKEN}`]));
  });

  it("retries throttling; a missing file is NOT_FOUND with no credential in the message", async () => {
    const ws = fakeWorkspace();
    const port = api(ws);
    ws.failOnce(503);
    await port.write("/Volumes/c/s/v/x", new Uint8Array([1]));
    expect(ws.files.has("/Volumes/c/s/v/x")).toBe(true);
    const err = await port.read("/Volumes/c/s/v/missing").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WarehouseError);
    expect((err as WarehouseError).errorClass).toBe("NOT_FOUND");
    expect(String((err as Error).message)).not.toContain(TOKEN);
  });

  it("OAuth M2M: one token from the workspace's /oidc/v1/token (client credentials, all-apis), reused", async () => {
    const ws = fakeWorkspace();
    const seen: { url: string; body: string; auth: string }[] = [];
    const fetchFn = (async (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => {
      if (url.endsWith("/oidc/v1/token")) {
        seen.push({ url, body: String(init.body), auth: init.headers.Authorization });
        return new Response(JSON.stringify({ access_token: "oauth-token", expires_in: 3600 }), { status: 200 });
      }
      return ws.fetchFn(url, init as never);
    }) as unknown as typeof fetch;
    const port = new DatabricksFilesApi({ host: "dbc-1.cloud.databricks.com", auth: { type: "oauth-m2m", clientId: "sp", clientSecret: new Secret("sp-secret") }, fetch: fetchFn });
    await port.write("/Volumes/c/s/v/a", new Uint8Array([1]));
    await port.read("/Volumes/c/s/v/a");
    expect(seen).toEqual([
      { url: "https://dbc-1.cloud.databricks.com/oidc/v1/token", body: "grant_type=client_credentials&scope=all-apis", auth: `Basic ${Buffer.from("sp:sp-secret").toString("base64")}` },
    ]);
    expect(new Set(ws.auth)).toEqual(new Set(["Bearer oauth-token"]));
  });
});
