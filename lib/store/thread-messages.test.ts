import { describe, expect, it } from "vitest";
import { buildThreads, normalizeMessageId, type ThreadMessage, type ThreadNode } from "./thread-messages.ts";
import { isReplyOrForward } from "./thread-messages-in-folder.ts";

// buildThreads against the rules of RFC 5256 §4, one rule a case. Messages are written with their
// minute of sending, so that date order is visible at a glance.

const minute = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, n));

function message(uid: number, fields: Partial<Omit<ThreadMessage, "uid">> & { at?: number } = {}): ThreadMessage {
  const { at, ...rest } = fields;
  return {
    uid,
    messageId: `<m${uid}@example.test>`,
    inReplyTo: null,
    references: [],
    baseSubject: `subject ${uid}`,
    isReply: false,
    sentDate: at === undefined ? null : minute(at),
    internalDate: minute(1000 + uid),
    ...rest,
  };
}

const id = (uid: number) => `<m${uid}@example.test>`;
/** A message node: t(1, t(2)) is message 1 with reply 2. */
const t = (uid: number, ...children: ThreadNode[]): ThreadNode => ({ uid, children });
/** A dummy holding threads together. */
const dummy = (...children: ThreadNode[]): ThreadNode => ({ uid: null, children });
const references = (messages: ThreadMessage[]) => buildThreads(messages, "REFERENCES");

describe("buildThreads REFERENCES", () => {
  it("links replies along References and In-Reply-To, children in date order (steps 1 and 6)", () => {
    const threads = references([
      message(1, { at: 1 }),
      message(2, { at: 2, references: [id(1)] }),
      message(3, { at: 5, references: [id(1), id(2)] }),
      message(4, { at: 3, inReplyTo: id(1) }),
    ]);
    expect(threads).toEqual([t(1, t(2, t(3)), t(4))]);
  });

  it("takes References over In-Reply-To, and In-Reply-To when References has no valid msg-id", () => {
    const threads = references([
      message(1, { at: 1 }),
      message(2, { at: 2 }),
      message(3, { at: 3, references: [id(1)], inReplyTo: id(2) }),
      message(4, { at: 4, references: ["<no-at-sign>"], inReplyTo: id(2) }),
    ]);
    expect(threads).toEqual([t(1, t(3)), t(2, t(4))]);
  });

  it("keeps an existing link against a truncated References (1.A), and lets the message's own last reference win (1.B)", () => {
    const threads = references([
      message(1, { at: 1 }),
      message(2, { at: 2, references: [id(1)] }),
      message(3, { at: 3 }),
      // claims 3 -> 2, but 2 already has its parent 1
      message(4, { at: 4, references: [id(3), id(2)] }),
      // 5 says 9 (missing) -> 6 -> 5; 6's own References then put it under 1 instead of the dummy
      message(5, { at: 6, references: ["<m9@example.test>", id(6)] }),
      message(6, { at: 5, references: [id(1)] }),
    ]);
    expect(threads).toEqual([t(1, t(2, t(4)), t(6, t(5))), t(3)]);
  });

  it("makes no loops: mutual references, and a message referencing itself", () => {
    const threads = references([
      message(1, { at: 1, references: [id(2)] }),
      message(2, { at: 2, references: [id(1)] }),
      message(3, { at: 3, references: [id(3)] }),
      message(4, { at: 4, references: [id(5), id(4)] }),
      message(5, { at: 5 }),
    ]);
    // 1 is linked under 2 first; 2 -> under 1 would close the loop. 4's own id as its last reference leaves it without a parent.
    expect(threads).toEqual([t(2, t(1)), t(3), t(4), t(5)]);
  });

  it("holds siblings of a missing parent together in a dummy, and promotes an only child (step 3)", () => {
    const threads = references([
      message(1, { at: 1, references: ["<gone@example.test>"] }),
      message(2, { at: 2, references: ["<gone@example.test>"] }),
      message(3, { at: 3, references: ["<lost@example.test>"] }),
      // missing grandparent and parent: the inner dummy goes, its child joins the outer one's children
      message(4, { at: 4, references: ["<gone@example.test>", "<missing@example.test>"] }),
      // a dummy between two messages goes, at any depth
      message(5, { at: 5, references: [id(3), "<between@example.test>"] }),
    ]);
    expect(threads).toEqual([dummy(t(1), t(2), t(4)), t(3, t(5))]);
  });

  it("gives a duplicate Message-ID to its first message only, and compares msg-ids in normalized form", () => {
    const threads = references([
      message(1, { at: 1, messageId: "<dup@example.test>" }),
      message(2, { at: 2, messageId: "<dup@example.test>", baseSubject: "other" }),
      message(3, { at: 3, inReplyTo: "<dup@example.test>" }),
      message(4, { at: 4, messageId: '<"quoted"@example.test>' }),
      message(5, { at: 5, references: ["<quoted@example.test>"] }),
    ]);
    expect(threads).toEqual([t(1, t(3)), t(2), t(4, t(5))]);
  });

  it("sorts threads by sent date, a dummy by its first child, equal dates by UID, no Date by the internal date (steps 4 and 6)", () => {
    const threads = references([
      message(1, { at: 30 }),
      message(2, { at: 10 }),
      message(3, { at: 10 }),
      message(4, { at: 20, references: ["<gone@example.test>"] }),
      message(5, { at: 5, references: ["<gone@example.test>"] }),
      // no Date header: internal date minute 1006, after everything else
      message(6, {}),
      message(7, { at: 40, references: [id(1)] }),
      message(8, { at: 35, references: [id(1)] }),
    ]);
    expect(threads).toEqual([dummy(t(5), t(4)), t(2), t(3), t(1, t(8), t(7)), t(6)]);
  });

  it("compares sent dates in whole seconds, then by UID", () => {
    const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
    const threads = references([message(1, { sentDate: at(900) }), message(2, { sentDate: at(100) }), message(3, { sentDate: at(1100) })]);
    expect(threads).toEqual([t(1), t(2), t(3)]);
  });

  describe("gathering by subject (step 5)", () => {
    it("puts a reply under the thread that is not one, and a dummy over two that are not", () => {
      const threads = references([
        message(1, { at: 2, baseSubject: "weekly report" }),
        message(2, { at: 1, baseSubject: "weekly report", isReply: true }),
        message(3, { at: 3, baseSubject: "Weekly Report" }),
        message(4, { at: 4, baseSubject: "weekly report", isReply: true }),
      ]);
      // 1 is the subject's thread (2 is a reply); 2 goes under it; 3 is no reply: a dummy over 1 and 3; 4 joins the dummy
      expect(threads).toEqual([dummy(t(1, t(2)), t(3), t(4))]);
    });

    it("makes a dummy over two replies", () => {
      const threads = references([message(1, { at: 1, baseSubject: "hello", isReply: true }), message(2, { at: 2, baseSubject: "hello", isReply: true })]);
      expect(threads).toEqual([dummy(t(1), t(2))]);
    });

    it("moves a thread under a dummy of the same subject, and merges two dummies", () => {
      const threads = references([
        message(1, { at: 1, baseSubject: "plans", references: ["<a@example.test>"] }),
        message(2, { at: 2, baseSubject: "plans", references: ["<a@example.test>"] }),
        message(3, { at: 3, baseSubject: "plans" }),
        message(4, { at: 4, baseSubject: "plans", references: ["<b@example.test>"] }),
        message(5, { at: 5, baseSubject: "plans", references: ["<b@example.test>"] }),
      ]);
      expect(threads).toEqual([dummy(t(1), t(2), t(3), t(4), t(5))]);
    });

    it("takes a dummy's subject from its first child, and leaves empty subjects alone", () => {
      const threads = references([
        message(1, { at: 2, baseSubject: "x", references: ["<a@example.test>"] }),
        message(2, { at: 1, baseSubject: "y", references: ["<a@example.test>"] }),
        message(3, { at: 3, baseSubject: "y" }),
        message(4, { at: 4, baseSubject: "" }),
        message(5, { at: 5, baseSubject: "" }),
      ]);
      expect(threads).toEqual([dummy(t(2), t(1), t(3)), t(4), t(5)]);
    });

    it("does not merge a thread whose root carries the subject with one whose reply does", () => {
      const threads = references([message(1, { at: 1, baseSubject: "a" }), message(2, { at: 2, baseSubject: "b", isReply: true, references: [id(1)] }), message(3, { at: 3, baseSubject: "b" })]);
      expect(threads).toEqual([t(1, t(2)), t(3)]);
    });
  });

  it("handles a chain of 20,000 replies without deep recursion", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => message(i + 1, { at: i, baseSubject: "long", references: i === 0 ? [] : [id(i)] }));
    let node = references(chain)[0]!;
    let depth = 1;
    while (node.children.length === 1) {
      node = node.children[0]!;
      depth++;
    }
    expect(depth).toBe(20_000);
  });
});

