/**
 * The packages as users get them: `npm pack` of a checkout without dist/ (prepack builds) of the library
 * (pulumi-uc-clone) and of the embedded engine (pulumi-uc-clone-local-warehouse), the tarballs'
 * contents, and separate Pulumi TypeScript projects that install the tarballs with npm:
 * - the library with the engine runs preview → up → destroy of a CatalogClone through the harness the
 *   Pulumi CLI's way (its own @pulumi/pulumi, ts-node type-checking against the package's .d.ts, the
 *   provider plugin loading the packaged handlers) against an embedded warehouse;
 * - the library alone (a Databricks-only user) installs no DuckDB and no engine, and a stack left on the
 *   local backend fails naming the package to install.
 * Slow (a build and npm installs): the packing is shared by the two tests.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HarnessStack, stackConfigOf } from "pulumi-uc-clone-stack-harness";
import { LocalWarehouse } from "pulumi-uc-clone-local-warehouse";

const ROOT = path.resolve(__dirname, "..", "..");
const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-pack-")));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The workspace packages of this repository, by name: their folders. */
const WORKSPACES: Record<string, string> = {
  "pulumi-uc-clone-local-warehouse": "provider/warehouse/local",
  "pulumi-uc-clone-stack-harness": "test/harness",
};

function version(pkg: string): string {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", pkg, "package.json"), "utf8")).version;
}

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: process.env, timeout: 600_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Relative module specifiers of a .js (require/import) or .d.ts (import/export from, import()) file. */
function relativeSpecifiers(text: string): string[] {
  const found: string[] = [];
  for (const re of [/require\(\s*["'](\.{1,2}\/[^"']*)["']\s*\)/g, /from\s+["'](\.{1,2}\/[^"']*)["']/g, /import\(\s*["'](\.{1,2}\/[^"']*)["']\s*\)/g]) {
    for (const m of text.matchAll(re)) found.push(m[1]);
  }
  return found;
}

/** Files of the unpacked package whose relative imports name a file the package does not contain. */
function danglingImports(pkgDir: string, files: string[]): string[] {
  const present = new Set(files);
  const dangling: string[] = [];
  for (const f of files.filter((x) => x.endsWith(".js") || x.endsWith(".d.ts"))) {
    const ext = f.endsWith(".d.ts") ? ".d.ts" : ".js";
    for (const spec of relativeSpecifiers(fs.readFileSync(path.join(pkgDir, f), "utf8"))) {
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(f), spec));
      const candidates = [base, base + ext, base + ".json", path.posix.join(base, "index" + ext)];
      if (!candidates.some((c) => present.has(c))) dangling.push(`${f} → ${spec}`);
    }
  }
  return dangling;
}

/** A packed package: its tarball, its files (paths inside the package) and where it was unpacked. */
interface Packed {
  tarball: string;
  files: string[];
  dir: string;
}

