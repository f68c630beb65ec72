import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { PropertyBag, isSecret, sameValue, secretSig, sigKey } from "./propertyValues";
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
  /**
   * The generation of the journal (`<state>.journal`) that continues this file: its lines carrying this
   * id apply on top of `resources` (see StateStore). Absent in files written before journals.
   */
  journal?: string;
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
  return sameValue(a, b);
}

/** What changed since the last save: the entries whose presence may differ, and how to tell if one is in state now. */
export interface StateChange {
  /** Entries added to or removed from the state since the last save (either; extra ones are harmless). */
  touched: Iterable<ResourceState>;
  /** Whether an entry is in the state now. */
  isLive: (r: ResourceState) => boolean;
}

/** The journal beside a state file: `<state>.journal`. */
export function journalPathOf(statePath: string): string {
  return `${statePath}.journal`;
}

/**
 * The state file as stored (secrets encrypted) with its journal applied, or undefined when there is
 * none. After a completed operation the journal is folded into the file; after a killed one it holds
 * the steps done since the file's last full write.
 */
export function readStoredState(statePath: string): HarnessState | undefined {
  if (!fs.existsSync(statePath)) return undefined;
  const raw = JSON.parse(fs.readFileSync(statePath, "utf8")) as HarnessState;
  const entries = replayJournal(raw, statePath);
  return entries ? { ...raw, resources: [...entries.values()] } : raw;
}

/** One journal line: what one save changed (entries removed by slot, entries added with their slot). */
interface JournalRecord {
  g: string;
  del: number[];
  add: [number, ResourceState][];
}

/**
 * The entries of `raw` by slot (its index in the file), with the journal's records applied in order
 * (only those of this file's generation: a journal left beside a newer full write is stale), or
 * undefined when no record applies. A torn last line (a crash mid-append) is ignored: that save never
 * completed, so its step never reached the program.
 */
function replayJournal(raw: HarnessState, statePath: string): Map<number, ResourceState> | undefined {
  const journal = journalPathOf(statePath);
  if (raw.journal === undefined || !fs.existsSync(journal)) return undefined;
  const entries = new Map<number, ResourceState>(raw.resources.map((r, i) => [i, r]));
  let applied = false;
  for (const line of fs.readFileSync(journal, "utf8").split("\n")) {
    if (line === "") continue;
    let rec: JournalRecord;
    try {
      rec = JSON.parse(line) as JournalRecord;
    } catch {
      continue; // torn by a crash mid-append
    }
    if (rec.g !== raw.journal) continue;
    for (const slot of rec.del) entries.delete(slot);
    for (const [slot, r] of rec.add) entries.set(slot, r);
    applied = true;
  }
  return applied ? entries : undefined;
}

/** Journal bytes past which the next save rewrites the whole file instead (at least this, or the file's size). */
const minCompactBytes = 1 << 20;

/**
 * Loads and saves one stack's state file. In memory secrets are plaintext wrappers; on disk every
 * secret is AES-GCM encrypted, so the file never holds a secret in plaintext.
 *
 * Writing is proportional to what changed, so an operation on N resources costs O(N), not O(N²):
 * - A save appends one line to the journal (`<state>.journal`): the entries removed (by slot) and added
 *   since the last save. One append of one line, so a crash leaves either the whole record or a torn
 *   last line that loading ignores (that save never returned, so its step never reached the program).
 * - The whole file is rewritten (temp file + rename: always a complete snapshot, one JSON line per
 *   resource) when the journal outgrows it, on the first save after loading a journal or a file
 *   without one, and at the end of an operation ({@link save} with `final`), which then removes the
 *   journal: after a completed operation the state file alone is the state. The file names its journal
 *   generation, so a journal left by a crash between the rename and the removal is ignored.
 * - Each resource entry is encoded (secrets encrypted, JSON text) once and reused by every later write
 *   for as long as the same entry object stays in the state; a secret read from the file keeps its
 *   ciphertext. Entry objects must therefore not be mutated once saved (the deployment replaces them).
 * Saves are serialized; calls that arrive while one is pending share one write.
 */
export class StateStore {
  private box?: SecretBox;
  private pending?: () => HarnessState;
  private pendingTouched = new Set<ResourceState>();
  private pendingIsLive?: (r: ResourceState) => boolean;
  private pendingFinal = false;
  private writing?: Promise<void>;
  /** JSON text of each saved entry object. */
  private readonly encoded = new WeakMap<ResourceState, string>();
  /** Ciphertext of each secret wrapper object (read from the file, or encrypted once). */
  private readonly ciphertexts = new WeakMap<object, string>();
  /** The slot of each entry on disk (file index, or the slot its journal record gave it). */
  private slots = new WeakMap<ResourceState, number>();
  private nextSlot = 0;
  /** The journal generation of the file on disk; undefined: the next save rewrites the whole file. */
  private generation?: string;
  private journalBytes = 0;
  private fileBytes = 0;

  constructor(
    readonly statePath: string,
    private readonly passphrase: string,
  ) {}

  private get journalPath(): string {
    return journalPathOf(this.statePath);
  }

