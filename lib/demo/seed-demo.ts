import type { Db } from "../db.ts";
import { SYSTEM_ACTOR } from "../auth/principal.ts";
import { createAccount } from "../directory/create-account.ts";
import { createDomain } from "../directory/create-domain.ts";
import { createMailbox } from "../directory/create-mailbox.ts";
import { seedDemoAddressBooks } from "./seed-demo-address-books.ts";
import { seedDemoStatus } from "./seed-demo-status.ts";

export const DEMO_MAILBOXES = [
  { address: "admin@mailwright.test", displayName: "Mailwright Admin", accessLevel: "FULL_MANAGEMENT", role: "ADMIN" },
  { address: "manager@example.test", displayName: "Example Co Manager", accessLevel: "FULL_MANAGEMENT", role: null },
  { address: "alice@example.test", displayName: "Alice Example", accessLevel: "SELF", role: null },
  { address: "bob@example.test", displayName: "Bob Example", accessLevel: "SELF", role: null },
] as const;

/**
 * Fills an empty directory with the demo provider: its staff account (mailwright.test) and the
 * customer "Example Co" (example.test), with LDAP passwords and a few contacts in every address
 * book (seed-demo-address-books.ts). Does nothing when any account exists, so a second start
 * changes nothing. Tests build their fixtures with it too.
 */
export async function seedDemo(db: Db, input: { password: string }): Promise<{ created: boolean }> {
  if ((await db.account.count()) > 0) return { created: false };
  const actor = SYSTEM_ACTOR;
  const provider = await createAccount(db, { actor, name: "mailwright", displayName: "Mailwright (provider)" });
  const example = await createAccount(db, { actor, name: "example", displayName: "Example Co" });
  await createDomain(db, { actor, accountId: provider.id, name: "mailwright.test" });
  await createDomain(db, { actor, accountId: example.id, name: "example.test" });
  for (const mailbox of DEMO_MAILBOXES) {
    await createMailbox(db, { actor, ...mailbox, password: input.password });
  }
  await seedDemoAddressBooks(db, { password: input.password, addresses: DEMO_MAILBOXES.map((mailbox) => mailbox.address) });
  await seedDemoStatus(db);
  return { created: true };
}
