import { z } from "zod";
import { invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import type { DnsResolver } from "../delivery/dns-resolver.ts";
import { chooseSelector, ensureDkimKey, generateRsaKey } from "../queue/dkim-keys.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { findManagedDomain } from "./find-managed-domain.ts";
import { classifyDkimKeys } from "./dkim-key-states.ts";

export const RotateDkimKeyInput = z.object({ domainId: z.string().min(1).max(100), isDevelopment: z.boolean().default(false) });

export type DkimRotation =
  /** Step 1 done: a NEXT key exists; publish its record, then rotate again. */
  | { stage: "NEXT_KEY_CREATED"; selector: string; recordName: string; dnsRecord: string }
  /** Step 2 refused for now: the NEXT key's record is not (yet) in DNS. */
  | { stage: "WAITING_FOR_DNS"; selector: string; problem: string }
  /** Step 2 done: the NEXT key signs; the previous ones are RETIRED but stay published. */
  | { stage: "ACTIVATED"; selector: string };

/**
 * Rotates a domain's DKIM key in two steps, so that no mail is ever signed with a key whose record
 * receivers cannot find yet:
 *
 * 1. Without a NEXT key: make one (RSA 2048, a selector never used by the domain) that does not
 *    sign yet. Its record is shown to publish beside the active one.
 * 2. With a NEXT key: look up `<selector>._domainkey.<domain>`; once it carries the key (skipped in
 *    development mode, where there is no public DNS), the NEXT key becomes the only active key and
 *    the previous ones are RETIRED: inactive, but kept and still listed as records to publish,
 *    because receivers verify signatures when mail arrives, which can be days after it was signed
 *    (queue retries, forwarding). The Manager says to keep them at least 7 days; they are never
 *    deleted automatically.
 *
 * Each step is audited. Throws NOT_FOUND / FORBIDDEN only.
 */
export async function rotateDkimKey(db: Db, input: { actor: Actor; clientIp?: string; resolver: DnsResolver; now?: Date } & z.input<typeof RotateDkimKeyInput>): Promise<DkimRotation> {
  const parsed = RotateDkimKeyInput.safeParse(input);
  if (!parsed.success) throw invalidInput("DKIM rotation", parsed.error.issues);
  const domain = await findManagedDomain(db, input.actor, parsed.data.domainId);
  const now = input.now ?? new Date();
  await ensureDkimKey(db, domain.id, { now }); // a rotation needs a key to rotate from
  const keys = classifyDkimKeys(await db.dkimKey.findMany({ where: { domainId: domain.id }, select: { id: true, selector: true, dnsRecord: true, isActive: true, createdAt: true } }));
  const next = keys.find((key) => key.state === "NEXT");

  if (!next) {
    const selector = chooseSelector(now, new Set(keys.map((key) => key.selector)));
    const { privateKeyPem, dnsRecord } = await generateRsaKey();
    await db.$transaction(async (tx) => {
      // createdAt is set explicitly: the NEXT key must be newer than the active one it replaces.
      const created = await tx.dkimKey.create({ data: { domainId: domain.id, selector, privateKeyPem, dnsRecord, isActive: false, createdAt: new Date(Math.max(now.getTime(), Date.now())) } });
      await recordAuditEvent(tx, { actor: input.actor, action: "domain.dkim.next-key", targetType: "domain", targetId: domain.id, clientIp: input.clientIp, details: { name: domain.name, selector: created.selector } });
    });
    return { stage: "NEXT_KEY_CREATED", selector, recordName: `${selector}._domainkey.${domain.name}`, dnsRecord };
  }

  if (!parsed.data.isDevelopment) {
    const problem = await findRecordProblem(input.resolver, `${next.selector}._domainkey.${domain.name}`, next.dnsRecord);
    if (problem) return { stage: "WAITING_FOR_DNS", selector: next.selector, problem };
  }
  await db.$transaction(async (tx) => {
    await tx.dkimKey.updateMany({ where: { domainId: domain.id, isActive: true }, data: { isActive: false } });
    await tx.dkimKey.update({ where: { id: next.id }, data: { isActive: true } });
    await recordAuditEvent(tx, { actor: input.actor, action: "domain.dkim.rotate", targetType: "domain", targetId: domain.id, clientIp: input.clientIp, details: { name: domain.name, selector: next.selector } });
  });
  return { stage: "ACTIVATED", selector: next.selector };
}

/** Why the published record does not carry the key (its p= tag compared), or null when it does. */
async function findRecordProblem(resolver: DnsResolver, name: string, expected: string): Promise<string | null> {
  const publicKeyOf = (record: string) => /(?:^|;)\s*p=([^;]*)/.exec(record)?.[1]?.replace(/\s+/g, "");
  let texts: string[];
  try {
    texts = (await resolver(name, "TXT")).map((strings) => strings.join(""));
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    return code === "ENOTFOUND" || code === "ENODATA" ? `No TXT record found at ${name} yet. Publish it, then rotate again.` : `DNS did not answer for ${name} (${code || "error"}). Try again in a few minutes.`;
  }
  const wanted = publicKeyOf(expected);
  return texts.some((text) => publicKeyOf(text) === wanted) ? null : `The TXT record at ${name} does not carry the new key. Publish it exactly as shown.`;
}
