/**
 * The provider objects Pulumi serializes into state with every dynamic resource. They are tiny shims:
 * each method `require`s the real handler module at call time (DESIGN §5), so state stays small,
 * handler fixes apply without touching state, and nothing (no secret, no absolute path, no client)
 * is captured. Everything a method uses must live inside the serialized functions themselves.
 */
import type * as pulumi from "@pulumi/pulumi";

/** Object kinds that have a handler module at `dist/provider/resources/<kind>/handler.js`. */
export type ResourceKind = "catalog" | "schema" | "table" | "validationGate";

/**
 * Finds and loads `<kind>/handler.js` of the installed (or checked-out) library, at call time:
 * 1. `$PULUMI_UC_CLONE_ROOT/dist/...` when that variable names the library root;
 * 2. the `pulumi-uc-clone` package resolvable from the working directory (installed from npm);
 * 3. `<dir>/dist/...` for the working directory, or any directory above the plugin's main module
 *    (the plugin runs from `<project>/node_modules/@pulumi/pulumi/...`), that is this library's
 *    checkout or holds it in `node_modules/pulumi-uc-clone`.
 * Kept free of any module-level reference so it serializes standalone.
 */
function loadHandler(kind: string): any {
  const path = require("path");
  const fs = require("fs");
  const rel = `dist/provider/resources/${kind}/handler.js`;
  const candidates: string[] = [];
  if (process.env.PULUMI_UC_CLONE_ROOT) candidates.push(path.join(process.env.PULUMI_UC_CLONE_ROOT, rel));
  try {
    candidates.push(require.resolve(`pulumi-uc-clone/${rel}`, { paths: [process.cwd()] }));
  } catch {
    // not installed as a package: fall through to the checkout layout
  }
  const roots = [process.cwd()];
  for (let dir = require.main ? path.dirname(require.main.filename) : undefined; dir && dir !== path.dirname(dir); dir = path.dirname(dir)) {
    roots.push(dir);
  }
  for (const root of roots) {
    try {
      if (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).name === "pulumi-uc-clone") candidates.push(path.join(root, rel));
    } catch {
      // no package.json here
    }
    candidates.push(path.join(root, "node_modules", "pulumi-uc-clone", rel));
  }
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) {
    throw new Error(
      `pulumi-uc-clone: cannot find the ${kind} resource handler (${rel}). ` +
        "Run `npm run build` in the pulumi-uc-clone checkout, or `npm install pulumi-uc-clone` in your Pulumi project " +
        "(or set PULUMI_UC_CLONE_ROOT to the library's directory).",
    );
  }
  return require(found);
}

/** `opts` with `__provider` (the serialized shim: identical text every run) kept out of diffs anyway. */
export function hideShimDiffs(opts?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions {
  return { ...opts, hideDiffs: [...(opts?.hideDiffs ?? []), "__provider"] } as pulumi.CustomResourceOptions;
}

/** One provider object per kind: Pulumi caches serialization per provider object, so N resources serialize once. */
const shims = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

/**
 * The ResourceProvider for `kind` whose every method forwards to the handler module. Methods a handler
 * does not export fall back to Pulumi's defaults (check: accept news; read: echo props).
 */
export function makeShimProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  let shim = shims.get(kind);
  if (!shim) {
    shim = newShim(kind);
    shims.set(kind, shim);
  }
  return shim;
}

function newShim(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  return {
    async configure(req) {
      const h = loadHandler(kind);
      if (h.configure) await h.configure(req);
    },
    async check(olds, news) {
      const h = loadHandler(kind);
      return h.check ? h.check(olds, news) : { inputs: news };
    },
    async diff(id, olds, news) {
      return loadHandler(kind).diff(id, olds, news);
    },
    async create(inputs) {
      return loadHandler(kind).create(inputs);
    },
    async read(id, props) {
      const h = loadHandler(kind);
      return h.read ? h.read(id, props) : { id, props };
    },
    async update(id, olds, news) {
      return loadHandler(kind).update(id, olds, news);
    },
    async delete(id, props) {
      return loadHandler(kind).delete(id, props);
    },
  };
}
