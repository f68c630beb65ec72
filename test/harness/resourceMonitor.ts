import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as enginerpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineproto from "@pulumi/pulumi/proto/engine_pb";
import * as resrpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { PropertyBag, withoutUndefined } from "./propertyValues";

/** A RegisterResource request, as plain data. */
export interface Registration {
  type: string;
  name: string;
  parent: string;
  custom: boolean;
  /** The SDK-serialized inputs (secrets as wrappers, unknowns as the unknown string in previews). */
  inputs: PropertyBag;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  protect: boolean;
  retainOnDelete: boolean;
  deleteBeforeReplace: boolean;
  ignoreChanges: string[];
  replaceOnChanges: string[];
  /** Property paths whose diffs the display hides (the `hideDiffs` option: display only, as in the CLI). */
  hideDiffs: string[];
  additionalSecretOutputs: string[];
  aliasUrns: string[];
  deletedWith: string;
  provider: string;
  importId: string;
}

/** What a registration resolves to. */
export interface RegistrationResult {
  urn: string;
  id: string;
  outputs: PropertyBag;
  /**
   * The engine's Result (default success). With --continue-on-error a failed step answers `fail` and a
   * step skipped because of a failed dependency `skip`, instead of an error: the SDK then resolves the
   * resource's outputs as unknown and the program carries on.
   */
  result?: "success" | "fail" | "skip";
}

/** The engine side the monitor forwards to. */
export interface MonitorHandler {
  registerResource(reg: Registration): Promise<RegistrationResult>;
  registerResourceOutputs(urn: string, outputs: PropertyBag): Promise<void>;
  log(severity: "debug" | "info" | "warning" | "error", message: string, urn: string): void;
}

// Features the harness implements. resourceReferences/outputValues stay off so the SDK sends plain
// ids/values plus propertyDependencies; aliasSpecs off makes the SDK compute alias URNs itself.
const supportedFeatures = new Set(["secrets", "deletedWith"]);

/** pulumirpc.Result.SKIP (proto/pulumi/resource.proto); this SDK's generated enum stops at FAIL, and reads any non-SUCCESS as failed. */
const RESULT_SKIP = 2 as resproto.Result;

function unimplemented(what: string): grpc.ServiceError {
  const err = new Error(`[harness] ${what} is not supported by the test harness (it only runs dynamic resources)`) as grpc.ServiceError;
  err.code = grpc.status.UNIMPLEMENTED;
  err.details = err.message;
  return err;
}

function failure(e: unknown, code = grpc.status.UNKNOWN): grpc.ServiceError {
  const message = e instanceof Error ? e.message : String(e);
  const err = new Error(message) as grpc.ServiceError;
  err.code = code;
  err.details = message;
  return err;
}

function toRegistration(req: resproto.RegisterResourceRequest): Registration {
  const propertyDependencies: Record<string, string[]> = {};
  for (const [k, deps] of req.getPropertydependenciesMap().entries()) propertyDependencies[k] = deps.getUrnsList();
  return {
    type: req.getType(),
    name: req.getName(),
    parent: req.getParent(),
    custom: req.getCustom(),
    inputs: (req.getObject()?.toJavaScript() ?? {}) as PropertyBag,
    dependencies: req.getDependenciesList(),
    propertyDependencies,
    protect: req.getProtect() ?? false,
    retainOnDelete: req.getRetainondelete() ?? false,
    deleteBeforeReplace: req.getDeletebeforereplace(),
    ignoreChanges: req.getIgnorechangesList(),
    replaceOnChanges: req.getReplaceonchangesList(),
    hideDiffs: req.getHidediffsList(),
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    aliasUrns: [...req.getAliasurnsList(), ...req.getAliasesList().map((a) => a.getUrn()).filter((u) => u !== "")],
    deletedWith: req.getDeletedwith(),
    provider: req.getProvider(),
    importId: req.getImportid(),
  };
}

/**
 * An in-process gRPC server hosting the ResourceMonitor and Engine services that
 * `@pulumi/pulumi/cmd/run` connects to (--monitor / --engine).
 */
export class ResourceMonitorServer {
  private rootUrn = "";

