// tag NAMESPACE
// RFC 2342: one personal namespace, no prefix, "/" between levels; nothing shared or public.
import { ok, type CommandHandler, type CommandNamed } from "../session.ts";

export const namespaceCommand: CommandHandler<CommandNamed<"NAMESPACE">> = {
  states: ["authenticated", "selected"],
  async run(session) {
    session.untagged('NAMESPACE (("" "/")) NIL NIL');
    return ok("NAMESPACE completed");
  },
};
