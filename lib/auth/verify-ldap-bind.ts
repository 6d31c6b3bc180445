import { AppError } from "../errors.ts";
import type { Db } from "../db.ts";
import { readerFor } from "../db-reader.ts";
import { toBool } from "../db-row.ts";
import { tryParseAddress } from "../directory/address.ts";
import type { AccessLevel, PlatformRole } from "../generated/postgres/client.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { verifyPasswordRemembered } from "./recent-logins.ts";
import { assertNotLockedOut, clearLoginFailures, lockedOut, recordLoginFailure, type LoginLimits, type ThrottleKey } from "./login-throttle.ts";
import { toPrincipal } from "./load-principal.ts";
import type { Principal } from "./principal.ts";
import { currentActivityRecorder } from "../status/activity-recorder.ts";

/** Who an LDAP bind proved to be: a mailbox (cn=<address>) or an account (cn=<account name>). */
export type LdapIdentity = { kind: "mailbox"; principal: Principal } | { kind: "account"; accountId: string; accountName: string };

export type VerifyLdapBindInput = {
  /** "mailbox" for cn=<address>,ou=auth; "account" for cn=<account name>,ou=auth. */
  kind: "mailbox" | "account";
  name: string;
  password: string;
  ip: string;
  limits: LoginLimits;
  now?: Date;
};

// Compared against when there is no such bind name (or it has no LDAP password), so that the
// answer's timing does not tell a guesser which names exist.
let decoyHash: Promise<string> | undefined;

/**
 * Checks an LDAP bind against the LDAP password (Mailbox.ldapPasswordHash or
 * Account.ldapPasswordHash), never the mail password: an address-book password saved in a desktop
 * client must not unlock mail. Same answers and lockouts as verifyLogin (lib/auth/verify-login.ts):
 * INVALID_CREDENTIALS for every kind of refusal, LOCKED_OUT once the IP or the bind name has too
 * many failures. Bind names count under the "address" scope, as logins do: account names contain
 * no "@", so they never share a counter with an address.
 */
export async function verifyLdapBind(db: Db, input: VerifyLdapBindInput): Promise<LdapIdentity> {
  const now = input.now ?? new Date();
  const name = input.kind === "mailbox" ? (tryParseAddress(input.name)?.address ?? input.name.trim().toLowerCase().slice(0, 254)) : input.name.trim().toLowerCase().slice(0, 254);
  const keys: ThrottleKey[] = [
    { scope: "ip", key: input.ip },
    { scope: "address", key: name },
  ];
  await assertNotLockedOut(db, keys, now);

  const candidate = input.kind === "mailbox" ? await findMailboxForBind(db, name) : await findAccountForBind(db, name);
  decoyHash ??= hashPassword("decoy password that matches nothing");
  const passwordOk = candidate?.ldapPasswordHash
    ? await verifyPasswordRemembered(candidate.ldapPasswordHash, input.password)
    : await verifyPassword(await decoyHash, input.password);

  if (!candidate || !candidate.ldapPasswordHash || !passwordOk || candidate.refused) {
    const lockedForMs = await recordLoginFailure(db, keys, input.limits, now);
    if (lockedForMs > 0) throw lockedOut(lockedForMs);
    throw new AppError("INVALID_CREDENTIALS", "Wrong bind DN or LDAP password.");
  }
  await clearLoginFailures(db, { scope: "address", key: name });
  // Logins per minute for the status page (the process's own recorder, when it runs one).
  currentActivityRecorder()?.count("logins");
  return candidate.identity;
}

type BindCandidate = { ldapPasswordHash: string | null; refused: boolean; identity: LdapIdentity };

async function findMailboxForBind(db: Db, address: string): Promise<BindCandidate | null> {
  const parsed = tryParseAddress(address);
  if (!parsed) return null;
  const [row] = await readerFor(db).query<Record<string, unknown>>(
    `SELECT m."id", m."accountId", m."localPart", m."displayName", m."ldapPasswordHash", CAST(m."accessLevel" AS TEXT) AS "accessLevel", CAST(m."role" AS TEXT) AS "role", m."isDisabled", m."deletedAt", d."name" AS "domainName", a."suspendedAt" AS "accountSuspendedAt"
     FROM "Mailbox" m JOIN "Domain" d ON d."id" = m."domainId" JOIN "Account" a ON a."id" = m."accountId" WHERE d."name" = ? AND m."localPart" = ?`,
    [parsed.domain, parsed.localPart],
  );
  if (!row) return null;
  const refused = toBool(row.isDisabled) || isSet(row.deletedAt) || isSet(row.accountSuspendedAt);
  const principal = toPrincipal({
    id: row.id as string,
    accountId: row.accountId as string,
    localPart: row.localPart as string,
    domain: { name: row.domainName as string },
    displayName: row.displayName as string,
    accessLevel: row.accessLevel as AccessLevel,
    role: (row.role as PlatformRole | null) ?? null,
  });
  return { ldapPasswordHash: (row.ldapPasswordHash as string | null) ?? null, refused, identity: { kind: "mailbox", principal } };
}

async function findAccountForBind(db: Db, name: string): Promise<BindCandidate | null> {
  const [row] = await readerFor(db).query<Record<string, unknown>>(`SELECT "id", "name", "ldapPasswordHash", "suspendedAt" FROM "Account" WHERE "name" = ?`, [name]);
  if (!row) return null;
  return {
    ldapPasswordHash: (row.ldapPasswordHash as string | null) ?? null,
    refused: isSet(row.suspendedAt),
    identity: { kind: "account", accountId: row.id as string, accountName: row.name as string },
  };
}

function isSet(value: unknown): boolean {
  return value !== null && value !== undefined;
}
