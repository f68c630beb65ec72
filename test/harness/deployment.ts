import { ParallelLimit, parallelLimit } from "./parallelLimit";
import { dependenciesOf, removeInReverseDependencyOrder } from "./deleteOrder";
import { DynamicProviderPlugin, PluginCallError } from "./dynamicProviderPlugin";
import { HarnessState, ResourceState, StateStore, sameResourceState } from "./harnessState";
import {
  PropertyBag,
  annotateSecrets,
  changedKeys,
  plainBag,
  providerKey,
  redactSecrets,
  secretKeysOf,
  withoutProvider,
} from "./propertyValues";
import { MonitorHandler, Registration, RegistrationResult } from "./resourceMonitor";

/** The four stack operations. */
export type Operation = "preview" | "up" | "refresh" | "destroy";

/** What happened (or, in a preview, would happen) to one resource. */
export type StepOp = "create" | "update" | "replace" | "delete" | "same";

/** One line of a summary. */
export interface Step {
  urn: string;
  type: string;
  name: string;
  op: StepOp;
  /** For updates and replaces: the inputs that changed (never `__provider`); for refresh: the outputs. */
  changedKeys?: string[];
  /** For replaces: the keys the provider said force the replacement. */
  replaceKeys?: string[];
  /**
   * Changed keys the resource's `hideDiffs` option hides from the display (summaryText): they stay in
   * `changedKeys`, as the option changes display logic only.
   */
  hiddenKeys?: string[];
  /**
   * Info and warning messages the program attached to this resource (`pulumi.log.info(msg, resource)`),
   * in order; the summary shows the latest in the resource's row, like the CLI's Info column.
   */
  messages?: string[];
  error?: string;
  /**
   * Not run (--continue-on-error): the resource depends on one whose step failed or was skipped. Its
   * old state, if any, is kept; skipped steps are not in {@link Summary.counts}.
   */
  skipped?: boolean;
}

/** The result of an operation. */
export interface Summary {
  operation: Operation;
  steps: Step[];
  /** Stack outputs (program exports); secrets shown as "[secret]". */
  outputs: Record<string, unknown>;
  /** Steps done (preview: planned); failed and skipped ones are not counted. */
  counts: Record<StepOp, number>;
  /** Steps skipped because a resource they depend on failed (--continue-on-error). */
  skipped: number;
  failed: boolean;
  errors: string[];
}

/** Fixed inputs of a deployment. */
export interface DeploymentContext {
  project: string;
  stack: string;
  /** Full stack config, namespaced keys; secrets as secret wrappers. */
  config: PropertyBag;
  parallel: number;
  /**
   * `pulumi up --continue-on-error`: a resource whose create/update/delete fails does not stop the
   * update; what does not depend on it still runs (and deletes run after the program). The update
   * still fails. Failures while planning a step (check, diff, a protected replace) stop it regardless.
   */
  continueOnError?: boolean;
  store: StateStore;
  startPlugin: () => Promise<DynamicProviderPlugin>;
  log: (line: string) => void;
}

const stackType = "pulumi:pulumi:Stack";
const dynamicTypePrefix = "pulumi-nodejs:dynamic";

/** A failed step. `keepGoing`: the update goes on without it (continue-on-error, a failure while applying). */
class StepError extends Error {
  constructor(
    message: string,
    readonly keepGoing: boolean,
  ) {
    super(message);
  }
}

const pastTense: Record<StepOp, string> = { create: "created", update: "updated", replace: "replaced", delete: "deleted", same: "unchanged" };

/** What a registration depends on, as the engine reads it: parent, dependsOn, property dependencies, deletedWith. */
function registrationDependencies(reg: Registration): string[] {
  return [reg.parent, ...reg.dependencies, ...Object.values(reg.propertyDependencies).flat(), reg.deletedWith].filter((u) => u !== "");
}

function protectedDeleteMessage(urn: string): string {
  // The engine's wording, plus the short form ("cannot be deleted because it is protected").
  return (
    `unable to delete resource "${urn}"\nas it is currently marked for protection: resource ${urn} cannot be deleted ` +
    "because it is protected. To unprotect the resource, either remove the `protect` flag from the resource in your " +
    "Pulumi program and run `pulumi up`, or use the command:\n`pulumi state unprotect '" + urn + "'`"
  );
}

