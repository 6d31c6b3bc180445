/** A recipient chip: what the API takes as an address. */
export type Recipient = { name: string; address: string };

/** An attachment on the form: uploaded (with its id) or still uploading, or refused. */
export type AttachmentItem = {
  key: string;
  name: string;
  size: number;
  type: string;
  id?: string;
  /** 0–1 while uploading. */
  progress?: number;
  error?: string;
};

/** The JSON body of POST /api/mail/send and /api/mail/drafts (lib/webmail/compose-form.ts). */
export type ComposeBody = {
  from: string;
  to: Recipient[];
  cc: Recipient[];
  bcc: Recipient[];
  subject: string;
  text: string;
  html: string | null;
  attachmentIds: string[];
  inReplyTo: string | null;
  references: string[];
  draftId: string | null;
};

/** Roughly an address: the server checks properly. */
export function looksLikeAddress(text: string): boolean {
  return /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/.test(text);
}

/** "Name <a@b>" or "a@b" typed or pasted into a field, as a chip. */
export function parseRecipient(text: string): Recipient {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(text);
  if (match) return { name: match[1]!.trim(), address: match[2]!.trim() };
  return { name: "", address: text.trim() };
}