  private constructor(
    private readonly server: grpc.Server,
    /** host:port for both services. */
    readonly address: string,
  ) {}

  /** Binds to an ephemeral localhost port. */
  static async start(handler: MonitorHandler): Promise<ResourceMonitorServer> {
    const server = new grpc.Server();
    let self: ResourceMonitorServer | undefined;
    const monitor: resrpc.IResourceMonitorServer = {
      getDeploymentInfo: (_call, cb) => cb(unimplemented("GetDeploymentInfo")),
      supportsFeature: (call, cb) => {
        const res = new resproto.SupportsFeatureResponse();
        res.setHassupport(supportedFeatures.has(call.request.getId()));
        cb(null, res);
      },
      invoke: (call, cb) => cb(unimplemented(`Invoke ${call.request.getTok()}`)),
      call: (call, cb) => cb(unimplemented(`Call ${call.request.getTok()}`)),
      readResource: (call, cb) => cb(unimplemented(`ReadResource (.get / import) of ${call.request.getType()}`)),
      existsResource: (_call, cb) => cb(unimplemented("ExistsResource")),
      registerResource: (call, cb) => {
        handler.registerResource(toRegistration(call.request)).then(
          (r) => {
            const res = new resproto.RegisterResourceResponse();
            res.setUrn(r.urn);
            res.setId(r.id);
            res.setObject(Struct.fromJavaScript(withoutUndefined(r.outputs) as Record<string, never>));
            res.setResult(r.result === "fail" ? resproto.Result.FAIL : r.result === "skip" ? RESULT_SKIP : resproto.Result.SUCCESS);
            cb(null, res);
          },
          // Like the engine after a failed step: UNAVAILABLE makes the SDK stop quietly (the harness
          // reports the step's error itself) instead of logging it again as an unhandled exception.
          (e) => cb(failure(e, grpc.status.UNAVAILABLE)),
        );
      },
      registerResourceOutputs: (call, cb) => {
        const outputs = (call.request.getOutputs()?.toJavaScript() ?? {}) as PropertyBag;
        handler.registerResourceOutputs(call.request.getUrn(), outputs).then(
          () => cb(null, new Empty()),
          (e) => cb(failure(e)),
        );
      },
      registerStackTransform: (_call, cb) => cb(unimplemented("transforms")),
      registerStackInvokeTransform: (_call, cb) => cb(unimplemented("invoke transforms")),
      registerResourceHook: (_call, cb) => cb(unimplemented("resource hooks")),
      registerErrorHook: (_call, cb) => cb(unimplemented("error hooks")),
      registerPackage: (_call, cb) => cb(unimplemented("packages (parameterized providers)")),
      signalAndWaitForShutdown: (_call, cb) => cb(null, new Empty()),
    };
    const engine: enginerpc.IEngineServer = {
      log: (call, cb) => {
        const sev = call.request.getSeverity();
        const severity =
          sev === engineproto.LogSeverity.ERROR ? "error" : sev === engineproto.LogSeverity.WARNING ? "warning" : sev === engineproto.LogSeverity.INFO ? "info" : "debug";
        handler.log(severity, call.request.getMessage(), call.request.getUrn());
        cb(null, new Empty());
      },
      getRootResource: (_call, cb) => {
        const res = new engineproto.GetRootResourceResponse();
        res.setUrn(self?.rootUrn ?? "");
        cb(null, res);
      },
      setRootResource: (call, cb) => {
        if (self) self.rootUrn = call.request.getUrn();
        cb(null, new engineproto.SetRootResourceResponse());
      },
      startDebugging: (_call, cb) => cb(unimplemented("StartDebugging")),
      requirePulumiVersion: (_call, cb) => cb(null, new engineproto.RequirePulumiVersionResponse()),
    };
    server.addService(resrpc.ResourceMonitorService, monitor);
    server.addService(enginerpc.EngineService, engine);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    self = new ResourceMonitorServer(server, `127.0.0.1:${port}`);
    return self;
  }

  /** Stops serving (in-flight calls are cut). */
  close(): Promise<void> {
    this.server.forceShutdown();
    return Promise.resolve();
  }
}
