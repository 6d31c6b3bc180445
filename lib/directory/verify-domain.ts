import { z } from "zod";
import { invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import type { DnsResolver } from "../delivery/dns-resolver.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { findManagedDomain } from "./find-managed-domain.ts";
import { domainVerificationRecord } from "./domain-verification-record.ts";

export const VerifyDomainInput = z.object({ domainId: z.string().min(1).max(100) });

/** Whether the domain is now proved ours; `problem` says what the owner should fix when it is not. */
export type DomainVerification = { isVerified: true; verifiedAt: Date } | { isVerified: false; problem: string };

/** Answers meaning "no such record": anything else is a DNS failure worth trying again later. */
const NO_RECORD_CODES = new Set(["ENOTFOUND", "ENODATA"]);

/**
 * Looks up TXT `_mailwright.<domain>` and marks the domain verified when one of its records is
 * exactly `mailwright-verification=<token>` (a record's character-strings joined, RFC 7208 §3.3
 * style). A failed check is an answer, not an error: it says what was missing. An already verified
 * domain stays verified without asking DNS (removing the record later does not take mail away).
 * Throws NOT_FOUND / FORBIDDEN only.
 */
export async function verifyDomain(db: Db, input: { actor: Actor; clientIp?: string; resolver: DnsResolver } & z.input<typeof VerifyDomainInput>): Promise<DomainVerification> {
  const parsed = VerifyDomainInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Domain", parsed.error.issues);
  const domain = await findManagedDomain(db, input.actor, parsed.data.domainId);
  if (domain.verifiedAt) return { isVerified: true, verifiedAt: domain.verifiedAt };

  const record = domainVerificationRecord(domain);
  let texts: string[];
  try {
    texts = (await input.resolver(record.name, "TXT")).map((strings) => strings.join("").trim());
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    if (NO_RECORD_CODES.has(code)) return { isVerified: false, problem: `No TXT record found at ${record.name}. DNS changes can take a while to appear; try again later.` };
    return { isVerified: false, problem: `DNS did not answer for ${record.name} (${code || "error"}). Try again in a few minutes.` };
  }
  if (!texts.includes(record.value)) {
    return { isVerified: false, problem: `The TXT records at ${record.name} do not include "${record.value}".` };
  }

  const verifiedAt = new Date();
  // Network I/O is done: the transaction only writes.
  await db.$transaction(async (tx) => {
    await tx.domain.update({ where: { id: domain.id }, data: { verifiedAt } });
    await recordAuditEvent(tx, { actor: input.actor, action: "domain.verify", targetType: "domain", targetId: domain.id, clientIp: input.clientIp, details: { name: domain.name } });
  });
  return { isVerified: true, verifiedAt };
}
