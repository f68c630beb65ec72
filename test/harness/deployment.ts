import { Semaphore } from "../../provider/warehouse/concurrencyLimit";
import { dependenciesOf, removeInReverseDependencyOrder } from "./deleteOrder";
import { DynamicProviderPlugin, PluginCallError } from "./dynamicProviderPlugin";
import { HarnessState, ResourceState, StateStore } from "./harnessState";
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
  error?: string;
}

/** The result of an operation. */
export interface Summary {
  operation: Operation;
  steps: Step[];
  /** Stack outputs (program exports); secrets shown as "[secret]". */
  outputs: Record<string, unknown>;
  counts: Record<StepOp, number>;
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
  store: StateStore;
  startPlugin: () => Promise<DynamicProviderPlugin>;
  log: (line: string) => void;
}

const stackType = "pulumi:pulumi:Stack";
const dynamicTypePrefix = "pulumi-nodejs:dynamic";

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
  private readonly limit: Semaphore;
  private readonly old: HarnessState;
  private readonly oldByUrn = new Map<string, ResourceState>();
  /** Resources registered by this run, in registration order. */
  private readonly news: ResourceState[] = [];
  /** Old entries still in state (not superseded by a registration, not deleted yet). */
  private remainingOld: ResourceState[];
  /** URNs of old resources matched by a registration (directly or through an alias). */
  private readonly registered = new Set<string>();
  private plugin?: Promise<DynamicProviderPlugin>;
  /** URNs deleted because a resource they depend on was replaced delete-before-replace. */
  private readonly replacedDependents = new Set<string>();
  private halted = false;
  private failedSteps = 0;

  constructor(
    readonly operation: Operation,
    private readonly ctx: DeploymentContext,
  ) {
    this.limit = new Semaphore(ctx.parallel);
    this.old = ctx.store.load(ctx.project, ctx.stack);
    for (const r of this.old.resources) if (!r.pendingDelete) this.oldByUrn.set(r.urn, r);
    this.remainingOld = [...this.old.resources];
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

  private async persist(): Promise<void> {
    if (!this.dryRun) await this.ctx.store.save(() => this.snapshot());
  }

  private fail(step: Step, message: string): Error {
    step.error = message;
    this.failedSteps++;
    if (!this.dryRun) this.halted = true;
    this.errors.push(`${step.type} (${step.name}): ${message}`);
    return new Error(message);
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
    this.remainingOld = this.remainingOld.filter((r) => r !== old);
    if (replacement) this.remainingOld.push(replacement);
  }

  /** {@inheritDoc MonitorHandler.log} */
  log(severity: "debug" | "info" | "warning" | "error", message: string, urn: string): void {
    if (severity === "debug") return;
    const where = urn ? ` ${urn.split("::").slice(-1)[0]}` : "";
    this.ctx.log(`[program ${severity}${where}] ${message}`);
    if (severity === "error") this.errors.push(message);
  }

  /** {@inheritDoc MonitorHandler.registerResourceOutputs} */
  async registerResourceOutputs(urn: string, outputs: PropertyBag): Promise<void> {
    const r = this.news.find((x) => x.urn === urn);
    if (!r) throw new Error(`[harness] RegisterResourceOutputs for unknown resource ${urn}`);
    r.outputs = outputs;
    await this.persist();
  }

  /** {@inheritDoc MonitorHandler.registerResource} */
  async registerResource(reg: Registration): Promise<RegistrationResult> {
    const urn = this.urnOf(reg);
    const old = this.findOld(urn, reg.aliasUrns);
    if (old) this.registered.add(old.urn);
    const step: Step = { urn, type: reg.type, name: reg.name, op: old ? "same" : this.replacedDependents.has(urn) ? "replace" : "create" };
    const duplicate = this.steps.some((s) => s.urn === urn && s.op !== "delete");
    this.steps.push(step);
    if (duplicate) throw this.fail(step, `Duplicate resource URN '${urn}'; try giving it a unique name`);
    if (!reg.custom) return this.registerComponent(reg, urn, old, step);
    return this.limit.run(() => this.registerCustom(reg, urn, old, step));
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
    this.news.push(entry);
    this.supersede(old);
    await this.persist();
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
      this.news.push(entry);
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
      throw this.fail(step, `${what} failed: ${err.message}${reasons}`);
    };

    if (step.op === "same") {
      entry.id = old!.id;
      entry.outputs = old!.outputs;
      entry.provider = old!.provider;
      this.news.push(entry);
      this.supersede(old);
      await this.persist();
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
      await this.persist();
      return { urn, id: entry.id ?? "", outputs };
    }

    if (step.op === "replace" && deleteBeforeReplace && old) {
      await this.deleteDependentsFirst(old, step);
      try {
        if (!old.retainOnDelete) await plugin.delete(old.id ?? "", urn, oldOutputs, oldInputs);
      } catch (e) {
        throw this.fail(step, `delete (before replace) failed: ${(e as Error).message}`);
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
    await this.persist();
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
      this.remainingOld = this.remainingOld.filter((x) => x !== r);
      this.oldByUrn.delete(r.urn);
      this.replacedDependents.add(r.urn);
    };
    if (this.dryRun) {
      dependents.forEach(forget);
      return;
    }
    const deleting = new Set(dependents.map((r) => r.urn));
    // Sequential, inside the slot this step already holds, so `parallel` stays a bound.
    const left = await removeInReverseDependencyOrder(dependents, new Semaphore(1), async (r) => {
      await this.deleteThroughProvider(r, deleting);
      forget(r);
      await this.persist();
      return true;
    });
    if (left.length > 0) {
      throw this.fail(step, `deleting resources that depend on it (before replacing it) failed: ${left.map((r) => r.urn).join(", ")}`);
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
    if (this.failedSteps > 0 && !this.dryRun) return;
    const toDelete = this.remainingOld.filter((r) => r.pendingDelete || !this.registered.has(r.urn));
    await this.deleteAll(toDelete);
  }

  // ---------------------------------------------------------------- deletes (up, destroy)

  private async deleteAll(toDelete: ResourceState[]): Promise<void> {
    const visible = toDelete.filter((r) => !r.pendingDelete);
    const protectedOnes = visible.filter((r) => r.protect);
    for (const r of visible) {
      const step: Step = { urn: r.urn, type: r.type, name: r.name, op: "delete" };
      this.steps.push(step);
      if (r.protect) this.fail(step, protectedDeleteMessage(r.urn));
    }
    // Like the engine, refuse before any provider Delete runs.
    if (protectedOnes.length > 0 || this.dryRun) return;
    const deleting = new Set(toDelete.map((r) => r.urn));
    const left = await removeInReverseDependencyOrder(toDelete, this.limit, async (r) => {
      const step = this.steps.find((s) => s.urn === r.urn && s.op === "delete" && !r.pendingDelete);
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
      this.remainingOld = this.remainingOld.filter((x) => x !== r);
      await this.persist();
      return true;
    });
    for (const r of left) {
      const step = this.steps.find((s) => s.urn === r.urn && s.op === "delete");
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
      this.remainingOld.map((r) =>
        this.limit.run(async (): Promise<ResourceState | undefined> => {
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
    this.remainingOld = refreshed.filter((r): r is ResourceState => r !== undefined);
    await this.persist();
  }

  // ---------------------------------------------------------------- summary

  /** The operation's summary. */
  summary(): Summary {
    const counts: Record<StepOp, number> = { create: 0, update: 0, replace: 0, delete: 0, same: 0 };
    for (const s of this.steps) counts[s.op]++;
    const root = [...this.news, ...this.remainingOld].find((r) => r.type === stackType && !r.parent);
    const outputs = this.operation === "destroy" ? {} : (redactSecrets(root?.outputs ?? {}) as Record<string, unknown>);
    return {
      operation: this.operation,
      steps: this.steps,
      outputs,
      counts,
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
