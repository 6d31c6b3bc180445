import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentSessionPrincipal } from "@/app/current-principal";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  // Only a session whose mailbox still signs in goes on: a disabled mailbox's or a suspended
  // account's session is sent here by requirePrincipal, and redirecting it back would loop.
  if (await currentSessionPrincipal()) redirect("/mailbox");
  const { callbackUrl } = await searchParams;
  // Auth.js hands over an absolute URL; keep only its path (the action rejects other hosts anyway).
  const callbackPath = callbackUrl ? safePath(callbackUrl) : undefined;
  return (
    <main className="mx-auto mt-24 max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="mb-1 text-2xl font-semibold">Sign in to Mailwright</h1>
      <p className="mb-6 text-sm text-slate-600">Use your email address and mail password.</p>
      <SignInForm callbackUrl={callbackPath} />
    </main>
  );
}

function safePath(url: string): string | undefined {
  try {
    const parsed = new URL(url, "http://placeholder");
    return parsed.pathname + parsed.search;
  } catch {
    return undefined;
  }
}
