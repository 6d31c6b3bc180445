import { describe, expect, it } from "vitest";
import { ingestMessage } from "./ingest-message.ts";
import { listConversationPage } from "./list-conversation-page.ts";
import { listConversation } from "./list-conversation.ts";
import { applyMessageAction } from "./apply-message-action.ts";
import { loadPrincipal } from "../auth/load-principal.ts";
import { createTestStore, sampleMessage } from "../../scripts/test-support/store-fixtures.ts";

async function threadedStore() {
  const store = await createTestStore();
  const actor = (await loadPrincipal(store.db, store.mailboxId))!;
  const deliver = (folder: string, input: Parameters<typeof sampleMessage>[0], flags: string[] = []) =>
    ingestMessage(store.deps, { mailboxId: store.mailboxId, folder, source: "import", raw: sampleMessage(input), flags });
  // Two conversations: "Plans" (3 messages, one of them our reply in Sent) and "Lunch" (1 message).
  const first = await deliver("INBOX", { subject: "Plans", messageId: "<plans-1@example.test>" }, ["\\Seen"]);
  await deliver("INBOX", { subject: "Lunch", messageId: "<lunch-1@example.test>" });
  await deliver("Sent", { subject: "Re: Plans", messageId: "<plans-2@example.test>", inReplyTo: "<plans-1@example.test>", references: "<plans-1@example.test>" }, ["\\Seen"]);
  await deliver("INBOX", { subject: "Re: Plans", messageId: "<plans-3@example.test>", inReplyTo: "<plans-2@example.test>", references: "<plans-1@example.test> <plans-2@example.test>" }, ["\\Flagged"]);
  return { ...store, actor, first };
}

describe("listConversationPage", () => {
  it("groups a folder's messages by conversation, newest first, with counts", async () => {
    const { deps, actor, mailboxId } = await threadedStore();
    const page = await listConversationPage(deps, { actor, mailboxId, folder: "INBOX", offset: 0, limit: 50 });
    expect(page.total).toBe(2);
    expect(page.rows.map((row) => [row.subject, row.messageCount, row.unreadCount, row.isAnyFlagged])).toEqual([
      ["Re: Plans", 2, 1, true],
      ["Lunch", 1, 1, false],
    ]);
    expect(page.rows.map((row) => row.participants)).toEqual([["Alice Example"], ["Alice Example"]]);
    const second = await listConversationPage(deps, { actor, mailboxId, folder: "INBOX", offset: 1, limit: 1 });
    expect(second.rows.map((row) => row.subject)).toEqual(["Lunch"]);
    await expect(listConversationPage(deps, { actor, mailboxId, folder: "INBOX", offset: -1, limit: 1 })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    const other = await createTestStore();
    await expect(listConversationPage(deps, { actor, mailboxId: other.mailboxId, folder: "INBOX", offset: 0, limit: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("listConversation", () => {
  it("shows a conversation across folders, oldest first, leaving out Trash", async () => {
    const { db, actor, first } = await threadedStore();
    const conversation = await listConversation(db, { actor, messageId: first.id });
    expect(conversation.map((m) => [m.subject, m.folderName])).toEqual([
      ["Plans", "INBOX"],
      ["Re: Plans", "Sent"],
      ["Re: Plans", "INBOX"],
    ]);
    await applyMessageAction(db, { actor, action: "trash", ids: [conversation[2]!.id] });
    expect((await listConversation(db, { actor, messageId: first.id })).map((m) => m.folderName)).toEqual(["INBOX", "Sent"]);

    const stranger = await createTestStore();
    const strangerActor = (await loadPrincipal(stranger.db, stranger.mailboxId))!;
    await expect(listConversation(db, { actor: strangerActor, messageId: first.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
