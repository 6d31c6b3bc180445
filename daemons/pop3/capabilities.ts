import { mayLogInInClear, type Session } from "./session.ts";

/**
 * CAPA (RFC 2449 §5): what this session is offered now. USER and SASL PLAIN only where a password
 * may be sent (TLS or loopback), STLS (RFC 2595) until TLS is on; both only before login. EXPIRE
 * NEVER: we never delete mail the client left on the server. No LOGIN-DELAY: we impose none.
 */
export function capabilityLines(session: Session): string[] {
  const lines = ["TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING", "EXPIRE NEVER", "IMPLEMENTATION Mailwright"];
  if (session.state === "authorization") {
    if (mayLogInInClear(session)) lines.push("USER", "SASL PLAIN");
    if (!session.isTls) lines.push("STLS");
  }
  return lines;
}
