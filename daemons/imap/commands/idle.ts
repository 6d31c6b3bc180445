// tag IDLE ... DONE
// RFC 2177 / RFC 9051 §6.3.13: changes are told as they happen (the change feed wakes us: at once on
// PostgreSQL, within the SQLite poll interval otherwise) until the client sends DONE.
import { announceChanges } from "../selected-folder.ts";
import { bad, ok, type CommandHandler, type CommandNamed } from "../session.ts";

export const idleCommand: CommandHandler<CommandNamed<"IDLE">> = {
  states: ["authenticated", "selected"],
  async run(session) {
    session.continuation("idling");
    const done = session.readLine();
    for (;;) {
      const stop = new AbortController();
      const next = await Promise.race([done.then((line) => ({ line })), session.waitForChange(stop.signal).then(() => null)]);
      stop.abort();
      if (next) {
        if (next.line === null) return bad("Connection closed");
        const text = next.line.toString("latin1").trim().toUpperCase();
        return text === "DONE" ? ok("IDLE terminated") : bad("Expected DONE");
      }
      if (session.selected && !(await announceChanges(session, true))) {
        session.untagged("BYE The selected folder was deleted by another session");
        return { status: "NO", text: "Folder deleted", after: async () => "close" };
      }
    }
  },
};
