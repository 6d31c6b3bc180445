import { describe, expect, it } from "vitest";
import { applyMessageAction } from "./apply-message-action.ts";
import { emptyFolder } from "./empty-folder.ts";
import { changeOwnFolder } from "./change-own-folder.ts";
import { ingestMessage } from "./ingest-message.ts";
import { createFolder } from "./folders.ts";
import { loadPrincipal } from "../auth/load-principal.ts";
import { createTestStore, sampleMessage } from "../../scripts/test-support/store-fixtures.ts";
import { principalOf } from "../../scripts/test-support/fixtures.ts";

async function storeWithMessages(count: number) {
  const store = await createTestStore();
  const actor = (await loadPrincipal(store.db, store.mailboxId))!;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    await ingestMessage(store.deps, { mailboxId: store.mailboxId, folder: "INBOX", source: "import", raw: sampleMessage({ subject: `Message ${i}` }) });
  }
  const rows = await store.db.message.findMany({ where: { mailboxId: store.mailboxId }, orderBy: { uid: "asc" }, select: { id: true } });
  ids.push(...rows.map((row) => row.id));
  const inFolder = async (name: string) =>
    (await store.db.message.findMany({ where: { mailboxId: store.mailboxId, folder: { name } }, orderBy: { uid: "asc" } })).map((m) => ({ id: m.id, subject: m.subject, isSeen: m.isSeen, isFlagged: m.isFlagged, keywords: m.keywords }));
  return { ...store, actor, ids, inFolder };
}

