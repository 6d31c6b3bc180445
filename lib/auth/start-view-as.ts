import { z } from "zod";
import type { Db } from "../db.ts";
import type { Principal } from "./principal.ts";
import { assertAllowed, canViewAs } from "./permissions.ts";
import { mailboxAddress } from "../directory/find-mailbox-by-address.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { AppError, invalidInput } from "../errors.ts";
import { VIEW_AS_SECONDS, type ViewAs } from "./view-as-token.ts";

/** One mailbox, or an account: then its oldest mailbox with full management access (what its manager sees). */
export const StartViewAsInput = z.union([z.object({ mailboxId: z.string().min(1).max(64) }), z.object({ accountId: z.string().min(1).max(64) })]);

/**
 * Staff begin a read-only view of a mailbox's pages (to see what a customer sees). Audited; the
 * caller puts the returned view in its cookie (view-as-token.ts). Nothing is changed while viewing:
 * the web front refuses every request that is not a read.
 */
export async function startViewAs(db: Db, input: { actor: Principal; clientIp?: string; now?: number } & z.input<typeof StartViewAsInput>): Promise<ViewAs> {
  const parsed = StartViewAsInput.safeParse(input);
  if (!parsed.success) throw invalidInput("View", parsed.error.issues);
  const mailbox =
    "mailboxId" in parsed.data
      ? await db.mailbox.findFirst({ where: { id: parsed.data.mailboxId, deletedAt: null }, include: { domain: true, account: true } })
      : await db.mailbox.findFirst({
          where: { accountId: parsed.data.accountId, accessLevel: "FULL_MANAGEMENT", role: null, deletedAt: null, isDisabled: false },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          include: { domain: true, account: true },
        });
  if (!mailbox) throw new AppError("NOT_FOUND", "mailboxId" in parsed.data ? "No such mailbox." : "This account has no active mailbox with full management access to view as.");
  assertAllowed(canViewAs(input.actor, mailbox), "Only provider staff can view a customer's pages, and not another staff member's.");
  // A view shows the pages the mailbox itself would get, and it gets none while it cannot sign in.
  if (mailbox.isDisabled || mailbox.account.suspendedAt) throw new AppError("CONFLICT", `${mailboxAddress(mailbox)} cannot sign in now (disabled or suspended), so it has no pages to view.`);
  const address = mailboxAddress(mailbox);
  await recordAuditEvent(db, {
    actor: input.actor,
    action: "staff.view-as.start",
    targetType: "mailbox",
    targetId: mailbox.id,
    clientIp: input.clientIp,
    details: { address, accountId: mailbox.accountId, readOnly: true },
  });
  return { staffMailboxId: input.actor.mailboxId, mailboxId: mailbox.id, expiresAt: (input.now ?? Date.now()) + VIEW_AS_SECONDS * 1000 };
}

/** Staff end a view; audited so the trail shows when the view began and ended. */
export async function endViewAs(db: Db, input: { actor: Principal; view: ViewAs; clientIp?: string }): Promise<void> {
  await recordAuditEvent(db, {
    actor: input.actor,
    action: "staff.view-as.end",
    targetType: "mailbox",
    targetId: input.view.mailboxId,
    clientIp: input.clientIp,
    details: { readOnly: true },
  });
}
