/**
 * SQL text the client-side tokenizer cannot read: an unterminated string, identifier or comment, or a
 * string-literal escape that names no character. Its own file so the escape decoder can raise it
 * without importing the tokenizer that imports the decoder.
 */
export class SqlTextError extends Error {
  constructor(
    message: string,
    /** Offset in the text where the problem starts. */
    readonly position: number,
    /** What the author of the text should change, for messages that pass it on. */
    readonly fix = "Close the literal or comment.",
  ) {
    super(message);
    this.name = "SqlTextError";
  }
}
