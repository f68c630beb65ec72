import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "./cli";

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function project(): void {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-cli-"));
  const spec = JSON.stringify({ dir, resources: [{ name: "a", content: "from-cli" }] });
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    `name: files\nruntime: nodejs\nmain: ${JSON.stringify(path.join(__dirname, "fixtures", "files", "index.js"))}\n`,
  );
  fs.writeFileSync(
    path.join(dir, "Pulumi.test.yaml"),
    `config:\n  files:spec: ${JSON.stringify(spec)}\n  files:token:\n    secure: v1:AAAAencryptedByThePulumiCli\n`,
  );
}

describe("harness CLI", () => {
  it("runs a Pulumi.yaml project, needs plaintext for secure config, keeps state under .pulumi-harness", async () => {
    project();
    const out: string[] = [];
    const missing = await runCli(["up", "--stack", "test", "--cwd", dir], (t) => out.push(t));
    expect(missing).toBe(2);
    expect(out.join("\n")).toContain("--config-secret files:token=... or PULUMI_CONFIG_SECRET_FILES_TOKEN=...");

    const secret = "tok-from-cli-123";
    out.length = 0;
    const code = await runCli(["up", "--stack", "test", "--cwd", dir, "--config-secret", `token=${secret}`], (t) => out.push(t));
    const text = out.join("\n");
    expect(code).toBe(0);
    expect(text).toContain("Updating (test) [test harness]:");
    expect(text).toMatch(/\+\s+pulumi-nodejs:dynamic\/files:File\s+a\s+create/);
    expect(text).toContain("+ 4 created");
    expect(text).toContain('token: "[secret]"');
    expect(fs.readFileSync(path.join(dir, "a"), "utf8")).toBe("from-cli");
    const statePath = path.join(dir, ".pulumi-harness", "test.json");
    expect(fs.readFileSync(statePath, "utf8")).not.toContain(secret);

    // A changed input shows as an update with its key; the secret may also come from the environment.
    const cfg = path.join(dir, "Pulumi.test.yaml");
    fs.writeFileSync(cfg, fs.readFileSync(cfg, "utf8").replace("from-cli", "changed"));
    process.env.PULUMI_CONFIG_SECRET_FILES_TOKEN = secret;
    try {
      out.length = 0;
      expect(await runCli(["preview", "--stack", "test", "--cwd", dir], (t) => out.push(t))).toBe(0);
      expect(out.join("\n")).toMatch(/~\s+pulumi-nodejs:dynamic\/files:File\s+a\s+update\s+\[diff: ~content\]/);
      expect(out.join("\n")).toContain("~ 1 to update");

      out.length = 0;
      expect(await runCli(["destroy", "--stack", "test", "--cwd", dir, "--remove"], (t) => out.push(t))).toBe(0);
      expect(out.join("\n")).toContain("- 4 deleted");
      expect(fs.existsSync(path.join(dir, "a"))).toBe(false);
      expect(fs.existsSync(statePath)).toBe(false);
    } finally {
      delete process.env.PULUMI_CONFIG_SECRET_FILES_TOKEN;
    }
  });
});