  /** Reads the state (an empty one when the file does not exist yet), its journal applied. */
  load(project: string, stack: string): HarnessState {
    if (!fs.existsSync(this.statePath)) {
      const salt = SecretBox.newSalt();
      this.box = new SecretBox(this.passphrase, salt);
      return { version: 1, note, project, stack, secretsSalt: salt, resources: [] };
    }
    const text = fs.readFileSync(this.statePath, "utf8");
    const raw = JSON.parse(text) as HarnessState;
    if (raw.version !== 1) throw new Error(`[harness] ${this.statePath}: unsupported state version ${raw.version}`);
    this.box = new SecretBox(this.passphrase, raw.secretsSalt);
    const box = this.box;
    const journaled = replayJournal(raw, this.statePath);
    const bySlot = journaled ?? new Map(raw.resources.map((r, i) => [i, r]));
    const decrypt = (v: unknown) =>
      mapSecrets(v, (s) => {
        const ciphertext = (s as EncryptedSecret).ciphertext;
        const wrapper = { [sigKey]: secretSig, value: box.decrypt(ciphertext) };
        this.ciphertexts.set(wrapper, ciphertext);
        return wrapper;
      });
    const { resources: _, ...head } = raw;
    const resources: ResourceState[] = [];
    for (const [slot, r] of bySlot) {
      const entry = decrypt(r) as ResourceState;
      this.slots.set(entry, slot);
      this.nextSlot = Math.max(this.nextSlot, slot + 1);
      resources.push(entry);
    }
    // A journal to fold in, or a file from before journals: the first save rewrites the file.
    this.generation = journaled || raw.journal === undefined ? undefined : raw.journal;
    this.fileBytes = Buffer.byteLength(text);
    return { ...(decrypt(head) as Omit<HarnessState, "resources">), resources };
  }

  /**
   * Writes the latest state; resolves when a write covering this call is on disk. `snapshot` gives the
   * whole state (for a full write), `change` what changed since the last save (for a journal record;
   * without it the whole file is written). `final`: the end of an operation, the journal is folded into
   * the file. Calls that arrive while a write is pending share one write.
   */
  save(snapshot: () => HarnessState, change?: StateChange, final = false): Promise<void> {
    if (!this.box) throw new Error("[harness] StateStore.save before load");
    this.pending = snapshot;
    if (change) {
      for (const r of change.touched) this.pendingTouched.add(r);
      this.pendingIsLive = change.isLive;
    } else this.generation = undefined;
    this.pendingFinal ||= final;
    this.writing ??= this.drain();
    return this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        await new Promise((resolve) => setImmediate(resolve)); // let concurrent steps join this write
        const snapshot = this.pending;
        const touched = this.pendingTouched;
        const isLive = this.pendingIsLive;
        const final = this.pendingFinal;
        this.pending = this.pendingIsLive = undefined;
        this.pendingTouched = new Set();
        this.pendingFinal = false;
        if (this.generation === undefined || !isLive || this.journalBytes > Math.max(this.fileBytes, minCompactBytes)) {
          this.writeNow(snapshot());
          continue;
        }
        this.appendRecord(touched, isLive);
        if (final && this.journalBytes > 0) this.writeNow(snapshot());
      }
    } finally {
      // Synchronous with the last check of `pending`, so no save() can slip in between.
      this.writing = undefined;
    }
  }

  /** Appends what changed as one journal line (nothing when nothing did). */
  private appendRecord(touched: Set<ResourceState>, isLive: (r: ResourceState) => boolean): void {
    const del: number[] = [];
    const add: string[] = [];
    const added: ResourceState[] = [];
    for (const r of touched) {
      const slot = this.slots.get(r);
      if (isLive(r) && slot === undefined) {
        add.push(`[${this.nextSlot + added.length},${this.encodeResource(r)}]`);
        added.push(r);
      } else if (!isLive(r) && slot !== undefined) del.push(slot);
    }
    if (del.length === 0 && add.length === 0) return;
    const line = `{"g":${JSON.stringify(this.generation)},"del":[${del.join(",")}],"add":[${add.join(",")}]}\n`;
    fs.appendFileSync(this.journalPath, line);
    this.journalBytes += Buffer.byteLength(line);
    for (const r of touched) if (!isLive(r)) this.slots.delete(r);
    for (const r of added) this.slots.set(r, this.nextSlot++);
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

  /** The whole state, atomically (temp file + rename), with a new journal generation; the old journal goes. */
  private writeNow(state: HarnessState): void {
    const { resources, ...rest } = state;
    const generation = crypto.randomBytes(8).toString("hex");
    const headText = JSON.stringify(this.encryptSecrets({ ...rest, journal: generation }));
    const body = resources.map((r) => this.encodeResource(r)).join(",\n");
    const text = `${headText.slice(0, -1)},"resources":[${body ? `\n${body}\n` : ""}]}\n`;
    fs.mkdirSync(path.dirname(this.statePath), { recursive: true });
    const tmp = `${this.statePath}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, this.statePath);
    // After the rename: a crash in between leaves a journal of the old generation, which loading ignores.
    fs.rmSync(this.journalPath, { force: true });
    this.generation = generation;
    this.fileBytes = Buffer.byteLength(text);
    this.journalBytes = 0;
    this.slots = new WeakMap(resources.map((r, i) => [r, i]));
    this.nextSlot = resources.length;
  }
}
