/**
 * The CI workflow example for PR preview clones (examples/ci/pr-preview-clone.yml), parsed as YAML: it
 * previews on open, ups on label or push, destroys on close and reaps on a schedule, and every command
 * it runs exists in this repository: npm scripts, bins, their flags, pulumi stacks (a stack file, or a
 * PR stack the prPreset serves), stack outputs, config keys and the warehouse's environment variables.
 */
import * as fs from "fs";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { KNOWN_KEYS, NAMESPACE } from "../../../examples/platform/stackArgs";
import { isPrStack } from "../../../examples/platform/prStack";
import { REAP_USAGE } from "../../../components/reap/cli";
import { ENV_VARS } from "../../../provider/warehouse/connectionConfig";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const yaml: { load(text: string): unknown } = require("js-yaml");

const ROOT = path.resolve(__dirname, "../../..");
const WORKFLOW = path.join(ROOT, "examples/ci/pr-preview-clone.yml");

interface Step {
  uses?: string;
  run?: string;
}
interface Job {
  if?: string;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: { pull_request?: { types: string[] }; schedule?: unknown[] };
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const workspaceBins = (pkg.workspaces as string[]).flatMap((w) => Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, w, "package.json"), "utf8")).bin ?? {}));
const BINS = new Set([...Object.keys(pkg.bin ?? {}), ...workspaceBins]);
const SCRIPTS = new Set(Object.keys(pkg.scripts));
const REAP_FLAGS = new Set(REAP_USAGE.match(/--[a-z-]+/g));
const HARNESS_OPS = new Set(["up", "preview", "refresh", "destroy"]);
const OUTPUTS = new Set([...fs.readFileSync(path.join(ROOT, "examples/platform/index.ts"), "utf8").matchAll(/^export const (\w+)/gm)].map((m) => m[1]));
const WAREHOUSE_ENV = new Set<string>(Object.values(ENV_VARS));

/** A stack this repository serves: one with a stack file, or a PR stack (prPreset). */
function isStack(name: string): boolean {
  return fs.existsSync(path.join(ROOT, `Pulumi.${name}.yaml`)) || isPrStack(name);
}

