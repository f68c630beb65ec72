/**
 * What a serialized shim (shim.ts) loads when the plugin builds its provider: everything beyond finding the
 * library lives here, in the library, so it is not stored with every resource. It loads the kind's
 * handler (`<kind>/handler.js` beside this file: the same library the shim found, and the entry points
 * older shims in state load directly), installs on the provider object the methods the plugin calls,
 * and runs the handler's configure.
 *
 * The methods are installed before anything is awaited: the plugin caches the provider object before
 * its configure settles (cmd/dynamic-provider getProvider), and calls on it meanwhile, or after a
 * failure, must reach the handler or rethrow its error, never Pulumi's silent defaults (a delete that
 * does nothing would drop a table from state while it stays in the warehouse).
 */
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import type { HandlerFolder } from "./kinds";

/** The provider methods the plugin calls after configure. */
const METHODS = ["check", "diff", "create", "read", "update", "delete"] as const;

type Method = (a: unknown, b: unknown, c: unknown) => Promise<unknown>;

/** The provider object as the plugin rehydrated it from state: its kind (and configure), methods to be installed. */
export type ShimObject = { kind: HandlerFolder } & Partial<Record<(typeof METHODS)[number], Method>>;

/** Why `kind`'s handler could not be loaded, with the fix when it is missing. */
function loadFailure(kind: string, e: unknown): unknown {
  const err = e as { code?: string; message?: unknown };
  if (err?.code !== "MODULE_NOT_FOUND") return e;
  return new Error(
    `pulumi-uc-clone: cannot find the ${kind} resource handler (${String(err.message).split("\n")[0]}): run \`npm run build\` in its checkout, ` +
      "`npm install pulumi-uc-clone` in the Pulumi project, or set PULUMI_UC_CLONE_ROOT to its directory",
  );
}

/**
 * Makes `provider` forward the six methods to its kind's handler (check and read fall back to Pulumi's
 * defaults, accept news and echo props, for a handler without them), then runs the handler's configure.
 * @throws the load failure (also from every installed method afterwards).
 */
export async function install(provider: ShimObject, req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  let handler: Record<string, Method | undefined> = {};
  let failure: unknown;
  try {
    handler = require(path.join(__dirname, provider.kind, "handler.js"));
  } catch (e) {
    failure = loadFailure(provider.kind, e);
  }
  for (const m of METHODS) {
    provider[m] = async (a, b, c) => {
      if (failure) throw failure;
      const h = handler[m];
      if (h) return h(a, b, c);
      return m === "check" ? { inputs: b } : { id: a, props: b };
    };
  }
  if (failure) throw failure;
  const configure = handler.configure as ((r: pulumi.dynamic.ConfigureRequest) => Promise<void>) | undefined;
  if (configure) await configure(req);
}

/**
 * The provider object the current shim text returns for `kind` (shim.ts): its configure installs the
 * methods (see {@link install}). Texts written before it call `install` on their own `{ kind, configure }`.
 */
export function shim(kind: HandlerFolder): ShimObject & { configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> } {
  const provider: ShimObject & { configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> } = { kind, configure: (req) => install(provider, req) };
  return provider;
}
