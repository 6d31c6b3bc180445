import { describe, expect, it } from "vitest";
import { ingestMessages } from "./ingest-message.ts";
import { listMessagePage, type MessageSort } from "./list-message-page.ts";
import { isAppError } from "../errors.ts";
import type { Principal } from "../auth/principal.ts";
import { createTestStore } from "../../scripts/test-support/store-fixtures.ts";

const COUNT = 30;
const letters = "abcdefghijklmnopqrstuvwxyz";

/** Lower-case ASCII keys only, so both databases' collations order them the same way. */
function message(i: number) {
  const name = letters[(i * 7) % 26]! + letters[i % 3]!;
  const lines = [
    `From: ${name} <${letters[i % 5]!}${i}@example.test>`,
    "To: someone@example.test",
    `Subject: ${i % 4 === 0 ? "Re: " : ""}${letters[(i * 11) % 26]!}topic`,
    "Date: Sun, 29 Nov 2026 10:00:00 +0000",
    "",
    `body ${i} ${"x".repeat((i * 37) % 101)}`,
    "",
  ];
  // Every third message shares its date with the one before, so the UID has to break ties.
  return { raw: Buffer.from(lines.join("\r\n")), internalDate: new Date(Date.UTC(2026, 0, 1, 0, Math.floor(((i * 13) % COUNT) / 3) * 3)), flags: i % 2 ? ["\\Seen"] : [] };
}

describe("listMessagePage", () => {
  it("pages a folder in every sort order, both directions, ties by UID", async () => {
    const { deps, db, mailboxId, address } = await createTestStore();
    const actor: Principal = { kind: "mailbox", mailboxId, accountId: "x", address, displayName: "", accessLevel: "SELF", role: null };
    await ingestMessages(deps, { mailboxId, folder: "INBOX", source: "import", messages: Array.from({ length: COUNT }, (_, i) => message(i)) });
    const stored = await db.message.findMany({ where: { mailboxId } });
    expect(stored).toHaveLength(COUNT);

    const keyOf: Record<MessageSort, (m: (typeof stored)[number]) => (string | number)[]> = {
      date: (m) => [m.internalDate.getTime()],
      from: (m) => [m.fromName, m.fromAddress],
      subject: (m) => [m.baseSubject],
      size: (m) => [m.size],
    };
    for (const sort of ["date", "from", "subject", "size"] as const) {
      for (const dir of ["asc", "desc"] as const) {
        const sign = dir === "asc" ? 1 : -1;
        const expected = [...stored]
          .sort((a, b) => {
            const [ka, kb] = [keyOf[sort](a), keyOf[sort](b)];
            for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -sign : sign;
            return (a.uid - b.uid) * sign;
          })
          .map((m) => m.id);
        const pages = [];
        for (let offset = 0; offset < COUNT; offset += 7) {
          const page = await listMessagePage(deps, { actor, mailboxId, folder: "INBOX", offset, limit: 7, sort, dir });
          expect(page.total).toBe(COUNT);
          pages.push(...page.rows.map((row) => row.id));
        }
        expect(pages, `${sort} ${dir}`).toEqual(expected);
      }
    }

    const [first] = (await listMessagePage(deps, { actor, mailboxId, folder: "INBOX", offset: 0, limit: 1, sort: "date", dir: "asc" })).rows;
    const row = stored.find((m) => m.id === first!.id)!;
    expect(first).toEqual({
      id: row.id,
      uid: row.uid,
      fromName: row.fromName,
      fromAddress: row.fromAddress,
      subject: row.subject,
      preview: row.preview,
      internalDate: row.internalDate,
      size: row.size,
      isSeen: row.isSeen,
      isFlagged: false,
      isAnswered: false,
      hasAttachments: false,
      threadId: row.threadId,
    });
    expect(first!.preview).toMatch(/^body \d+/);
  });

  it("refuses another mailbox, limits over 200 and unknown folders", async () => {
    const { deps, mailboxId, address } = await createTestStore();
    const other = await createTestStore();
    const actor: Principal = { kind: "mailbox", mailboxId, accountId: "x", address, displayName: "", accessLevel: "SELF", role: null };
    const page = { folder: "INBOX", offset: 0, sort: "date", dir: "desc" } as const;
    await expect(listMessagePage(deps, { actor, mailboxId: other.mailboxId, limit: 10, ...page })).rejects.toSatisfy((e) => isAppError(e, "FORBIDDEN"));
    await expect(listMessagePage(deps, { actor: { ...actor, viewedBy: { mailboxId: "staff", address: "s@x" } }, mailboxId, limit: 10, ...page })).rejects.toSatisfy((e) => isAppError(e, "FORBIDDEN"));
    await expect(listMessagePage(deps, { actor, mailboxId, limit: 201, ...page })).rejects.toSatisfy((e) => isAppError(e, "INVALID_INPUT"));
    await expect(listMessagePage(deps, { actor, mailboxId, limit: 10, ...page, folder: { id: "nope" } })).rejects.toSatisfy((e) => isAppError(e, "NOT_FOUND"));
    // Another mailbox's folder id is no folder of this one.
    const otherInbox = await other.db.folder.findFirstOrThrow({ where: { mailboxId: other.mailboxId, name: "INBOX" } });
    await expect(listMessagePage(deps, { actor, mailboxId, limit: 10, ...page, folder: { id: otherInbox.id } })).rejects.toSatisfy((e) => isAppError(e, "NOT_FOUND"));
  });
});
