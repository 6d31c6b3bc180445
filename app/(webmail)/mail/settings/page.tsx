import type { Metadata } from "next";
import { requirePrincipal } from "@/app/current-principal";
import { getDb } from "@/lib/db";
import { getMailSettings } from "@/lib/mail-settings/get-mail-settings";
import { listRemoteImageSenders } from "@/lib/mail-settings/list-remote-image-senders";
import { GeneralSettingsForm } from "@/components/mail/settings/general-settings-form";
import { VacationForm } from "@/components/mail/settings/vacation-form";
import { RemoteImageSenders } from "@/components/mail/settings/remote-image-senders";

export const metadata: Metadata = { title: "Mail settings" };

// The mailbox's own webmail settings (the layout has already refused a staff member's read-only view).
export default async function MailSettingsPage() {
  const actor = await requirePrincipal();
  const db = await getDb();
  const settings = await getMailSettings(db, { actor });
  const senders = await listRemoteImageSenders(db, { actor });
  const { startsAt: _startsAt, endsAt: _endsAt, ...vacation } = settings.vacation;
  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-2xl space-y-10 px-4 py-6">
        <h1 className="text-2xl font-semibold">Settings</h1>
        <section aria-labelledby="general-heading">
          <h2 id="general-heading" className="mb-3 text-lg font-semibold">
            General
          </h2>
          <GeneralSettingsForm
            displayName={actor.displayName}
            signature={settings.signature}
            timeZone={settings.timeZone}
            hasChosenTimeZone={settings.hasChosenTimeZone}
            loadRemoteImages={settings.loadRemoteImages}
            theme={settings.theme}
          />
        </section>
        <section aria-labelledby="vacation-heading">
          <h2 id="vacation-heading" className="mb-3 text-lg font-semibold">
            Vacation reply
          </h2>
          <VacationForm vacation={vacation} timeZone={settings.timeZone} hasChosenTimeZone={settings.hasChosenTimeZone} />
        </section>
        <section aria-labelledby="images-heading">
          <h2 id="images-heading" className="mb-3 text-lg font-semibold">
            Always show images from
          </h2>
          <RemoteImageSenders addresses={senders.map((sender) => sender.address)} />
        </section>
      </div>
    </div>
  );
}
