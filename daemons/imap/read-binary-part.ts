import { findPart } from "../../lib/mime/resolve-section.ts";
import { decodeTransferEncoding } from "../../lib/mime/decode-part-body.ts";
import { readMessageSection, type MessageSummary } from "../../lib/store/read-message.ts";
import type { Session } from "./session.ts";

/** The encodings RFC 3516 servers must undo; anything else is answered NO [UNKNOWN-CTE]. */
const KNOWN_ENCODINGS = new Set(["7bit", "8bit", "binary", "base64", "quoted-printable"]);

export class UnknownTransferEncodingError extends Error {}

/**
 * BINARY[part] (RFC 3516 §4.2): the part's body with its Content-Transfer-Encoding undone. The
 * empty part is the whole message, and a multipart or message part its body as it is (neither
 * may be encoded, RFC 2045 §6.4). Null when the message has no such part.
 */
export async function readBinaryPart(session: Session, message: MessageSummary, path: readonly number[]): Promise<Buffer | null> {
  const raw = await readMessageSection(session.deps.store, { mailboxId: session.principal!.mailboxId, folder: { id: session.selected!.folderId }, uid: message.uid, section: "" });
  if (raw === null || path.length === 0) return raw;
  const part = findPart(message.bodyStructure, path);
  if (!part) return null;
  if (part.children || part.message) return raw.subarray(part.bodyStart, part.bodyEnd);
  if (!KNOWN_ENCODINGS.has(part.encoding)) throw new UnknownTransferEncodingError(`Part ${path.join(".")} has an unknown transfer encoding (${part.encoding.slice(0, 40)})`);
  return decodeTransferEncoding(raw, part);
}
