import { z } from "zod";
import { AppError, invalidInput } from "../errors.ts";
import type { Db } from "../db.ts";
import type { Actor } from "../auth/principal.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { parseAddress } from "./address.ts";
import { canManageMailbox } from "../auth/permissions.ts";
import { loadMailboxForManagement } from "./load-mailbox-for-management.ts";

/** Each forward is a queued copy of every message: a few destinations are plenty, more looks like abuse. */
export const MAX_FORWARDS_PER_MAILBOX = 10;

/** Who may change a mailbox's forwarding: the mailbox itself or its account's managers. */
export const FORWARDING_REASON = "Only the mailbox itself or its account's managers can change its forwarding.";

export const AddForwardInput = z.object({
  mailboxId: z.string().min(1).max(100),
  address: z.string().trim().min(3).max(254),
  /** Whether the mailbox keeps its local copy (it does unless every forward says not to). */
  keepsCopy: z.boolean().default(true),
});

/**
 * Sends a copy of the mailbox's incoming mail on to another address (through the outbound queue,
 * SRS-rewritten). Not to the mailbox's own address or a plus-address of it: that would loop.
 * Throws CONFLICT for a duplicate or past MAX_FORWARDS_PER_MAILBOX.
 */
export async function addForward(db: Db, input: { actor: Actor; clientIp?: string } & z.input<typeof AddForwardInput>) {
  const parsed = AddForwardInput.safeParse(input);
  if (!parsed.success) throw invalidInput("Forward", parsed.error.issues);
  const { address } = parseAddress(parsed.data.address);
  return db.$transaction(async (tx) => {
    const mailbox = await loadMailboxForManagement(tx, { actor: input.actor, mailboxId: parsed.data.mailboxId, isAllowed: canManageMailbox, reason: FORWARDING_REASON });
    const { localPart, domain } = parseAddress(address);
    if (domain === mailbox.domain.name && (localPart === mailbox.localPart || localPart.startsWith(`${mailbox.localPart}+`))) {
      throw new AppError("INVALID_INPUT", `A mailbox cannot forward to its own address (${mailbox.address}).`);
    }
    if (await tx.forward.findUnique({ where: { mailboxId_address: { mailboxId: mailbox.id, address } }, select: { id: true } })) {
      throw new AppError("CONFLICT", `${mailbox.address} already forwards to ${address}.`);
    }
    if ((await tx.forward.count({ where: { mailboxId: mailbox.id } })) >= MAX_FORWARDS_PER_MAILBOX) {
      throw new AppError("CONFLICT", `A mailbox forwards to at most ${MAX_FORWARDS_PER_MAILBOX} addresses.`);
    }
    const forward = await tx.forward.create({ data: { mailboxId: mailbox.id, address, keepsCopy: parsed.data.keepsCopy } });
    await recordAuditEvent(tx, { actor: input.actor, action: "forward.add", targetType: "mailbox", targetId: mailbox.id, clientIp: input.clientIp, details: { address, keepsCopy: forward.keepsCopy } });
    return forward;
  });
}
