/**
 * registrationWindow: at most `size` registrations unfinished at once, admitted in order; a failed
 * registration frees its slot too (issue 13: a program of 2,000 tables keeps its memory flat).
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { registrationWindow } from "../../../components/catalogClone/registrationWindow";

/**
 * A stand-in resource whose URN resolves (or fails) when the test says: the Output's own isKnown and
 * promise(), which is what the window reads (settled.ts), as a failed registration rejects them.
 */
function pending(name: string) {
  let finish!: (ok: boolean) => void;
  const done = new Promise<string>((resolve, reject) => (finish = (ok) => (ok ? resolve(`urn:${name}`) : reject(new Error(`${name} failed`)))));
  done.catch(() => undefined);
  const isKnown = done.then(() => true);
  isKnown.catch(() => undefined);
  return { resource: { urn: { isKnown, promise: () => done } } as unknown as pulumi.Resource, finish };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("registrationWindow", () => {
  it("keeps at most `size` registrations unfinished, admits the rest in order as slots free, failures included", async () => {
    const window = registrationWindow(2);
    const started: string[] = [];
    const all = ["a", "b", "c", "d", "e"].map(pending);
    const names = ["a", "b", "c", "d", "e"];
    const feeding = (async () => {
      for (let i = 0; i < all.length; i++) {
        await window.admit(() => {
          started.push(names[i]);
          return all[i].resource;
        });
      }
    })();
    await tick();
    expect(started).toEqual(["a", "b"]);
    all[1].finish(true); // b finishes first: one slot frees, c is next in order
    await tick();
    expect(started).toEqual(["a", "b", "c"]);
    all[0].finish(false); // a failed: its slot frees all the same
    await tick();
    expect(started).toEqual(["a", "b", "c", "d"]);
    all[2].finish(true);
    await tick();
    expect(started).toEqual(["a", "b", "c", "d", "e"]);
    await feeding;
    all[3].finish(true);
    all[4].finish(true);
  });
});
