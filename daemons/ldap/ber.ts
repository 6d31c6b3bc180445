// The few BER encodings a search result needs (RFC 4511 §5.1, X.690 definite lengths). Entries
// are encoded once, when a book is loaded, and answers are then assembled from those bytes: a
// search over a 5,000-contact book would otherwise spend most of its time re-encoding.

export const TAG = { integer: 0x02, octetString: 0x04, sequence: 0x30, set: 0x31, searchResultEntry: 0x64 } as const;

export function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

/** tlv over several parts, without concatenating them first. */
export function tlvOf(tag: number, parts: readonly Buffer[]): Buffer {
  let length = 0;
  for (const part of parts) length += part.length;
  return Buffer.concat([Buffer.from([tag]), encodeLength(length), ...parts]);
}

export function encodeInteger(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  do {
    bytes.unshift(rest & 0xff);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0); // stays positive in two's complement
  return tlv(TAG.integer, Buffer.from(bytes));
}

export function encodeString(value: string): Buffer {
  return tlv(TAG.octetString, Buffer.from(value, "utf8"));
}

/** PartialAttribute ::= SEQUENCE { type, vals SET OF value }; `typesOnly` sends no values. */
export function encodeAttribute(name: string, values: readonly string[], typesOnly = false): Buffer {
  return tlvOf(TAG.sequence, [encodeString(name), tlvOf(TAG.set, typesOnly ? [] : values.map(encodeString))]);
}

/** LDAPMessage { messageID, SearchResultEntry { objectName, attributes } } from pre-encoded parts. */
export function encodeSearchEntry(messageId: number, encodedDn: Buffer, encodedAttributes: readonly Buffer[]): Buffer {
  const entry = tlvOf(TAG.searchResultEntry, [encodedDn, tlvOf(TAG.sequence, encodedAttributes)]);
  return tlvOf(TAG.sequence, [encodeInteger(messageId), entry]);
}
