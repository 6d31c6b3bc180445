import type { Actor } from "../auth/principal.ts";
import { canReadMail } from "../auth/permissions.ts";
import { AppError } from "../errors.ts";
import type { StoreDeps } from "../store/store-deps.ts";
import { readMessageSection } from "../store/read-message.ts";
import { locateMessage } from "../store/locate-message.ts";
import { findDraft } from "../store/save-draft.ts";
import { parseMessage } from "../mime/parse-message.ts";
import { decodeTextBody, decodeTransferEncoding } from "../mime/decode-part-body.ts";
import { decodeHeaderWords } from "../mime/decode-header-words.ts";
import type { MimePart } from "../mime/message-index.ts";
import { readHeaderBlock } from "../mime/read-header-block.ts";
import { draftReply, readAddressField, readBodyText, type ReplyMode } from "../mime/quote-reply.ts";
import { listSenderAddresses } from "../directory/list-sender-addresses.ts";
import { saveUpload, type SavedUpload } from "../uploads/save-upload.ts";
import { getMailSettings } from "../mail-settings/get-mail-settings.ts";
import type { FormAddress } from "./compose-form.ts";

/** What the compose page opens with. */
export type ComposeStart = {
  senders: string[];
  from: string;
  to: FormAddress[];
  cc: FormAddress[];
  bcc: FormAddress[];
  subject: string;
  text: string;
  /** A draft's HTML body, when it had one (the editor opens in rich mode then). */
  html: string | null;
  attachments: SavedUpload[];
  inReplyTo: string | null;
  references: string[];
  draftId: string | null;
  signature: string;
};

/**
 * The compose form for a new message, a reply/reply-all/forward of one of the mailbox's messages,
 * or one of its drafts to go on with. Files of the original (forward as attachment) or of the
 * draft become uploads, so the form handles every attachment alike. Another mailbox's message id
 * is NOT_FOUND.
 */
export async function loadComposeStart(
  deps: { store: StoreDeps; uploadsDir: string },
  input: { actor: Actor; reply?: { messageId: string; mode: ReplyMode } | null; draftId?: string | null },
): Promise<ComposeStart> {
  const { actor } = input;
  if (actor.kind !== "mailbox" || !canReadMail(actor, actor.mailboxId)) throw new AppError("FORBIDDEN", "Only the mailbox itself can write its mail.");
  const { mailboxId } = actor;
  const senders = await listSenderAddresses(deps.store.db, mailboxId);
  const { signature } = await getMailSettings(deps.store.db, { actor });
  const blank: ComposeStart = { senders, from: senders[0] ?? actor.address, to: [], cc: [], bcc: [], subject: "", text: "", html: null, attachments: [], inReplyTo: null, references: [], draftId: null, signature };
  const readRaw = async (messageId: string) => {
    const located = await locateMessage(deps.store.db, { mailboxId, messageId });
    const raw = await readMessageSection(deps.store, { mailboxId, folder: { id: located.folderId }, uid: located.uid, section: "" });
    return raw ?? Buffer.alloc(0);
  };

  if (input.draftId) {
    if (!(await findDraft(deps.store, mailboxId, input.draftId))) throw new AppError("NOT_FOUND", "There is no such draft.");
    const raw = await readRaw(input.draftId);
    const parsed = parseMessage(raw);
    const fields = readHeaderBlock(raw, 0).fields;
    const leaves = listLeaves(parsed.root);
    const htmlPart = leaves.find((p) => p.type === "text" && p.subtype === "html" && p.disposition?.type !== "attachment");
    const files = leaves.filter(isAttachment);
    const attachments = [];
    for (const part of files) {
      attachments.push(await saveUpload(deps.uploadsDir, { mailboxId, name: fileNameOf(part), type: `${part.type}/${part.subtype}`, bytes: decodeTransferEncoding(raw, part), maxBytes: Infinity }));
    }
    const fromAddress = parsed.from[0]?.address;
    return {
      ...blank,
      from: fromAddress && senders.includes(fromAddress.toLowerCase()) ? fromAddress.toLowerCase() : blank.from,
      to: parsed.to.filter((c) => c.address),
      cc: parsed.cc.filter((c) => c.address),
      bcc: readAddressField(raw, fields, "bcc"),
      subject: parsed.subject,
      text: readBodyText(raw, parsed.root),
      html: htmlPart ? decodeTextBody(raw, htmlPart) : null,
      attachments,
      inReplyTo: parsed.inReplyTo,
      references: parsed.references,
      draftId: input.draftId,
      // The draft carries its signature already.
      signature: "",
    };
  }

  if (input.reply) {
    const raw = await readRaw(input.reply.messageId);
    const draft = draftReply(raw, { mode: input.reply.mode, ownAddresses: senders });
    const attachments = [];
    for (const file of draft.attachments) {
      attachments.push(await saveUpload(deps.uploadsDir, { mailboxId, name: file.filename, type: file.contentType, bytes: file.content, maxBytes: Infinity }));
    }
    return { ...blank, to: draft.to, cc: draft.cc, subject: draft.subject, text: draft.text, attachments, inReplyTo: draft.inReplyTo, references: draft.references };
  }
  return blank;
}

function listLeaves(root: MimePart): MimePart[] {
  if (!root.children) return [root];
  return root.children.flatMap(listLeaves);
}

/** A file of the draft: what is not its text or HTML body. */
function isAttachment(part: MimePart): boolean {
  if (part.disposition?.type === "attachment") return true;
  return !(part.type === "text" && (part.subtype === "plain" || part.subtype === "html"));
}

function fileNameOf(part: MimePart): string {
  const name = part.disposition?.params.filename ?? part.params.name ?? "";
  return decodeHeaderWords(name) || "attachment";
}
