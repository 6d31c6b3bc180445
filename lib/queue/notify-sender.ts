import type { Db } from "../db.ts";
import { readerFor } from "../db-reader.ts";
import type { StoreDeps } from "../store/store-deps.ts";
import { ingestMessage } from "../store/ingest-message.ts";
import { resolveRecipient } from "../delivery/resolve-recipient.ts";
import { buildDeliveryReport } from "../mime/build-delivery-report.ts";
import { enqueueMessage } from "./enqueue-message.ts";
import { isSrsAddress, reverseSender, type SrsOptions } from "./srs.ts";
import type { NotifySender } from "./run-queue.ts";

/**
 * The queue's notices to senders (RFC 3464 reports): to a customer's own INBOX when one of our
 * mailboxes sent the message; for a forwarded copy, to the original sender behind the SRS address,
 * delivered here when that sender is ours and queued (from the null sender) when not. A notice is
 * never sent about a notice (RFC 5321 §4.5.5), nor to the null sender.
 */
export function createSenderNotifier(deps: { db: Db; store: StoreDeps; hostname: string; srs: SrsOptions }): NotifySender {
  const reader = readerFor(deps.db);
  return async (message, kind, recipients) => {
    if (message.origin === "NOTICE") return;
    const to = message.senderMailboxId ? null : originalSender(message.mailFrom, deps.srs);
    if (!message.senderMailboxId && !to) return;
    const report = (address: string) =>
      buildDeliveryReport({
        kind,
        reportingMta: deps.hostname,
        from: `MAILER-DAEMON@${deps.hostname}`,
        to: address,
        arrivalDate: message.createdAt,
        original: message.content,
        recipients: recipients.map((r) => ({
          address: r.address,
          action: kind === "failure" ? "failed" : "delayed",
          status: enhancedStatusOf(r.reply, kind),
          diagnostic: r.reply,
          remoteMta: r.host || undefined,
          lastAttemptAt: r.lastAttemptAt,
          willRetryUntil: r.willRetryUntil,
        })),
      });

    if (message.senderMailboxId) {
      await ingestMessage(deps.store, { mailboxId: message.senderMailboxId, folder: "INBOX", source: "smtp", raw: report(message.mailFrom || "postmaster") });
      return;
    }
    const resolution = await resolveRecipient(reader, to!);
    if (resolution.ok) {
      for (const target of resolution.recipient.targets) await ingestMessage(deps.store, { mailboxId: target.mailboxId, folder: "INBOX", source: "smtp", raw: report(to!) });
    } else if (resolution.refusal.reasonKey === "relay_denied") {
      await enqueueMessage(deps.db, { origin: "NOTICE", mailFrom: "", recipients: [to!], raw: report(to!) });
    }
  };
}

/** Who a forwarded copy's bounce belongs to: the sender behind our SRS address, or null. */
function originalSender(mailFrom: string, srs: SrsOptions): string | null {
  if (mailFrom === "") return null;
  if (!isSrsAddress(mailFrom)) return mailFrom;
  const reversed = reverseSender(mailFrom, srs);
  return reversed.ok ? reversed.address : null;
}

/** The reply's enhanced code ("550 5.1.1 …" → 5.1.1), else a generic one for the kind of failure. */
function enhancedStatusOf(reply: string, kind: "failure" | "delay"): string {
  const match = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(reply);
  if (match) return match[1]!;
  const code = /^([245])\d{2}\b/.exec(reply);
  if (code) return `${code[1]}.0.0`;
  return kind === "failure" ? "5.0.0" : "4.0.0";
}
