/**
 * The version of a resource's recorded outputs. Outputs carry `stateVersion`; state written before
 * versions were recorded is version 1. Reading state (diff, update, read, delete) upgrades older
 * outputs through the kind's upgraders, then parses them. State this code cannot read (a newer version,
 * or outputs that do not parse) fails with a message that says what to do and never suggests removing
 * the resource from state: the outputs record what this stack created or adopted (and the version to
 * restore), which destroy needs to drop or restore exactly that.
 */
import { inputProblems, problemsText } from "../../inputProblems";
import type { Bag, ResourceKind } from "./resourceKind";

/** What reading and writing versioned state needs of a kind's declaration. */
type Versioned<O extends object> = Pick<ResourceKind<{ connection?: unknown }, O>, "typeName" | "outputs" | "stateVersion" | "upgraders" | "unrecordedDefaults" | "unrecordedDerived">;

/** Output key holding the version. */
export const STATE_VERSION_KEY = "stateVersion";

/** Why the recorded state could not be kept: never fixed by removing the resource from state. */
const KEEP_IN_STATE =
  "Nothing was changed. Keep the resource in state: its outputs record what this stack created or adopted " +
  "(and the version to restore), which destroy needs to drop or restore exactly that.";

/** The outputs to record: the kind's, without those holding their unrecorded default or derived value, with its state version. */
export function versioned<O extends object>(kind: Versioned<O>, outs: O): Partial<O> & { stateVersion: number } {
  const defaults: Bag = kind.unrecordedDefaults ?? {};
  const derived = Object.fromEntries(Object.entries(kind.unrecordedDerived ?? {}).map(([k, f]) => [k, JSON.stringify((f as (o: O) => unknown)(outs))]));
  const recorded = Object.entries(outs).filter(
    ([k, v]) => (!(k in defaults) || JSON.stringify(v) !== JSON.stringify(defaults[k])) && (!(k in derived) || JSON.stringify(v) !== derived[k]),
  );
  return { ...Object.fromEntries(recorded), [STATE_VERSION_KEY]: kind.stateVersion } as Partial<O> & { stateVersion: number };
}

/**
 * The recorded outputs of resource `id`, upgraded to this code's version and parsed.
 * @throws Error naming the resource, the version or the fields, and what to do.
 */
export function recordedOutputs<O extends object>(kind: Versioned<O>, bag: Bag, id: string): O {
  const { __provider: _shim, [STATE_VERSION_KEY]: stored, ...outs } = bag;
  const what = `catalog-clone:${kind.typeName} ${id}`;
  const version = stored ?? 1;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    throw new Error(
      `${what}: its recorded ${STATE_VERSION_KEY} ${JSON.stringify(stored)} is not a version (a whole number from 1). ` +
        `Set it to the version of pulumi-uc-clone that wrote the state (pulumi stack export, edit, pulumi stack import). ${KEEP_IN_STATE}`,
    );
  }
  if (version > kind.stateVersion) {
    throw new Error(
      `${what}: its recorded state is version ${version}, written by a newer pulumi-uc-clone; this one reads versions up to ${kind.stateVersion}. ` +
        `Run the pulumi-uc-clone version that wrote it (or a later one). ${KEEP_IN_STATE}`,
    );
  }
  let upgraded: Bag = outs;
  for (let v = version; v < kind.stateVersion; v++) {
    const upgrade = kind.upgraders[v];
    if (!upgrade) throw new Error(`${what}: no upgrader from state version ${v} to ${v + 1} (a defect of this kind's declaration). ${KEEP_IN_STATE}`);
    upgraded = upgrade(upgraded);
  }
  // Fields left out because they held their default (any version: older ones recorded every field).
  upgraded = { ...kind.unrecordedDefaults, ...upgraded };
  // Then those left out because they equalled their derivation from the others.
  for (const [k, f] of Object.entries(kind.unrecordedDerived ?? {})) {
    if (upgraded[k] === undefined) upgraded = { ...upgraded, [k]: (f as (o: O) => unknown)(upgraded as O) };
  }
  const parsed = kind.outputs.safeParse(upgraded);
  if (parsed.success) return parsed.data;
  throw new Error(
    `${what}: its recorded state (version ${version}) is not readable: ${problemsText(inputProblems(parsed.error, upgraded, kind.outputs, "(outputs)"))}. ` +
      "Run the pulumi-uc-clone version that wrote it, or correct those fields in the stack's state (pulumi stack export, edit, pulumi stack import). " +
      KEEP_IN_STATE,
  );
}
