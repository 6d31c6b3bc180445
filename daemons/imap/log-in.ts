import { verifyLogin } from "../../lib/auth/verify-login.ts";
import { capabilityLine } from "./capabilities.ts";
import { ok, type Completion, type Session } from "./session.ts";

/**
 * Checks credentials through lib/auth (its per-IP and per-address lockouts apply) and moves the
 * session to the authenticated state. Errors (INVALID_CREDENTIALS, LOCKED_OUT) become NO replies
 * in run-command.ts.
 */
export async function logIn(session: Session, address: string, password: string): Promise<Completion> {
  const principal = await verifyLogin(session.deps.store.db, { address, password, ip: session.clientIp, protocol: "imap", limits: session.deps.loginLimits });
  session.principal = principal;
  session.state = "authenticated";
  session.raiseLimits();
  session.watchMailbox();
  return ok("Logged in", `CAPABILITY ${capabilityLine(session)}`);
}
