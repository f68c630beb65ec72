/**
 * Inputs not known yet. During preview the engine sends a sentinel for every value that depends on an
 * output nobody has computed yet; such inputs are neither validated nor compared (they are checked again
 * once known), and a diff over them never plans a replacement it cannot know.
 */

/** The value the engine sends for inputs that are not known yet (preview). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when any value under `v` is the engine's unknown sentinel (preview of inputs not known yet). */
export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}
