// Decides whether a message shows a paperclip in the message list.
import type { MimePart } from "./message-index.ts";

/**
 * True when the message carries a file: a part marked as attachment, a forwarded message, a named
 * text part that is not inline, or any other leaf that is not text, except inline resources of multipart/related (images referenced by Content-ID)
 * and the signature and control parts of multipart/signed and multipart/encrypted (RFC 1847).
 * Parts inside embedded messages are not looked at: the embedded message itself already counts.
 */
export function hasAttachments(root: MimePart): boolean {
  const visit = (part: MimePart, parent: MimePart | null): boolean => {
    if (part.children) return part.children.some((child) => visit(child, part));
    return isAttachment(part, parent);
  };
  return visit(root, null);
}

function isAttachment(part: MimePart, parent: MimePart | null): boolean {
  if (part.disposition?.type === "attachment") return true;
  if (part.type === "message" && (part.subtype === "rfc822" || part.subtype === "global")) return true;
  // a multipart here is one in which no part was found
  if (part.type === "multipart") return false;
  const hasName = Boolean(part.disposition?.params.filename ?? part.params.name);
  if (part.type === "text") return hasName && part.disposition?.type !== "inline";
  if (parent?.subtype === "related" && part.id) return false;
  if (parent?.subtype === "signed" && parent.children?.[0] !== part) return false;
  if (parent?.subtype === "encrypted" && parent.children?.[0] === part) return false;
  // a root that is not text is itself the file
  return true;
}
