// Shared pieces of the vitest suites: the run's database (seeded with the demo data by the global
// setup) and principals of the demo mailboxes, loaded the way a real sign-in loads them.
import { randomBytes } from "node:crypto";
import { getDb, type Db } from "../../lib/db.ts";
import { loadPrincipal } from "../../lib/auth/load-principal.ts";
import { findMailboxByAddress } from "../../lib/directory/find-mailbox-by-address.ts";
import type { Principal } from "../../lib/auth/principal.ts";
import { TEST_PASSWORD } from "./vitest-global-setup.ts";

export { TEST_PASSWORD };

export const testDb = (): Promise<Db> => getDb();

export async function principalOf(address: string): Promise<Principal> {
  const db = await getDb();
  const mailbox = await findMailboxByAddress(db, address);
  const principal = mailbox && (await loadPrincipal(db, mailbox.id));
  if (!principal) throw new Error(`test fixture: no mailbox ${address}`);
  return principal;
}

/** A name no other test uses, for tests that share the run's database. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

export const TEST_LIMITS = { maxFailures: 10, maxFailuresPerIp: 50, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
