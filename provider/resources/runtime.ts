/**
 * What a process holds while it serves resources (the provider plugin) or discovers catalogs (the
 * program): the open warehouses with their per-warehouse concurrency limits, the stack config handed to
 * `configure`, warehouses registered in-process (useWarehouse), the last_altered batcher and the
 * deployment this process serves with its ledgers; in the program, the destinations its components claim
 * and the discoveries still running. Everything process-wide is in this one object,
 * looked up in one place (processRuntime); a test installs a fresh one (installRuntime) instead of
 * clearing globals.
 *
 * Why per process: the Pulumi engine starts one dynamic-provider plugin process per deployment
 * (pulumi-without-cli.md §1 "One process, shared state") and it serves every dynamic resource of that
 * deployment: all tables and the validation gate of every CatalogClone. So the concurrency limit of a
 * warehouse is shared by every handler (DESIGN §5), last_altered reads of tables written at the same
 * time share one query, and the process itself is the deployment's identity: the engine hands dynamic
 * providers no update id (no environment variable, no request field), and a hash of the plan would
 * repeat across runs with the same plan (a failed run and its retry), so a random id is drawn per
 * runtime. It is never a resource input: a value that differs on every run would show in the diff of
 * every table that changes and be written into the stored inputs of every resource on every run.
 */
import { randomBytes } from "crypto";
import type { Warehouse } from "../warehouse/warehouse";
import { resolveWarehouseConnection, resolveWarehouseIdentity } from "../warehouse/connectionConfig";
import { WarehousePool, poolKey } from "../warehouse/warehousePool";
import { openVolumeFiles } from "../warehouse/openVolumeFiles";
import type { VolumeFiles } from "../warehouse/volumeFiles";
import { isReadOnlyStatement } from "../sql/statementKind";
import { connectionArgs, type ConnectionRef } from "./connectionRef";
import { checkWarehouse, WAREHOUSE_MOVED_FROM } from "./warehouseChange";
import { LastAlteredBatcher } from "./lastAlteredBatch";
import { ReadHold } from "./readHold";
import { HistoryBatcher } from "./table/historyBatch";
import type { HistoryTop } from "./table/drift";
import { DeploymentLedger } from "./deploymentLedger";

/** Where configuration comes from: the Config handed to `configure` (plugin) or the program's stack config. */
export interface ConfigSource {
  /** Value of a namespaced key such as `databricks:host` or `catalog-clone:warehouse`; undefined when unset. */
  get(key: string): string | undefined;
}

export class ProcessRuntime {
  /**
   * Open warehouses. Read-only statements may be re-sent after a failure that may have run; writes go
   * back to the handler (idempotentWrite.ts).
   */
  readonly pool = new WarehousePool({ isResendable: isReadOnlyStatement });
  /** The table updates running in this process, whose batched reads wait for each other (readHold.ts). */
  readonly readHold = new ReadHold();
  /** last_altered reads after writes, one query per catalog for tables written together. */
  readonly lastAltered = new LastAlteredBatcher(this.readHold);
  /** Table history reads (baselines after writes, drift confirmations), one query per catalog for tables read together. */
  readonly history = new HistoryBatcher(this.readHold);
  /**
   * History rows a table's diff read to confirm a drift candidate, kept for its update in this deployment
   * (table/lifecycle.ts confirmers), so the update does not read them again. Taken once.
   */
  readonly historySeen = new Map<string, HistoryTop[] | null>();
  /**
   * The deployment this process serves (tables record it as `changedInDeployment`; the gate compares).
   * 96 random bits in 16 characters: unique enough across a stack's deployments, and stored per table.
   */
  readonly deploymentId: string;
  /** The stack config given to `configure` (never serialized). */
  #config: ConfigSource | undefined;
  /** Warehouses registered with useWarehouse, keyed by connection identity. */
  readonly #registered = new Map<string, Warehouse>();
  /** What the table handlers of this deployment did, per destination catalog (deploymentLedger.ts). */
  readonly #ledgers = new Map<string, DeploymentLedger>();
  /** Program side: destinations claimed by a component of this program (destination key → its name). */
  readonly #claims = new Map<string, string>();
  /** File-copy ports by warehouse and principal (volumeFilesFor). */
  readonly #volumeFiles = new Map<string, Promise<VolumeFiles>>();
  /** Program side: discoveries still running; the last one to finish closes the connections. */
  #discovering = 0;

  constructor(deploymentId: string = randomBytes(12).toString("base64url")) {
    this.deploymentId = deploymentId;
  }

  /** Called from each handler's `configure`: keeps the stack config for later warehouse lookups. */
  configure(config: ConfigSource): void {
    this.#config = config;
  }

  /**
   * Registers an already-open Warehouse for a ConnectionRef, so `warehouseFor(ref)` returns it (custom
   * drivers, instrumented warehouses in tests). Program-side only: the provider plugin is another process.
   */
  useWarehouse(ref: ConnectionRef, warehouse: Warehouse): void {
    this.#registered.set(resolveWarehouseIdentity(connectionArgs(ref)), warehouse);
  }

