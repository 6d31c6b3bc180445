import type { Metadata } from "next";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { getMailboxOverview } from "@/lib/directory/get-mailbox-overview";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { QuotaBar } from "@/components/ui/quota-bar";

export const metadata: Metadata = { title: "My mailbox" };

const ACCESS_LABELS = { FULL_MANAGEMENT: "Full management of the account", SELF: "Self (this mailbox only)" };

export default async function MyMailboxPage() {
  const actor = await requirePrincipal();
  const mailbox = await getMailboxOverview(await getDb(), { actor, mailboxId: actor.mailboxId });
  return (
    <div className="space-y-8">
      <section>
        <h1 className="text-2xl font-semibold">My mailbox</h1>
        <dl className="mt-4 grid max-w-xl grid-cols-[10rem_1fr] gap-y-2 text-sm">
          <dt className="text-slate-500">Address</dt>
          <dd data-testid="mailbox-address">{mailbox.address}</dd>
          <dt className="text-slate-500">Display name</dt>
          <dd>{mailbox.displayName || "—"}</dd>
          <dt className="text-slate-500">Account</dt>
          <dd>{mailbox.accountName}</dd>
          <dt className="text-slate-500">Access</dt>
          <dd>{ACCESS_LABELS[mailbox.accessLevel]}{mailbox.role ? ` · provider ${mailbox.role.toLowerCase()}` : ""}</dd>
        </dl>
      </section>
      <section className="max-w-xl">
        <h2 className="mb-2 text-lg font-semibold">Storage</h2>
        <QuotaBar usedBytes={mailbox.usedBytes} quotaBytes={mailbox.quotaBytes} />
      </section>
      <section>
        <h2 className="mb-2 text-lg font-semibold">Change password</h2>
        <ChangePasswordForm />
      </section>
    </div>
  );
}
