/** A result row, keyed by column name in the order the statement returned the columns. */
export type Row = Record<string, unknown>;
