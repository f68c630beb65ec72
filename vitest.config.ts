import * as os from "os";
import * as path from "path";
import { defineConfig } from "vitest/config";

// The project targets Node >= 22 (what @pulumi/pulumi requires). npm scripts run the pinned `node`
// devDependency; running vitest with an older Node directly would test a runtime users cannot use.
const nodeMajor = Number(process.versions.node.split(".")[0]);
if (nodeMajor < 22) {
  throw new Error(`Tests need Node >= 22 (this is ${process.version}); run them through npm (\`npm test\`), which puts the pinned Node first on PATH.`);
}

// Under test, the workspace packages are their sources (no build needed, and one copy of each module):
// the library's lazy import of the engine by package name and a test's relative import of the engine's
// files land on the same module. Compiled code and child processes use the packages' dist/ builds.
const workspaceSources = {
  "pulumi-uc-clone-local-warehouse": path.join(__dirname, "provider/warehouse/local/index.ts"),
  "pulumi-uc-clone-stack-harness": path.join(__dirname, "test/harness/index.ts"),
};

// Node's on-disk compile cache (Node >= 22.1) for the test workers and every process they start: each
// harness operation starts the program and the dynamic-provider plugin, and each of them compiles
// @pulumi/pulumi, gRPC, zod and the library from scratch otherwise. Set here, before the workers fork,
// so they and their children inherit it; an explicit NODE_COMPILE_CACHE (or NODE_DISABLE_COMPILE_CACHE) wins.
process.env.NODE_COMPILE_CACHE ??= path.join(os.tmpdir(), "pulumi-uc-clone-node-compile-cache");

export default defineConfig({
  resolve: {
    alias: Object.entries(workspaceSources).map(([name, source]) => ({ find: new RegExp(`^${name}$`), replacement: source })),
  },
  test: {
    // The library's tests, the stack harness's (test/harness) and the engine's own (provider/warehouse/local/test).
    include: ["test/**/*.test.ts", "provider/warehouse/local/test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    // Files run two at a time even on a 2-core machine (vitest's default there is one): a harness
    // operation spends much of its time waiting on its child processes (program, plugin), so two files
    // keep both cores busy. Timeouts leave room for that contention; a hung test still fails.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    testTimeout: 180_000,
    hookTimeout: 240_000,
    pool: "forks",
  },
});
