import type { DatabaseTarget } from "./database-url.ts";
import { sqliteTimestamp, type Sql, type SqlValue } from "./sql.ts";

/** A column's type, for turning JSON back into it. `{ enum }` names a Prisma enum. */
export type ColumnType = "text" | "int" | "bigint" | "bool" | "timestamp" | "bytes" | { enum: string };
export type Columns = readonly (readonly [name: string, type: ColumnType])[];
export type RowValue = string | number | bigint | boolean | Date | Uint8Array | null;

const POSTGRES_CASTS = { text: "text", int: "integer", bigint: "bigint", bool: "boolean", timestamp: "timestamp(3)" } as const;

/** How each database reads column `i` of a JSON row; bytes travel as hex (JSON has no binary). */
function readColumn(provider: DatabaseTarget["provider"], type: ColumnType, i: number): string {
  if (provider === "postgres") {
    if (type === "bytes") return `decode(r->>${i}, 'hex')`;
    return `(r->>${i})::${typeof type === "string" ? POSTGRES_CASTS[type] : `"${type.enum}"`}`;
  }
  return type === "bytes" ? `unhex(r.value->>${i})` : `r.value->>${i}`;
}

/**
 * Inserts many rows. Through Prisma: one statement with one parameter, the rows as a JSON array of
 * arrays unpacked by the database (SQLite json_each, PostgreSQL jsonb_array_elements); Prisma
 * spends tens of microseconds on each bound parameter, which for a group of messages with 30
 * columns each cost more than the database's own work. On a bare SQLite connection (the writer
 * thread): one prepared statement run per row, bytes bound as bytes; no JSON to write and parse,
 * no hex. `suffix` follows the rows (an ON CONFLICT clause).
 */
export async function insertRows(sql: Sql, table: string, columns: Columns, rows: RowValue[][], suffix = ""): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map(([name]) => `"${name}"`).join(", ");
  if (sql.executeEach) {
    await sql.executeEach(`INSERT INTO "${table}" (${names}) VALUES (${columns.map(() => "?").join(", ")}) ${suffix}`, rows.map((row) => row.map(withoutNul)));
    return;
  }
  const { provider } = sql;
  const json = JSON.stringify(rows.map((row) => row.map((value) => toJson(provider, value))));
  const values = columns.map(([, type], i) => readColumn(provider, type, i)).join(", ");
  const from = provider === "postgres" ? "jsonb_array_elements(?::jsonb) r" : "json_each(?) r";
  // WHERE true: SQLite would otherwise read a following ON CONFLICT as a join's ON clause.
  await sql.execute(`INSERT INTO "${table}" (${names}) SELECT ${values} FROM ${from} WHERE true ${suffix}`, [json]);
}

/** Neither database's text holds NUL usefully (PostgreSQL refuses it); no column needs it. */
function withoutNul<T extends SqlValue>(value: T): T {
  return (typeof value === "string" && value.includes("\u0000") ? value.replaceAll("\u0000", "") : value) as T;
}

function toJson(provider: DatabaseTarget["provider"], value: RowValue): string | number | boolean | null {
  if (value instanceof Date) return provider === "postgres" ? value.toISOString() : sqliteTimestamp(value);
  if (typeof value === "bigint") return String(value); // exact beyond 2^53; both databases convert
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex");
  return withoutNul(value);
}
