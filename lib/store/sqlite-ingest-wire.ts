import { AppError, type AppErrorCode } from "../errors.ts";
import type { PreparedIngest } from "./commit-ingests.ts";
import type { Settled } from "./group-commit.ts";
import type { StoreWriteName } from "./store-writes.ts";

// What the process and its SQLite writer thread send each other: a group of ingests to commit, or
// one of the store's other writes (store-writes.ts) by name with its input. Errors cross as plain
// data (a structured clone keeps no class), so an AppError arrives as an AppError with its code.

export type WriterWork = { kind: "ingest"; items: PreparedIngest[] } | { kind: "write"; name: StoreWriteName; input: unknown };
export type WriterRequest = WriterWork & { id: number };
export type WireError = { code?: AppErrorCode; message: string; details?: Record<string, unknown> };
export type WireOutcome = { ok: true; value: unknown } | { ok: false; error: WireError };
/** One outcome per ingest unit, or one for a write. */
export type WriterReply = { id: number; outcomes: WireOutcome[] };

export function toWire(outcome: Settled<unknown>): WireOutcome {
  if (outcome.ok) return outcome;
  const { error } = outcome;
  if (error instanceof AppError) return { ok: false, error: { code: error.code, message: error.message, details: error.details } };
  return { ok: false, error: { message: error instanceof Error ? error.message : String(error) } };
}

export function fromWire<T>(outcome: WireOutcome): Settled<T> {
  if (outcome.ok) return { ok: true, value: outcome.value as T };
  const { code, message, details } = outcome.error;
  return { ok: false, error: code ? new AppError(code, message, details) : new Error(message) };
}
