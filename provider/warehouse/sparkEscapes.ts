/**
 * Spark SQL string-literal escapes for the client-side tokenizer (provider/sql): `\n \t \r \b \0 \Z`,
 * `\uXXXX`, `\UXXXXXXXX`, octal `\ooo`; `\%` and `\_` keep their backslash (LIKE escapes, Databricks SQL
 * reference: STRING type, Literals); any other escaped character stands for itself (`\'`, `\"`, `\\`).
 * The embedded engine decodes with its own decoder, written separately, so a wrong rule in one shows up
 * as a disagreement instead of passing every local test.
 */
export function decodeSparkEscapes(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|[\s\S])/g, (_m, e: string) => {
    if (e[0] === "u" && e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e[0] === "U" && e.length === 9) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (e.length === 3) return String.fromCharCode(parseInt(e, 8));
    switch (e) {
      case "n": return "\n";
      case "t": return "\t";
      case "r": return "\r";
      case "b": return "\b";
      case "0": return "\0";
      case "Z": return "\x1a";
      case "%":
      case "_": return "\\" + e;
      default: return e;
    }
  });
}
