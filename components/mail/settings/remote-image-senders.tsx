"use client";

import { useActionState } from "react";
import { stopRemoteImagesAction, type SettingsFormState } from "@/app/(webmail)/mail/settings/actions";
import { FormError, FormSuccess } from "@/components/ui/form-message";

/** Senders whose remote images always load (chosen from a message's "always show images from" button), each removable. */
export function RemoteImageSenders({ addresses }: { addresses: string[] }) {
  const [state, formAction, isPending] = useActionState<SettingsFormState, FormData>(stopRemoteImagesAction, {});
  if (addresses.length === 0 && !state.success) return <p className="text-sm text-slate-500 dark:text-slate-400">No senders yet. A message&apos;s &ldquo;Always show images from this sender&rdquo; adds one here.</p>;
  return (
    <div className="space-y-2">
      <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800" data-testid="remote-image-senders">
        {addresses.map((address) => (
          <li key={address} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
            <span className="min-w-0 truncate">{address}</span>
            <form action={formAction}>
              <input type="hidden" name="address" value={address} />
              <button type="submit" disabled={isPending} aria-label={`Remove ${address}`} className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
                Remove
              </button>
            </form>
          </li>
        ))}
      </ul>
      {state.error && <FormError>{state.error}</FormError>}
      {state.success && <FormSuccess>{state.success}</FormSuccess>}
    </div>
  );
}