/**
 * One operation on one stack: the engine half of the harness. For preview/up it answers the
 * program's RegisterResource calls (check, diff, create/update/replace through the dynamic-provider
 * plugin), then deletes what the program no longer declares; refresh and destroy work on state only.
 */
export class Deployment implements MonitorHandler {
  readonly steps: Step[] = [];
  readonly errors: string[] = [];
  private readonly limit: ParallelLimit;
  private readonly old: HarnessState;
  private readonly oldByUrn = new Map<string, ResourceState>();
  /** Each registration's step by URN, for the messages the program attaches to a resource (log). */
  private readonly registeredSteps = new Map<string, Step>();
  /** Resources registered by this run, in registration order. */
  private readonly news: ResourceState[] = [];
  /** Where each URN's entry sits in {@link news} (registerResourceOutputs finds it without a scan). */
  private readonly newsIndex = new Map<string, number>();
  /**
   * Old entries still in state (not superseded by a registration, not deleted yet), in state order. A
   * Set (insertion-ordered) so that superseding or deleting one entry costs O(1), not a pass over the
   * stack: with an array each registration of an N-resource stack copied it (quadratic in N).
   */
  private remainingOld: Set<ResourceState>;
  /** URNs of this run's non-delete steps (duplicate-URN check without a scan of {@link steps}). */
  private readonly stepUrns = new Set<string>();
  /** The entries now in {@link news} (an entry replaced by registerResourceOutputs leaves it). */
  private readonly liveNews = new Set<ResourceState>();
  /** Entries that entered or left the state since the last save: the state store journals only those. */
  private touched = new Set<ResourceState>();
  /** URNs of old resources matched by a registration (directly or through an alias). */
  private readonly registered = new Set<string>();
  private plugin?: Promise<DynamicProviderPlugin>;
  /** URNs deleted because a resource they depend on was replaced delete-before-replace. */
  private readonly replacedDependents = new Set<string>();
  /** A failure stopped the update: nothing new is scheduled, deletes are not run. */
  private halted = false;
  private failedSteps = 0;
  /** URNs whose step failed or was skipped this update (continue-on-error): their dependents are skipped. */
  private readonly notApplied = new Set<string>();

  constructor(
    readonly operation: Operation,
    private readonly ctx: DeploymentContext,
  ) {
    this.limit = parallelLimit(ctx.parallel);
    this.old = ctx.store.load(ctx.project, ctx.stack);
    for (const r of this.old.resources) if (!r.pendingDelete) this.oldByUrn.set(r.urn, r);
    this.remainingOld = new Set(this.old.resources);
  }

  private get dryRun(): boolean {
    return this.operation === "preview";
  }

  /** The plugin, started and configured with the full stack config on first use. */
  providerPlugin(): Promise<DynamicProviderPlugin> {
    this.plugin ??= this.ctx.startPlugin().then(async (p) => {
      await p.configure(this.ctx.config);
      return p;
    });
    return this.plugin;
  }

  /** Stops the plugin if it was started. */
  async close(): Promise<void> {
    if (this.plugin) (await this.plugin.catch(() => undefined))?.close();
  }

  private snapshot(): HarnessState {
    return { ...this.old, resources: [...this.news, ...this.remainingOld] };
  }

  /**
   * Writes the state after a step that changed something in the world (a provider create, update or
   * delete; call sites only call it then): on disk before the step's result reaches the program or the
   * summary, so a crash never loses a completed step. It carries every entry {@link touched} so far,
   * including changes of the record alone: a same step's new inputs, options or dependencies, a
   * component's registration or outputs. Those are not written on their own: nothing changed in the
   * world, so losing one in a crash leaves a state that is still true (as if the step had not run yet);
   * they ride on the next write, or on {@link flush} at the end. Unchanged steps write nothing at all.
   */
  private async persist(final = false): Promise<void> {
    if (this.dryRun) return;
    const touched = this.touched;
    this.touched = new Set();
    await this.ctx.store.save(() => this.snapshot(), { touched, isLive: (r) => this.liveNews.has(r) || this.remainingOld.has(r) }, final);
  }

