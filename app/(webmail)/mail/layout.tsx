import Link from "next/link";
import type { ReactNode } from "react";
import { forbidden } from "next/navigation";
import { requirePrincipal } from "@/app/current-principal";
import { canReadMail } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db";
import { getMailSettings } from "@/lib/mail-settings/get-mail-settings";

// The webmail's own full-screen frame: a compact bar, then the page fills the rest of the window.
export default async function WebmailLayout({ children }: { children: ReactNode }) {
  const principal = await requirePrincipal();
  // Mail is private to its mailbox: a staff member's read-only view of the account stops here.
  if (!canReadMail(principal, principal.mailboxId)) forbidden();
  // The theme the user chose: dark, light, or the device's (app/globals.css's dark variant reads data-theme).
  const { theme } = await getMailSettings(await getDb(), { actor: principal });
  const links = [
    { href: "/mail/compose", label: "Compose" },
    { href: "/mail/settings", label: "Settings" },
    { href: "/mailbox", label: "Manager" },
  ];
  return (
    <div data-theme={theme} style={{ colorScheme: theme === "system" ? "light dark" : theme }} className="flex h-dvh flex-col bg-white text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <header className="flex h-11 shrink-0 items-center gap-4 border-b border-slate-200 px-3 dark:border-slate-800">
        <Link href="/mail" className="font-semibold text-blue-800 dark:text-blue-300">
          Mailwright
        </Link>
        <nav aria-label="Webmail" className="flex items-center gap-3 text-sm">
          {links.map((link) => (
            <Link key={link.href} href={link.href} prefetch={false} className="text-slate-700 hover:text-blue-700 dark:text-slate-300 dark:hover:text-blue-300">
              {link.label}
            </Link>
          ))}
        </nav>
        <span className="ml-auto hidden truncate text-sm text-slate-600 sm:inline dark:text-slate-400" data-testid="signed-in-as">
          {principal.address}
        </span>
      </header>
      <div className="min-h-0 flex-1">{children}</div>
    </div>
  );
}
