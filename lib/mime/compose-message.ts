import { randomUUID } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { sanitizeComposeHtml } from "./sanitize-compose-html.ts";

export type ComposeAddress = { name: string; address: string };
export type ComposeAttachment = { filename: string; contentType: string; content: Buffer };

export type ComposeInput = {
  from: ComposeAddress;
  to: readonly ComposeAddress[];
  cc?: readonly ComposeAddress[];
  bcc?: readonly ComposeAddress[];
  subject: string;
  text: string;
  /** From the editor; sanitised here, so it may come straight from the browser. */
  html?: string | null;
  attachments?: readonly ComposeAttachment[];
  /** A reply's parent: its Message-ID with angle brackets, and the thread's References oldest first. */
  inReplyTo?: string | null;
  references?: readonly string[];
  /** Kept when a draft becomes the sent message; otherwise a new one. */
  messageId?: string;
  date?: Date;
};

export type ComposedMessage = {
  /** What goes out: no Bcc field (RFC 5322 §3.6.3: Bcc recipients are not shown to the others). */
  forTransport: Buffer;
  /** What the sender keeps (Sent, Drafts): the same message with its Bcc field, as Thunderbird keeps it. */
  withBcc: Buffer;
  /** The SMTP envelope: the From address and every recipient, Bcc included. */
  envelope: { from: string; to: string[] };
  messageId: string;
};

/** The RFC 5322 message for a compose form, built by nodemailer's MailComposer (encoded words, MIME structure). */
export async function composeMessage(input: ComposeInput): Promise<ComposedMessage> {
  const domain = input.from.address.slice(input.from.address.lastIndexOf("@") + 1) || "localhost";
  const messageId = input.messageId ?? `<${randomUUID()}@${domain}>`;
  const html = input.html ? sanitizeComposeHtml(input.html) : undefined;
  const mail = {
    from: input.from,
    to: [...input.to],
    cc: [...(input.cc ?? [])],
    bcc: [...(input.bcc ?? [])],
    subject: input.subject,
    text: toCrlf(input.text),
    html: html ? toCrlf(html) : undefined,
    attachments: (input.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
    inReplyTo: input.inReplyTo ?? undefined,
    references: input.references?.length ? [...input.references] : undefined,
    messageId,
    date: input.date ?? new Date(),
    // No X-Mailer naming the library: the message is ours.
    xMailer: false as const,
  };
  const build = (keepBcc: boolean) => {
    const node = new MailComposer(mail).compile();
    node.keepBcc = keepBcc;
    return node;
  };
  const transport = build(false);
  const envelope = transport.getEnvelope();
  const [forTransport, withBcc] = await Promise.all([transport.build(), build(true).build()]);
  return { forTransport, withBcc, envelope: { from: envelope.from || input.from.address, to: envelope.to }, messageId };
}

/** Lines end in CRLF on the wire (RFC 5322 §2.3); the browser sends LF. */
function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}
