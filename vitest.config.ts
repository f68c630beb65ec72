import { defineConfig } from "vitest/config";

// The project targets Node >= 22 (what @pulumi/pulumi requires). npm scripts run the pinned `node`
// devDependency; running vitest with an older Node directly would test a runtime users cannot use.
const nodeMajor = Number(process.versions.node.split(".")[0]);
if (nodeMajor < 22) {
  throw new Error(`Tests need Node >= 22 (this is ${process.version}); run them through npm (\`npm test\`), which puts the pinned Node first on PATH.`);
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "provider/warehouse/local/test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
