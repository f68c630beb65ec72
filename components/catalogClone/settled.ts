import type * as pulumi from "@pulumi/pulumi";

/**
 * An output's value, or `known: false` when the engine left it unknown: in a preview, the outputs of a
 * resource that will change; in an update, those of a resource whose step failed (the engine answers a
 * failed registration under --continue-on-error with unknown outputs so the program goes on). Reads the
 * Output's own isKnown/promise (present on every Output of @pulumi/pulumi 3.x, not in its typings); a
 * rejected output counts as unknown.
 */
export async function settled<T>(o: pulumi.Output<T>): Promise<{ known: boolean; value: T | undefined }> {
  const impl = o as unknown as { isKnown?: Promise<boolean>; promise?: (withUnknowns?: boolean) => Promise<T> };
  if (!(impl.isKnown instanceof Promise) || typeof impl.promise !== "function") {
    return new Promise((resolve) => o.apply((value) => resolve({ known: true, value })));
  }
  try {
    const known = await impl.isKnown;
    return known ? { known, value: await impl.promise() } : { known, value: undefined };
  } catch {
    return { known: false, value: undefined };
  }
}

type Settled<T> = T extends pulumi.Output<infer U> ? U : never;

/**
 * Several output properties of one resource, read one after another: `known` when every one is (as
 * `settled(pulumi.output({...}))` would say). A program reads each table's outputs this way: the
 * combined Output would make two more Outputs per field, all of them pending until the table's step
 * finishes (issue 13: program memory at 2,000 tables); this waits on one field at a time.
 */
export async function settledFields<R, K extends keyof R>(resource: R, keys: readonly K[]): Promise<{ known: boolean; value: { [P in K]: Settled<R[P]> } | undefined }> {
  const value = {} as { [P in K]: Settled<R[P]> };
  for (const k of keys) {
    const o = await settled(resource[k] as pulumi.Output<Settled<R[K]>>);
    if (!o.known) return { known: false, value: undefined };
    value[k] = o.value as Settled<R[K]>;
  }
  return { known: true, value };
}
