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
  sleepMs?: number;
  deleteBeforeReplace?: boolean;
  /** Former names of the resource (the `aliases` option). */
  aliases?: string[];
}

/**
 * A temp directory plus the `fixtures/files` program (dynamic resources that write files there),
 * for harness tests: each {@link stack} call declares a resource list through config.
 */
export class FilesFixture {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "harness-files-"));
  readonly statePath = path.join(this.dir, "state", "stack.json");
  readonly logLines: string[] = [];

  /** A HarnessStack whose program declares `resources`. */
  stack(resources: FileSpec[], extra: Partial<HarnessStackOptions> & { throwError?: string; captureToken?: boolean; hang?: boolean } = {}): HarnessStack {
    return new HarnessStack({
      entry: path.join(fixturesDir, "files", "index.js"),
      project: "files",
      stack: "test",
      config: { spec: JSON.stringify({ dir: this.dir, resources, throwError: extra.throwError, captureToken: extra.captureToken, hang: extra.hang }) },
      statePath: this.statePath,
      passphrase: "fixture-passphrase",
      log: (l) => this.logLines.push(l),
      ...extra,
    });
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