describe("applyMessageAction", () => {
  it("marks read and unread, flags and unflags", async () => {
    const { db, actor, ids, inFolder } = await storeWithMessages(3);
    await applyMessageAction(db, { actor, action: "read", ids: [ids[0]!, ids[2]!] });
    await applyMessageAction(db, { actor, action: "flag", ids: [ids[1]!] });
    expect((await inFolder("INBOX")).map((m) => [m.isSeen, m.isFlagged])).toEqual([[true, false], [false, true], [true, false]]);
    await applyMessageAction(db, { actor, action: "unread", ids });
    await applyMessageAction(db, { actor, action: "unflag", ids });
    expect((await inFolder("INBOX")).every((m) => !m.isSeen && !m.isFlagged)).toBe(true);
    const folder = await db.folder.findFirstOrThrow({ where: { mailboxId: actor.mailboxId, name: "INBOX" } });
    expect(folder.unseenCount).toBe(3);
  });

  it("moves to Trash with what it takes to undo, and deletes for good from Trash", async () => {
    const { db, actor, ids, inFolder } = await storeWithMessages(2);
    const inbox = await db.folder.findFirstOrThrow({ where: { mailboxId: actor.mailboxId, name: "INBOX" } });
    const trashed = await applyMessageAction(db, { actor, action: "trash", ids });
    expect(trashed.count).toBe(2);
    expect(trashed.moved.map((m) => m.fromFolderId)).toEqual([inbox.id, inbox.id]);
    expect((await inFolder("Trash")).map((m) => m.subject)).toEqual(["Message 0", "Message 1"]);
    expect(await inFolder("INBOX")).toEqual([]);

    // Undo: the moved messages go back where they came from.
    await applyMessageAction(db, { actor, action: "move", ids: [trashed.moved[0]!.id], folderId: trashed.moved[0]!.fromFolderId });
    expect((await inFolder("INBOX")).map((m) => m.subject)).toEqual(["Message 0"]);

    const stillInTrash = (await inFolder("Trash")).map((m) => m.id);
    const deleted = await applyMessageAction(db, { actor, action: "trash", ids: stillInTrash });
    expect(deleted).toEqual({ count: 1, moved: [] });
    expect(await inFolder("Trash")).toEqual([]);
  });

  it("junk and not junk move and set the keywords IMAP clients read", async () => {
    const { db, actor, ids, inFolder } = await storeWithMessages(1);
    const junked = await applyMessageAction(db, { actor, action: "junk", ids });
    expect((await inFolder("Junk"))[0]!.keywords.split(" ")).toContain("$Junk");
    await applyMessageAction(db, { actor, action: "notjunk", ids: junked.moved.map((m) => m.id) });
    const [back] = await inFolder("INBOX");
    expect(back!.keywords.split(" ")).toContain("$NotJunk");
    expect(back!.keywords.split(" ")).not.toContain("$Junk");
  });

  it("moves into a folder of the mailbox and archives; a folder of another mailbox is not found", async () => {
    const { db, actor, ids, inFolder } = await storeWithMessages(2);
    const projects = await createFolder(db, { mailboxId: actor.mailboxId, name: "Projects" });
    await applyMessageAction(db, { actor, action: "move", ids: [ids[0]!], folderId: projects.id });
    await applyMessageAction(db, { actor, action: "archive", ids: [ids[1]!] });
    expect((await inFolder("Projects")).map((m) => m.subject)).toEqual(["Message 0"]);
    expect((await inFolder("Archive")).map((m) => m.subject)).toEqual(["Message 1"]);

    const other = await storeWithMessages(1);
    const otherInbox = await db.folder.findFirstOrThrow({ where: { mailboxId: other.actor.mailboxId, name: "INBOX" } });
    const [archived] = await inFolder("Archive");
    await expect(applyMessageAction(db, { actor, action: "move", ids: [archived!.id], folderId: otherInbox.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await other.inFolder("INBOX")).toHaveLength(1);
  });

  it("never touches another mailbox's messages, and refuses managers, staff and bad input", async () => {
    const mine = await storeWithMessages(1);
    const theirs = await storeWithMessages(1);
    await expect(applyMessageAction(mine.db, { actor: mine.actor, action: "trash", ids: theirs.ids })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Mixed: only the actor's own message is acted on.
    expect(await applyMessageAction(mine.db, { actor: mine.actor, action: "read", ids: [...theirs.ids, ...mine.ids] })).toMatchObject({ count: 1 });
    expect((await theirs.inFolder("INBOX"))[0]!.isSeen).toBe(false);

    const admin = await principalOf("admin@mailwright.test");
    await expect(applyMessageAction(mine.db, { actor: admin, action: "read", ids: mine.ids })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const viewed = { ...mine.actor, viewedBy: { mailboxId: admin.mailboxId, address: admin.address } };
    await expect(applyMessageAction(mine.db, { actor: viewed, action: "read", ids: mine.ids })).rejects.toMatchObject({ code: "FORBIDDEN" });
    for (const bad of [{ action: "read", ids: [] }, { action: "read", ids: Array.from({ length: 1_001 }, (_, i) => `id${i}`) }, { action: "explode", ids: mine.ids }, { action: "move", ids: mine.ids }]) {
      await expect(applyMessageAction(mine.db, { actor: mine.actor, ...(bad as { action: "read"; ids: string[] }) })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    }
  });
});

describe("emptyFolder", () => {
  it("empties Trash for good and refuses other folders", async () => {
    const { db, actor, ids, inFolder } = await storeWithMessages(3);
    await applyMessageAction(db, { actor, action: "trash", ids });
    const trash = await db.folder.findFirstOrThrow({ where: { mailboxId: actor.mailboxId, name: "Trash" } });
    const inbox = await db.folder.findFirstOrThrow({ where: { mailboxId: actor.mailboxId, name: "INBOX" } });
    await expect(emptyFolder(db, { actor, folderId: inbox.id })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await emptyFolder(db, { actor, folderId: trash.id })).toEqual({ count: 3 });
    expect(await inFolder("Trash")).toEqual([]);
    const after = await db.folder.findUniqueOrThrow({ where: { id: trash.id } });
    expect(after.messageCount).toBe(0);
  });
});

describe("changeOwnFolder", () => {
  it("creates inside a parent, renames, nests by dragging, deletes; special folders stay put", async () => {
    const { db, actor } = await storeWithMessages(0);
    const names = async () => (await db.folder.findMany({ where: { mailboxId: actor.mailboxId, specialUse: null }, orderBy: { name: "asc" } })).map((f) => f.name);
    const { folderId: clients } = await changeOwnFolder(db, { actor, op: "create", name: "Clients" });
    const { folderId: acme } = await changeOwnFolder(db, { actor, op: "create", name: "Acme", parentId: clients });
    expect(await names()).toEqual(["Clients", "Clients/Acme"]);
    await changeOwnFolder(db, { actor, op: "rename", folderId: acme!, name: "Acme Corp" });
    expect(await names()).toEqual(["Clients", "Clients/Acme Corp"]);
    await changeOwnFolder(db, { actor, op: "nest", folderId: acme!, parentId: null });
    expect(await names()).toEqual(["Acme Corp", "Clients"]);
    await changeOwnFolder(db, { actor, op: "nest", folderId: clients!, parentId: acme! });
    expect(await names()).toEqual(["Acme Corp", "Acme Corp/Clients"]);
    await expect(changeOwnFolder(db, { actor, op: "create", name: "a/b" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(changeOwnFolder(db, { actor, op: "create", name: "Clients", parentId: acme! })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(changeOwnFolder(db, { actor, op: "nest", folderId: acme!, parentId: clients! })).rejects.toMatchObject({ code: "INVALID_INPUT" }); // into its own child
    const sent = await db.folder.findFirstOrThrow({ where: { mailboxId: actor.mailboxId, specialUse: "SENT" } });
    for (const change of [{ op: "rename", folderId: sent.id, name: "Old" }, { op: "delete", folderId: sent.id }, { op: "nest", folderId: sent.id, parentId: acme! }] as const) {
      await expect(changeOwnFolder(db, { actor, ...change })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/special folder/) });
    }
    await changeOwnFolder(db, { actor, op: "delete", folderId: clients! });
    expect(await names()).toEqual(["Acme Corp"]);
    const other = await storeWithMessages(0);
    await expect(changeOwnFolder(db, { actor: other.actor, op: "delete", folderId: acme! })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
