/**
 * Test-hook settings: where the statement log, faults, latency and slots come from (the hooks' effects on
 * statements are tested through the library in test/conformance/hooks.test.ts).
 */
import { describe, expect, it } from "vitest";
import { resolveHooks } from "../testHooks/testHooks";

describe("test hooks: settings", () => {
  it("hook settings come from UC_LOCAL_* variables and explicit options win", () => {
    const h = resolveHooks({ latencyMs: 5 }, { UC_LOCAL_LATENCY_MS: "50", UC_LOCAL_LATENCY_MS_PER_MB: "2", UC_LOCAL_SLOTS: "3" });
    expect(h).toMatchObject({ latencyMs: 5, latencyMsPerMb: 2, slots: 3, faults: [] });
    expect(() => resolveHooks(undefined, { UC_LOCAL_FAULTS: "nope" })).toThrow(/UC_LOCAL_FAULTS/);
  });
});
