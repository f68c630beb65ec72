import { ChildProcess } from "child_process";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { PropertyBag, plainBag, withoutUndefined } from "./propertyValues";
import { nodeOnPath, resolvePulumiModule, spawnTiedToHarness } from "./programRunner";

/** How the plugin answered Diff. */
export interface PluginDiff {
  changes: "some" | "none" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/**
 * A provider call that failed. When the plugin reported ErrorResourceInitFailed (the resource exists
 * but did not finish initializing) `partial` carries what the engine stores: id, outputs, reasons.
 */
export class PluginCallError extends Error {
  constructor(
    message: string,
    readonly partial?: { id: string; outputs: PropertyBag; reasons: string[] },
  ) {
    super(message);
  }
}

function toStruct(bag: PropertyBag): Struct {
  return Struct.fromJavaScript(withoutUndefined(plainBag(bag)) as Record<string, never>);
}

function fromStruct(s: Struct | undefined): PropertyBag {
  return (s?.toJavaScript() ?? {}) as PropertyBag;
}

function partialFrom(err: grpc.ServiceError): PluginCallError["partial"] {
  const bins = err.metadata?.get("grpc-status-details-bin") ?? [];
  for (const bin of bins) {
    const status = statusproto.Status.deserializeBinary(new Uint8Array(bin as Buffer));
    for (const any of status.getDetailsList()) {
      if (!any.getTypeUrl().endsWith("pulumirpc.ErrorResourceInitFailed")) continue;
      const detail = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
      return { id: detail.getId(), outputs: fromStruct(detail.getProperties()), reasons: detail.getReasonsList() };
    }
  }
  return undefined;
}

/**
 * The real `@pulumi/pulumi/cmd/dynamic-provider` plugin in a child process, driven over gRPC the way
 * the engine drives it. One process serves every dynamic resource of an operation.
 */
export class DynamicProviderPlugin {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: provrpc.ResourceProviderClient,
  ) {}

  /**
   * Starts the plugin; its first stdout line is the port it listens on. Later output goes to `log`.
   * Like the CLI's `pulumi-resource-pulumi-nodejs` script: `node <@pulumi/pulumi/cmd/dynamic-provider
   * resolved from cwd> <engine address>`, run in `cwd` (the engine's plugin working directory, the
   * program directory) with `node` from PATH unless `node` is given.
   */
  static async start(opts: { cwd: string; env: NodeJS.ProcessEnv; log: (line: string) => void; node?: string }): Promise<DynamicProviderPlugin> {
    const pluginPath = resolvePulumiModule("@pulumi/pulumi/cmd/dynamic-provider", opts.cwd);
    // The engine-address argument is required by the plugin but never used (pulumi/pulumi#6065).
    // Tied to the harness's life (spawnTiedToHarness): it dies with the harness, SIGKILL included.
    const child = spawnTiedToHarness(opts.node ?? nodeOnPath(opts.env), [pluginPath, "127.0.0.1:0"], { cwd: opts.cwd, env: opts.env });
    const port = await new Promise<number>((resolve, reject) => {
      let buffered = "";
      let seenPort = false;
      child.stdout!.setEncoding("utf8");
      child.stdout!.on("data", (chunk: string) => {
        buffered += chunk;
        let nl: number;
        while ((nl = buffered.indexOf("\n")) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (!seenPort) {
            seenPort = true;
            const p = Number(line.trim());
            if (Number.isInteger(p) && p > 0) resolve(p);
            else reject(new Error(`[harness] dynamic-provider plugin printed "${line}" instead of its port`));
          } else opts.log(`[provider] ${line}`);
        }
      });
      child.stderr!.setEncoding("utf8");
      child.stderr!.on("data", (chunk: string) => {
        for (const line of chunk.split("\n")) if (line.trim() !== "") opts.log(`[provider] ${line}`);
      });
      child.on("error", reject);
      child.on("exit", (code) => {
        if (!seenPort) reject(new Error(`[harness] dynamic-provider plugin exited with code ${code} before listening`));
      });
    });
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new DynamicProviderPlugin(child, client);
  }

