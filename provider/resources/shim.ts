/**
 * The provider text Pulumi stores with every dynamic resource (`__provider`): the module the dynamic-
 * provider plugin loads (module text → `exports.handler()` → the provider object). It is a tiny shim
 * that finds the library at call time and hands over to it (DESIGN §5), so handler fixes apply without
 * touching state, and nothing (no secret, no absolute path, no client) is stored.
 *
 * Size: a checkpoint stores this text twice per resource (inputs and outputs), so every character counts
 * per table. `pulumi.dynamic.Resource` would serialize a provider object with runtime/closure, which
 * wraps each function in ~200 characters of `with(...)` scaffolding and stores tsc's indented emit:
 * ~1.6 KB for the previous `{ kind, configure }` shim (~4.5 KB for seven forwarding methods before it).
 * So the kit registers the resource itself (kit/kindResource.ts) with this text, written by hand, and
 * everything that can live in the library does (shimBootstrap.ts): ~0.3 KB, one line (`npm run bench`,
 * scenario state-size). Texts in older state keep working: they load the bootstrap by its file path or the
 * handler entry points directly (`dist/provider/resources/<kind>/handler.js`), which the bootstrap loads too.
 */
import type * as pulumi from "@pulumi/pulumi";
import { KIND_TYPES, type HandlerFolder } from "./kinds";

/** `opts` with `__provider` (identical text every run) kept out of diffs anyway. */
export function hideShimDiffs(opts?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions {
  return { ...opts, hideDiffs: [...(opts?.hideDiffs ?? []), "__provider"] } as pulumi.CustomResourceOptions;
}

/** The resource type of `kind`: a dynamic resource of module catalog-clone, served by Pulumi's dynamic-provider plugin. */
export function shimResourceType(kind: HandlerFolder): string {
  return `pulumi-nodejs:dynamic/catalog-clone:${KIND_TYPES[kind]}`;
}

/**
 * The provider module's text for `kind`: `exports.handler()` finds the library and returns its bootstrap's
 * provider object for the kind (shimBootstrap.ts `shim`), with configure and the six methods the plugin
 * calls, all forwarding to the kind's handler.
 *
 * Where the library is: the package `pulumi-uc-clone` (its `exports` entry "./shim", the bootstrap) as Node
 * resolves it from `$PULUMI_UC_CLONE_ROOT` when set (the library's directory), else from the plugin's
 * working directory (the Pulumi project: the CLI starts the plugin there): the project's
 * `node_modules/pulumi-uc-clone` (installed from npm), or the library's own checkout, which a package
 * resolves by its name from any directory inside it (package self-reference through package.json `exports`).
 *
 * When the library cannot be loaded, `handler()` throws the fix. The plugin builds the provider inside
 * every call (cmd/dynamic-provider getProvider) and caches it only once built, so every method fails with
 * that message, never with Pulumi's silent defaults (a delete that does nothing). The text is the same
 * under every toolchain (no compiler emit in it), so it never shows as changed; the unit tests run it as
 * the plugin does (test/unit/resources/shim.test.ts).
 */
export function shimProviderText(kind: HandlerFolder): string {
  let text = texts.get(kind);
  if (text === undefined) texts.set(kind, (text = providerText(kind)));
  return text;
}

/** One text per kind, made once: every resource of the kind registers the same string. */
const texts = new Map<HandlerFolder, string>();

function providerText(kind: HandlerFolder): string {
  // One line, single quotes: a JSON state file escapes every newline and double quote. The root (or the
  // working directory) is the directory Node resolves the package from: the library's own package.json
  // (self-reference through `exports` "./shim"), else its node_modules. `/.*/` keeps the first line of
  // Node's message (the require stack follows it), all of the cause a user needs. The plugin calls
  // `handler()` without arguments, so `v` is always the variable's name, written once for the lookup and
  // the message.
  return (
    `exports.handler=(v='PULUMI_UC_CLONE_ROOT')=>{try{return require('module').createRequire(require('path').resolve(process.env[v]||'','_'))('pulumi-uc-clone/shim').shim('${kind}')}` +
    `catch(e){throw Error('cannot load pulumi-uc-clone ('+/.*/.exec(e.message)+'): npm run build in its checkout, npm i it in the project, or set '+v)}}`
  );
}