  /**
   * End of the operation: writes the changes of the record alone not written since, and folds the state
   * store's journal into the state file (nothing at all when nothing changed).
   */
  async flush(): Promise<void> {
    await this.persist(true);
  }

  /** Persists `step`'s change and says it is done (progress, as the CLI prints it). */
  private async completed(step: Step): Promise<void> {
    await this.persist();
    if (!this.dryRun) this.ctx.log(`[harness] ${pastTense[step.op]} ${step.type} ${step.name}`);
  }

  /**
   * Records a failed step. `applying`: the provider's create/update/delete failed (with
   * continue-on-error the update goes on without this resource); otherwise the update stops scheduling
   * new steps, as the engine does after any failure (and after a planning failure even with
   * continue-on-error: pkg/resource/deploy step_generator bails, step_executor cancelDueToError).
   */
  private fail(step: Step, message: string, applying = false): StepError {
    step.error = message;
    this.failedSteps++;
    const keepGoing = applying && this.ctx.continueOnError === true && !this.dryRun;
    if (!this.dryRun && !keepGoing) this.halted = true;
    this.errors.push(`${step.type} (${step.name}): ${message}`);
    return new StepError(message, keepGoing);
  }

  // ---------------------------------------------------------------- program side (preview / up)

  private urnOf(reg: Registration): string {
    let parentType = "";
    if (reg.parent) {
      const qualifiedType = reg.parent.split("::")[2] ?? "";
      if (qualifiedType !== stackType) parentType = qualifiedType + "$";
    }
    return `urn:pulumi:${this.ctx.stack}::${this.ctx.project}::${parentType}${reg.type}::${reg.name}`;
  }

  private findOld(urn: string, aliases: string[]): ResourceState | undefined {
    for (const u of [urn, ...aliases]) {
      const r = this.oldByUrn.get(u);
      if (r && !this.registered.has(u)) return r;
    }
    return undefined;
  }

  private supersede(old: ResourceState | undefined, replacement?: ResourceState): void {
    if (!old) return;
    this.remainingOld.delete(old);
    this.touched.add(old);
    if (replacement) {
      this.remainingOld.add(replacement);
      this.touched.add(replacement);
    }
  }

  /** {@inheritDoc MonitorHandler.log} */
  log(severity: "debug" | "info" | "warning" | "error", message: string, urn: string): void {
    if (severity === "debug") return;
    // The registration's step (a second registration of one URN fails as a duplicate).
    const step = urn ? this.registeredSteps.get(urn) : undefined;
    if (step && severity !== "error") (step.messages ??= []).push(message);
    const where = urn ? ` ${urn.split("::").slice(-1)[0]}` : "";
    this.ctx.log(`[program ${severity}${where}] ${message}`);
    if (severity === "error") this.errors.push(message);
  }

  /** {@inheritDoc MonitorHandler.registerResourceOutputs} */
  async registerResourceOutputs(urn: string, outputs: PropertyBag): Promise<void> {
    const i = this.newsIndex.get(urn) ?? -1;
    if (i < 0) {
      if (this.notApplied.has(urn)) return; // a skipped component: nothing of it is recorded
      throw new Error(`[harness] RegisterResourceOutputs for unknown resource ${urn}`);
    }
    // A new entry object (saved entries are never mutated: the state store reuses their encoding).
    const updated = { ...this.news[i], outputs };
    if (sameResourceState(this.news[i], updated)) return;
    this.liveNews.delete(this.news[i]);
    this.touched.add(this.news[i]);
    this.news[i] = updated;
    this.liveNews.add(updated);
    this.touched.add(updated); // a change of the record alone: written with the next save (persist)
  }

