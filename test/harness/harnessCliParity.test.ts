/**
 * The harness runs programs the way the Pulumi CLI's nodejs language host does
 * (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go, pkg/engine/project.go getPwdMain,
 * pkg/resource/plugin/provider_plugin.go): the program and the dynamic-provider plugin run in the
 * `main` folder, cmd/run gets "." or the entry file and resolves "." through the nearest package.json,
 * ts-node type-checks unless the project opts out. Each fixture program records what it saw.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, describe, expect, it } from "vitest";
import { HarnessStack } from "./harnessStack";

const ROOT = path.resolve(__dirname, "..", "..");
let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A project in a temp dir whose node_modules is this repository's (so it finds @pulumi/pulumi). */
function projectDir(files: Record<string, string>): string {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "harness-parity-")));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** A program that records where and how it ran, and a dynamic resource that records the plugin's side. */
const recorder = (label: string) => `
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
const out: string = new pulumi.Config().require("out");
fs.writeFileSync(out + ".program.json", JSON.stringify({
  ran: ${JSON.stringify(label)},
  cwd: process.cwd(),
  rootDirectory: process.env.PULUMI_NODEJS_ROOT_DIRECTORY,
  typescript: process.env.PULUMI_NODEJS_TYPESCRIPT,
  config: JSON.parse(process.env.PULUMI_CONFIG ?? "{}"),
}));
const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: { out: string }) {
    const env = process.env;
    require("fs").writeFileSync(inputs.out + ".plugin.json", JSON.stringify({
      cwd: process.cwd(),
      runtimeTypescript: env.PULUMI_RUNTIME_TYPESCRIPT,
      project: env.PULUMI_NODEJS_PROJECT,
      config: env.PULUMI_CONFIG,
      rootDirectory: env.PULUMI_NODEJS_ROOT_DIRECTORY ?? null,
    }));
    return { id: "recorded" };
  },
};
class Recorder extends pulumi.dynamic.Resource {}
new Recorder(provider, "recorder", { out }, {}, "parity", "Recorder");
`;

function read(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

describe("harness runs programs the way the Pulumi CLI does", () => {
  it("runs the program and the dynamic-provider plugin in the main folder, with the CLI's entry resolution and environment", async () => {
    const project = projectDir({
      "Pulumi.yaml": "name: parity\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: app/\n",
      // The nearest package.json names a library entry: with `main: app/` cmd/run is given "." and runs THAT.
      "package.json": JSON.stringify({ name: "some-library", exports: { ".": "./lib.ts" } }),
      "lib.ts": recorder("lib.ts"),
      "app/index.ts": recorder("app/index.ts"),
    });
    const out = path.join(project, "record");
    const stack = (entry?: string) =>
      new HarnessStack({ programDir: project, entry, stack: "test", config: { out }, statePath: path.join(project, "state.json"), log: () => undefined });

    // main: app/ → the package.json's export, not app/index.ts.
    const viaPackage = await stack().up();
    expect(viaPackage.errors).toEqual([]);
    expect(read(`${out}.program.json`)).toMatchObject({ ran: "lib.ts", cwd: path.join(project, "app") });

    // main: app/index.ts → that file, run in app/, with the root as --root-directory.
    const viaFile = await stack(path.join(project, "app", "index.ts")).up();
    expect(viaFile.errors).toEqual([]);
    expect(read(`${out}.program.json`)).toEqual({
      ran: "app/index.ts",
      cwd: path.join(project, "app"),
      rootDirectory: project,
      typescript: "true",
      config: { "parity:config:out": out },
    });
    // The plugin: started in the program folder, told the runtime options and the project, handed only
    // the `pulumi-nodejs:` config in its environment, and nothing about the project root.
    fs.rmSync(`${out}.plugin.json`, { force: true });
    await stack(path.join(project, "app", "index.ts")).destroy();
    await stack(path.join(project, "app", "index.ts")).up();
    expect(read(`${out}.plugin.json`)).toEqual({
      cwd: path.join(project, "app"),
      runtimeTypescript: "true",
      project: "parity",
      config: "{}",
      rootDirectory: null,
    });
  });

  it("type-checks TypeScript programs (ts-node's default) unless the project opts out", async () => {
    const project = projectDir({
      "Pulumi.yaml": "name: typed\nruntime: nodejs\nmain: index.ts\n",
      "index.ts": `import * as fs from "fs";\nconst n: number = "not a number";\nfs.writeFileSync(${JSON.stringify("ran")}, String(n));\n`,
    });
    const stack = (env: NodeJS.ProcessEnv = {}) =>
      new HarnessStack({ programDir: project, stack: "test", statePath: path.join(project, "state.json"), env, log: () => undefined });

    const checked = await stack({ PULUMI_NODEJS_TRANSPILE_ONLY: undefined }).up();
    expect(checked.failed).toBe(true);
    expect(fs.existsSync(path.join(project, "ran"))).toBe(false);

    // The CLI's opt-out (also `compilerOptions.noCheck` in the program's tsconfig.json).
    const transpiled = await stack({ PULUMI_NODEJS_TRANSPILE_ONLY: "true" }).up();
    expect(transpiled.errors).toEqual([]);
    expect(fs.readFileSync(path.join(project, "ran"), "utf8")).toBe("not a number");
  });

  it("honours the project's runtime `tsconfig` (its noCheck) and `nodeargs`, as the root Pulumi.yaml sets them", async () => {
    const project = projectDir({
      "Pulumi.yaml": "name: typed\nruntime:\n  name: nodejs\n  options:\n    tsconfig: tsconfig.run.json\n    nodeargs: --heap-growing-percent=30\nmain: index.ts\n",
      "tsconfig.run.json": JSON.stringify({ compilerOptions: { noCheck: true } }),
      "index.ts": `import * as fs from "fs";\nconst n: number = "not a number";\nfs.writeFileSync("ran", JSON.stringify([String(n), process.execArgv]));\n`,
    });
    const summary = await new HarnessStack({
      programDir: project,
      stack: "test",
      statePath: path.join(project, "state.json"),
      env: { PULUMI_NODEJS_TRANSPILE_ONLY: undefined },
      log: () => undefined,
    }).up();
    expect(summary.errors).toEqual([]);
    const [value, execArgv] = JSON.parse(fs.readFileSync(path.join(project, "ran"), "utf8"));
    expect(value).toBe("not a number");
    expect(execArgv).toContain("--heap-growing-percent=30");
  });
});
