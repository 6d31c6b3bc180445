import type { MimePart, ParsedMessage } from "./message-index.ts";

/**
 * The index of `prefix + raw` made from the index of `raw`, where `prefix` is `prefixLength` bytes of
 * whole header fields, each ending in CRLF, that no MIME rule reads (Received,
 * Authentication-Results, X-Spam-*): every offset moves by the prefix, the top-level header now
 * starts at 0 and holds it. The MX parses a message once, for its checks, and stores it with its
 * trace fields on top without parsing it again (tested against parseMessage on the whole corpus).
 */
export function prependHeaderFields(parsed: ParsedMessage, prefixLength: number): ParsedMessage {
  return { ...parsed, root: shiftPart(parsed.root, prefixLength, true) };
}

function shiftPart(part: MimePart, by: number, isTop: boolean): MimePart {
  const shifted: MimePart = { ...part, headerStart: isTop ? 0 : part.headerStart + by, headerEnd: part.headerEnd + by, bodyStart: part.bodyStart + by, bodyEnd: part.bodyEnd + by };
  if (part.children) shifted.children = part.children.map((child) => shiftPart(child, by, false));
  if (part.message) shifted.message = { ...part.message, root: shiftPart(part.message.root, by, false) };
  return shifted;
}
