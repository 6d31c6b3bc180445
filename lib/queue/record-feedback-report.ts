import type { Db } from "../db.ts";
import { tryParseAddress } from "../directory/address.ts";
import { parseFeedbackReport, type FeedbackReportFailure } from "../mime/parse-feedback-report.ts";
import { parseMessage } from "../mime/parse-message.ts";

/**
 * Records a feedback-loop report (ARF, RFC 5965) that a mailbox provider sent us: someone there
 * marked mail from us as spam. The reported message is matched to what we sent by its Message-ID,
 * which tells who sent it (a customer's mailbox) or whose forward made it, so complaints can be
 * counted per sending mailbox, per forwarding mailbox and per destination.
 */
export async function recordFeedbackReport(db: Db, raw: Buffer, now = new Date()): Promise<{ ok: true; id: string } | { ok: false; reason: FeedbackReportFailure }> {
  const parsed = parseFeedbackReport(raw);
  if (!parsed.ok) return parsed;
  const { report } = parsed;
  const messageIdHeader = report.reportedMessageId.replace(/^<|>$/g, "");
  const sent = messageIdHeader ? await db.outboundMessage.findFirst({ where: { messageIdHeader }, orderBy: { createdAt: "desc" }, select: { id: true, senderMailboxId: true, forwardMailboxId: true, recipients: { select: { domain: true }, take: 1 } } }) : null;
  const destinationDomain = (report.originalRcptTo.map((a) => tryParseAddress(a)?.domain).find(Boolean) ?? sent?.recipients[0]?.domain ?? "").slice(0, 253);
  const row = await db.feedbackReport.create({
    data: {
      receivedAt: now,
      feedbackType: report.feedbackType.slice(0, 40),
      // The provider that complained: the domain the report came from.
      reporter: (tryParseAddress(parseMessage(raw).from[0]?.address ?? "")?.domain ?? "").slice(0, 253),
      userAgent: report.userAgent.slice(0, 200),
      originalMailFrom: report.originalMailFrom.slice(0, 320),
      originalRcptTo: report.originalRcptTo.join(", ").slice(0, 2000),
      sourceIp: report.sourceIp,
      arrivalDate: report.arrivalDate,
      destinationDomain,
      messageIdHeader: messageIdHeader.slice(0, 500),
      outboundMessageId: sent?.id ?? null,
      sendingMailboxId: sent?.senderMailboxId ?? null,
      forwardMailboxId: sent?.forwardMailboxId ?? null,
      sample: report.sample,
    },
    select: { id: true },
  });
  return { ok: true, id: row.id };
}
