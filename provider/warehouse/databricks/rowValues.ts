/**
 * Normalizes `@databricks/sql` result values to the Warehouse conventions (warehouse.ts): integers as
 * numbers (BIGINT beyond 2^53 as string), DECIMAL as number, TIMESTAMP as Date, DATE as `YYYY-MM-DD`,
 * MAP/STRUCT as plain objects, ARRAY as arrays, NULL as null. The driver's shapes vary with the result
 * path (Arrow or Thrift columns, `preserveBigNumericPrecision`), so values are normalized by column type
 * when the schema is known, and by JS shape otherwise.
 */
import type { Row } from "../warehouse";

/** The Thrift TTypeId values used here (`thrift/TCLIService_types`), copied so the driver is not loaded at import. */
export const TYPE_ID = {
  BIGINT: 4,
  TIMESTAMP: 8,
  DECIMAL: 15,
  DATE: 17,
} as const;

function integer(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * Parses a warehouse timestamp string. GUESS: strings without a zone are UTC (the SQL warehouse
 * session time zone defaults to UTC).
 */
function parseTimestamp(s: string): Date | string {
  const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(s) ? s : `${s}Z`;
  const d = new Date(zoned.replace(" ", "T"));
  return Number.isNaN(d.getTime()) ? s : d;
}

/** Node-int64 style objects (Thrift column results) expose toNumber / toOctetString. */
function isInt64Like(v: object): v is { toNumber(allowImprecise?: boolean): number; toString(radix?: number): string } {
  const x = v as { toNumber?: unknown; buffer?: unknown };
  return typeof x.toNumber === "function" && x.buffer instanceof Uint8Array;
}

/** Normalizes one value; `typeId` is the column's TTypeId when known. */
export function normalizeValue(v: unknown, typeId?: number): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return integer(v);
  if (typeof v === "string") {
    if (typeId === TYPE_ID.TIMESTAMP) return parseTimestamp(v);
    if ((typeId === TYPE_ID.BIGINT || typeId === TYPE_ID.DECIMAL) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v)) {
      if (typeId === TYPE_ID.BIGINT && /^-?\d+$/.test(v)) return integer(BigInt(v));
      return Number(v);
    }
    return v;
  }
  if (v instanceof Date) return typeId === TYPE_ID.DATE ? isoDate(v) : v;
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map((x) => normalizeValue(x));
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v) o[String(k)] = normalizeValue(x);
    return o;
  }
  if (typeof v === "object") {
    if (isInt64Like(v)) {
      const n = v.toNumber(true);
      return Number.isSafeInteger(n) ? n : v.toString(10);
    }
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) o[k] = normalizeValue(x);
    return o;
  }
  return v;
}

/** Normalizes a row; `types` maps column names to TTypeId. */
export function normalizeRow(row: Record<string, unknown>, types?: ReadonlyMap<string, number>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = normalizeValue(v, types?.get(k));
  return out;
}

/** Column name → TTypeId from a driver TTableSchema (`op.getSchema()`), tolerant of missing parts. */
export function columnTypes(schema: unknown): Map<string, number> {
  const types = new Map<string, number>();
  const cols = (schema as { columns?: unknown } | null)?.columns;
  if (!Array.isArray(cols)) return types;
  for (const c of cols) {
    const name = (c as { columnName?: unknown }).columnName;
    const t = (c as { typeDesc?: { types?: { primitiveEntry?: { type?: unknown } }[] } }).typeDesc?.types?.[0]?.primitiveEntry?.type;
    if (typeof name === "string" && typeof t === "number") types.set(name, t);
  }
  return types;
}