  /** {@inheritDoc MonitorHandler.registerResource} */
  async registerResource(reg: Registration): Promise<RegistrationResult> {
    const urn = this.urnOf(reg);
    const old = this.findOld(urn, reg.aliasUrns);
    if (old) this.registered.add(old.urn);
    const step: Step = { urn, type: reg.type, name: reg.name, op: old ? "same" : this.replacedDependents.has(urn) ? "replace" : "create" };
    if (!this.registeredSteps.has(urn)) this.registeredSteps.set(urn, step);
    const duplicate = this.stepUrns.has(urn);
    this.stepUrns.add(urn);
    this.steps.push(step);
    if (duplicate) throw this.fail(step, `Duplicate resource URN '${urn}'; try giving it a unique name`);
    // continue-on-error: what depends on a failed (or skipped) resource is skipped, its old state kept
    // (deployment_executor.go handleSingleEvent: doesStepDependOn → step.Skip(), Result SKIP).
    const blocker = registrationDependencies(reg).find((u) => this.notApplied.has(u));
    if (blocker !== undefined && !this.dryRun) {
      step.skipped = true;
      this.notApplied.add(urn);
      this.ctx.log(`[harness] skipped ${reg.type} ${reg.name}: it depends on ${blocker.split("::").pop()}, which failed or was skipped`);
      return { urn, id: old?.id ?? "", outputs: {}, result: "skip" };
    }
    try {
      if (!reg.custom) return await this.registerComponent(reg, urn, old, step);
      return await this.limit(() => this.registerCustom(reg, urn, old, step));
    } catch (e) {
      if (!(e instanceof StepError && e.keepGoing)) throw e;
      // The program carries on: the engine answers Result FAIL, the SDK resolves the outputs unknown.
      this.notApplied.add(urn);
      return { urn, id: old?.id ?? "", outputs: {}, result: "fail" };
    }
  }

  /** Appends a registered entry to {@link news}, indexed by URN. */
  private addNew(entry: ResourceState): void {
    this.newsIndex.set(entry.urn, this.news.length);
    this.news.push(entry);
    this.liveNews.add(entry);
    this.touched.add(entry);
  }

  private newEntry(reg: Registration, urn: string, old: ResourceState | undefined): ResourceState {
    return {
      urn,
      type: reg.type,
      name: reg.name,
      custom: reg.custom,
      parent: reg.parent || undefined,
      inputs: {},
      outputs: old?.outputs ?? {},
      dependencies: reg.dependencies,
      propertyDependencies: Object.fromEntries(Object.entries(reg.propertyDependencies).filter(([, urns]) => urns.length > 0)),
      protect: reg.protect,
      retainOnDelete: reg.retainOnDelete,
      deletedWith: reg.deletedWith || undefined,
      additionalSecretOutputs: reg.additionalSecretOutputs.length ? reg.additionalSecretOutputs : undefined,
    };
  }

  private async registerComponent(reg: Registration, urn: string, old: ResourceState | undefined, step: Step): Promise<RegistrationResult> {
    const entry = this.newEntry(reg, urn, old);
    entry.inputs = reg.inputs;
    // Unchanged: the old entry object stays (nothing to write; the state store reuses its encoding).
    const unchanged = old !== undefined && sameResourceState(old, entry);
    this.addNew(unchanged ? old : entry);
    this.supersede(old);
    return { urn, id: "", outputs: entry.outputs };
  }