function unpack(tarball: string): Packed {
  const dir = path.join(tmp, "unpacked", path.basename(tarball, ".tgz"));
  fs.mkdirSync(dir, { recursive: true });
  run("tar", ["-xzf", tarball, "-C", dir], tmp);
  const files = run("tar", ["-tzf", tarball], tmp)
    .split("\n")
    .filter((l) => l !== "" && !l.endsWith("/"))
    .map((l) => l.replace(/^package\//, ""));
  return { tarball, files, dir: path.join(dir, "package") };
}

/** Every package installed under `nodeModules`, nested ones included, by name. */
function installedPackages(nodeModules: string): string[] {
  const names: string[] = [];
  if (!fs.existsSync(nodeModules)) return names;
  for (const entry of fs.readdirSync(nodeModules)) {
    if (entry.startsWith(".")) continue;
    const dirs = entry.startsWith("@") ? fs.readdirSync(path.join(nodeModules, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of dirs) {
      names.push(name);
      names.push(...installedPackages(path.join(nodeModules, name, "node_modules")));
    }
  }
  return names;
}

/**
 * A Pulumi TypeScript project (the layout `pulumi new typescript` makes) depending on `deps` (tarballs
 * by package name), installed with npm, whose program declares a SHALLOW CatalogClone of `prod` into
 * `sandbox` on the local warehouse `<project>/warehouse` (a relative path in stack config, resolved
 * against the project's root).
 */
function pulumiProject(name: string, deps: Record<string, string>): string {
  const proj = path.join(tmp, name);
  fs.mkdirSync(proj);
  const tarballs = Object.fromEntries(Object.entries(deps).map(([pkg, tarball]) => [pkg, `file:${path.relative(proj, tarball)}`]));
  fs.writeFileSync(
    path.join(proj, "package.json"),
    JSON.stringify(
      {
        name: "uses-uc-clone",
        main: "index.ts",
        private: true,
        dependencies: { "@pulumi/pulumi": version("@pulumi/pulumi"), ...tarballs },
        devDependencies: { "@types/node": version("@types/node"), typescript: version("typescript") },
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(path.join(proj, "Pulumi.yaml"), "name: uses-uc-clone\nruntime:\n  name: nodejs\n  options:\n    packagemanager: npm\n");
  fs.writeFileSync(path.join(proj, "Pulumi.dev.yaml"), "config:\n  catalog-clone:localPath: warehouse\n");
  fs.writeFileSync(
    path.join(proj, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { strict: true, outDir: "bin", target: "es2020", module: "commonjs", moduleResolution: "node", sourceMap: true },
      files: ["index.ts"],
    }),
  );
  fs.writeFileSync(
    path.join(proj, "index.ts"),
    [
      'import { CatalogClone } from "pulumi-uc-clone";',
      "",
      'const sandbox = new CatalogClone("sandbox", { source: { catalog: "prod" }, destination: { catalog: "sandbox" }, cloneType: "SHALLOW" });',
      "export const tables = sandbox.tableNames;",
      "",
    ].join("\n"),
  );
  // Offline but for the npm cache: every dependency is already there (this checkout installed it).
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], proj);
  expect(fs.realpathSync(path.join(proj, "node_modules", "pulumi-uc-clone"))).toBe(path.join(proj, "node_modules", "pulumi-uc-clone"));
  return proj;
}

/** The project's `dev` stack run the CLI's way with the harness; `logs` collects what it prints. */
function devStack(proj: string, logs: string[]): HarnessStack {
  const { config, secretConfig } = stackConfigOf(proj, "dev");
  return new HarnessStack({
    programDir: proj,
    stack: "dev",
    config,
    secretConfig,
    statePath: path.join(proj, "dev.json"),
    log: (l) => logs.push(l),
    env: { TS_NODE_CACHE_DIRECTORY: path.join(tmp, "ts-node-cache"), PULUMI_NODEJS_TRANSPILE_ONLY: undefined, PULUMI_UC_CLONE_ROOT: undefined },
  });
}

let library: Packed;
let engine: Packed;

beforeAll(() => {
  // 1. A checkout without dist/: the files git tracks (or would). Its node_modules holds this checkout's
  //    installed packages, but the workspace packages are the copy's own folders, as `npm ci` links them.
  const src = path.join(tmp, "src");
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT })
    .toString()
    .split("\0")
    .filter((f) => f !== "" && !f.startsWith("node_modules") && fs.existsSync(path.join(ROOT, f)) && fs.lstatSync(path.join(ROOT, f)).isFile());
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(src, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(src, f));
  }
  fs.mkdirSync(path.join(src, "node_modules"));
  for (const entry of fs.readdirSync(path.join(ROOT, "node_modules"))) {
    const target = WORKSPACES[entry] ? path.join(src, WORKSPACES[entry]) : path.join(ROOT, "node_modules", entry);
    fs.symlinkSync(target, path.join(src, "node_modules", entry), "dir");
  }
  expect(fs.existsSync(path.join(src, "dist"))).toBe(false);
  for (const dir of Object.values(WORKSPACES)) expect(fs.existsSync(path.join(src, dir, "dist"))).toBe(false);

  // 2. npm pack of the library and of the engine: prepack builds each.
  const packs = path.join(tmp, "packs");
  fs.mkdirSync(packs);
  run("npm", ["pack", "--pack-destination", packs], src);
  run("npm", ["pack", "--pack-destination", packs, "--workspace", "pulumi-uc-clone-local-warehouse"], src);
  const tarball = (name: string) => {
    const found = fs.readdirSync(packs).find((f) => f.startsWith(`${name}-`) && /^\d/.test(f.slice(name.length + 1)));
    expect(found, `${name} in ${fs.readdirSync(packs).join(", ")}`).toBeDefined();
    return path.join(packs, found!);
  };
  library = unpack(tarball("pulumi-uc-clone"));
  engine = unpack(tarball("pulumi-uc-clone-local-warehouse"));
}, 900_000);

