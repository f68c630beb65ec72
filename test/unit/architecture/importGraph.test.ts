/**
 * The repository's static import graph (`import … from`, `export … from`; `import type` erased at
 * compile time is left out) keeps the layering the packages rely on: no cycles; the embedded engine is
 * reached only through its public surface; library code never loads the engine or test code; the
 * examples never reach into test/.
 */
import { describe, expect, it } from "vitest";
import * as fs from "fs";
import * as path from "path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "../../..");
const TOP_FOLDERS = ["components", "provider", "examples", "test"];
const ENGINE = "provider/warehouse/local/";
const ENGINE_SURFACE = "provider/warehouse/local/index.ts";
const HARNESS = "test/harness/";

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name === "dist" || e.name.startsWith(".")) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...tsFiles(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** True when nothing of the declaration survives compilation (`import type`, or only `type` specifiers). */
function typeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return true;
    const c = node.exportClause;
    return !!c && ts.isNamedExports(c) && c.elements.length > 0 && c.elements.every((e) => e.isTypeOnly);
  }
  const clause = node.importClause;
  if (!clause) return false; // side-effect import
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const b = clause.namedBindings;
  return !!b && ts.isNamedImports(b) && b.elements.length > 0 && b.elements.every((e) => e.isTypeOnly);
}

function resolveRelative(fromFile: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const candidate of [base, `${base}.ts`, path.join(base, "index.ts")]) {
    if (candidate.endsWith(".ts") && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** repo-relative file → repo-relative files it imports at run time. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const files = TOP_FOLDERS.flatMap((f) => (fs.existsSync(path.join(ROOT, f)) ? tsFiles(path.join(ROOT, f)) : []));
  for (const file of files) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, false);
    const edges: string[] = [];
    for (const st of source.statements) {
      if (!(ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) || !st.moduleSpecifier) continue;
      if (typeOnly(st)) continue;
      const spec = (st.moduleSpecifier as ts.StringLiteral).text;
      if (!spec.startsWith(".")) continue;
      const target = resolveRelative(file, spec);
      if (target) edges.push(path.relative(ROOT, target).split(path.sep).join("/"));
    }
    graph.set(path.relative(ROOT, file).split(path.sep).join("/"), edges);
  }
  return graph;
}

/** Every cycle's files, one cycle per strongly connected component (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

const graph = importGraph();
const edges = [...graph].flatMap(([from, tos]) => tos.map((to) => ({ from, to })));
const isLibrary = (f: string) => f.startsWith("components/") || (f.startsWith("provider/") && !f.startsWith(ENGINE));

describe("import graph", () => {
  it("sees the repository (a broken walk would pass every rule below)", () => {
    expect(graph.has(ENGINE_SURFACE)).toBe(true);
    expect(graph.get(ENGINE_SURFACE)!.length).toBeGreaterThan(0);
    expect(edges.length).toBeGreaterThan(500);
  });

  it("has no import cycles", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("reaches the embedded engine from outside only by its package name", () => {
    // A path into the engine's folder resolves through its package.json to the build (dist/), which may be
    // stale under vitest and is a second copy of the engine next to the sources the package name maps to.
    expect(edges.filter((e) => !e.from.startsWith(ENGINE) && e.to.startsWith(ENGINE))).toEqual([]);
  });

  it("keeps the engine free of imports from outside its folder (it is its own package)", () => {
    expect(edges.filter((e) => e.from.startsWith(ENGINE) && !e.to.startsWith(ENGINE))).toEqual([]);
  });

  it("keeps the stack harness's sources free of imports from outside its folder (it is its own package)", () => {
    expect(edges.filter((e) => e.from.startsWith(HARNESS) && !e.from.endsWith(".test.ts") && !e.to.startsWith(HARNESS))).toEqual([]);
  });

  it("never loads the engine or test code from library code (components/, provider/)", () => {
    expect(edges.filter((e) => isLibrary(e.from) && (e.to.startsWith(ENGINE) || e.to.startsWith("test/")))).toEqual([]);
  });

  it("never imports test/ from examples/", () => {
    expect(edges.filter((e) => e.from.startsWith("examples/") && e.to.startsWith("test/"))).toEqual([]);
  });
});