  private call<Req, Res>(method: string, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      const fn = (this.client as unknown as Record<string, Function>)[method];
      fn.call(this.client, req, (err: grpc.ServiceError | null, res: Res) => {
        if (err) reject(new PluginCallError(err.details || err.message, partialFrom(err)));
        else resolve(res);
      });
    });
  }

  /** Configure with the full stack config (secrets as wrappers: the plugin unwraps them). */
  async configure(config: PropertyBag): Promise<void> {
    const req = new provproto.ConfigureRequest();
    req.setArgs(Struct.fromJavaScript(withoutUndefined(config) as Record<string, never>));
    req.setAcceptsecrets(false);
    req.setAcceptresources(false);
    await this.call("configure", req);
  }

  /** Check: returns the checked inputs and any failures. */
  async check(urn: string, olds: PropertyBag, news: PropertyBag): Promise<{ inputs: PropertyBag; failures: { property: string; reason: string }[] }> {
    const req = new provproto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const res = await this.call<provproto.CheckRequest, provproto.CheckResponse>("check", req);
    return {
      inputs: fromStruct(res.getInputs()),
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** Diff against the old outputs. */
  async diff(id: string, urn: string, oldOutputs: PropertyBag, news: PropertyBag, oldInputs: PropertyBag): Promise<PluginDiff> {
    const req = new provproto.DiffRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(toStruct(oldOutputs));
    req.setNews(toStruct(news));
    req.setOldInputs(toStruct(oldInputs));
    const res = await this.call<provproto.DiffRequest, provproto.DiffResponse>("diff", req);
    const c = res.getChanges();
    return {
      changes:
        c === provproto.DiffResponse.DiffChanges.DIFF_SOME ? "some" : c === provproto.DiffResponse.DiffChanges.DIFF_NONE ? "none" : "unknown",
      replaces: res.getReplacesList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
    };
  }

  /** Create; a partial failure rejects with {@link PluginCallError.partial}. */
  async create(urn: string, inputs: PropertyBag): Promise<{ id: string; outputs: PropertyBag }> {
    const req = new provproto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(toStruct(inputs));
    const res = await this.call<provproto.CreateRequest, provproto.CreateResponse>("create", req);
    if (!res.getId()) throw new PluginCallError("plugin returned empty resource.ID from create");
    return { id: res.getId(), outputs: fromStruct(res.getProperties()) };
  }

  /** Update; a partial failure rejects with {@link PluginCallError.partial}. */
  async update(id: string, urn: string, oldOutputs: PropertyBag, news: PropertyBag, oldInputs: PropertyBag): Promise<PropertyBag> {
    const req = new provproto.UpdateRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(toStruct(oldOutputs));
    req.setNews(toStruct(news));
    req.setOldInputs(toStruct(oldInputs));
    const res = await this.call<provproto.UpdateRequest, provproto.UpdateResponse>("update", req);
    return fromStruct(res.getProperties());
  }

  /** Delete (with the old outputs, whose `__provider` is the code that created the resource). */
  async delete(id: string, urn: string, oldOutputs: PropertyBag, oldInputs: PropertyBag): Promise<void> {
    const req = new provproto.DeleteRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(toStruct(oldOutputs));
    req.setOldInputs(toStruct(oldInputs));
    await this.call("delete", req);
  }

  /** Read (refresh). An empty id means the resource is gone; `inputs` is set when the provider rewrote them. */
  async read(id: string, urn: string, oldOutputs: PropertyBag, oldInputs: PropertyBag): Promise<{ id: string; outputs: PropertyBag; inputs?: PropertyBag }> {
    const req = new provproto.ReadRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(toStruct(oldOutputs));
    req.setInputs(toStruct(oldInputs));
    const res = await this.call<provproto.ReadRequest, provproto.ReadResponse>("read", req);
    return { id: res.getId(), outputs: fromStruct(res.getProperties()), inputs: res.getInputs() ? fromStruct(res.getInputs()) : undefined };
  }

  /** Stops the plugin process. */
  close(): void {
    this.client.close();
    if (this.child.exitCode === null) this.child.kill();
    this.child.stdin?.destroy();
  }
}
