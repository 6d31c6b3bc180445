import { z } from "zod";
import { invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { ensureDkimKey } from "../queue/dkim-keys.ts";
import { findManagedDomain } from "./find-managed-domain.ts";
import { classifyDkimKeys, type DkimKeyState } from "./dkim-key-states.ts";
import { domainVerificationRecord } from "./domain-verification-record.ts";

export const DescribeDnsRecordsInput = z.object({
  domainId: z.string().min(1).max(100),
  /** The host name of our MX, submission, IMAP and POP3 servers (PUBLIC_HOSTNAME). */
  publicHostname: z.string().min(1).max(253),
  /** The ports clients use, for the RFC 6186 SRV records; the standard ones by default. */
  ports: z.object({ submission: z.number().int(), smtps: z.number().int(), imaps: z.number().int(), pop3s: z.number().int() }).default({ submission: 587, smtps: 465, imaps: 993, pop3s: 995 }),
});

export type DnsRecordPurpose = "VERIFICATION" | "MX" | "SPF" | "DKIM" | "DMARC" | "AUTOCONFIG";

/** One record to publish, as a zone file has it: `name` (no trailing dot), `type`, `value`. */
export type DnsRecordToPublish = { purpose: DnsRecordPurpose; name: string; type: "MX" | "TXT" | "CNAME" | "SRV"; value: string; note: string; dkimState?: DkimKeyState };

/** The MX preference we suggest: any value works while ours is the only MX. */
const MX_PREFERENCE = 10;

/**
 * The exact DNS records a domain's owner publishes for mail to work, in the order to publish them.
 * Defaults chosen here:
 * - MX at the domain → `PUBLIC_HOSTNAME`.
 * - SPF `v=spf1 a:<PUBLIC_HOSTNAME> -all`: names the host the outbound queue sends from, so SPF
 *   holds whatever the domain's MX says (e.g. while an owner moves its MX over); `-all` because all
 *   the domain's mail leaves through us.
 * - DKIM: one TXT per key at `<selector>._domainkey`: the active key, a rotation's next key, and
 *   retired keys (to keep at least 7 days; see `rotateDkimKey`). A key is made when there is none.
 * - DMARC `v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:postmaster@<domain>`: with SPF and
 *   DKIM both aligned from the start, quarantine is safe, and postmaster must exist anyway
 *   (RFC 5321 §4.5.1), so aggregate reports reach someone.
 * - Autoconfiguration: CNAMEs for Thunderbird's `autoconfig.` and Outlook's `autodiscover.` host
 *   names, and RFC 6186 SRV records (`_submission._tcp`, `_imaps._tcp`, `_pop3s._tcp`, plus RFC 8314
 *   §5.1's `_submissions._tcp`), priority 0 and weight 1 as RFC 6186 §3.4's examples.
 * - While the domain is unverified, first the `_mailwright` TXT that proves ownership.
 */
export async function describeDnsRecords(db: Db, input: { actor: Actor } & z.input<typeof DescribeDnsRecordsInput>): Promise<DnsRecordToPublish[]> {
  const parsed = DescribeDnsRecordsInput.safeParse(input);
  if (!parsed.success) throw invalidInput("DNS records", parsed.error.issues);
  const { publicHostname, ports } = parsed.data;
  const domain = await findManagedDomain(db, input.actor, parsed.data.domainId);
  await ensureDkimKey(db, domain.id);
  const keys = classifyDkimKeys(await db.dkimKey.findMany({ where: { domainId: domain.id }, select: { id: true, selector: true, dnsRecord: true, isActive: true, createdAt: true } }));
  const host = `${publicHostname.replace(/\.$/, "")}.`; // absolute, as zone files need it
  const name = domain.name;

  const records: DnsRecordToPublish[] = [];
  if (!domain.verifiedAt) {
    const verification = domainVerificationRecord(domain);
    records.push({ purpose: "VERIFICATION", name: verification.name, type: "TXT", value: verification.value, note: "Proves you own the domain. Mail is accepted once it is verified." });
  }
  records.push(
    { purpose: "MX", name, type: "MX", value: `${MX_PREFERENCE} ${host}`, note: "Where mail for the domain is delivered." },
    { purpose: "SPF", name, type: "TXT", value: `v=spf1 a:${publicHostname} -all`, note: "Which servers may send the domain's mail. Replace any other SPF record at the domain." },
  );
  for (const key of keys) {
    const note = { ACTIVE: "The key that signs your mail.", NEXT: "The next key: publish it, then finish the rotation.", RETIRED: "A retired key: keep it at least 7 days after the rotation, then remove it." }[key.state];
    records.push({ purpose: "DKIM", name: `${key.selector}._domainkey.${name}`, type: "TXT", value: key.dnsRecord, note, dkimState: key.state });
  }
  records.push(
    { purpose: "DMARC", name: `_dmarc.${name}`, type: "TXT", value: `v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:postmaster@${name}`, note: "What receivers do with mail that fails SPF and DKIM, and where they send reports." },
    { purpose: "AUTOCONFIG", name: `autoconfig.${name}`, type: "CNAME", value: host, note: "Thunderbird and others find the settings here." },
    { purpose: "AUTOCONFIG", name: `autodiscover.${name}`, type: "CNAME", value: host, note: "Outlook finds the settings here." },
    { purpose: "AUTOCONFIG", name: `_submission._tcp.${name}`, type: "SRV", value: `0 1 ${ports.submission} ${host}`, note: "Sending mail (STARTTLS), RFC 6186." },
    { purpose: "AUTOCONFIG", name: `_submissions._tcp.${name}`, type: "SRV", value: `0 1 ${ports.smtps} ${host}`, note: "Sending mail (TLS), RFC 8314." },
    { purpose: "AUTOCONFIG", name: `_imaps._tcp.${name}`, type: "SRV", value: `0 1 ${ports.imaps} ${host}`, note: "Reading mail with IMAP (TLS), RFC 6186." },
    { purpose: "AUTOCONFIG", name: `_pop3s._tcp.${name}`, type: "SRV", value: `0 1 ${ports.pop3s} ${host}`, note: "Reading mail with POP3 (TLS), RFC 6186." },
  );
  return records;
}