  /**
   * The Warehouse for a ConnectionRef, resolved (in order) from the ref, stack config (`config`, else the
   * Config given to `configure`), then the environment; see provider/warehouse/connectionConfig.ts.
   * Pooled, with the shared concurrency limit and transient-error retry. Secrets are read here, at call
   * time, and never leave memory.
   */
  async warehouseFor(ref?: ConnectionRef, config?: ConfigSource): Promise<Warehouse> {
    const getter = this.#getter(config);
    if (this.#registered.size > 0) {
      const hit = this.#registered.get(resolveWarehouseIdentity(connectionArgs(ref), getter, process.env));
      if (hit) return hit;
    }
    return this.pool.connect(resolveWarehouseConnection(connectionArgs(ref), getter, process.env));
  }

  /**
   * The file-copy port (volume files) of the warehouse a ConnectionRef resolves to, exactly as warehouseFor
   * resolves it: the local engine's volume storage, or the Databricks Files API with the same host and
   * credentials. One per warehouse, principal and process.
   */
  volumeFilesFor(ref?: ConnectionRef, config?: ConfigSource): Promise<VolumeFiles> {
    const getter = this.#getter(config);
    const conn = resolveWarehouseConnection(connectionArgs(ref), getter, process.env);
    // Per warehouse and principal (a fingerprint of the credentials, as the pool keys connections).
    const key = poolKey(conn);
    let files = this.#volumeFiles.get(key);
    if (!files) {
      files = openVolumeFiles(conn);
      this.#volumeFiles.set(key, files);
      files.catch(() => this.#volumeFiles.delete(key));
    }
    return files;
  }

  /**
   * The identity (connectionIdentity: `databricks:<host><http path>` or `local:<dir>`, never a credential)
   * of the warehouse a resource with `ref` uses now, resolved exactly as warehouseFor resolves it.
   */
  warehouseIdentity(ref?: ConnectionRef, config?: ConfigSource): string {
    return resolveWarehouseIdentity(connectionArgs(ref), this.#getter(config), process.env);
  }

  /**
   * The identity to record for a resource with `ref` whose state recorded `recorded`, after refusing a
   * warehouse other than the one its objects are in (warehouseChange.ts checkWarehouse).
   */
  checkWarehouse(recorded: unknown, ref: ConnectionRef | undefined, what: string, config?: ConfigSource): string {
    const current = this.warehouseIdentity(ref, config);
    const movedFrom = this.#getter(config)(WAREHOUSE_MOVED_FROM.config) ?? process.env[WAREHOUSE_MOVED_FROM.env];
    return checkWarehouse(recorded, current, movedFrom, what);
  }

  /** The ledger of one destination catalog of a stack in this deployment. */
  ledger(catalogKey: string): DeploymentLedger {
    let l = this.#ledgers.get(catalogKey);
    if (!l) this.#ledgers.set(catalogKey, (l = new DeploymentLedger()));
    return l;
  }

  /**
   * Claims `key` (a destination) for `claimant` unless another claimant holds it: returns the claimant
   * that holds it now. Two components of one program writing into one destination would fight over it.
   */
  claim(key: string, claimant: string): string {
    const holder = this.#claims.get(key) ?? claimant;
    this.#claims.set(key, holder);
    return holder;
  }

  /**
   * Runs one discovery of the program; when the last running one finishes, closes the pooled
   * connections (see close), so the program exits once discovery is done.
   */
  async discovering<T>(discover: () => Promise<T>): Promise<T> {
    this.#discovering++;
    try {
      return await discover();
    } finally {
      if (--this.#discovering === 0) await this.close().catch(() => undefined);
    }
  }

  /**
   * Closes every pooled warehouse connection. The program calls it once discovery is done, so open
   * sockets or engine handles never keep the Pulumi program from exiting; later lookups open new ones.
   */
  async close(): Promise<void> {
    await this.pool.close();
  }

  #getter(config: ConfigSource | undefined): (key: string) => string | undefined {
    const source = config ?? this.#config;
    return (key) => source?.get(key);
  }
}

// On globalThis under a registered symbol, not in a module variable: the library may be loaded twice in
// one process (two install paths, or a program and a plugin sharing a node_modules), and the copies must
// still share one pool, one limit per warehouse and one deployment.
const RUNTIME_KEY = Symbol.for("pulumi-uc-clone.processRuntime");
type Holder = { [RUNTIME_KEY]?: ProcessRuntime };

/** The runtime of this process, created on first use. */
export function processRuntime(): ProcessRuntime {
  return ((globalThis as Holder)[RUNTIME_KEY] ??= new ProcessRuntime());
}

/**
 * Makes `runtime` the process's (tests: a fresh pool, config and deployment, as a new provider process
 * would have). Returns it. The one it replaces is not closed: close it first when it holds connections.
 */
export function installRuntime(runtime: ProcessRuntime = new ProcessRuntime()): ProcessRuntime {
  (globalThis as Holder)[RUNTIME_KEY] = runtime;
  return runtime;
}