  private async registerCustom(reg: Registration, urn: string, old: ResourceState | undefined, step: Step): Promise<RegistrationResult> {
    if (!reg.type.startsWith(dynamicTypePrefix) || reg.provider !== "") {
      throw this.fail(
        step,
        `[harness] only dynamic resources (${dynamicTypePrefix}...) with the default provider are supported by the test ` +
          `harness; ${reg.type} needs the Pulumi CLI and its resource plugin`,
      );
    }
    if (reg.importId) throw this.fail(step, "[harness] the `import` resource option is not supported by the test harness");
    if (this.halted) throw this.fail(step, "[harness] skipped: an earlier step of this update failed");
    const plugin = await this.providerPlugin().catch((e: Error) => {
      throw this.fail(step, `[harness] the dynamic-provider plugin did not start: ${e.message}`);
    });

    // ignoreChanges: the engine applies it to the program's inputs before Check (top-level keys here).
    const news: PropertyBag = { ...reg.inputs };
    if (old) {
      for (const key of reg.ignoreChanges) {
        if (key in old.inputs) news[key] = old.inputs[key];
        else delete news[key];
      }
    }
    const oldInputs = old ? { ...old.inputs, [providerKey]: old.provider } : {};
    const oldOutputs = old ? { ...old.outputs, [providerKey]: old.provider } : {};

    let checked: PropertyBag;
    try {
      const res = await plugin.check(urn, oldInputs, news);
      if (res.failures.length > 0) {
        throw new Error(res.failures.map((f) => (f.property ? `${f.property}: ${f.reason}` : f.reason)).join("; "));
      }
      checked = annotateSecrets(res.inputs, secretKeysOf(news));
    } catch (e) {
      throw this.fail(step, `check failed: ${(e as Error).message}`);
    }
    const secretKeys = new Set([...secretKeysOf(checked), ...reg.additionalSecretOutputs]);
    const entry = this.newEntry(reg, urn, old);
    entry.inputs = withoutProvider(checked);

    let replaceKeys: string[] = [];
    let deleteBeforeReplace = reg.deleteBeforeReplace;
    if (old) {
      const keys = changedKeys(withoutProvider(old.inputs), withoutProvider(checked));
      if (old.initErrors?.length) {
        step.op = "update";
      } else {
        let diff;
        try {
          diff = await plugin.diff(old.id ?? "", urn, oldOutputs, checked, oldInputs);
        } catch (e) {
          throw this.fail(step, `diff failed: ${(e as Error).message}`);
        }
        const changed =
          diff.changes === "some" || (diff.changes === "unknown" && changedKeys(oldInputs, checked).length > 0);
        if (changed) {
          replaceKeys = [...diff.replaces];
          if (reg.replaceOnChanges.includes("*")) replaceKeys.push(...keys);
          else replaceKeys.push(...keys.filter((k) => reg.replaceOnChanges.includes(k)));
          step.op = replaceKeys.length > 0 ? "replace" : "update";
          deleteBeforeReplace ||= diff.deleteBeforeReplace;
        }
      }
      if (step.op !== "same") step.changedKeys = [...new Set([...keys, ...replaceKeys])].filter((k) => k !== providerKey).sort();
      const hidden = step.changedKeys?.filter((k) => reg.hideDiffs.includes(k) && !replaceKeys.includes(k)) ?? [];
      if (hidden.length > 0) step.hiddenKeys = hidden;
      if (step.op === "replace") step.replaceKeys = [...new Set(replaceKeys)].sort();
      if (step.op === "replace" && old.protect && reg.protect) {
        throw this.fail(
          step,
          `unable to replace resource "${old.urn}"\nas it is currently marked for protection. To unprotect the resource, ` +
            "remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`",
        );
      }
    }

    if (this.dryRun) {
      if (step.op === "replace" && deleteBeforeReplace && old) await this.deleteDependentsFirst(old, step);
      if (step.op === "same") return { urn, id: old!.id ?? "", outputs: oldOutputs };
      return { urn, id: step.op === "update" ? old!.id ?? "" : "", outputs: checked };
    }

    const provider = checked[providerKey];
    const finish = async (id: string, outs: PropertyBag, initErrors?: string[]): Promise<PropertyBag> => {
      // Secret wrappers the provider returned itself are kept; same-named-input secrets are added.
      const outputs = annotateSecrets(outs, secretKeys);
      entry.id = id;
      entry.outputs = withoutProvider(outputs);
      entry.provider = outputs[providerKey] ?? provider;
      entry.initErrors = initErrors;
      this.addNew(entry);
      return outputs;
    };
    const partialOrFail = async (e: unknown, what: string): Promise<never> => {
      const err = e as PluginCallError;
      if (err.partial) {
        await finish(err.partial.id, { ...err.partial.outputs, [providerKey]: provider }, err.partial.reasons);
        if (step.op === "replace" && old && !deleteBeforeReplace) this.supersede(old, { ...old, pendingDelete: true });
        else this.supersede(old);
        await this.persist();
      }
      const reasons = err.partial?.reasons.length ? ` (${err.partial.reasons.join("; ")})` : "";
      throw this.fail(step, `${what} failed: ${err.message}${reasons}`, true);
    };

    if (step.op === "same") {
      entry.id = old!.id;
      entry.outputs = old!.outputs;
      entry.provider = old!.provider;
      // Unchanged (same inputs, options and dependencies): the old entry object stays and nothing is written;
      // otherwise (e.g. new inputs the provider's diff found equivalent) the change waits for the next write.
      const unchanged = sameResourceState(old!, entry);
      this.addNew(unchanged ? old! : entry);
      this.supersede(old);
      return { urn, id: entry.id ?? "", outputs: oldOutputs };
    }

    if (step.op === "update") {
      let outs: PropertyBag;
      try {
        outs = await plugin.update(old!.id ?? "", urn, oldOutputs, checked, oldInputs);
      } catch (e) {
        return partialOrFail(e, "update");
      }
      const outputs = await finish(old!.id ?? "", outs);
      this.supersede(old);
      await this.completed(step);
      return { urn, id: entry.id ?? "", outputs };
    }

    if (step.op === "replace" && deleteBeforeReplace && old) {
      await this.deleteDependentsFirst(old, step);
      try {
        if (!old.retainOnDelete) await plugin.delete(old.id ?? "", urn, oldOutputs, oldInputs);
      } catch (e) {
        throw this.fail(step, `delete (before replace) failed: ${(e as Error).message}`, true);
      }
      this.supersede(old);
      await this.persist();
    }

    let created: { id: string; outputs: PropertyBag };
    try {
      created = await plugin.create(urn, checked);
    } catch (e) {
      return partialOrFail(e, "create");
    }
    const outputs = await finish(created.id, created.outputs);
    // Create-before-delete: the old resource is deleted after the program finished (delete phase).
    if (step.op === "replace" && !deleteBeforeReplace && old) this.supersede(old, { ...old, pendingDelete: true });
    await this.completed(step);
    return { urn, id: created.id, outputs };
  }

