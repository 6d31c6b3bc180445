import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertImportSize, IMPORT_LIMITS, saveImportedContacts, type ImportLimits } from "./save-imported-contacts.ts";
import { parseVcards } from "./vcard-format.ts";

/**
 * Imports a .vcf file (vCard 4.0 or 3.0) into a book the actor may write: every card or nothing;
 * INVALID_INPUT lists each broken card's line in `details.problems`.
 */
export async function importVcard(db: Db, input: { actor: Actor; bookId: string; text: string; clientIp?: string; limits?: ImportLimits }) {
  const limits = input.limits ?? IMPORT_LIMITS;
  assertImportSize(input.text, limits);
  const { cards, problems } = parseVcards(input.text);
  return saveImportedContacts(db, { actor: input.actor, bookId: input.bookId, clientIp: input.clientIp, format: "vcard", entries: cards, problems, limits });
}