/** Problems with one command line (after variable substitution), empty when it exists here. */
function commandProblems(line: string): string[] {
  const words = line.split(/\s+/).map((w) => w.replace(/^["']|["']$/g, ""));
  const [cmd, ...rest] = words;
  const problems: string[] = [];
  const flagValue = (names: string[]) => {
    const i = rest.findIndex((w) => names.includes(w));
    return i >= 0 ? rest[i + 1] : undefined;
  };
  if (cmd === "npm") {
    if (rest[0] === "ci") return [];
    if (rest[0] !== "run" || !SCRIPTS.has(rest[1])) return [`${line}: no npm script "${rest[1]}"`];
    const args = rest.slice(rest.indexOf("--") >= 0 ? rest.indexOf("--") + 1 : rest.length);
    if (rest[1] === "reap") for (const a of args.filter((x) => x.startsWith("--"))) if (!REAP_FLAGS.has(a.split("=")[0])) problems.push(`${line}: reap has no flag ${a}`);
    if (rest[1] === "stack" && !HARNESS_OPS.has(args[0])) problems.push(`${line}: the harness has no operation ${args[0]}`);
    return problems;
  }
  if (cmd === "npx") return BINS.has(rest[0]) ? [] : [`${line}: no bin "${rest[0]}" in this repository`];
  if (cmd === "pulumi") {
    const [sub, sub2] = rest;
    let stack: string | undefined;
    if (["preview", "up", "destroy", "refresh"].includes(sub)) stack = flagValue(["--stack", "-s"]);
    else if (sub === "stack" && (sub2 === "select" || sub2 === "rm")) stack = rest.slice(2).find((w) => !w.startsWith("-"));
    else if (sub === "stack" && sub2 === "output") {
      stack = flagValue(["--stack", "-s"]);
      const name = rest.slice(2).filter((w, i, a) => !w.startsWith("-") && !["--stack", "-s"].includes(a[i - 1]))[0];
      if (!OUTPUTS.has(name)) problems.push(`${line}: the program exports no output "${name}"`);
    } else if (sub === "config" && sub2 === "set") {
      const key = rest[2];
      if (!key.startsWith(`${NAMESPACE}:`) || !KNOWN_KEYS.includes(key.slice(NAMESPACE.length + 1))) problems.push(`${line}: ${key} is not a config key of this program`);
      stack = flagValue(["--stack", "-s"]);
    } else return [`${line}: pulumi ${sub} ${sub2 ?? ""} is not a command this workflow should need`];
    if (stack === undefined) problems.push(`${line}: names no stack`);
    else if (!isStack(stack)) problems.push(`${line}: ${stack} is not a stack of this repository`);
    return problems;
  }
  return [`${line}: "${cmd}" is neither npm, npx nor pulumi`];
}

/** Every problem of a workflow document; the commands each job runs, after substitution. */
function check(doc: Workflow): { problems: string[]; runs: Record<string, string[]> } {
  const problems: string[] = [];
  const runs: Record<string, string[]> = {};
  for (const [name, job] of Object.entries(doc.jobs)) {
    const env = { ...(doc.env ?? {}), ...(job.env ?? {}) };
    for (const key of Object.keys(env)) {
      if (/^(UC_|DATABRICKS_)/.test(key) && !WAREHOUSE_ENV.has(key)) problems.push(`${name}: env ${key} is not read by this library`);
    }
    const subst = (s: string): string =>
      s
        .replace(/\$\{\{\s*github\.event\.pull_request\.number\s*\}\}/g, "123")
        .replace(/\$\{?(\w+)\}?/g, (m: string, v: string): string => (v in env ? subst(env[v]) : m));
    runs[name] = [];
    for (const step of job.steps) {
      if (step.run === undefined) continue;
      for (const raw of step.run.split("\n")) {
        const line = subst(raw.replace(/\s#.*$/, "").trim());
        if (line === "") continue;
        if (/\$\{\{|\$\w/.test(line)) problems.push(`${name}: ${line}: an expression the test cannot resolve`);
        runs[name].push(line);
        problems.push(...commandProblems(line).map((p) => `${name}: ${p}`));
      }
    }
  }
  return { problems, runs };
}

const doc = yaml.load(fs.readFileSync(WORKFLOW, "utf8")) as Workflow;

describe("examples/ci/pr-preview-clone.yml", () => {
  it("is an example, not a workflow of this repository", () => {
    expect(fs.existsSync(path.join(ROOT, ".github/workflows/pr-preview-clone.yml"))).toBe(false);
  });

  it("runs only commands, scripts, bins, stacks, outputs, config keys and environment this repository has", () => {
    expect(check(doc).problems).toEqual([]);
  });

  it("previews on open, ups on label or push, destroys on close, reaps on a schedule", () => {
    expect(doc.on.pull_request?.types).toEqual(expect.arrayContaining(["opened", "synchronize", "labeled", "closed"]));
    expect(doc.on.schedule?.length).toBeGreaterThan(0);
    const { runs } = check(doc);
    const jobOf = (pattern: RegExp) => Object.entries(runs).filter(([, lines]) => lines.some((l) => pattern.test(l))).map(([name]) => name);
    const [preview] = jobOf(/^pulumi preview --stack "?pr-123/);
    const [up] = jobOf(/^pulumi up --yes --stack "?pr-123/);
    const [destroy] = jobOf(/^pulumi destroy --yes --stack "?pr-123/);
    const [reap] = jobOf(/^npm run reap -- --yes$/);
    expect(doc.jobs[preview].if).toMatch(/github\.event\.action == 'opened'/);
    expect(doc.jobs[up].if).toMatch(/'labeled'/);
    expect(doc.jobs[up].if).toMatch(/'synchronize'/);
    expect(doc.jobs[destroy].if).toMatch(/github\.event\.action == 'closed'/);
    expect(doc.jobs[reap].if).toMatch(/github\.event_name == 'schedule'/);
  });

  it("would catch a command that does not exist here", () => {
    const broken = yaml.load(
      fs
        .readFileSync(WORKFLOW, "utf8")
        .replace("npm run reap -- --yes", "npm run reap -- --yes --force")
        .replace('pulumi up --yes --stack "$STACK"', "pulumi up --yes --stack staging")
        .replace("npm run build", "npm run compile")
        .replace("destinationCatalog", "catalogName"),
    ) as Workflow;
    const problems = check(broken).problems.join("\n");
    expect(problems).toContain("reap has no flag --force");
    expect(problems).toContain("staging is not a stack of this repository");
    expect(problems).toContain('no npm script "compile"');
    expect(problems).toContain('the program exports no output "catalogName"');
  });
});
