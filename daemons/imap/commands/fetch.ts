// tag [UID] FETCH sequence-set (items) [(CHANGEDSINCE modseq [VANISHED])]
// Items are answered from the stored index (flags, envelope, structure) and byte ranges of the
// stored message (lib/store/read-message.ts): a message is never parsed again.
import type { FetchAttribute } from "../protocol/command.ts";
import { listMessageSummaries, readMessageSection, type MessageSummary } from "../../../lib/store/read-message.ts";
import { updateFlags } from "../../../lib/store/update-flags.ts";
import { bad, no, ok, type CommandHandler, type CommandNamed, type Piece, type Session } from "../session.ts";
import { flagsInSession, formatUidSet, sequenceOf } from "../selected-folder.ts";
import { isNumberInSet, resolveSequenceSet, toUidRanges } from "../resolve-sequence-set.ts";
import { readFolderChanges } from "../../../lib/store/folder-state.ts";
import { formatFlagList, formatInternalDate } from "../protocol/response-values.ts";
import { formatEnvelope } from "../protocol/format-envelope.ts";
import { formatBodyStructure } from "../protocol/format-body-structure.ts";
import { formatSectionName } from "../format-section-name.ts";
import { readBinaryPart, UnknownTransferEncodingError } from "../read-binary-part.ts";

export const fetchCommand: CommandHandler<CommandNamed<"FETCH">> = {
  states: ["selected"],
  async run(session, command) {
    const folder = session.selected!;
    const resolved = resolveSequenceSet(folder, command.set, command.isUid, session.savedUids);
    if ("error" in resolved) return bad(resolved.error);
    const attributes = [...command.attributes];
    if (command.changedSince !== null) session.enabled.add("CONDSTORE");
    const isCondstore = session.enabled.has("CONDSTORE");
    // RFC 9051 §6.4.9: UID FETCH always answers the UID; CHANGEDSINCE implies MODSEQ (RFC 7162 §3.1.4.1).
    if (command.isUid && !attributes.some((a) => a.type === "UID")) attributes.unshift({ type: "UID" });
    if (command.changedSince !== null && !attributes.some((a) => a.type === "MODSEQ")) attributes.push({ type: "MODSEQ" });
    // QRESYNC (RFC 7162 §3.2.6): UIDs of the set expunged since CHANGEDSINCE, before the FETCHes.
    if (command.vanished && command.changedSince !== null) {
      const changes = await readFolderChanges(session.deps.store.db, folder.folderId, command.changedSince);
      const vanished = (changes?.expunged ?? []).filter((uid) => isNumberInSet(command.set, uid) && sequenceOf(folder, uid) === 0);
      if (vanished.length > 0) session.untagged(`VANISHED (EARLIER) ${formatUidSet(vanished)}`);
    }
    if (resolved.length === 0) return ok("FETCH completed");
    const mailboxId = session.principal!.mailboxId;
    const where = { mailboxId, folder: { id: folder.folderId } };

    // Reading a body section without .PEEK sets \Seen first, so the FLAGS answered are the new ones.
    const setsSeen = !folder.isReadOnly && attributes.some((a) => (a.type === "BODY[]" || a.type === "BINARY[]") ? !a.peek : a.type === "RFC822" || a.type === "RFC822.TEXT");
    let seenChanged = new Set<number>();
    if (setsSeen) {
      const result = await updateFlags(session.deps.store.db, { ...where, uids: toUidRanges(resolved), mode: "add", flags: ["\\Seen"] });
      seenChanged = new Set(result.messages.filter((m) => m.changed).map((m) => m.uid));
      for (const message of result.messages) if (message.changed) folder.reported.set(message.uid, message.modseq);
    }
    let summaries = await listMessageSummaries(session.deps.store, { ...where, uids: toUidRanges(resolved) });
    if (command.changedSince !== null) summaries = summaries.filter((s) => s.modseq > command.changedSince!);
    for (const summary of summaries) {
      const seq = sequenceOf(folder, summary.uid);
      if (seq === 0) continue;
      const items: Piece[][] = [];
      try {
        for (const attribute of attributes) items.push(await answerItem(session, summary, attribute));
      } catch (error) {
        if (error instanceof UnknownTransferEncodingError) return no(error.message, "UNKNOWN-CTE");
        throw error;
      }
      if (seenChanged.has(summary.uid) && !attributes.some((a) => a.type === "FLAGS")) items.push([`FLAGS ${formatFlagList(flagsInSession(folder, summary.uid, summary.flags))}`]);
      if (isCondstore && seenChanged.has(summary.uid) && !attributes.some((a) => a.type === "MODSEQ")) items.push([`MODSEQ (${summary.modseq})`]);
      session.untagged(`${seq} FETCH (`, ...items.flatMap((item, i) => (i === 0 ? item : [" ", ...item])), ")");
    }
    return ok("FETCH completed");
  },
};

