import { z } from "zod";
import { invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageAccount } from "../auth/permissions.ts";
import { domainVerificationRecord } from "./domain-verification-record.ts";

export const ListDomainsInput = z.object({ accountId: z.string().min(1).max(100) });

/** An account's domains by name, each with its verification state and the record that proves it. */
export async function listDomains(db: Db, input: { actor: Actor } & z.input<typeof ListDomainsInput>) {
  const parsed = ListDomainsInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Domains", parsed.error.issues);
  assertAllowed(canManageAccount(input.actor, parsed.data.accountId), "Only a mailbox with full management access can see this account's domains.");
  const domains = await db.domain.findMany({
    where: { accountId: parsed.data.accountId },
    orderBy: { name: "asc" },
    select: { id: true, name: true, verificationToken: true, verifiedAt: true, catchAllMailboxId: true, createdAt: true },
  });
  return domains.map(({ verificationToken, ...domain }) => ({ ...domain, verificationRecord: domainVerificationRecord({ name: domain.name, verificationToken }) }));
}
