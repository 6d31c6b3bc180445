import { AppError, type AppErrorCode } from "../errors.ts";
import type { IngestResult, PreparedIngest } from "./commit-ingests.ts";
import type { Settled } from "./group-commit.ts";

// What the process and its SQLite writer thread send each other. Errors cross as plain data
// (a structured clone keeps no class), so an AppError arrives as an AppError with its code.

export type CommitRequest = { id: number; items: PreparedIngest[] };
export type WireError = { code?: AppErrorCode; message: string; details?: Record<string, unknown> };
export type WireOutcome = { ok: true; value: IngestResult[] } | { ok: false; error: WireError };
export type CommitReply = { id: number; outcomes: WireOutcome[] };

export function toWire(outcome: Settled<IngestResult[]>): WireOutcome {
  if (outcome.ok) return outcome;
  const { error } = outcome;
  if (error instanceof AppError) return { ok: false, error: { code: error.code, message: error.message, details: error.details } };
  return { ok: false, error: { message: error instanceof Error ? error.message : String(error) } };
}

export function fromWire(outcome: WireOutcome): Settled<IngestResult[]> {
  if (outcome.ok) return outcome;
  const { code, message, details } = outcome.error;
  return { ok: false, error: code ? new AppError(code, message, details) : new Error(message) };
}
