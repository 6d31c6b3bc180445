import net from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestImap } from "../../scripts/test-support/imap-fixtures.ts";
import { sampleMessage } from "../../scripts/test-support/store-fixtures.ts";
import { ingestMessage } from "../../lib/store/ingest-message.ts";

// Hostile input against the running server, logged in with a folder selected: thousands of random
// and mutated commands over real connections. The server must answer every command it can read
// (tagged OK, NO or BAD), or close the connection with BYE; never crash, never hang, and a fresh
// connection must work afterwards.

type TestImap = Awaited<ReturnType<typeof startTestImap>>;
let imap: TestImap;

beforeAll(async () => {
  imap = await startTestImap();
  for (let i = 0; i < 5; i++) await ingestMessage(imap.store, { mailboxId: imap.alice.mailboxId, folder: "INBOX", raw: sampleMessage({ subject: `fuzz ${i}` }), source: "smtp" });
});
afterAll(async () => {
  await imap?.close();
});

const VALID = [
  "NOOP",
  "FETCH 1:* (FLAGS UID ENVELOPE BODYSTRUCTURE)",
  "UID FETCH 1:* (BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)] RFC822.SIZE)",
  "FETCH 2 (BODY.PEEK[1]<0.10> BINARY.PEEK[1] BINARY.SIZE[1])",
  "STORE 1 +FLAGS (\\Flagged $Label1)",
  "UID STORE 1:3 (UNCHANGEDSINCE 1) -FLAGS.SILENT (\\Seen)",
  "SEARCH OR FROM alice NOT SUBJECT fuzz SINCE 1-Jan-2020",
  "UID SEARCH RETURN (MIN MAX COUNT) UNSEEN",
  "SORT (REVERSE DATE SUBJECT) UTF-8 ALL",
  "LIST (SUBSCRIBED) \"\" (* %) RETURN (CHILDREN STATUS (MESSAGES UNSEEN))",
  "STATUS INBOX (MESSAGES UIDNEXT UNSEEN SIZE HIGHESTMODSEQ)",
  "COPY 1:2 Archive",
  "EXAMINE INBOX",
  "SELECT INBOX (CONDSTORE)",
  "APPEND Drafts (\\Draft) {11}\r\nHello world",
  "APPEND Drafts {5+}\r\nhello",
  "GETQUOTAROOT INBOX",
  "ENABLE CONDSTORE",
  "ID (\"name\" \"fuzzer\")",
  "CREATE fuzz/x",
  "RENAME fuzz/x fuzz/y",
  "DELETE fuzz/y",
];

/** A command mutated the ways broken and hostile clients break them. */
const mutatedCommand = fc.oneof(
  fc.constantFrom(...VALID),
  fc.tuple(fc.constantFrom(...VALID), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([command, at, byte]) => {
    const bytes = Buffer.from(command, "latin1");
    if (bytes.length > 0) bytes[at % bytes.length] = byte;
    return bytes.toString("latin1");
  }),
  fc.tuple(fc.constantFrom(...VALID), fc.nat()).map(([command, at]) => command.slice(0, at % (command.length + 1))),
  fc.tuple(fc.constantFrom(...VALID), fc.constantFrom("{5}", "{0}", "~{3}", "(", ")", "[", "]", "*", "$", "\"", "\\", "{99999999999}", "{40+}", "~{30}")).map(([command, junk]) => `${command} ${junk}`),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString("latin1").replace(/[\r\n]/g, " ")),
);

/** Sends the commands one by one (each waits for its answer or the close) and returns what happened. */
async function runSession(commands: string[]): Promise<{ answered: number; closed: boolean }> {
  const socket = net.connect(imap.port, "127.0.0.1");
  let buffer = "";
  let closed = false;
  const waiters: (() => void)[] = [];
  socket.on("data", (chunk) => {
    buffer += chunk.toString("latin1");
    for (const wake of waiters.splice(0)) wake();
  });
  socket.on("close", () => {
    closed = true;
    for (const wake of waiters.splice(0)) wake();
  });
  socket.on("error", () => undefined);
  const waitFor = async (pattern: RegExp, what = "") => {
    const deadline = Date.now() + 10_000;
    while (!pattern.test(buffer) && !closed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no answer within 10 s to ${JSON.stringify(what)}; the server said: ${JSON.stringify(buffer.slice(-300))}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, left);
      });
    }
    return pattern.test(buffer);
  };
  await waitFor(/^\* OK /m, "greeting");
  socket.write(`l LOGIN "${imap.alice.address}" "${imap.alice.password}"\r\ns SELECT INBOX\r\n`);
  await waitFor(/^s OK /m, "login");
  let answered = 0;
  for (const [i, command] of commands.entries()) {
    if (closed) break;
    const tag = `f${i}`;
    // A mutated command may announce a literal it never sends (a client that breaks its promise
    // leaves the server waiting, as it must): a NOOP and a line of filler follow, enough bytes to
    // complete any literal the mutations can announce; the server reads them as literal data or as
    // the next commands.
    socket.write(`${tag} ${command}\r\nn${i} NOOP\r\n${" ".repeat(300)}\r\n`);
    const pattern = new RegExp(`^(${tag}|n${i}) (OK|NO|BAD)|^\\* BYE`, "m");
    if (await waitFor(pattern, command)) answered += 1;
  }
  socket.destroy();
  return { answered, closed };
}

describe("IMAP server under hostile input", () => {
  it("answers or closes on thousands of mutated commands, and keeps serving", async () => {
    let total = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutatedCommand, { minLength: 20, maxLength: 50 }), async (commands) => {
        const { answered, closed } = await runSession(commands);
        total += commands.length;
        // Every command before a close was answered (a BYE answers the rest).
        expect(answered > 0 || closed).toBe(true);
      }),
      { numRuns: 40 },
    );
    expect(total).toBeGreaterThan(1_000);
    const after = await runSession(["NOOP", "FETCH 1 (FLAGS)"]);
    expect(after).toEqual({ answered: 2, closed: false });
  }, 120_000);
});
