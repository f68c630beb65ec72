/**
 * The provider objects Pulumi serializes into state with every dynamic resource. They are tiny shims
 * that `require` the real handler module at call time (DESIGN §5), so handler fixes apply without
 * touching state, and nothing (no secret, no absolute path, no client) is captured.
 *
 * Size: Pulumi serializes `() => provider` (runtime/closure) as the source text of every function the
 * object reaches, each wrapped in ~170 characters of `with(...)` scaffolding; a function shared by
 * several methods is emitted once, and a module-level name a function uses is emitted by value (a
 * module's used members, a const's value). A checkpoint stores that text twice per resource (inputs
 * and outputs). So the object holds one function, with no module-level reference and no comment inside:
 * `{ kind, configure }`, ~1.6 KB (~4.5 KB for seven forwarding methods before; ~2.3 KB while configure
 * searched directories itself; `npm run bench`, scenario state-size).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { HandlerFolder } from "./kinds";

/** `opts` with `__provider` (the serialized shim: identical text every run) kept out of diffs anyway. */
export function hideShimDiffs(opts?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions {
  return { ...opts, hideDiffs: [...(opts?.hideDiffs ?? []), "__provider"] } as pulumi.CustomResourceOptions;
}

/**
 * The provider object serialized into state: its kind and {@link configure}, nothing else. Pulumi stores
 * this object's text with every resource (twice in a checkpoint: inputs and outputs), so every byte of it
 * counts per table; the methods the plugin calls after configure are installed by configure.
 */
interface ShimProvider {
  /** Its handler is `dist/provider/resources/<kind>/handler.js` (kinds.ts). */
  kind: HandlerFolder;
  configure(this: ShimProvider, req: pulumi.dynamic.ConfigureRequest): Promise<void>;
}

/**
 * Loads `<kind>/handler.js` of the library, then installs on the provider object the six methods the
 * plugin calls, each forwarding to the handler's export of that name (check and read fall back to
 * Pulumi's defaults: accept news, echo props), and runs the handler's configure. The dynamic-provider
 * plugin always calls configure first, once per provider text in a process (cmd/dynamic-provider
 * getProvider), so the lookup runs once per kind, not once per call. It caches the provider before
 * configure resolves: if the handler cannot be loaded, the installed methods rethrow that error instead
 * of leaving Pulumi's silent defaults in place.
 *
 * Where the handler is: under `$PULUMI_UC_CLONE_ROOT` when set (the library's directory); else it is
 * `pulumi-uc-clone/dist/...` resolved from the plugin's working directory (the Pulumi project: the CLI
 * starts the plugin there) as Node resolves a package: the project's `node_modules/pulumi-uc-clone`
 * (installed from npm), or the library's own checkout, which a package resolves by its name from any
 * directory inside it (package self-reference through package.json `exports`).
 *
 * Serialized as text: it refers to no module-level name and holds no comment (they would be stored with
 * every resource), and it is written tersely for the same reason: each character is stored once per
 * resource (twice in a Pulumi checkpoint). The handler entry points are the ones the previous shims'
 * text (still in older state) loads, so every shim finds the same code.
 */
async function configure(this: ShimProvider, req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  const rel = `dist/provider/resources/${this.kind}/handler.js`;
  const root = process.env.PULUMI_UC_CLONE_ROOT;
  let h: any, failure: any;
  try {
    h = root ? require(require("path").resolve(root, rel)) : require("module").createRequire(process.cwd() + "/")(`pulumi-uc-clone/${rel}`);
  } catch (e: any) {
    failure =
      e?.code === "MODULE_NOT_FOUND"
        ? new Error(
            `pulumi-uc-clone: cannot find the ${this.kind} resource handler (${String(e.message).split("\n")[0]}): run \`npm run build\` in its checkout, \`npm install pulumi-uc-clone\` in the Pulumi project, or set PULUMI_UC_CLONE_ROOT to its directory`,
          )
        : e;
  }
  for (const m of ["check", "diff", "create", "read", "update", "delete"]) {
    (this as any)[m] = async (a: unknown, b: unknown, c: unknown) => {
      if (failure) throw failure;
      return h[m] ? h[m](a, b, c) : m === "check" ? { inputs: b } : { id: a, props: b };
    };
  }
  if (failure) throw failure;
  if (h.configure) await h.configure(req);
}

/** One provider object per kind: Pulumi caches serialization per provider object, so N resources serialize once. */
const shims = new Map<HandlerFolder, pulumi.dynamic.ResourceProvider>();

/**
 * The ResourceProvider for `kind`: serialized, it is `{ kind, configure }` (see {@link configure}, which
 * installs the forwarding methods when the plugin configures it).
 */
export function makeShimProvider(kind: HandlerFolder): pulumi.dynamic.ResourceProvider {
  let shim = shims.get(kind);
  if (!shim) {
    const provider: ShimProvider = { kind, configure };
    shim = provider as unknown as pulumi.dynamic.ResourceProvider;
    shims.set(kind, shim);
  }
  return shim;
}
