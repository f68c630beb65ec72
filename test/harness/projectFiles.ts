import * as fs from "fs";
import * as path from "path";

// js-yaml ships with @pulumi/pulumi (a dependency of it); typed locally to avoid a new dependency.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const yaml: { load(text: string): unknown } = require("js-yaml");

/** What the harness needs from Pulumi.yaml. */
export interface ProjectFile {
  name: string;
  /** The `main` entry, resolved against the project directory (the directory itself when absent). */
  main: string;
  /** Project-level config defaults (`config:` in Pulumi.yaml), keys namespaced. */
  configDefaults: Record<string, unknown>;
}

/** A stack's config from Pulumi.<stack>.yaml: plain values, and the keys whose values are `secure:`. */
export interface StackConfigFile {
  values: Record<string, unknown>;
  secureKeys: string[];
}

function readYaml(file: string): Record<string, unknown> {
  const doc = yaml.load(fs.readFileSync(file, "utf8"));
  if (typeof doc !== "object" || doc === null) throw new Error(`[harness] ${file}: expected a YAML mapping`);
  return doc as Record<string, unknown>;
}

/** Namespaces a config key the way Pulumi does (`key` → `<project>:key`). */
export function namespacedKey(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/** Reads `<dir>/Pulumi.yaml`. */
export function readProjectFile(dir: string): ProjectFile {
  const file = path.join(dir, "Pulumi.yaml");
  if (!fs.existsSync(file)) throw new Error(`[harness] no Pulumi.yaml in ${dir} (pass --cwd to the project directory)`);
  const doc = readYaml(file);
  if (typeof doc.name !== "string" || doc.name === "") throw new Error(`[harness] ${file}: \`name\` is required`);
  const name = doc.name;
  const configDefaults: Record<string, unknown> = {};
  const config = (doc.config ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(config)) {
    const value = typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>).default ?? (v as Record<string, unknown>).value : v;
    if (value !== undefined) configDefaults[namespacedKey(name, k)] = value;
  }
  return { name, main: path.resolve(dir, typeof doc.main === "string" ? doc.main : "."), configDefaults };
}

/** Reads `<dir>/Pulumi.<stack>.yaml` (an absent file is an empty config). */
export function readStackConfigFile(dir: string, project: string, stack: string): StackConfigFile {
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  const result: StackConfigFile = { values: {}, secureKeys: [] };
  if (!fs.existsSync(file)) return result;
  const config = (readYaml(file).config ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(config)) {
    const key = namespacedKey(project, k);
    if (typeof v === "object" && v !== null && "secure" in v) result.secureKeys.push(key);
    else result.values[key] = v;
  }
  return result;
}

/** Environment variable that carries the plaintext of a `secure:` config key for the harness. */
export function secretEnvName(key: string): string {
  return "PULUMI_CONFIG_SECRET_" + key.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}

/**
 * The JS (or TS) file to run for a program path: a file is used as is; for a directory its index.js,
 * else the compiled index.js of its index.ts under the enclosing tsconfig's outDir, else index.ts
 * (run through the ts-node that @pulumi/pulumi vendors).
 */
export function resolveEntry(target: string, warn: (line: string) => void = () => undefined): string {
  if (!fs.existsSync(target)) throw new Error(`[harness] program entry ${target} does not exist`);
  if (fs.statSync(target).isFile()) return target;
  for (const f of ["index.js", "index.cjs"]) if (fs.existsSync(path.join(target, f))) return path.join(target, f);
  const ts = path.join(target, "index.ts");
  if (!fs.existsSync(ts)) throw new Error(`[harness] no index.js or index.ts in ${target}`);
  const compiled = compiledCounterpart(ts);
  if (compiled && fs.statSync(compiled).mtimeMs < fs.statSync(ts).mtimeMs) {
    warn(`[harness] warning: ${compiled} is older than ${ts}; run \`npm run build\` (the harness runs the compiled program)`);
  }
  return compiled ?? ts;
}

function compiledCounterpart(tsFile: string): string | undefined {
  for (let dir = path.dirname(tsFile); ; dir = path.dirname(dir)) {
    const tsconfig = path.join(dir, "tsconfig.json");
    if (fs.existsSync(tsconfig)) {
      let options: { outDir?: string; rootDir?: string } = {};
      try {
        options = (JSON.parse(fs.readFileSync(tsconfig, "utf8")).compilerOptions ?? {}) as typeof options;
      } catch {
        return undefined; // tsconfig with comments: fall back to the TS loader
      }
      if (!options.outDir) return undefined;
      const rel = path.relative(path.resolve(dir, options.rootDir ?? "."), tsFile).replace(/\.ts$/, ".js");
      const js = path.resolve(dir, options.outDir, rel);
      return fs.existsSync(js) ? js : undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
