import type { Db } from "../db.ts";
import type { Principal } from "../auth/principal.ts";
import { assertAllowed, canReadMail } from "../auth/permissions.ts";

/**
 * Whether the actor's mail from this sender shows remote images without asking: the mailbox loads
 * them for everyone (settings), or "always for this sender" was chosen for it.
 */
export async function loadsRemoteImagesFrom(db: Db, input: { actor: Principal; sender: string | undefined }): Promise<boolean> {
  assertAllowed(canReadMail(input.actor, input.actor.mailboxId), "Only the mailbox itself reads its mail.");
  const mailboxId = input.actor.mailboxId;
  const [settings, allowed] = await Promise.all([
    db.mailSettings.findUnique({ where: { mailboxId }, select: { loadRemoteImages: true } }),
    input.sender ? db.remoteImageSender.findUnique({ where: { mailboxId_address: { mailboxId, address: input.sender.trim().toLowerCase() } }, select: { address: true } }) : null,
  ]);
  return Boolean(settings?.loadRemoteImages || allowed);
}
