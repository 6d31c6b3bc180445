import type { Actor } from "../auth/principal.ts";
import { markAnswered } from "../store/mark-answered.ts";
import { canReadMail } from "../auth/permissions.ts";
import { AppError, invalidInput } from "../errors.ts";
import { readerFor } from "../db-reader.ts";
import { ownsAddress } from "../directory/owns-address.ts";
import { tryParseAddress } from "../directory/address.ts";
import { resolveRecipient } from "../delivery/resolve-recipient.ts";
import { ingestMessage } from "../store/ingest-message.ts";
import { findDraft } from "../store/save-draft.ts";
import { removeMessage } from "../store/remove-message.ts";
import { ComposeForm } from "../webmail/compose-form.ts";
import { composeFromForm } from "../webmail/compose-from-form.ts";
import { deleteUpload } from "../uploads/delete-upload.ts";
import { sweepOldUploads } from "../uploads/sweep-old-uploads.ts";
import { countRecentRecipients } from "./count-recent-recipients.ts";
import { findSigningKey } from "./dkim-keys.ts";
import { signDkim } from "./sign-dkim.ts";
import { dispatchSubmission, type DispatchDeps, type SubmissionRecipient } from "./dispatch-submission.ts";

export type WebmailSendDeps = DispatchDeps & {
  /** `<DATA_DIR>/uploads`: the files attached by upload id. */
  uploadsDir: string;
  /** Remote recipients one mailbox may send to in an hour: submission's limit (SUBMISSION_MAX_RECIPIENTS_PER_HOUR). */
  maxRecipientsPerHour: number;
};

/**
 * Sends the webmail's compose form as submission sends a client's message: From must be an
 * address of the user's (FORBIDDEN otherwise), remote recipients count against the same hourly
 * limit (LOCKED_OUT, with the wait), the message is DKIM-signed with the From domain's key, local
 * recipients get it at once and remote ones through the queue (origin WEBMAIL). A copy with its
 * Bcc field goes into Sent, flagged \Seen; the draft it came from is removed, and its uploads.
 * Unknown local recipients are INVALID_INPUT naming them. Returns the Sent copy's id.
 */
export async function sendWebmailMessage(deps: WebmailSendDeps, input: { actor: Actor; displayName: string; form: unknown }): Promise<{ sentId: string; messageId: string }> {
  const { actor } = input;
  if (actor.kind !== "mailbox" || !canReadMail(actor, actor.mailboxId)) throw new AppError("FORBIDDEN", "Only the mailbox itself can send its mail.");
  const parsed = ComposeForm.safeParse(input.form);
  if (!parsed.success) throw invalidInput("Message", parsed.error.issues);
  const form = parsed.data;
  const { mailboxId } = actor;
  const reader = readerFor(deps.db);
  await sweepOldUploads(deps.uploadsDir);

  const from = tryParseAddress(form.from);
  if (!from || !(await ownsAddress(reader, mailboxId, from.address))) {
    throw new AppError("FORBIDDEN", `You cannot send as ${form.from.slice(0, 100) || "(no address)"}: it is not one of your addresses.`);
  }
  const everyone = [...form.to, ...form.cc, ...form.bcc];
  if (everyone.length === 0) throw new AppError("INVALID_INPUT", "Add at least one recipient.");
  const recipients = await classifyRecipients(reader, [...new Set(everyone.map((r) => r.address.trim()))]);
  const remoteCount = recipients.filter((r) => r.kind === "remote").length;
  if (remoteCount > 0) {
    const recent = await countRecentRecipients(reader, mailboxId, new Date(Date.now() - 3_600_000));
    if (recent + remoteCount > deps.maxRecipientsPerHour) {
      throw new AppError("LOCKED_OUT", `Sending limit reached: ${deps.maxRecipientsPerHour} recipients an hour. Try again later.`, { retryAfterSeconds: 3600 });
    }
  }
  const draft = form.draftId ? await findDraft(deps.store, mailboxId, form.draftId) : null;

  const composed = await composeFromForm({ uploadsDir: deps.uploadsDir, mailboxId, displayName: input.displayName, form, maxMessageBytes: deps.store.maxMessageBytes });
  const key = await findSigningKey(deps.db, from.domain);
  const raw = key ? await signDkim(composed.forTransport, key) : composed.forTransport;
  const result = await dispatchSubmission(deps, { origin: "WEBMAIL", raw, mailFrom: from.address, senderMailboxId: mailboxId, recipients });
  if (result.status === "storage_failed") {
    for (const { error } of result.failed) console.error(`webmail send ${composed.messageId}: storing a copy failed:`, error);
    throw new Error("storing a local recipient's copy failed");
  }
  if (result.status === "mailbox_full") throw new AppError("QUOTA_EXCEEDED", "The recipients' mailboxes are full; nothing was sent.");

  // Sent and sent: from here the message has left, so the rest must not make the user send again.
  const sent = await ingestMessage(deps.store, { mailboxId, folder: { specialUse: "SENT" }, raw: composed.withBcc, flags: ["\\Seen"], source: "webmail" });
  if (draft) await removeMessage(deps.db, { mailboxId, folderId: draft.folderId, uid: draft.uid });
  if (form.inReplyTo) await markAnswered(deps.db, { mailboxId, inReplyTo: form.inReplyTo });
  await Promise.all(form.attachmentIds.map((id) => deleteUpload(deps.uploadsDir, { mailboxId, id })));
  return { sentId: sent.id, messageId: composed.messageId };
}

/** Local recipients resolved as the MX resolves them; an address of a domain not ours is remote, as submission treats a relay refusal. */
async function classifyRecipients(reader: ReturnType<typeof readerFor>, addresses: string[]): Promise<SubmissionRecipient[]> {
  const recipients: SubmissionRecipient[] = [];
  const refused: string[] = [];
  for (const address of addresses) {
    const parsed = tryParseAddress(address);
    if (!parsed) {
      refused.push(`${address}: not an address`);
      continue;
    }
    const resolution = await resolveRecipient(reader, parsed.address);
    if (resolution.ok) recipients.push({ kind: "local", resolved: resolution.recipient });
    else if (resolution.refusal.reasonKey === "relay_denied") recipients.push({ kind: "remote", address });
    else refused.push(`${address}: ${resolution.refusal.reasonText}`);
  }
  if (refused.length > 0) throw new AppError("INVALID_INPUT", `Cannot send to ${refused.join("; ")}.`);
  return recipients;
}
