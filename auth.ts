// Web sign-in (Auth.js v5): credentials are a mailbox address and password, checked by the same
// lib/auth/verifyLogin that every daemon uses, so lockouts are shared across protocols.
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { loadConfig } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { verifyLogin } from "@/lib/auth/verify-login";
import { ensureAuthSecret } from "@/lib/runtime/ensure-auth-secret";
import { CLIENT_IP_HEADER } from "@/lib/net/client-ip";
import type { Principal } from "@/lib/auth/principal";

declare module "next-auth" {
  interface Session {
    principal: Principal;
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
        if (user?.principal) token.principal = user.principal;
        return token;
      },
      session({ session, token }) {
        return { ...session, principal: token.principal as Principal };
      },
      // Runs in proxy.ts for every page: private pages need a session, the rest are public.
      authorized({ auth: session, request }) {
        const isPublic = ["/login", "/api/auth"].some((prefix) => request.nextUrl.pathname.startsWith(prefix));
        return isPublic || Boolean(session?.principal);
      },
    },
  };
});
