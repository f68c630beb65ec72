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
 * `{ kind, configure }`, ~2.3 KB instead of ~4.5 KB for seven forwarding methods (`npm run bench`,
 * scenario state-size).
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
 * Finds `<kind>/handler.js` of the installed (or checked-out) library, then installs on the provider
 * object the six methods the plugin calls, each forwarding to the handler's export of that name
 * (check and read fall back to Pulumi's defaults: accept news, echo props), and runs the handler's
 * configure. The dynamic-provider plugin always calls configure first, once per provider text in a
 * process (cmd/dynamic-provider getProvider), so the lookup runs once per kind, not once per call.
 * It caches the provider before configure resolves: if the handler cannot be loaded, the installed
 * methods rethrow that error instead of leaving Pulumi's silent defaults in place.
 *
 * Where the handler is looked for, first found wins:
 * 1. `$PULUMI_UC_CLONE_ROOT/dist/...` when that variable names the library root;
 * 2. the `pulumi-uc-clone` package resolvable from the working directory (installed from npm);
 * 3. `<dir>/dist/...` for the working directory, or any directory above the plugin's main module
 *    (the plugin runs from `<project>/node_modules/@pulumi/pulumi/...`), that is this library's
 *    checkout or holds it in `node_modules/pulumi-uc-clone`.
 *
 * Serialized as text: it refers to no module-level name and holds no comment (they would be stored
 * with every resource). The handler entry points are the ones the previous shim text (still in older
 * state) loads, so both find the same code.
 */
async function configure(this: ShimProvider, req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  const path = require("path");
  const fs = require("fs");
  const pkg = "pulumi-uc-clone";
  const rel = `dist/provider/resources/${this.kind}/handler.js`;
  const attempt = (f: () => string | false) => {
    try {
      return f();
    } catch {}
  };
  const candidates = [process.env.PULUMI_UC_CLONE_ROOT && path.join(process.env.PULUMI_UC_CLONE_ROOT, rel), attempt(() => require.resolve(`${pkg}/${rel}`, { paths: [process.cwd()] }))];
  const roots = [process.cwd()];
  for (let dir = require.main && path.dirname(require.main.filename); dir && dir !== path.dirname(dir); dir = path.dirname(dir)) roots.push(dir);
  for (const root of roots) {
    candidates.push(attempt(() => JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).name === pkg && path.join(root, rel)), path.join(root, "node_modules", pkg, rel));
  }
  const found = candidates.find((c) => c && fs.existsSync(c));
  let h: any, failure: unknown;
  try {
    if (!found) {
      throw new Error(
        `${pkg}: cannot find the ${this.kind} resource handler (${rel}). Run \`npm run build\` in the ${pkg} checkout, or \`npm install ${pkg}\` in your Pulumi project (or set PULUMI_UC_CLONE_ROOT to the library's directory).`,
      );
    }
    h = require(found);
  } catch (e) {
    failure = e;
  }
  for (const m of ["check", "diff", "create", "read", "update", "delete"]) {
    (this as any)[m] = async (a: unknown, b: unknown, c: unknown) => {
      if (failure) throw failure;
      return !h[m] && m === "check" ? { inputs: b } : !h[m] && m === "read" ? { id: a, props: b } : h[m](a, b, c);
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
