import type { DesktopClientSettings } from "@/lib/addressbook/desktop-client-settings";

function Setting({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <>
      <dt className="text-slate-500 max-sm:mt-2">{label}</dt>
      <dd className="font-mono text-xs break-all" data-testid={testId}>
        {value}
      </dd>
    </>
  );
}

/** The LDAP settings to type into Thunderbird, Outlook or Apple Contacts for the personal and account books. */
export function DesktopClientSetup({ settings }: { settings: DesktopClientSettings }) {
  return (
    <section className="max-w-2xl space-y-3" data-testid="desktop-client-setup">
      <h2 className="text-lg font-semibold">Use these books in a desktop mail client (LDAP)</h2>
      {!settings.personal.hasPassword && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="ldap-password-missing">
          Set an LDAP password for this mailbox first: the address book does not accept your mail password.
        </p>
      )}
      <dl className="grid grid-cols-1 gap-y-1 text-sm sm:grid-cols-[12rem_1fr] sm:gap-x-3">
        <Setting label="Server" value={settings.host} />
        <Setting label="Port" value={`${settings.ldapPort} (LDAP with StartTLS) or ${settings.ldapsPort} (LDAPS, SSL/TLS)`} />
        <Setting label="Personal book base DN" value={settings.personal.baseDn} testId="personal-base-dn" />
        <Setting label="Bind DN" value={settings.personal.bindDn} testId="personal-bind-dn" />
        <Setting label="Account book base DN" value={settings.account.baseDn} />
        <Setting label="Account bind DN" value={settings.account.bindDn} />
      </dl>
      <p className="text-xs text-slate-500">
        The account bind DN uses the account&apos;s own LDAP password{settings.account.hasPassword ? "" : ", which has not been set yet"}; your mailbox&apos;s bind DN reads both books.
      </p>
    </section>
  );
}
