import { AppError } from "../errors.ts";
import { composeMessage, type ComposedMessage } from "../mime/compose-message.ts";
import { readUpload } from "../uploads/read-upload.ts";
import type { ComposeForm } from "./compose-form.ts";

/**
 * The message a compose form describes, its files read from the mailbox's uploads (another
 * mailbox's upload id is NOT_FOUND). The From display name is the mailbox's own.
 */
export async function composeFromForm(input: { uploadsDir: string; mailboxId: string; displayName: string; form: ComposeForm; maxMessageBytes: number; messageId?: string }): Promise<ComposedMessage> {
  const { form } = input;
  const attachments = [];
  let total = 0;
  for (const id of form.attachmentIds) {
    const upload = await readUpload(input.uploadsDir, { mailboxId: input.mailboxId, id });
    total += upload.bytes.length;
    // Base64 grows a file by a third: refuse before building something the store refuses anyway.
    if ((total * 4) / 3 > input.maxMessageBytes) throw new AppError("TOO_LARGE", "The attachments together are too large to send.", { limit: input.maxMessageBytes });
    attachments.push({ filename: upload.info.name, contentType: upload.info.type, content: upload.bytes });
  }
  const composed = await composeMessage({
    from: { name: input.displayName, address: form.from },
    to: form.to,
    cc: form.cc,
    bcc: form.bcc,
    subject: form.subject,
    text: form.text,
    html: form.html,
    attachments,
    inReplyTo: form.inReplyTo,
    references: form.references,
    messageId: input.messageId,
  });
  if (composed.withBcc.length > input.maxMessageBytes) throw new AppError("TOO_LARGE", "The message is too large to send.", { limit: input.maxMessageBytes });
  return composed;
}
