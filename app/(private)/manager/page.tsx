import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { listAccountOverviews } from "@/lib/directory/list-account-overviews";
import { QuotaBar } from "@/components/ui/quota-bar";
import { DataTable } from "@/components/ui/data-table";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const actor = await requirePrincipal();
  const accounts = await listAccountOverviews(await getDb(), { actor }).catch((error: unknown) => {
    if (isAppError(error, "FORBIDDEN")) forbidden();
    throw error;
  });
  return (
    <div className="space-y-10">
      {/* A manager sees one account: its name is the page title. Staff see a section per account. */}
      {accounts.length !== 1 && <h1 className="text-2xl font-semibold">Accounts</h1>}
      {accounts.map((account) => {
        const Heading = accounts.length === 1 ? "h1" : "h2";
        return (
          <section key={account.id} aria-labelledby={`account-${account.id}`}>
            <Heading id={`account-${account.id}`} className={accounts.length === 1 ? "text-2xl font-semibold" : "text-lg font-semibold"}>
              {account.displayName} <span className="text-sm font-normal text-slate-500">({account.name})</span>
            </Heading>
            <p className="text-sm text-slate-600">Domains: {account.domains.join(", ") || "none"}</p>
            <Link href={`/manager/mailboxes?account=${encodeURIComponent(account.id)}`} prefetch={false} className="text-sm text-blue-700 underline" data-testid="manage-mailboxes">
              Manage mailboxes and the account&apos;s LDAP password
            </Link>
            <div className="mt-3">
              <DataTable columns={[{ label: "Mailbox" }, { label: "Name" }, { label: "Access" }, { label: "Storage", className: "w-48" }]}>
                <tbody>
                  {account.mailboxes.map((mailbox) => (
                    <tr key={mailbox.id} className="border-b border-slate-200">
                      <td className="py-2">{mailbox.address}{mailbox.isDisabled ? " (disabled)" : ""}</td>
                      <td>{mailbox.displayName}</td>
                      <td>{mailbox.accessLevel === "FULL_MANAGEMENT" ? "Full management" : "Self"}{mailbox.role ? ` · ${mailbox.role.toLowerCase()}` : ""}</td>
                      <td className="py-2"><QuotaBar usedBytes={mailbox.usedBytes} quotaBytes={mailbox.quotaBytes} /></td>
                    </tr>
                  ))}
                </tbody>
              </DataTable>
            </div>
          </section>
        );
      })}
    </div>
  );
}
