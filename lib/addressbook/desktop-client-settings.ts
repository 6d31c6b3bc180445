import type { Db } from "../db.ts";
import type { Config } from "../env.ts";
import type { Actor } from "../auth/principal.ts";
import { assertAllowed, canManageMailbox } from "../auth/permissions.ts";
import { AppError } from "../errors.ts";

/** What a desktop client (Thunderbird, Outlook, Apple Contacts) needs to read one book over LDAP. */
export type LdapBookSettings = { baseDn: string; bindDn: string; hasPassword: boolean };

export type DesktopClientSettings = {
  host: string;
  /** Plain LDAP: clients must upgrade with StartTLS before binding. */
  ldapPort: number;
  /** LDAP over TLS from the first byte. */
  ldapsPort: number;
  suffix: string;
  personal: LdapBookSettings;
  account: LdapBookSettings;
};

/**
 * The LDAP settings a mailbox's setup panel shows, for its personal book and its account's book.
 * `hasPassword` false means the LDAP password (separate from the mail password) must be set first.
 */
export async function getDesktopClientSettings(
  db: Db,
  input: { actor: Actor; mailboxId: string; config: Pick<Config, "publicHostname" | "ports"> },
): Promise<DesktopClientSettings> {
  const mailbox = await db.mailbox.findUnique({ where: { id: input.mailboxId }, include: { domain: true, account: true } });
  if (!mailbox) throw new AppError("NOT_FOUND", "No such mailbox.");
  assertAllowed(canManageMailbox(input.actor, mailbox), "These are another mailbox's settings.");
  const suffix = ldapSuffixOf(input.config.publicHostname);
  const address = `${mailbox.localPart}@${mailbox.domain.name}`;
  const accountName = mailbox.account.name;
  return {
    host: input.config.publicHostname,
    ldapPort: input.config.ports.ldap,
    ldapsPort: input.config.ports.ldaps,
    suffix,
    personal: {
      baseDn: `ou=${escapeDnValue(address)},ou=ab,${suffix}`,
      bindDn: `cn=${escapeDnValue(address)},ou=auth,${suffix}`,
      hasPassword: mailbox.ldapPasswordHash !== null,
    },
    account: {
      baseDn: `ou=${escapeDnValue(accountName)},ou=ab,${suffix}`,
      bindDn: `cn=${escapeDnValue(accountName)},ou=auth,${suffix}`,
      hasPassword: mailbox.account.ldapPasswordHash !== null,
    },
  };
}

/**
 * The directory suffix. The configuration has no LDAP suffix setting (lib/env.ts), so it is derived
 * from PUBLIC_HOSTNAME the usual way: mail.example.com → dc=mail,dc=example,dc=com.
 */
export function ldapSuffixOf(publicHostname: string): string {
  return publicHostname
    .toLowerCase()
    .split(".")
    .filter(Boolean)
    .map((label) => `dc=${escapeDnValue(label)}`)
    .join(",");
}

/** RFC 4514 §2.4: escape the characters special in a DN attribute value. */
export function escapeDnValue(value: string): string {
  return value
    .replace(/[\\,+"<>;=]/g, (ch) => `\\${ch}`)
    .replace(/^([ #])/, "\\$1")
    .replace(/ $/, "\\ ");
}
