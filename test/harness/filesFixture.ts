import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { HarnessStack, HarnessStackOptions } from "./harnessStack";

// Fixture programs are plain JS next to the sources (tsc does not copy them to dist/).
const fixturesDir = fs.existsSync(path.join(__dirname, "fixtures", "files", "index.js"))
  ? path.join(__dirname, "fixtures")
  : path.resolve(__dirname, "..", "..", "..", "test", "harness", "fixtures");

/** One declared file resource of the `fixtures/files` program. */
export interface FileSpec {
  name: string;
  fileName?: string;
  content?: string;
  protect?: boolean;
  retainOnDelete?: boolean;
  dependsOn?: string[];
  failCreate?: boolean;
  /** Create throws a plain error (nothing is created). */
  failHard?: boolean;
  sleepMs?: number;
  deleteBeforeReplace?: boolean;
  /** Former names of the resource (the `aliases` option). */
  aliases?: string[];
}

/** Options of the fixture program besides the resource list. */
export type FilesStackExtra = Partial<HarnessStackOptions> & { throwError?: string; captureToken?: boolean; hang?: boolean; bigOutput?: number };

/**
 * A temp directory plus the `fixtures/files` program (dynamic resources that write files there),
 * for harness tests: each {@link stack} call declares a resource list through config.
 */
export class FilesFixture {
  readonly statePath: string;
  readonly logLines: string[] = [];

  /** `dir`: the directory to use (it must exist); default a new temp directory. */
  constructor(readonly dir: string = fs.mkdtempSync(path.join(os.tmpdir(), "harness-files-"))) {
    this.statePath = path.join(this.dir, "state", "stack.json");
  }

  /** A HarnessStack whose program declares `resources`. */
  stack(resources: FileSpec[], extra: FilesStackExtra = {}): HarnessStack {
    return new HarnessStack({ log: (l) => this.logLines.push(l), ...this.options(resources, extra) });
  }

  /** The options of {@link stack} without `log` (plain data, e.g. for a harness in a child process). */
  options(resources: FileSpec[], extra: FilesStackExtra = {}): HarnessStackOptions {
    const { throwError, captureToken, hang, bigOutput, ...options } = extra;
    return {
      entry: path.join(fixturesDir, "files", "index.js"),
      project: "files",
      stack: "test",
      config: { spec: this.spec(resources, { throwError, captureToken, hang, bigOutput }) },
      statePath: this.statePath,
      passphrase: "fixture-passphrase",
      ...options,
    };
  }

  /** The `files:spec` config value declaring `resources`. */
  spec(resources: FileSpec[], extra: { throwError?: string; captureToken?: boolean; hang?: boolean; bigOutput?: number } = {}): string {
    return JSON.stringify({ dir: this.dir, resources, ...extra });
  }

  /**
   * A Pulumi project directory for the harness CLI (`cli.js up --stack test --cwd <it>`): Pulumi.yaml whose
   * main is the fixture program, Pulumi.test.yaml declaring `resources`. State: `<it>/.pulumi-harness/test.json`.
   */
  cliProject(resources: FileSpec[], extra: { bigOutput?: number } = {}): string {
    const project = path.join(this.dir, "project");
    fs.mkdirSync(project, { recursive: true });
    fs.writeFileSync(
      path.join(project, "Pulumi.yaml"),
      `name: files\nruntime: nodejs\nmain: ${JSON.stringify(path.join(fixturesDir, "files", "index.js"))}\n`,
    );
    fs.writeFileSync(path.join(project, "Pulumi.test.yaml"), `config:\n  files:spec: ${JSON.stringify(this.spec(resources, extra))}\n`);
    return project;
  }

  /** The provider's event log ("create a", "delete b", ...). */
  events(): string[] {
    const p = path.join(this.dir, "events.log");
    return fs.existsSync(p) ? fs.readFileSync(p, "utf8").split("\n").filter((l) => l !== "") : [];
  }

  /** Content of a file the provider manages, or undefined. */
  file(name: string): string | undefined {
    const p = path.join(this.dir, name);
    return fs.existsSync(p) ? fs.readFileSync(p, "utf8") : undefined;
  }

  /** Removes the temp directory. */
  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The same first up for several tests of a file, paid once: the first {@link fixture} call runs `seed`
 * on a fresh FilesFixture and keeps a copy of its directory (state, managed files, event log); every
 * call, that first one included, returns a fixture on that directory restored from the copy. Restored
 * to the same path, because state records absolute paths (the files' `dir` input). Tests of a file run
 * one after another, so one directory serves them all.
 */
export class SeededFiles {
  private seeded?: Promise<{ dir: string; copy: string }>;

  /** `seed` must leave the stack as the tests expect it; it throws when its operations fail. */
  constructor(private readonly seed: (fx: FilesFixture) => Promise<void>) {}

  /** A fixture whose directory is exactly what `seed` left. Its cleanup() removes that directory. */
  async fixture(): Promise<FilesFixture> {
    this.seeded ??= (async () => {
      const fx = new FilesFixture();
      await this.seed(fx);
      const copy = `${fx.dir}.seed`;
      fs.cpSync(fx.dir, copy, { recursive: true });
      return { dir: fx.dir, copy };
    })();
    const { dir, copy } = await this.seeded;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(copy, dir, { recursive: true });
    return new FilesFixture(dir);
  }

  /** Removes the copy (and the directory, if the last test left it). */
  async cleanup(): Promise<void> {
    const seeded = await this.seeded?.catch(() => undefined);
    if (!seeded) return;
    fs.rmSync(seeded.dir, { recursive: true, force: true });
    fs.rmSync(seeded.copy, { recursive: true, force: true });
  }
}
