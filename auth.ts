// Web sign-in (Auth.js v5): credentials are a mailbox address and password, checked by the same
// lib/auth/verifyLogin that every daemon uses, so lockouts are shared across protocols.
import { randomUUID } from "node:crypto";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { loadConfig } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { verifyLogin } from "@/lib/auth/verify-login";
import { ensureAuthSecret } from "@/lib/runtime/ensure-auth-secret";
import { CLIENT_IP_HEADER } from "@/lib/net/client-ip";
import { VIEW_AS_COOKIE } from "@/lib/auth/view-as-token";
import type { Principal } from "@/lib/auth/principal";

declare module "next-auth" {
  interface Session {
    principal: Principal;
    /** This sign-in's id (refused once it signs out) and when it happened, in ms since the epoch. */
    sessionId?: string;
    signedInAt?: number;
  }
  interface User {
    principal?: Principal;
  }
}

/** Why a sign-in was refused, as a code the sign-in form turns into a message: `invalid` or `locked:<seconds>`. */
export class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

const SignInInput = z.object({ address: z.string().max(254), password: z.string().max(1024) });

/** The client's address as server.ts determined it from the socket (never a client-sent header). */
export function clientIpOf(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER) || "unknown";
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const config = loadConfig();
  return {
    secret: ensureAuthSecret(config),
    trustHost: true,
    session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
    pages: { signIn: "/login" },
    providers: [
      Credentials({
        credentials: { address: {}, password: {} },
        async authorize(credentials, request) {
          const parsed = SignInInput.safeParse(credentials);
          if (!parsed.success) throw new SignInRefused("invalid");
          try {
            const principal = await verifyLogin(await getDb(), {
              ...parsed.data,
              ip: clientIpOf(request.headers),
              protocol: "web",
              limits: config.loginLimits,
            });
            return { id: principal.mailboxId, email: principal.address, name: principal.displayName, principal };
          } catch (error) {
            if (isAppError(error, "LOCKED_OUT")) throw new SignInRefused(`locked:${error.details.retryAfterSeconds}`);
            if (isAppError(error, "INVALID_CREDENTIALS")) throw new SignInRefused("invalid");
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        // At sign-in only; the renewed cookies of later requests carry the same id and time.
        if (user?.principal) Object.assign(token, { principal: user.principal, sessionId: randomUUID(), signedInAt: Date.now() });
        return token;
      },
      session({ session, token }) {
        return { ...session, principal: token.principal as Principal, sessionId: token.sessionId as string | undefined, signedInAt: token.signedInAt as number | undefined };
      },
      // Runs in proxy.ts for every request: private pages need a session, the rest are public.
      authorized({ auth: session, request }) {
        // CSP reports come from a message body's sandboxed frame, which sends no cookies.
        const isCspReport = request.method === "POST" && request.nextUrl.pathname === "/api/mail/csp-report";
        const isPublic = isCspReport || ["/login", "/api/auth"].some((prefix) => request.nextUrl.pathname.startsWith(prefix));
        // A staff member's read-only view of a customer's pages changes nothing: every write in
        // the app (server actions, route handlers) is a POST or other non-read method.
        if (request.cookies.has(VIEW_AS_COOKIE) && !["GET", "HEAD"].includes(request.method)) {
          return new Response("This is a read-only view of a customer's pages: end the view to make changes.", { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
        }
        return isPublic || Boolean(session?.principal);
      },
    },
  };
});