  /**
   * Delete-before-replace of `old`: what depends on it (transitively, not re-registered yet) cannot
   * outlive it, so it is deleted first, in reverse dependency order; the program's registration
   * of each then re-creates it, reported as a replace.
   */
  private async deleteDependentsFirst(old: ResourceState, step: Step): Promise<void> {
    const doomed = new Set<string>([old.urn]);
    const dependents: ResourceState[] = [];
    for (let grew = true; grew; ) {
      grew = false;
      for (const r of this.remainingOld) {
        if (r === old || dependents.includes(r) || this.registered.has(r.urn)) continue;
        if ([...dependenciesOf(r)].some((u) => doomed.has(u))) {
          dependents.push(r);
          doomed.add(r.urn);
          grew = true;
        }
      }
    }
    if (dependents.length === 0) return;
    const blocked = dependents.find((r) => r.protect);
    if (blocked) {
      throw this.fail(
        step,
        `unable to replace resource "${blocked.urn}" as part of replacing "${old.urn}" as it is currently marked for ` +
          "protection. To unprotect the resource, remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`",
      );
    }
    const forget = (r: ResourceState) => {
      this.remainingOld.delete(r);
      this.touched.add(r);
      this.oldByUrn.delete(r.urn);
      this.replacedDependents.add(r.urn);
    };
    if (this.dryRun) {
      dependents.forEach(forget);
      return;
    }
    const deleting = new Set(dependents.map((r) => r.urn));
    // Sequential, inside the slot this step already holds, so `parallel` stays a bound.
    const left = await removeInReverseDependencyOrder(dependents, parallelLimit(1), async (r) => {
      await this.deleteThroughProvider(r, deleting);
      forget(r);
      await this.persist();
      return true;
    });
    if (left.length > 0) {
      throw this.fail(step, `deleting resources that depend on it (before replacing it) failed: ${left.map((r) => r.urn).join(", ")}`, true);
    }
  }

