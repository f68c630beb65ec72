/**
 * The error for a value that is not an object where one is expected, showing the accepted shapes.
 * Other issues (unknown keys, ...) keep their own messages.
 */
export function objectShapeError(field: string, shapes: string, hint?: (input: unknown) => string | undefined) {
  return (iss: { code?: string; input?: unknown }) => {
    if (iss.code !== "invalid_type") return undefined;
    const got = iss.input === null ? "null" : Array.isArray(iss.input) ? "a list" : `the ${typeof iss.input} ${JSON.stringify(iss.input)}`;
    const extra = hint?.(iss.input);
    return `${field} must be an object: ${shapes} (got ${got}).${extra ? ` ${extra}` : ""}`;
  };
}
