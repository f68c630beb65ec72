/**
 * The Pulumi project root (the directory holding Pulumi.yaml): relative paths in stack config and in
 * the environment (UC_LOCAL_WAREHOUSE, `catalog-clone:localPath`) resolve against it, never against
 * the process's working directory, which the Pulumi CLI sets to the program's `main` folder for the
 * program and the provider plugin alike.
 *
 * - In the program, @pulumi/pulumi's cmd/run sets PULUMI_NODEJS_ROOT_DIRECTORY from the CLI's
 *   `--root-directory` (the Pulumi.yaml directory).
 * - The dynamic-provider plugin gets no such variable (the engine passes it PULUMI_PROJECT,
 *   PULUMI_NODEJS_PROJECT, PULUMI_CONFIG and PULUMI_RUNTIME_* only) and runs in the program directory,
 *   which is the root or below it: the nearest directory upwards with a Pulumi.yaml is the root, the
 *   same search the CLI does to find the project.
 * - Outside Pulumi (tests, scripts) with no Pulumi.yaml above: the working directory.
 */
import * as fs from "fs";
import * as path from "path";

export function projectRoot(cwd: string = process.cwd(), env: Readonly<Record<string, string | undefined>> = process.env): string {
  const fromRuntime = env.PULUMI_NODEJS_ROOT_DIRECTORY;
  if (fromRuntime && path.isAbsolute(fromRuntime)) return fromRuntime;
  const start = path.resolve(cwd);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml")) || fs.existsSync(path.join(dir, "Pulumi.yml"))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}
