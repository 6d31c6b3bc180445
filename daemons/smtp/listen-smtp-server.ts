import type { AddressInfo } from "node:net";
import type { SMTPServer, SMTPServerSession } from "smtp-server";
import { currentActivityRecorder } from "../../lib/status/start-service-recording.ts";

/** Starts an smtp-server listening; resolves with the address it got (port 0 picks a free one). */
export function listenSmtpServer(server: SMTPServer, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.server.once("error", reject);
    server.server.on("connection", () => currentActivityRecorder()?.count("connections"));
    server.listen(port, host, () => {
      server.server.off("error", reject);
      resolve(server.server.address() as AddressInfo);
    });
  });
}

/** The client's address as our policies see it: XCLIENT's when a trusted proxy set one, IPv4 without the IPv6 mapping. */
export function clientIpOf(session: SMTPServerSession): string {
  return (session.remoteAddress || "").replace(/^::ffff:/i, "");
}
