import { AppError } from "../errors.ts";
import type { Db } from "../db.ts";
import { findMailboxByAddress } from "../directory/find-mailbox-by-address.ts";
import { tryParseAddress } from "../directory/address.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { verifyPasswordRemembered } from "./recent-logins.ts";
import { assertNotLockedOut, clearLoginFailures, lockedOut, recordLoginFailure, type LoginLimits, type ThrottleKey } from "./login-throttle.ts";
import type { Principal } from "./principal.ts";
import { toPrincipal } from "./load-principal.ts";
import { currentActivityRecorder } from "../status/activity-recorder.ts";

export type LoginProtocol = "web" | "smtp" | "imap" | "pop3" | "ldap";

export type VerifyLoginInput = {
  address: string;
  password: string;
  ip: string;
  protocol: LoginProtocol;
  limits: LoginLimits;
  now?: Date;
};

// Compared against when the address has no mailbox, so that "no such user" takes as long as
// "wrong password" and timing tells an attacker nothing.
let decoyHash: Promise<string> | undefined;

/**
 * Checks a mailbox's credentials for any protocol. Throws INVALID_CREDENTIALS (one generic message
 * for unknown address, wrong password, disabled and deleted mailbox, suspended account) or LOCKED_OUT
 * (with the time left). A suspended account is refused after the same password check, with the same
 * answer, so neither the reply nor its timing tells a guesser that the address exists.
 * Failures count per client IP and per address; a locked key refuses even the right password.
 */
export async function verifyLogin(db: Db, input: VerifyLoginInput): Promise<Principal> {
  const now = input.now ?? new Date();
  const address = tryParseAddress(input.address)?.address ?? input.address.trim().toLowerCase().slice(0, 254);
  const keys: ThrottleKey[] = [
    { scope: "ip", key: input.ip },
    { scope: "address", key: address },
  ];
  await assertNotLockedOut(db, keys, now);

  const mailbox = await findMailboxByAddress(db, address);
  decoyHash ??= hashPassword("decoy password that matches nothing");
  const passwordOk = mailbox ? await verifyPasswordRemembered(mailbox.passwordHash, input.password) : await verifyPassword(await decoyHash, input.password);

  if (!mailbox || !passwordOk || mailbox.isDisabled || mailbox.isDeleted || mailbox.isAccountSuspended) {
    const lockedForMs = await recordLoginFailure(db, keys, input.limits, now);
    if (lockedForMs > 0) throw lockedOut(lockedForMs);
    throw new AppError("INVALID_CREDENTIALS", "Wrong address or password.");
  }

  await clearLoginFailures(db, { scope: "address", key: address });
  // Logins per minute for the status page (the process's own recorder, when it runs one).
  currentActivityRecorder()?.count("logins");
  return toPrincipal(mailbox);
}