describe("buildThreads ORDEREDSUBJECT", () => {
  it("groups by base subject in date order, first message at the root and no grandchildren; threads by their first date", () => {
    const threads = buildThreads(
      [
        message(1, { at: 5, baseSubject: "b" }),
        message(2, { at: 1, baseSubject: "a", isReply: true }),
        message(3, { at: 3, baseSubject: "B", references: [id(1)] }),
        message(4, { at: 2, baseSubject: "a" }),
        message(5, { at: 4, baseSubject: "" }),
        message(6, { at: 6, baseSubject: "" }),
        message(7, { at: 3, baseSubject: "b" }),
      ],
      "ORDEREDSUBJECT",
    );
    expect(threads).toEqual([t(2, t(4)), t(3, t(7), t(1)), t(5, t(6))]);
  });
});

describe("normalizeMessageId", () => {
  it("unquotes the left part, refuses ids without both parts", () => {
    expect(normalizeMessageId('<"01KF8JCEOCBS0045PS"@xxx.yyy.com>')).toBe("01KF8JCEOCBS0045PS@xxx.yyy.com");
    expect(normalizeMessageId('<"a\\"b"@c>')).toBe('a"b@c');
    expect(normalizeMessageId("<A@B>")).toBe("A@B");
    expect(normalizeMessageId("<x@[192.0.2.1]>")).toBe("x@[192.0.2.1]");
    expect(normalizeMessageId("<nothing>")).toBeNull();
    expect(normalizeMessageId("<@host>")).toBeNull();
    expect(normalizeMessageId(null)).toBeNull();
  });
});

describe("isReplyOrForward (RFC 5256 §4)", () => {
  it.each([
    ["Re: hello", true],
    ["RE : hello", true],
    ["Fw: hello", true],
    ["fwd[2]: hello", true],
    ["[list] Re: hello", true],
    ["Re:", true],
    ["hello (fwd)", true],
    ["hello (FWD)  ", true],
    ["[Fwd: hello]", true],
    ["[list] [fwd: hello]", true],
    ["hello", false],
    ["[list] hello", false],
    ["Aw: hello", false],
    ["Reply: hello", false],
    ["hello re: there", false],
    ["[fwd: hello", false],
    ["", false],
  ])("%j: %s", (subject, expected) => {
    expect(isReplyOrForward(subject)).toBe(expected);
  });
});
