import * as fs from "fs";
import * as path from "path";
import { PropertyBag, canonical, isSecret, secretSig, sigKey } from "./propertyValues";
import { SecretBox } from "./secretBox";

/** One resource as the harness records it (the shape of a Pulumi checkpoint resource, simplified). */
export interface ResourceState {
  urn: string;
  type: string;
  name: string;
  /** false for ComponentResources and the root stack. */
  custom: boolean;
  id?: string;
  parent?: string;
  /** Checked inputs, without `__provider` (kept once in {@link provider}). */
  inputs: PropertyBag;
  /** Outputs (for components: what registerOutputs recorded), without `__provider`. */
  outputs: PropertyBag;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  protect: boolean;
  retainOnDelete: boolean;
  deletedWith?: string;
  additionalSecretOutputs?: string[];
  /** Set when the provider reported a partial failure (ErrorResourceInitFailed): the next up updates it. */
  initErrors?: string[];
  /** The serialized dynamic-provider text (`__provider`), a string or a secret. */
  provider?: unknown;
  /** The old half of a create-before-delete replacement, still to be deleted. */
  pendingDelete?: boolean;
}

/** The state file's content. */
export interface HarnessState {
  version: 1;
  note: string;
  project: string;
  stack: string;
  /** Salt of the key that encrypts secret values in this file. */
  secretsSalt: string;
  resources: ResourceState[];
}

const note = "Written by test/harness (a test stack runner, not the Pulumi engine). Secrets are encrypted.";

/** An encrypted secret as it sits on disk: the engine's checkpoint shape `{sig, ciphertext}`. */
interface EncryptedSecret {
  [sigKey]: typeof secretSig;
  ciphertext: string;
}

function isEncrypted(v: unknown): v is EncryptedSecret {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[sigKey] === secretSig && "ciphertext" in v;
}

function mapSecrets(v: unknown, f: (x: unknown) => unknown): unknown {
  if (isSecret(v) || isEncrypted(v)) return f(v);
  if (Array.isArray(v)) return v.map((x) => mapSecrets(x, f));
  if (typeof v === "object" && v !== null) {
    const out: PropertyBag = {};
    for (const [k, x] of Object.entries(v)) out[k] = mapSecrets(x, f);
    return out;
  }
  return v;
}

/** Structural equality of two state entries, key order aside; secretness counts (unlike diffs). */
export function sameResourceState(a: ResourceState, b: ResourceState): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * Loads and saves one stack's state file. In memory secrets are plaintext wrappers; on disk every
 * secret is AES-GCM encrypted, so the file never holds a secret in plaintext. Saves are atomic
 * (write a temp file, rename it over the state) and serialized, so the file is always a complete
 * snapshot, and compact: one JSON line per resource, no indentation.
 *
 * Writing is proportional to what changed: each resource entry is encoded (secrets encrypted, JSON
 * text) once and reused by every later save for as long as the same entry object stays in the snapshot,
 * and a secret read from the file keeps its ciphertext. Entry objects must therefore not be mutated
 * once saved (the deployment replaces an entry instead).
 */
export class StateStore {
  private box?: SecretBox;
  private pending?: () => HarnessState;
  private writing?: Promise<void>;
  /** JSON text of each saved entry object. */
  private readonly encoded = new WeakMap<ResourceState, string>();
  /** Ciphertext of each secret wrapper object (read from the file, or encrypted once). */
  private readonly ciphertexts = new WeakMap<object, string>();

  constructor(
    readonly statePath: string,
    private readonly passphrase: string,
  ) {}

  /** Reads the state (an empty one when the file does not exist yet). */
  load(project: string, stack: string): HarnessState {
    if (!fs.existsSync(this.statePath)) {
      const salt = SecretBox.newSalt();
      this.box = new SecretBox(this.passphrase, salt);
      return { version: 1, note, project, stack, secretsSalt: salt, resources: [] };
    }
    const raw = JSON.parse(fs.readFileSync(this.statePath, "utf8")) as HarnessState;
    if (raw.version !== 1) throw new Error(`[harness] ${this.statePath}: unsupported state version ${raw.version}`);
    this.box = new SecretBox(this.passphrase, raw.secretsSalt);
    const box = this.box;
    return mapSecrets(raw, (s) => {
      const ciphertext = (s as EncryptedSecret).ciphertext;
      const wrapper = { [sigKey]: secretSig, value: box.decrypt(ciphertext) };
      this.ciphertexts.set(wrapper, ciphertext);
      return wrapper;
    }) as HarnessState;
  }

  /**
   * Writes the latest snapshot; resolves when a snapshot taken after this call is on disk. Calls that
   * arrive while a write is pending share one write.
   */
  save(snapshot: () => HarnessState): Promise<void> {
    if (!this.box) throw new Error("[harness] StateStore.save before load");
    this.pending = snapshot;
    this.writing ??= this.drain();
    return this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        await new Promise((resolve) => setImmediate(resolve)); // let concurrent steps join this write
        const snapshot = this.pending;
        this.pending = undefined;
        this.writeNow(snapshot());
      }
    } finally {
      // Synchronous with the last check of `pending`, so no save() can slip in between.
      this.writing = undefined;
    }
  }

  private encryptSecrets(v: unknown): unknown {
    const box = this.box!;
    return mapSecrets(v, (s) => {
      if (isEncrypted(s)) return s;
      let ciphertext = this.ciphertexts.get(s as object);
      if (ciphertext === undefined) {
        ciphertext = box.encrypt((s as { value: unknown }).value);
        this.ciphertexts.set(s as object, ciphertext);
      }
      return { [sigKey]: secretSig, ciphertext };
    });
  }

  private encodeResource(r: ResourceState): string {
    let text = this.encoded.get(r);
    if (text === undefined) {
      text = JSON.stringify(this.encryptSecrets(r));
      this.encoded.set(r, text);
    }
    return text;
  }

  private writeNow(state: HarnessState): void {
    const { resources, ...head } = state;
    const headText = JSON.stringify(this.encryptSecrets(head));
    const body = resources.map((r) => this.encodeResource(r)).join(",\n");
    const text = `${headText.slice(0, -1)},"resources":[${body ? `\n${body}\n` : ""}]}\n`;
    fs.mkdirSync(path.dirname(this.statePath), { recursive: true });
    const tmp = `${this.statePath}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, this.statePath);
  }
}
