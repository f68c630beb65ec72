// Preloaded (`node --require <this file> ...`) into the two processes the test harness starts: the
// Pulumi program (@pulumi/pulumi/cmd/run) and the dynamic-provider plugin. The harness gives each an
// stdin pipe it never writes to and never closes while it lives; when the harness process dies, for
// whatever reason (SIGKILL included, which runs no handler in the harness), the kernel closes its end
// and this process reads end-of-file: it kills itself at once, so no statement it had in flight or
// queued runs after the harness is gone. Plain JS next to the sources (tsc does not copy it to dist/).
//
// Only in the main thread, and only when stdin is a pipe or socket (what the harness passes): a process
// that inherits this preload some other way (a fork() of the program, a worker thread) with another
// stdin is left alone. The stdin handle is unref'd, so it never keeps a finished process alive.
"use strict";
const fs = require("fs");
const { isMainThread } = require("worker_threads");

function stdinIsPipe() {
  try {
    const st = fs.fstatSync(0);
    return st.isFIFO() || st.isSocket();
  } catch {
    return false;
  }
}

if (isMainThread && stdinIsPipe()) {
  const die = () => process.kill(process.pid, "SIGKILL");
  process.stdin.on("end", die);
  process.stdin.on("close", die);
  process.stdin.on("error", die);
  process.stdin.resume();
  process.stdin.unref();
}
