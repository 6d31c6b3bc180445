// Asks spamd whether it is up and answering (PING of SPAMC/SPAMD protocol 1.5).
//
//   PING SPAMC/1.5\r\n
//   \r\n                        (protocol 1.5 sends headers, here none, and a blank line)
//   → SPAMD/1.5 0 PONG\r\n
import { exchangeWithSpamd, type SpamdEndpoint } from "./exchange-with-spamd.ts";
import { parseSpamdReply } from "./parse-spamd-reply.ts";
import { SpamdError } from "./spamd-error.ts";

const PING = Buffer.from("PING SPAMC/1.5\r\n\r\n", "latin1");

/** Resolves when spamd answers PONG; rejects with a SpamdError otherwise. */
export async function pingSpamd(endpoint: SpamdEndpoint): Promise<void> {
  const reply = parseSpamdReply(await exchangeWithSpamd(endpoint, PING));
  if (reply.message !== "PONG") throw new SpamdError("protocol", `spamd answered PING with "${reply.message}"`);
}
