import { SMTPConnection } from "smtp-server/lib/smtp-connection.js";

const ENHANCED_CODE = /^[245]\.\d{1,3}\.\d{1,3} /;

/**
 * Lets a reply text carry its own enhanced status code (RFC 3463). smtp-server adds a code of its
 * own choosing to every reply, by reply number and command: 550 becomes 5.1.1 whether the
 * recipient is unknown (5.1.1), the sender blocked (5.7.1) or the mailbox disabled (5.2.1). Our
 * refusals name the precise code first ("5.7.1 Relay access denied"); for those, smtp-server's is
 * left out. Other replies keep smtp-server's codes. Applied once, to the class all servers share.
 */
let isApplied = false;

export function applyPreciseEnhancedCodes(): void {
  if (isApplied) return;
  isApplied = true;
  const prototype = SMTPConnection.prototype as unknown as { send(code: number, data?: unknown, context?: unknown): unknown };
  const send = prototype.send;
  prototype.send = function (code, data, context) {
    return send.call(this, code, data, typeof data === "string" && ENHANCED_CODE.test(data) ? false : context);
  };
}
