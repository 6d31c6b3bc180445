import type { Actor } from "../auth/principal.ts";
import { canReadMail } from "../auth/permissions.ts";
import { AppError, invalidInput } from "../errors.ts";
import type { StoreDeps } from "../store/store-deps.ts";
import { saveDraft } from "../store/save-draft.ts";
import { sweepOldUploads } from "../uploads/sweep-old-uploads.ts";
import { ComposeForm } from "./compose-form.ts";
import { composeFromForm } from "./compose-from-form.ts";

/**
 * Saves the compose form as a draft (with its Bcc and attachments, as Thunderbird keeps one),
 * replacing the version saved before (`form.draftId`). The uploads stay: the form still names
 * them until it is sent. Returns the draft's new id for the next save.
 */
export async function saveWebmailDraft(deps: { store: StoreDeps; uploadsDir: string }, input: { actor: Actor; displayName: string; form: unknown }): Promise<{ id: string }> {
  const { actor } = input;
  if (actor.kind !== "mailbox" || !canReadMail(actor, actor.mailboxId)) throw new AppError("FORBIDDEN", "Only the mailbox itself can save its drafts.");
  const parsed = ComposeForm.safeParse(input.form);
  if (!parsed.success) throw invalidInput("Draft", parsed.error.issues);
  await sweepOldUploads(deps.uploadsDir);
  // A draft may name any From for now; sending is where it must be the user's.
  const form = { ...parsed.data, from: parsed.data.from || actor.address };
  const composed = await composeFromForm({ uploadsDir: deps.uploadsDir, mailboxId: actor.mailboxId, displayName: input.displayName, form, maxMessageBytes: deps.store.maxMessageBytes });
  return saveDraft(deps.store, { mailboxId: actor.mailboxId, raw: composed.withBcc, previousId: form.draftId });
}
