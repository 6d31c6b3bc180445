import { describe, expect, it } from "vitest";
import { draftReply } from "./quote-reply.ts";

const original = (headers: string, body = "Line one\r\n> earlier quote\r\n") =>
  Buffer.from(`${headers}\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\nMessage-ID: <orig@example.org>\r\nReferences: <root@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`);

const own = ["alice@example.test", "sales@example.test"];

describe("draftReply", () => {
  const message = original("From: Carol <carol@example.org>\r\nTo: Alice <alice@example.test>, Dave <dave@example.org>\r\nCc: sales@example.test, Erin <erin@example.org>\r\nSubject: Plans");

  it("replies to the sender with Re: once, quoting the text under an attribution line, threaded by In-Reply-To and References", () => {
    const draft = draftReply(message, { mode: "reply", ownAddresses: own });
    expect(draft.to).toEqual([{ name: "Carol", address: "carol@example.org" }]);
    expect(draft.cc).toEqual([]);
    expect(draft.subject).toBe("Re: Plans");
    expect(draft.text).toBe("\n\nOn Mon, 2 Nov 2026 10:00:00 +0000, Carol wrote:\n> Line one\n>> earlier quote");
    expect(draft.inReplyTo).toBe("<orig@example.org>");
    expect(draft.references).toEqual(["<root@example.org>", "<orig@example.org>"]);
    const again = draftReply(original("From: carol@example.org\r\nTo: alice@example.test\r\nSubject: RE: Plans"), { mode: "reply", ownAddresses: own });
    expect(again.subject).toBe("RE: Plans");
  });

  it("replies to everyone but the user's own addresses, the sender in To and the others in Cc", () => {
    const draft = draftReply(message, { mode: "all", ownAddresses: own });
    expect(draft.to.map((a) => a.address)).toEqual(["carol@example.org"]);
    expect(draft.cc.map((a) => a.address)).toEqual(["dave@example.org", "erin@example.org"]);
  });

  it("answers Reply-To instead of From when there is one", () => {
    const draft = draftReply(original("From: list@example.org\r\nReply-To: Team <team@example.org>\r\nTo: alice@example.test\r\nSubject: x"), { mode: "reply", ownAddresses: own });
    expect(draft.to).toEqual([{ name: "Team", address: "team@example.org" }]);
  });

  it("replies to one's own sent message by writing to its recipients again", () => {
    const draft = draftReply(original("From: alice@example.test\r\nTo: Bob <bob@example.org>\r\nSubject: x"), { mode: "reply", ownAddresses: own });
    expect(draft.to).toEqual([{ name: "Bob", address: "bob@example.org" }]);
  });

  it("forwards inline with the original's headers and text, Fwd: never stacked", () => {
    const draft = draftReply(message, { mode: "forward", ownAddresses: own });
    expect(draft.subject).toBe("Fwd: Plans");
    expect(draft.to).toEqual([]);
    expect(draft.inReplyTo).toBeNull();
    expect(draft.text).toContain("-------- Forwarded Message --------\nSubject: Plans\nDate: Mon, 2 Nov 2026 10:00:00 +0000\nFrom: Carol <carol@example.org>\nTo: Alice <alice@example.test>, Dave <dave@example.org>\nCc: sales@example.test, Erin <erin@example.org>\n\nLine one\n> earlier quote");
    expect(draftReply(original("From: a@example.org\r\nSubject: Fwd: Plans"), { mode: "forward", ownAddresses: own }).subject).toBe("Fwd: Plans");
  });

  it("forwards as an attachment: the original's bytes as message/rfc822", () => {
    const draft = draftReply(message, { mode: "attach", ownAddresses: own });
    expect(draft.subject).toBe("Fwd: Plans");
    expect(draft.text).toBe("");
    expect(draft.attachments).toHaveLength(1);
    expect(draft.attachments[0]).toMatchObject({ filename: "Plans.eml", contentType: "message/rfc822" });
    expect(draft.attachments[0]!.content.equals(message)).toBe(true);
  });
});
