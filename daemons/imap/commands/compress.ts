// tag COMPRESS DEFLATE
// RFC 4978: compression starts right after the tagged OK, in both directions.
import { bad, no, type CommandHandler, type CommandNamed } from "../session.ts";

export const compressCommand: CommandHandler<CommandNamed<"COMPRESS">> = {
  states: ["authenticated", "selected"],
  async run(session, command) {
    if (command.mechanism !== "DEFLATE") return bad("Only DEFLATE is supported");
    if (session.isCompressed()) return no("Compression is already on", "COMPRESSIONACTIVE");
    return { status: "OK", text: "DEFLATE active", after: async () => session.startCompression() };
  },
};
