/**
 * "Did you mean …?" for a misspelt field or config key: the closest known name, when one is close
 * enough to be what the user meant. Shared by argument validation and stack-config parsing, so a typo
 * gets the same hint wherever it is written.
 */

/** Levenshtein distance (insert, delete, substitute). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/**
 * The known name closest to `name` (case-insensitive), or undefined when none is close: within 2 edits,
 * within a third of the longer name (`validation` → `validate`), or one a prefix of the other
 * (`destination` → `destinationCatalog`).
 */
export function didYouMean(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const distance = editDistance(c, lower);
    const prefix = Math.min(c.length, lower.length) >= 4 && (c.startsWith(lower) || lower.startsWith(c));
    const close = distance <= Math.max(2, Math.floor(Math.max(c.length, lower.length) / 3));
    if ((close || prefix) && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}
