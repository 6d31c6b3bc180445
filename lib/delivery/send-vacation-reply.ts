import { buildTextMessage } from "../mime/build-text-message.ts";
import type { Db } from "../db.ts";
import { readerFor } from "../db-reader.ts";
import { toBool } from "../db-row.ts";
import type { ParsedMessage } from "../mime/message-index.ts";
import { readHeaderBlock } from "../mime/read-header-block.ts";
import { readAllFieldValues } from "../mime/read-field-value.ts";
import { ingestMessage, type IngestResult } from "../store/ingest-message.ts";
import type { StoreDeps } from "../store/store-deps.ts";
import { enqueueMessage } from "../queue/enqueue-message.ts";
import { findSigningKey } from "../queue/dkim-keys.ts";
import { signDkim } from "../queue/sign-dkim.ts";
import { tryParseAddress } from "../directory/address.ts";
import { resolveRecipient } from "./resolve-recipient.ts";

// Vacation auto-replies (RFC 3834). The MX calls sendVacationReplies once a message's copies are
// committed; a mailbox away (MailSettings.vacation*) answers the envelope sender once per interval,
// and never a machine, a list or an auto-reply, so two auto-responders cannot loop.

export type VacationDeps = { db: Db; store: StoreDeps; /** Told after a reply was queued, so the runner sends it at once. */ onQueued?: () => void };

export type VacationDecision = { isSent: true } | { isSent: false; reason: string };

/** Local parts of senders that are machines (RFC 3834 §2: MAILER-DAEMON, owner-*, *-request; and the usual no-reply names). */
const MACHINE_SENDER = /^(mailer-daemon|postmaster|listserv|majordomo|owner-.*|.*-request|.*-owner|bounces?(\+.*)?|bounce-.*|no-?reply.*|do-?not-?reply.*|noreply-.*)$/i;

/**
 * After a delivery: the vacation reply of each delivered mailbox that is away, for copies filed in
 * INBOX (not Junk, not a plus-address folder). Never throws: a reply is a courtesy, and the
 * message is already stored, so trouble is logged and the delivery goes on.
 */
export async function sendVacationReplies(
  deps: VacationDeps,
  input: { delivered: readonly (IngestResult & { mailboxId: string })[]; envelopeSender: string; raw: Buffer; parsed: ParsedMessage; now?: Date },
): Promise<void> {
  if (input.delivered.length === 0 || input.envelopeSender === "") return;
  try {
    // One read for all copies: most mailboxes are not away, and the MX should not pay more for them.
    const sql = readerFor(deps.db);
    const list = input.delivered.map(() => "?").join(", ");
    const away = await sql.query<{ folderId: unknown; isEnabled: unknown }>(
      `SELECT f."id" AS "folderId", s."vacationEnabled" AS "isEnabled" FROM "MailSettings" s JOIN "Folder" f ON f."mailboxId" = s."mailboxId" AND f."name" = 'INBOX' WHERE s."mailboxId" IN (${list})`,
      input.delivered.map((copy) => copy.mailboxId),
    );
    const awayInboxes = new Set(away.filter((row) => toBool(row.isEnabled)).map((row) => String(row.folderId)));
    for (const copy of input.delivered) {
      if (!awayInboxes.has(copy.folderId)) continue;
      await sendVacationReply(deps, { mailboxId: copy.mailboxId, envelopeSender: input.envelopeSender, raw: input.raw, parsed: input.parsed, now: input.now }).catch((error: unknown) => {
        console.error(`vacation: the reply of mailbox ${copy.mailboxId} failed:`, error);
      });
    }
  } catch (error) {
    console.error("vacation: looking for absent mailboxes failed:", error);
  }
}

/**
 * Decides whether the mailbox answers a message just delivered to its INBOX, and if so sends the
 * reply: to the envelope sender, from the null sender (RFC 3834 §3.3), delivered here when the
 * sender is ours, queued (DKIM-signed when the domain has a key) when not.
 */
