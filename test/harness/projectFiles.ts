import * as fs from "fs";
import * as path from "path";

// js-yaml ships with @pulumi/pulumi (a dependency of it); typed locally to avoid a new dependency.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const yaml: { load(text: string): unknown } = require("js-yaml");

/** What the harness needs from Pulumi.yaml. */
export interface ProjectFile {
  name: string;
  /** The project root: the directory holding Pulumi.yaml (absolute). */
  root: string;
  /** The `main` entry as written (a path relative to the root, or absolute), undefined when absent. */
  main: string | undefined;
  /** `runtime.options` (e.g. `typescript`, `tsconfig`, `nodeargs`). */
  runtimeOptions: Record<string, unknown>;
  /** Project-level config defaults (`config:` in Pulumi.yaml), keys namespaced. */
  configDefaults: Record<string, unknown>;
}

/** Where the CLI runs a program: its working directory (`--pwd`) and the entry argument given to cmd/run. */
export interface ProgramLocation {
  /** Absolute directory: the language host's and the program's working directory. */
  programDir: string;
  /** "." (the directory: cmd/run then looks at its package.json) or a file name inside programDir. */
  entry: string;
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
  const runtime = doc.runtime;
  const runtimeOptions =
    typeof runtime === "object" && runtime !== null && typeof (runtime as Record<string, unknown>).options === "object"
      ? { ...((runtime as Record<string, unknown>).options as Record<string, unknown>) }
      : {};
  return { name, root: path.resolve(dir), main: typeof doc.main === "string" && doc.main !== "" ? doc.main : undefined, runtimeOptions, configDefaults };
}

/**
 * The Pulumi CLI's rule for `main` (pkg/engine/project.go getPwdMain): no main → the project root and
 * entry "."; a directory → that directory and "."; a file → its directory and its file name. Relative
 * paths are relative to the project root.
 */
export function programLocation(root: string, main: string | undefined): ProgramLocation {
  if (main === undefined) return { programDir: path.resolve(root), entry: "." };
  const target = path.resolve(root, main);
  if (!fs.existsSync(target)) throw new Error(`[harness] project 'main' could not be read: ${target} does not exist`);
  return fs.statSync(target).isDirectory() ? { programDir: target, entry: "." } : { programDir: path.dirname(target), entry: path.basename(target) };
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
