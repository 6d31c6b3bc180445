import { randomUUID } from "node:crypto";

/** Primary keys for Message rows, made here because the hot write path inserts with raw SQL. */
export function newMessageId(): string {
  return randomUUID();
}