  /** After the program exited: delete what it no longer declares (up) or report it (preview). */
  async finishProgram(exitCode: number, timedOutAfterMs?: number): Promise<void> {
    if (timedOutAfterMs !== undefined) {
      this.errors.push(
        `[harness] the Pulumi program did not exit within ${timedOutAfterMs} ms and was killed ` +
          "(an open handle, e.g. a database connection or timer, keeps node alive after the program finished)",
      );
    } else if (exitCode !== 0) {
      this.errors.push(`the Pulumi program exited with code ${exitCode}`);
    }
    // The program may have stopped before declaring everything: nothing it did not declare is deleted.
    if (exitCode !== 0 || timedOutAfterMs !== undefined) return;
    // A failure stopped the update: no deletes (with continue-on-error, failures while applying do not).
    if (this.halted) return;
    // What a failed or skipped resource that stays in state depends on must stay too
    // (deployment_executor.go performPostSteps: erroredDeps).
    const kept = this.dependenciesOfNotApplied();
    const toDelete = [...this.remainingOld].filter((r) => (r.pendingDelete || !this.registered.has(r.urn)) && !kept.has(r.urn));
    for (const r of this.remainingOld) {
      if ((r.pendingDelete || !this.registered.has(r.urn)) && kept.has(r.urn)) {
        this.ctx.log(`[harness] not deleting ${r.type} ${r.name}: a resource that failed or was skipped depends on it`);
      }
    }
    await this.deleteAll(toDelete);
  }

