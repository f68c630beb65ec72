/**
 * The library as users get it: `npm pack` of a checkout without dist/ (prepack builds), the tarball's
 * contents, and a separate Pulumi TypeScript project that depends on the tarball, installed with npm,
 * running preview → up → destroy of a CatalogClone through the harness the Pulumi CLI's way (its own
 * @pulumi/pulumi, ts-node type-checking against the package's .d.ts, the provider plugin loading the
 * packaged handlers) against an embedded warehouse. Slow (a build and an npm install): one test.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { HarnessStack } from "../harness/harnessStack";
import { stackConfigOf } from "../harness/cli";
import { LocalWarehouse } from "../../provider/warehouse/local";

const ROOT = path.resolve(__dirname, "..", "..");
const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-pack-")));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

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

describe("the packed library", () => {
  it("npm pack builds it, and a separate Pulumi project using the tarball previews, ups and destroys a CatalogClone", async () => {
    // 1. A checkout without dist/: the files git tracks (or would), sharing this checkout's node_modules.
    const src = path.join(tmp, "src");
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT })
      .toString()
      .split("\0")
      .filter((f) => f !== "" && !f.startsWith("node_modules") && fs.existsSync(path.join(ROOT, f)) && fs.lstatSync(path.join(ROOT, f)).isFile());
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(src, f)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, f), path.join(src, f));
    }
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(src, "node_modules"), "dir");
    expect(fs.existsSync(path.join(src, "dist"))).toBe(false);

    // 2. npm pack: prepack builds; the tarball holds the library and nothing that points outside it.
    run("npm", ["pack", "--pack-destination", tmp], src);
    const tarball = fs.readdirSync(tmp).find((f) => f.endsWith(".tgz"));
    expect(tarball).toBeDefined();
    const unpacked = path.join(tmp, "unpacked");
    fs.mkdirSync(unpacked);
    run("tar", ["-xzf", path.join(tmp, tarball!), "-C", unpacked], tmp);
    const pkgDir = path.join(unpacked, "package");
    const packed = run("tar", ["-tzf", path.join(tmp, tarball!)], tmp)
      .split("\n")
      .filter((l) => l !== "" && !l.endsWith("/"))
      .map((l) => l.replace(/^package\//, ""));
    expect(packed).toContain("dist/components/index.js");
    expect(packed).toContain("dist/components/index.d.ts");
    expect(packed).toContain("dist/provider/resources/table/handler.js");
    expect(packed.filter((f) => !/^(dist\/(components|provider)\/|package\.json$|README\.md$)/.test(f))).toEqual([]);
    expect(danglingImports(pkgDir, packed)).toEqual([]);

    // 3. A separate Pulumi TypeScript project (the layout `pulumi new typescript` makes) depending on the tarball.
    const proj = path.join(tmp, "project");
    fs.mkdirSync(proj);
    fs.writeFileSync(
      path.join(proj, "package.json"),
      JSON.stringify(
        {
          name: "uses-uc-clone",
          main: "index.ts",
          private: true,
          dependencies: { "@pulumi/pulumi": version("@pulumi/pulumi"), "pulumi-uc-clone": `file:../${tarball}` },
          devDependencies: { "@types/node": version("@types/node"), typescript: version("typescript") },
        },
        null,
        2,
      ),
    );
    fs.writeFileSync(path.join(proj, "Pulumi.yaml"), "name: uses-uc-clone\nruntime:\n  name: nodejs\n  options:\n    packagemanager: npm\n");
    // A relative warehouse path in stack config: resolved against this project's root.
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
    run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], proj);
    expect(fs.realpathSync(path.join(proj, "node_modules", "pulumi-uc-clone"))).toBe(path.join(proj, "node_modules", "pulumi-uc-clone"));

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
      const stack = () => {
        const { config, secretConfig } = stackConfigOf(proj, "dev");
        return new HarnessStack({
          programDir: proj,
          stack: "dev",
          config,
          secretConfig,
          statePath: path.join(tmp, "dev.json"),
          log: (l) => logs.push(l),
          env: { TS_NODE_CACHE_DIRECTORY: path.join(tmp, "ts-node-cache"), PULUMI_NODEJS_TRANSPILE_ONLY: undefined, PULUMI_UC_CLONE_ROOT: undefined },
        });
      };
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
});
