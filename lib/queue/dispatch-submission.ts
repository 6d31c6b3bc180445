import type { Db } from "../db.ts";
import type { StoreDeps } from "../store/store-deps.ts";
import type { ResolvedRecipient } from "../delivery/resolve-recipient.ts";
import { deliverMessage, type DeliveryCopy, type DeliveryOutcome } from "../delivery/deliver-message.ts";
import { findForwards, keepsLocalCopy, queueForwardedCopies, type ForwardPolicy } from "../delivery/forward-copies.ts";
import { readerFor } from "../db-reader.ts";
import type { SrsOptions } from "./srs.ts";
import { enqueueMessage } from "./enqueue-message.ts";
import { sendVacationReplies } from "../delivery/send-vacation-reply.ts";
import { parseMessage } from "../mime/parse-message.ts";

/** A recipient of a customer's own message: a local one (resolved by lib/delivery) or a remote address for the queue. */
export type SubmissionRecipient = { kind: "local"; resolved: ResolvedRecipient } | { kind: "remote"; address: string };

export type DispatchDeps = {
  db: Db;
  store: StoreDeps;
  /** Local recipients' forwards, as the MX applies them (their copies leave SRS-rewritten). */
  forwarding: { srs: SrsOptions; policy: ForwardPolicy };
};

export type DispatchInput = {
  origin: "SUBMISSION" | "WEBMAIL";
  /** The bytes as they leave: complete and DKIM-signed already. */
  raw: Buffer;
  mailFrom: string;
  senderMailboxId: string;
  recipients: readonly SubmissionRecipient[];
  /** More copies stored with the recipients' (submission's optional Sent copy). */
  extraCopies?: readonly DeliveryCopy[];
};

/**
 * What became of a message: `storage_failed` (a local copy could not be stored: the sender must
 * try again, nothing was queued), `mailbox_full` (every local mailbox is full and there is no one
 * else), or `accepted` (local copies stored, remote recipients queued when there are any).
 */
export type DispatchResult =
  | { status: "storage_failed"; failed: DeliveryOutcome["failed"] }
  | { status: "mailbox_full" }
  | { status: "accepted"; hasQueued: boolean };

/**
 * Hands a customer's message on, as submission and the webmail both do: forwarded copies of local
 * recipients that forward, a copy into each local mailbox at once through the store, and the remote
 * recipients into the outbound queue. The queue row is written only after every local copy is
 * committed, so a retried message is not sent out twice.
 */
export async function dispatchSubmission(deps: DispatchDeps, input: DispatchInput): Promise<DispatchResult> {
  const { raw, mailFrom, recipients } = input;
  const addressed = recipients.flatMap((r) => (r.kind === "local" ? r.resolved.targets.map((t) => ({ ...t, isJunk: false })) : []));
  // A local recipient that forwards gets its copies sent on (a customer's own mail is not scored: 0).
  const forwards = await findForwards(readerFor(deps.db), [...new Set(addressed.map((c) => c.mailboxId))]);
  if (forwards.size > 0) {
    await queueForwardedCopies(deps.db, { forwards: [...forwards.values()].flat(), raw, mailFrom, spamScore: 0, srs: deps.forwarding.srs, policy: deps.forwarding.policy });
  }
  const local = addressed.filter((c) => keepsLocalCopy(forwards.get(c.mailboxId)));
  const copies = [...local, ...(input.extraCopies ?? [])];
  if (copies.length > 0) {
    const outcome = await deliverMessage(deps.store, raw, copies);
    if (outcome.failed.length > 0) return { status: "storage_failed", failed: outcome.failed };
    if (outcome.full.length > 0 && outcome.delivered.length === 0 && recipients.every((r) => r.kind === "local")) return { status: "mailbox_full" };
    // A colleague away answers our own users too, as the MX has them answer everyone else.
    if (outcome.delivered.length > 0) await sendVacationReplies({ db: deps.db, store: deps.store }, { delivered: outcome.delivered, envelopeSender: mailFrom, raw, parsed: parseMessage(raw) });
  }
  const remote = recipients.flatMap((r) => (r.kind === "remote" ? [r.address] : []));
  if (remote.length > 0) await enqueueMessage(deps.db, { origin: input.origin, mailFrom, recipients: remote, raw, senderMailboxId: input.senderMailboxId });
  return { status: "accepted", hasQueued: remote.length > 0 || forwards.size > 0 };
}
