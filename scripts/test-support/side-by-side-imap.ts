// Our IMAP server and a private Dovecot side by side, each with a raw client logged in to an empty
// INBOX: for tests that give both servers the same messages and compare their answers.
import { startDovecot } from "./dovecot.ts";
import { startTestImap } from "./imap-fixtures.ts";
import { formatInternalDate } from "../../daemons/imap/protocol/response-values.ts";
import { expectTaggedOk, logInRawImap, type RawImapClient } from "./raw-imap-client.ts";

export type SideBySideImap = Awaited<ReturnType<typeof startSideBySideImap>>;

/** Starts both servers and logs in to each: `theirs` talks to Dovecot, `ours` to our server as alice. */
export async function startSideBySideImap() {
  const [dovecot, imap] = await Promise.all([startDovecot(), startTestImap()]);
  try {
    const [user] = dovecot.users;
    const theirs = await logInRawImap(dovecot.host, dovecot.imapPort, `LOGIN ${user!.name} ${user!.password}`);
    const ours = await logInRawImap("127.0.0.1", imap.port, `LOGIN "${imap.alice.address}" "${imap.alice.password}"`);
    const close = async () => {
      theirs.close();
      ours.close();
      await Promise.all([dovecot.close(), imap.close()]);
    };
    return { dovecot, imap, theirs, ours, close };
  } catch (error) {
    await Promise.all([dovecot.close(), imap.close()]);
    throw error;
  }
}

/** A message to give both servers, with its internal date and flags. */
export type AppendedSample = { raw: Buffer; internalDate: Date; flags?: readonly string[] };

/** APPENDs the messages to INBOX in order (LITERAL+, RFC 7888, which both servers announce), then selects it. */
export async function appendSamples(client: RawImapClient, samples: readonly AppendedSample[]): Promise<void> {
  for (const sample of samples) {
    const flags = sample.flags?.length ? `(${sample.flags.join(" ")}) ` : "";
    expectTaggedOk(await client.command([`APPEND INBOX ${flags}${formatInternalDate(sample.internalDate)} {${sample.raw.length}+}\r\n`, sample.raw]));
  }
  expectTaggedOk(await client.command(["SELECT INBOX"]));
}