  /** URNs that resources whose step failed or was skipped (and that keep a state entry) depend on, transitively. */
  private dependenciesOfNotApplied(): Set<string> {
    const out = new Set<string>();
    if (this.notApplied.size === 0) return out;
    const state = [...this.news, ...this.remainingOld];
    const byUrn = new Map<string, ResourceState[]>();
    for (const r of state) byUrn.set(r.urn, [...(byUrn.get(r.urn) ?? []), r]);
    const queue = state.filter((r) => this.notApplied.has(r.urn));
    while (queue.length > 0) {
      const r = queue.pop()!;
      for (const dep of dependenciesOf(r)) {
        if (out.has(dep)) continue;
        out.add(dep);
        queue.push(...(byUrn.get(dep) ?? []));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- deletes (up, destroy)

  private async deleteAll(toDelete: ResourceState[]): Promise<void> {
    const visible = toDelete.filter((r) => !r.pendingDelete);
    const protectedOnes = visible.filter((r) => r.protect);
    /** The delete step of each visible entry (a pending delete, the old half of a replace, has none). */
    const deleteSteps = new Map<ResourceState, Step>();
    for (const r of visible) {
      const step: Step = { urn: r.urn, type: r.type, name: r.name, op: "delete" };
      this.steps.push(step);
      deleteSteps.set(r, step);
      if (r.protect) this.fail(step, protectedDeleteMessage(r.urn));
    }
    // Like the engine, refuse before any provider Delete runs.
    if (protectedOnes.length > 0 || this.dryRun) return;
    const deleting = new Set(toDelete.map((r) => r.urn));
    const left = await removeInReverseDependencyOrder(toDelete, this.limit, async (r) => {
      const step = deleteSteps.get(r);
      try {
        await this.deleteThroughProvider(r, deleting);
      } catch (e) {
        const message = `delete failed: ${(e as Error).message}`;
        if (step) this.fail(step, message);
        else {
          this.failedSteps++;
          this.errors.push(`${r.type} (${r.name}): deleting the replaced resource ${message}`);
        }
        return false;
      }
      this.remainingOld.delete(r);
      this.touched.add(r);
      if (step) await this.completed(step);
      else await this.persist();
      return true;
    });
    for (const r of left) {
      const step = deleteSteps.get(r);
      if (step && !step.error) step.error = "not deleted: a resource depending on it failed to delete";
    }
  }

  /**
   * The provider's Delete of `r`, unless nothing is to be deleted: a component, a retainOnDelete
   * resource, or one deletedWith a resource of the same delete (`deleting`, by URN).
   */
  private async deleteThroughProvider(r: ResourceState, deleting: Set<string>): Promise<void> {
    if (!r.custom || r.retainOnDelete || (r.deletedWith !== undefined && deleting.has(r.deletedWith))) return;
    const plugin = await this.providerPlugin();
    await plugin.delete(r.id ?? "", r.urn, { ...r.outputs, [providerKey]: r.provider }, { ...r.inputs, [providerKey]: r.provider });
  }

  /** destroy: every resource of the stack, in reverse dependency order. */
  async destroy(): Promise<void> {
    await this.deleteAll([...this.remainingOld]);
  }

  // ---------------------------------------------------------------- refresh

  /** refresh: Read every custom resource; gone ones leave state, the rest take the read outputs (and inputs). */
  async refresh(): Promise<void> {
    const refreshed = await Promise.all(
      [...this.remainingOld].map((r) =>
        this.limit(async (): Promise<ResourceState | undefined> => {
          const step: Step = { urn: r.urn, type: r.type, name: r.name, op: "same" };
          if (!r.pendingDelete) this.steps.push(step);
          if (!r.custom) return r;
          try {
            const plugin = await this.providerPlugin();
            const oldOutputs = { ...r.outputs, [providerKey]: r.provider };
            const oldInputs = { ...r.inputs, [providerKey]: r.provider };
            const read = await plugin.read(r.id ?? "", r.urn, oldOutputs, oldInputs);
            if (!read.id) {
              step.op = "delete";
              return undefined;
            }
            const outputs = withoutProvider(annotateSecrets(read.outputs, new Set([...secretKeysOf(r.outputs), ...secretKeysOf(r.inputs), ...(r.additionalSecretOutputs ?? [])])));
            const inputs = read.inputs ? withoutProvider(annotateSecrets(read.inputs, secretKeysOf(r.inputs))) : r.inputs;
            const keys = changedKeys(r.outputs, outputs);
            if (keys.length > 0 || changedKeys(r.inputs, inputs).length > 0 || read.id !== r.id) {
              step.op = "update";
              step.changedKeys = keys;
            }
            return { ...r, id: read.id, outputs, inputs };
          } catch (e) {
            this.fail(step, `refresh (read) failed: ${(e as Error).message}`);
            return r;
          }
        }),
      ),
    );
    // Unchanged entries keep their objects (and so their encoding in the state store); written only on a change.
    let changed = false;
    const next = new Set<ResourceState>();
    [...this.remainingOld].forEach((r, i) => {
      const x = refreshed[i];
      if (x === undefined) {
        changed = true;
        this.touched.add(r);
      } else if (x === r || sameResourceState(x, r)) next.add(r);
      else {
        changed = true;
        next.add(x);
        this.touched.add(r);
        this.touched.add(x);
      }
    });
    this.remainingOld = next;
    if (!changed) return;
    await this.persist();
  }

  // ---------------------------------------------------------------- summary

  /** The operation's summary. */
  summary(): Summary {
    const counts: Record<StepOp, number> = { create: 0, update: 0, replace: 0, delete: 0, same: 0 };
    // Like the CLI's "Resources:" block: what was done (or, in a preview, planned); not failed or skipped steps.
    for (const s of this.steps) if (!s.skipped && !s.error) counts[s.op]++;
    const root = [...this.news, ...this.remainingOld].find((r) => r.type === stackType && !r.parent);
    const outputs = this.operation === "destroy" ? {} : (redactSecrets(root?.outputs ?? {}) as Record<string, unknown>);
    return {
      operation: this.operation,
      steps: this.steps,
      outputs,
      counts,
      skipped: this.steps.filter((s) => s.skipped).length,
      failed: this.errors.length > 0 || this.failedSteps > 0,
      errors: this.errors,
    };
  }

  /** Stack outputs with secrets decrypted (after the operation). */
  stackOutputs(): PropertyBag {
    const root = [...this.news, ...this.remainingOld].find((r) => r.type === stackType && !r.parent);
    return plainBag(root?.outputs ?? {});
  }
}
