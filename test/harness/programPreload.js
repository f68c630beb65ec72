// Preloaded into the Pulumi program's process by the test harness (node --require).
// Node 20.20's util.inspect loops when it colours a stack frame such as
// ".../node_modules/@pulumi/resource.ts:1:2" (a scoped package path with no further "/"), which the
// SDK's source maps produce; it ends only when the string overflows, ~30 s later, on every program
// error. The harness captures the output (no terminal), so colours are dropped instead.
"use strict";
const util = require("util");
const inspect = util.inspect;
function inspectWithoutColors(value, opts, ...rest) {
  if (opts !== null && typeof opts === "object" && opts.colors) opts = { ...opts, colors: false };
  return inspect.call(this, value, opts, ...rest);
}
Object.assign(inspectWithoutColors, inspect);
inspectWithoutColors.custom = inspect.custom;
util.inspect = inspectWithoutColors;
