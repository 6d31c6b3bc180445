import { hash, verify } from "@node-rs/argon2";

// argon2id (the library's default algorithm) with its default cost: 19 MiB, 2 passes, 1 lane,
// which is OWASP's recommended minimum and about 20 ms here, cheap enough for IMAP logins.

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** False for a wrong password and for a malformed stored hash: neither may log anybody in. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/** Rules every new password must meet; the message is shown to the user as it is. */
export function checkPasswordRules(password: string, address: string): string | undefined {
  if (password.length < 10) return "The password must be at least 10 characters long.";
  if (password.length > 256) return "The password must be at most 256 characters long.";
  if (password.toLowerCase() === address.toLowerCase() || password.toLowerCase() === address.split("@")[0]?.toLowerCase()) {
    return "The password must not be the address.";
  }
  return undefined;
}
