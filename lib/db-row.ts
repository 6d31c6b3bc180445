// Values of a plain-SQL row (lib/sql.ts) as the data model's types. The two databases answer the
// same query differently: SQLite's connection gives every integer as a bigint, a boolean as 0 or 1
// and a DateTime as ISO text; PostgreSQL (through Prisma) gives int4 as number, int8 as bigint,
// booleans and Dates as themselves.

type Value = unknown;

export function toInt(value: Value): number {
  return typeof value === "number" ? value : Number(value);
}

export function toBigInt(value: Value): bigint {
  return typeof value === "bigint" ? value : BigInt(value as number | string);
}

export function toBool(value: Value): boolean {
  return typeof value === "boolean" ? value : Number(value) !== 0;
}

export function toDate(value: Value): Date {
  return value instanceof Date ? value : new Date(typeof value === "bigint" ? Number(value) : (value as string | number));
}

/** A nullable column: null stays null. */
export function orNull<T>(decode: (value: Value) => T, value: Value): T | null {
  return value === null || value === undefined ? null : decode(value);
}
