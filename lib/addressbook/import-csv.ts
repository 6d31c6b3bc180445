import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertImportSize, IMPORT_LIMITS, saveImportedContacts, type ImportLimits } from "./save-imported-contacts.ts";
import { parseCsv } from "./csv-format.ts";
import { fromThunderbirdRecords } from "./thunderbird-csv.ts";

/**
 * Imports a CSV file with Thunderbird's header row into a book the actor may write: every row or
 * nothing; INVALID_INPUT lists each broken row's line in `details.problems`.
 */
export async function importCsv(db: Db, input: { actor: Actor; bookId: string; text: string; clientIp?: string; limits?: ImportLimits }) {
  const limits = input.limits ?? IMPORT_LIMITS;
  assertImportSize(input.text, limits);
  const { records, unterminatedAt } = parseCsv(input.text);
  const { entries, problems } = fromThunderbirdRecords(records);
  if (unterminatedAt !== undefined) problems.push({ line: unterminatedAt, message: "a quoted field is never closed" });
  return saveImportedContacts(db, { actor: input.actor, bookId: input.bookId, clientIp: input.clientIp, format: "csv", entries, problems, limits });
}
