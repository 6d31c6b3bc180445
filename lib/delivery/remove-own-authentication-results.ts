const CRLF_CRLF = Buffer.from("\r\n\r\n");

/**
 * Removes Authentication-Results fields that claim to come from us (our authserv-id) from a
 * received message's header, as RFC 8601 §5 asks: otherwise a sender could forge "dkim=pass"
 * results that mail clients and filters would take for ours. Everything else stays byte for byte.
 */
export function removeOwnAuthenticationResults(raw: Buffer, authservId: string): Buffer {
  const headerEnd = raw.indexOf(CRLF_CRLF);
  const header = raw.subarray(0, headerEnd === -1 ? raw.length : headerEnd + 2).toString("latin1");
  if (!/^authentication-results:/im.test(header)) return raw;
  const ours = new RegExp(`^authentication-results:[ \\t]*(\\r\\n[ \\t]+)*${escapeRegExp(authservId)}[ \\t]*(\\r\\n[ \\t]+)*(;|\\d|\\r\\n(?![ \\t])|$)`, "i");
  // A field is a line and the folded lines after it (RFC 5322 §2.2.3).
  const fields = header.match(/[^\r\n]*\r\n(?:[ \t][^\r\n]*\r\n)*/g) ?? [];
  const kept = fields.filter((field) => !ours.test(field));
  if (kept.length === fields.length) return raw;
  return Buffer.concat([Buffer.from(kept.join(""), "latin1"), raw.subarray(header.length)]);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
