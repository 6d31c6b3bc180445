import type { Db } from "../db.ts";
import type { StoreDeps } from "../store/store-deps.ts";
import { ingestMessage } from "../store/ingest-message.ts";
import { buildTextMessage } from "../mime/build-text-message.ts";
import { addDays } from "./reject-filters.ts";
import { describeReason } from "./reject-reasons.ts";
import { NULL_SENDER } from "./reject-day-counts.ts";

/** The refusals a digest lists one by one; the counts cover them all. */
const LISTED = 50;

export type DigestResult = { day: string; sent: number; empty: number };

/**
 * Yesterday's refusals (UTC) for each mailbox that asked for them (MailSettings.rejectDigest), as a
 * plain-text message delivered into its INBOX through ingestMessage. Each mailbox's day is claimed
 * (rejectDigestSentDay) before anything is built, so two runs on the same day send it once; a day
 * without refusals sends nothing. Run daily after midnight UTC (scripts/reports-daily.ts).
 */
export async function sendRejectDigests(store: StoreDeps & { db: Db }, options: { now?: Date; reportsUrl?: string } = {}): Promise<DigestResult> {
  const db = store.db;
  const day = addDays((options.now ?? new Date()).toISOString().slice(0, 10), -1);
  const since = new Date(`${day}T00:00:00Z`);
  const until = new Date(`${addDays(day, 1)}T00:00:00Z`);
  const wanting = await db.mailSettings.findMany({
    where: { rejectDigest: true, OR: [{ rejectDigestSentDay: null }, { rejectDigestSentDay: { lt: day } }] },
    select: { mailboxId: true, mailbox: { select: { localPart: true, domain: { select: { name: true } } } } },
  });
  const result: DigestResult = { day, sent: 0, empty: 0 };
  for (const settings of wanting) {
    const claimed = await db.mailSettings.updateMany({ where: { mailboxId: settings.mailboxId, OR: [{ rejectDigestSentDay: null }, { rejectDigestSentDay: { lt: day } }] }, data: { rejectDigestSentDay: day } });
    if (claimed.count === 0) continue; // another run has it
    const where = { mailboxId: settings.mailboxId, at: { gte: since, lt: until }, isCatchAll: false };
    const [total, rows, reasons] = await Promise.all([
      db.rejectEvent.count({ where }),
      db.rejectEvent.findMany({ where, orderBy: [{ at: "asc" }, { id: "asc" }], take: LISTED, select: { at: true, mailFrom: true, clientIp: true, reasonKey: true, smtpCode: true, enhancedCode: true, reasonText: true } }),
      db.rejectDayCount.findMany({ where: { scope: `m:${settings.mailboxId}`, day, dimension: "reason" }, orderBy: { count: "desc" }, select: { value: true, count: true } }),
    ]);
    if (total === 0) {
      result.empty += 1;
      continue;
    }
    const address = `${settings.mailbox.localPart}@${settings.mailbox.domain.name}`;
    const text = [
      `Our mail servers refused ${total} message${total === 1 ? "" : "s"} to ${address} on ${day} (UTC).`,
      "",
      ...reasons.map((reason) => `  ${String(reason.count).padStart(6)}  ${describeReason(reason.value)}`),
      "",
      `${total > LISTED ? `The first ${LISTED}` : "Each one"} (time UTC, sender, sending server, reason):`,
      "",
      ...rows.map((row) => `${row.at.toISOString().slice(11, 19)}  ${row.mailFrom || NULL_SENDER}  [${row.clientIp}]  ${describeReason(row.reasonKey)}: ${row.smtpCode} ${row.enhancedCode} ${row.reasonText}`),
      "",
      options.reportsUrl ? `To let a sender through, or see more, open ${options.reportsUrl}` : "To let a sender through, or see more, open Reports in the web app.",
      "You get this message because the daily reject digest is on; turn it off on the Reports page.",
    ].join("\n");
    const raw = buildTextMessage({
      headers: [`From: Mailwright reports <postmaster@${settings.mailbox.domain.name}>`, `To: ${address}`, `Subject: Refused mail on ${day}: ${total}`, "Auto-Submitted: auto-generated"],
      text,
      messageIdDomain: settings.mailbox.domain.name,
      now: options.now,
    });
    await ingestMessage(store, { mailboxId: settings.mailboxId, folder: "INBOX", source: "import", raw });
    result.sent += 1;
  }
  return result;
}

/** Turns the daily digest on or off for a mailbox (its own settings: the caller checks who asks). */
export async function setRejectDigest(db: Db, mailboxId: string, enabled: boolean): Promise<void> {
  await db.mailSettings.upsert({ where: { mailboxId }, create: { mailboxId, rejectDigest: enabled }, update: { rejectDigest: enabled } });
}
