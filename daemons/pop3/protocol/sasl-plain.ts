/**
 * The PLAIN mechanism's message (RFC 4616): base64 of "authzid NUL authcid NUL passwd". Pure.
 * We log in as the authentication identity only: an authorization identity other than empty or the
 * same address (acting as another user) is refused.
 */
export function decodeSaslPlain(base64: string): { user: string; password: string } | { error: string } {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) return { error: "Invalid base64" };
  const parts = Buffer.from(base64, "base64").toString("utf8").split("\u0000");
  if (parts.length !== 3) return { error: "Invalid PLAIN message" };
  const [authzid, user, password] = parts as [string, string, string];
  if (user === "" || password === "") return { error: "Invalid PLAIN message" };
  if (authzid !== "" && authzid.toLowerCase() !== user.toLowerCase()) return { error: "Authorization identity differs from the authentication identity" };
  return { user, password };
}
