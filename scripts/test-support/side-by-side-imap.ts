// Our IMAP server and a private Dovecot side by side, each with a raw client logged in to an empty
// INBOX: for tests that give both servers the same messages and compare their answers.
import { startDovecot } from "./dovecot.ts";
import { startTestImap } from "./imap-fixtures.ts";
import { logInRawImap } from "./raw-imap-client.ts";

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
