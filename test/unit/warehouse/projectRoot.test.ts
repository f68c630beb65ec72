import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveWarehouseConnection } from "../../../provider/warehouse/connectionConfig";
import { projectRoot } from "../../../provider/warehouse/projectRoot";

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A project root with Pulumi.yaml and a program folder two levels down (like `main: examples/platform/`). */
function project(): { root: string; programDir: string } {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "project-root-")));
  const root = path.join(dir, "repo");
  const programDir = path.join(root, "examples", "platform");
  fs.mkdirSync(programDir, { recursive: true });
  fs.writeFileSync(path.join(root, "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
  return { root, programDir };
}

describe("projectRoot", () => {
  it("is the runtime's root directory in the program, and the nearest Pulumi.yaml above the plugin's working directory", () => {
    const { root, programDir } = project();
    expect(projectRoot(programDir, { PULUMI_NODEJS_ROOT_DIRECTORY: root })).toBe(root);
    // The dynamic-provider plugin: no root variable, working directory = the program folder.
    expect(projectRoot(programDir, {})).toBe(root);
    // No Pulumi.yaml above: the working directory itself.
    expect(projectRoot(path.join(dir), {})).toBe(dir);
  });

  it("resolves a relative local warehouse path against the project root, not the working directory", () => {
    const { root, programDir } = project();
    const cwd = process.cwd();
    process.chdir(programDir);
    try {
      const conn = resolveWarehouseConnection(undefined, () => undefined, { UC_LOCAL_WAREHOUSE: ".demo/warehouse" });
      expect(conn).toMatchObject({ kind: "local", path: path.join(root, ".demo", "warehouse") });
      const fromConfig = resolveWarehouseConnection(undefined, (k) => (k === "catalog-clone:localPath" ? "wh" : undefined), {});
      expect(fromConfig).toMatchObject({ kind: "local", path: path.join(root, "wh") });
    } finally {
      process.chdir(cwd);
    }
  });
});
