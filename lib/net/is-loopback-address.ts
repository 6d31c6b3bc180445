/**
 * Whether a peer address is this machine's loopback (127.0.0.0/8, ::1, or either mapped into
 * IPv6). The daemons accept passwords in clear only over TLS or from loopback (tests, a local
 * proxy, a desktop client on the same machine): RFC 8314.
 */
export function isLoopbackAddress(address: string): boolean {
  const plain = address.replace(/^::ffff:/i, "");
  return plain === "::1" || plain.startsWith("127.");
}