export async function sendVacationReply(
  deps: VacationDeps,
  input: { mailboxId: string; envelopeSender: string; raw: Buffer; parsed: ParsedMessage; now?: Date },
): Promise<VacationDecision> {
  const now = input.now ?? new Date();
  const settings = await deps.db.mailSettings.findUnique({ where: { mailboxId: input.mailboxId } });
  if (!settings?.vacationEnabled) return { isSent: false, reason: "not away" };
  if ((settings.vacationStartsAt && now < settings.vacationStartsAt) || (settings.vacationEndsAt && now >= settings.vacationEndsAt)) return { isSent: false, reason: "outside the absence" };

  const sender = tryParseAddress(input.envelopeSender);
  if (!sender) return { isSent: false, reason: "no sender to answer" };
  const senderAddress = `${sender.localPart}@${sender.domain}`.toLowerCase();
  if (MACHINE_SENDER.test(sender.localPart)) return { isSent: false, reason: "the sender is a machine" };
  const automatic = automaticMailReason(input.raw);
  if (automatic) return { isSent: false, reason: automatic };

  const mailbox = await deps.db.mailbox.findUnique({
    where: { id: input.mailboxId },
    select: { localPart: true, displayName: true, domain: { select: { name: true } }, aliasTargets: { select: { alias: { select: { localPart: true, domain: { select: { name: true } } } } } } },
  });
  if (!mailbox) return { isSent: false, reason: "no such mailbox" };
  const ownAddress = `${mailbox.localPart}@${mailbox.domain.name}`;
  // RFC 3834 §2: answer only mail addressed to the user, not Bcc'd copies nor list traffic.
  const ownAddresses = new Set([ownAddress, ...mailbox.aliasTargets.map((t) => `${t.alias.localPart}@${t.alias.domain.name}`)].map((a) => a.toLowerCase()));
  const isAddressed = [...input.parsed.to, ...input.parsed.cc].some((contact) => ownAddresses.has(withoutPlusTag(contact.address.toLowerCase())));
  if (!isAddressed) return { isSent: false, reason: "not addressed to the mailbox" };
  if (ownAddresses.has(senderAddress)) return { isSent: false, reason: "the sender is the mailbox itself" };

  if (!(await claimReplySlot(deps.db, { mailboxId: input.mailboxId, sender: senderAddress, now, intervalDays: settings.vacationIntervalDays }))) {
    return { isSent: false, reason: "already answered within the interval" };
  }
  const reply = buildVacationReply({
    from: { name: mailbox.displayName, address: ownAddress },
    to: input.envelopeSender,
    subject: settings.vacationSubject || replySubject(input.parsed.subject),
    body: settings.vacationBody,
    inReplyTo: input.parsed.messageId,
    references: input.parsed.references,
    now,
  });
  const resolution = await resolveRecipient(readerFor(deps.db), input.envelopeSender);
  if (resolution.ok) {
    for (const target of resolution.recipient.targets) await ingestMessage(deps.store, { mailboxId: target.mailboxId, folder: "INBOX", source: "smtp", raw: reply });
    return { isSent: true };
  }
  if (resolution.refusal.reasonKey !== "relay_denied") return { isSent: false, reason: "the sender is an unknown local address" };
  const key = await findSigningKey(deps.db, mailbox.domain.name);
  await enqueueMessage(deps.db, { origin: "NOTICE", mailFrom: "", recipients: [input.envelopeSender], raw: key ? await signDkim(reply, key) : reply, now });
  deps.onQueued?.();
  return { isSent: true };
}

/** Why the message is one an auto-responder must not answer (RFC 3834 §2, §3.1.8; RFC 2369 list fields), or null. */
export function automaticMailReason(raw: Buffer): string | null {
  const fields = readHeaderBlock(raw, 0).fields;
  const values = (name: string) => readAllFieldValues(raw, fields, name).map((v) => v.trim().toLowerCase());
  if (values("auto-submitted").some((v) => v.split(";")[0]!.trim() !== "no")) return "the message is automatic (Auto-Submitted)";
  if (values("precedence").some((v) => ["bulk", "list", "junk"].includes(v))) return "the message is bulk or list mail (Precedence)";
  if (fields.some((f) => f.name === "list-id" || f.name === "list-unsubscribe" || f.name === "list-post")) return "the message came through a mailing list";
  return null;
}

/**
 * Takes the sender's slot for this interval, or says it is taken: a conditional update of an old
 * row, else an insert that fails on the key when another delivery got there first. Two messages
 * from one sender arriving together therefore send one reply.
 */
async function claimReplySlot(db: Db, input: { mailboxId: string; sender: string; now: Date; intervalDays: number }): Promise<boolean> {
  const cutoff = new Date(input.now.getTime() - input.intervalDays * 86_400_000);
  const renewed = await db.vacationReplySent.updateMany({ where: { mailboxId: input.mailboxId, sender: input.sender, sentAt: { lte: cutoff } }, data: { sentAt: input.now } });
  if (renewed.count === 1) return true;
  try {
    await db.vacationReplySent.create({ data: { mailboxId: input.mailboxId, sender: input.sender, sentAt: input.now } });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return false; // the row exists and is recent
    throw error;
  }
}

function withoutPlusTag(address: string): string {
  return address.replace(/\+[^@]*@/, "@");
}

function replySubject(subject: string): string {
  const clean = subject.replace(/[\r\n]+/g, " ").trim().slice(0, 500);
  return /^re:/i.test(clean) ? clean : `Re: ${clean}`.trim();
}

/** The reply per RFC 3834 §3: Auto-Submitted: auto-replied, threaded under the message, plain UTF-8 text in base64. */
export function buildVacationReply(input: { from: { name: string; address: string }; to: string; subject: string; body: string; inReplyTo: string | null; references: string[]; now: Date }): Buffer {
  const references = [...input.references, ...(input.inReplyTo ? [input.inReplyTo] : [])].slice(-20);
  return buildTextMessage({
    headers: [
      `From: ${input.from.name ? `${encodeWord(input.from.name, "phrase")} ` : ""}<${input.from.address}>`,
      `To: <${input.to}>`,
      `Subject: ${encodeWord(input.subject, "text")}`,
      ...(input.inReplyTo ? [`In-Reply-To: ${input.inReplyTo}`] : []),
      ...(references.length > 0 ? [`References: ${references.join(" ")}`] : []),
      "Auto-Submitted: auto-replied",
    ],
    text: input.body,
    messageIdDomain: input.from.address.slice(input.from.address.lastIndexOf("@") + 1),
    now: input.now,
  });
}

/** The text as is when it can stand there, else an RFC 2047 encoded-word (then a name's quotes and commas need no escaping either). */
function encodeWord(text: string, kind: "phrase" | "text"): string {
  const isPlain = /^[\x20-\x7e]*$/.test(text) && (kind === "text" || !/[",;:<>()@\\[\]]/.test(text));
  if (isPlain) return text;
  return `=?UTF-8?B?${Buffer.from(text, "utf8").toString("base64")}?=`;
}
