/**
 * The costly start several tests of one file share (a seeded warehouse, a first `up`), built once and
 * copied back for the others. Each harness operation starts the program and the provider plugin, so a
 * file whose tests all begin with the same seed and the same first `up` pays that `up` once.
 *
 * Every fixture of the file lives at the SAME directory path: the warehouse's identity (`local:<path>`)
 * and its absolute path are recorded in the stack's state and the engine's files, so a copy restored
 * anywhere else would look like a moved warehouse. Tests of a file run one after another, so one path
 * is enough. A start is copied only after the build finished without error, with no process running
 * on it and this test's warehouse handle closed (the engine's lock files are released then).
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CloneFixture } from "./catalogCloneFixture";

export class SharedStarts {
  private readonly dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-e2e-")), "fixture");
  private readonly saved = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-starts-"));
  private readonly logs = new Map<string, string[]>();

  /** A fresh, empty fixture at the file's one path (whatever a previous test left there is removed). */
  fixture(): CloneFixture {
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
    return new CloneFixture({ dir: this.dir });
  }

  /** A fresh fixture with prod seeded (CloneFixture.seedProd), seeded once per file. */
  async seededProd(): Promise<CloneFixture> {
    const fx = this.fixture();
    await this.start(fx, "seedProd", () => fx.seedProd());
    return fx;
  }

  /**
   * Brings `fx` (fresh from fixture()) to the start named `key`: runs `build` the first time (its own
   * assertions included; a build that throws is not kept, so the next test builds and fails again),
   * then restores the kept copy (files and the build's harness log lines) instead.
   */
  async start(fx: CloneFixture, key: string, build: () => Promise<void>): Promise<void> {
    if (fx.dir !== this.dir) throw new Error("SharedStarts.start: the fixture must come from fixture()");
    if (fs.readdirSync(fx.dir).length > 0 || fx.logs.length > 0) throw new Error("SharedStarts.start must be the test's first step");
    const copy = path.join(this.saved, crypto.createHash("sha256").update(key).digest("hex").slice(0, 16));
    const logs = this.logs.get(key);
    if (logs) {
      await fx.closeWarehouse();
      fs.cpSync(copy, fx.dir, { recursive: true, preserveTimestamps: true });
      fx.logs.push(...logs);
      return;
    }
    await build();
    await fx.closeWarehouse();
    const leftLocks = lockFiles(fx.dir);
    if (leftLocks.length > 0) throw new Error(`SharedStarts: lock files left after the build of "${key}": ${leftLocks.join(", ")}`);
    fs.cpSync(fx.dir, copy, { recursive: true, preserveTimestamps: true });
    this.logs.set(key, [...fx.logs]);
  }

  /** Removes the kept copies and the file's fixture path (afterAll). */
  cleanup(): void {
    fs.rmSync(this.saved, { recursive: true, force: true });
    fs.rmSync(path.dirname(this.dir), { recursive: true, force: true });
  }
}

/** Lock files under `dir` (the engine's metastore.lock, the harness's stack locks): none may be copied. */
function lockFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && /\.lock$/.test(e.name)) out.push(path.relative(dir, path.join(e.parentPath, e.name)));
  }
  return out;
}
