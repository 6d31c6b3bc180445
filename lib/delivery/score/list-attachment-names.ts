// The file names a message's parts carry, as a mail reader would show them.
import { decodeHeaderWords } from "../../mime/decode-header-words.ts";
import type { MimePart } from "../../mime/message-index.ts";

/**
 * Every file name in the message, those of forwarded messages included (a mail reader opens those
 * too): Content-Disposition filename, else Content-Type name, RFC 2047 words decoded (the parser
 * has already decoded RFC 2231).
 */
export function listAttachmentNames(root: MimePart): string[] {
  const names: string[] = [];
  const visit = (part: MimePart) => {
    const name = part.disposition?.params.filename ?? part.params.name;
    if (name) names.push(decodeHeaderWords(name));
    part.children?.forEach(visit);
    if (part.message) visit(part.message.root);
  };
  visit(root);
  return names;
}