async function answerItem(session: Session, message: MessageSummary, attribute: FetchAttribute): Promise<Piece[]> {
  switch (attribute.type) {
    case "UID":
      return [`UID ${message.uid}`];
    case "FLAGS":
      return [`FLAGS ${formatFlagList(flagsInSession(session.selected!, message.uid, message.flags))}`];
    case "INTERNALDATE":
      return [`INTERNALDATE ${formatInternalDate(message.internalDate)}`];
    case "RFC822.SIZE":
      return [`RFC822.SIZE ${message.size}`];
    case "MODSEQ":
      return [`MODSEQ (${message.modseq})`];
    case "ENVELOPE":
      return ["ENVELOPE ", ...formatEnvelope(message.envelope, { utf8: session.enabled.has("UTF8=ACCEPT") })];
    case "BODYSTRUCTURE":
      return ["BODYSTRUCTURE ", ...formatBodyStructure(message.bodyStructure, true, { utf8: session.enabled.has("UTF8=ACCEPT") })];
    case "BODY":
      return ["BODY ", ...formatBodyStructure(message.bodyStructure, false, { utf8: session.enabled.has("UTF8=ACCEPT") })];
    case "RFC822":
    case "RFC822.HEADER":
    case "RFC822.TEXT": {
      const section = attribute.type === "RFC822" ? "" : attribute.type === "RFC822.HEADER" ? "HEADER" : "TEXT";
      return [`${attribute.type} `, ...literalOf(await readSection(session, message, section))];
    }
    case "BODY[]": {
      const bytes = await readSection(session, message, attribute.section, attribute.partial ?? undefined);
      const origin = attribute.partial ? `<${attribute.partial.offset}>` : "";
      return [`BODY[${formatSectionName(attribute.section)}]${origin} `, ...literalOf(bytes)];
    }
    case "BINARY[]": {
      // RFC 3516: the part's content with its transfer encoding undone; literal8 when it holds NUL.
      const decoded = await readBinaryPart(session, message, attribute.part);
      const bytes = decoded && attribute.partial ? decoded.subarray(attribute.partial.offset, attribute.partial.offset + attribute.partial.length) : decoded;
      const origin = attribute.partial ? `<${attribute.partial.offset}>` : "";
      const name = `BINARY[${attribute.part.join(".")}]${origin} `;
      if (bytes === null) return [name, "NIL"];
      return [name, `${bytes.includes(0) ? "~" : ""}{${bytes.length}}\r\n`, bytes];
    }
    case "BINARY.SIZE": {
      const decoded = await readBinaryPart(session, message, attribute.part);
      return [`BINARY.SIZE[${attribute.part.join(".")}] ${decoded ? decoded.length : 0}`];
    }
  }
}

async function readSection(session: Session, message: MessageSummary, section: Parameters<typeof readMessageSection>[1]["section"], partial?: { offset: number; length: number }): Promise<Buffer | null> {
  return readMessageSection(session.deps.store, { mailboxId: session.principal!.mailboxId, folder: { id: session.selected!.folderId }, uid: message.uid, section, partial });
}

/** A body as a literal; a section the message does not have is NIL. */
function literalOf(bytes: Buffer | null): Piece[] {
  if (bytes === null) return ["NIL"];
  return [`{${bytes.length}}\r\n`, bytes];
}
