import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { AppError } from "../errors.ts";
import { ContactFields, toContactRow, type ContactFieldsInput } from "./contact-input.ts";
import { findBook } from "./find-book.ts";
import type { ImportProblem } from "./vcard-format.ts";

/** How much one import may bring: the file's size and the number of contacts in it. */
export type ImportLimits = { maxBytes: number; maxContacts: number };
export const IMPORT_LIMITS: ImportLimits = { maxBytes: 5 * 1024 * 1024, maxContacts: 5000 };

/** A contact read from a file, with the line it starts on and the line each of its fields came from. */
export type ImportEntry = { line: number; contact: ContactFieldsInput; lineOf?: (path: PropertyKey[]) => number };

/** TOO_LARGE before anything is parsed when the file is over the size limit. */
export function assertImportSize(text: string, limits: ImportLimits): void {
  const bytes = Buffer.byteLength(text);
  if (bytes > limits.maxBytes) throw new AppError("TOO_LARGE", `The file is ${bytes} bytes; at most ${limits.maxBytes} can be imported at once.`);
}

/**
 * Writes an import all or nothing: each entry is validated, and if any entry (or the file, per
 * `problems`) is broken, every problem is reported with its line and nothing is written.
 */
export async function saveImportedContacts(
  db: Db,
  input: { actor: Actor; bookId: string; clientIp?: string; format: "vcard" | "csv"; entries: ImportEntry[]; problems: ImportProblem[]; limits: ImportLimits },
): Promise<{ imported: number }> {
  const { entries, limits } = input;
  // Checked first, so a refused import does not first show the reader a wall of field problems.
  await findBook(db, { actor: input.actor, bookId: input.bookId, access: "write" });
  if (entries.length + input.problems.length > limits.maxContacts) {
    throw new AppError("TOO_LARGE", `The file has ${entries.length + input.problems.length} contacts; at most ${limits.maxContacts} can be imported at once.`);
  }
  const problems = [...input.problems];
  const rows: ReturnType<typeof toContactRow>[] = [];
  for (const entry of entries) {
    const parsed = ContactFields.safeParse(entry.contact);
    if (parsed.success) rows.push(toContactRow(parsed.data));
    else for (const issue of parsed.error.issues) problems.push({ line: entry.lineOf?.(issue.path) ?? entry.line, message: `${issue.path.map(String).join(".")}: ${issue.message}` });
  }
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line);
    const listed = problems.slice(0, 20).map((p) => `line ${p.line}: ${p.message}`).join("; ");
    const more = problems.length > 20 ? `; and ${problems.length - 20} more` : "";
    throw new AppError("INVALID_INPUT", `Nothing was imported. ${listed}${more}`, { problems });
  }
  if (rows.length === 0) throw new AppError("INVALID_INPUT", "Nothing was imported: the file holds no contacts.");
  return db.$transaction(async (tx) => {
    // Asked again inside the transaction: a grant revoked meanwhile must stop the write.
    const { book } = await findBook(tx, { actor: input.actor, bookId: input.bookId, access: "write" });
    await tx.contact.createMany({ data: rows.map((row) => ({ bookId: book.id, ...row })) });
    await recordAuditEvent(tx, {
      actor: input.actor,
      action: "contact.import",
      targetType: "addressBook",
      targetId: book.id,
      clientIp: input.clientIp,
      details: { format: input.format, count: rows.length },
    });
    return { imported: rows.length };
  });
}