describe("the packed packages", () => {
  it("the library ships its dist only, and the engine is a package of its own beside it", () => {
    expect(library.files).toContain("dist/components/index.js");
    expect(library.files).toContain("dist/components/index.d.ts");
    expect(library.files).toContain("dist/provider/resources/table/handler.js");
    expect(library.files.filter((f) => !/^(dist\/(components|provider)\/|package\.json$|README\.md$)/.test(f))).toEqual([]);
    expect(library.files.filter((f) => f.startsWith("dist/provider/warehouse/local/"))).toEqual([]);
    expect(danglingImports(library.dir, library.files)).toEqual([]);
    const libraryManifest = JSON.parse(fs.readFileSync(path.join(library.dir, "package.json"), "utf8"));
    expect(Object.keys(libraryManifest.dependencies).filter((d) => d.startsWith("@duckdb/"))).toEqual([]);
    expect(libraryManifest.peerDependenciesMeta["pulumi-uc-clone-local-warehouse"]).toEqual({ optional: true });

    expect(engine.files).toContain("dist/index.js");
    expect(engine.files).toContain("dist/index.d.ts");
    expect(engine.files).toContain("dist/shell.js");
    expect(engine.files.filter((f) => !/^(dist\/.*\.(js|d\.ts|map)$|package\.json$|README\.md$)/.test(f))).toEqual([]);
    expect(danglingImports(engine.dir, engine.files)).toEqual([]);
    const engineManifest = JSON.parse(fs.readFileSync(path.join(engine.dir, "package.json"), "utf8"));
    expect(Object.keys(engineManifest.dependencies)).toContain("@duckdb/node-api");
  });

  it("a separate Pulumi project using the library and engine tarballs previews, ups and destroys a CatalogClone", async () => {
    // 3. A separate Pulumi TypeScript project depending on both tarballs.
    const proj = pulumiProject("project", { "pulumi-uc-clone": library.tarball, "pulumi-uc-clone-local-warehouse": engine.tarball });

    // 4. The embedded warehouse with a prod catalog.
    const wh = await LocalWarehouse.open(path.join(proj, "warehouse"));
    const catalogs = async () => (await wh.execute("SELECT catalog_name FROM system.information_schema.catalogs")).map((r) => String(r.catalog_name));
    const tablesOf = async (catalog: string) =>
      (await wh.execute(`SELECT table_schema, table_name FROM \`${catalog}\`.information_schema.tables WHERE table_schema <> 'information_schema' ORDER BY 1, 2`)).map(
        (r) => `${r.table_schema}.${r.table_name}`,
      );
    try {
      for (const s of [
        "CREATE CATALOG prod",
        "CREATE SCHEMA prod.sales",
        "CREATE TABLE prod.sales.orders (id INT, amount DOUBLE)",
        "INSERT INTO prod.sales.orders VALUES (1, 10.0), (2, 20.0)",
        "CREATE TABLE prod.sales.items (sku STRING)",
      ]) {
        await wh.execute(s);
      }

      // 5. preview → up → destroy of the project's dev stack, the CLI's way.
      const logs: string[] = [];
      const stack = () => devStack(proj, logs);
      const why = (s: { errors: string[] }) => [...s.errors, ...logs.slice(-30)].join("\n");

      const preview = await stack().preview();
      expect(preview.failed, why(preview)).toBe(false);
      expect(preview.steps.filter((s) => s.op === "create" && s.type.endsWith(":Table")).map((s) => s.name.split("/").pop()).sort()).toEqual([
        "sales.items",
        "sales.orders",
      ]);
      expect(await catalogs()).not.toContain("sandbox");

      const up = await stack().up();
      expect(up.failed, why(up)).toBe(false);
      expect(await tablesOf("sandbox")).toEqual(["sales.items", "sales.orders"]);
      expect((await wh.execute("SELECT id FROM sandbox.sales.orders ORDER BY id")).map((r) => Number(r.id))).toEqual([1, 2]);

      const destroy = await stack().destroy();
      expect(destroy.failed, why(destroy)).toBe(false);
      expect(await catalogs()).not.toContain("sandbox");
      expect(await tablesOf("prod")).toEqual(["sales.items", "sales.orders"]);
    } finally {
      await wh.close();
    }
  }, 900_000);

  it("the library alone installs no DuckDB and no engine, and a stack on the local backend fails naming the package to install", async () => {
    const proj = pulumiProject("databricks-only", { "pulumi-uc-clone": library.tarball });
    const installed = installedPackages(path.join(proj, "node_modules"));
    expect(installed).toContain("pulumi-uc-clone");
    expect(installed).toContain("@databricks/sql");
    expect(installed.filter((p) => p.startsWith("@duckdb/") || p === "pulumi-uc-clone-local-warehouse")).toEqual([]);

    // The project's stack config names a local warehouse directory: the local backend is selected.
    const logs: string[] = [];
    const preview = await devStack(proj, logs).preview();
    expect(preview.failed).toBe(true);
    const said = [...preview.errors, ...logs].join("\n");
    expect(said).toContain("needs the package pulumi-uc-clone-local-warehouse, which is not installed");
    expect(said).toContain("`npm install pulumi-uc-clone-local-warehouse`");
    expect(said).toContain("catalog-clone:warehouse databricks");
    expect(fs.existsSync(path.join(proj, "warehouse"))).toBe(false);
  }, 900_000);
});
