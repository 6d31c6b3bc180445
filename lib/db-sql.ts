import { Prisma } from "./generated/postgres/client.ts";
import type { DatabaseTarget } from "./database-url.ts";

/**
 * A value of a Prisma enum in raw SQL: PostgreSQL needs the enum type named, SQLite stores the
 * plain string (and CAST to an unknown type there would turn it into a number).
 */
export function enumValue(provider: DatabaseTarget["provider"], typeName: string, value: string): Prisma.Sql {
  return provider === "postgres" ? Prisma.sql`CAST(${value} AS ${Prisma.raw(`"${typeName}"`)})` : Prisma.sql`${value}`;
}
