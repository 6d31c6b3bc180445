import { describe, expect, it } from "vitest";
import { parseAddressList } from "./parse-address-list.ts";

describe("parseAddressList", () => {
  it("reads name-addr, addr-spec with comment, quoted names and groups", () => {
    expect(parseAddressList('"Doe, John" <john@x.example>, Jane Q. Public <jane@y.example>, bob@z.example (Bob)')).toEqual([
      { kind: "mailbox", name: "Doe, John", mailbox: "john", host: "x.example" },
      { kind: "mailbox", name: "Jane Q. Public", mailbox: "jane", host: "y.example" },
      { kind: "mailbox", name: "Bob", mailbox: "bob", host: "z.example" },
    ]);
    expect(parseAddressList("friends: a@x.example, b@x.example; , solo@x.example")).toEqual([
      { kind: "group-start", name: "friends" },
      { kind: "mailbox", name: null, mailbox: "a", host: "x.example" },
      { kind: "mailbox", name: null, mailbox: "b", host: "x.example" },
      { kind: "group-end" },
      { kind: "mailbox", name: null, mailbox: "solo", host: "x.example" },
    ]);
  });

  it("tolerates obsolete and broken forms", () => {
    expect(parseAddressList("<@a.example,@b.example:route@c.example>")).toEqual([{ kind: "mailbox", name: null, mailbox: "route", host: "c.example" }]);
    expect(parseAddressList('"odd local"@x.example')).toEqual([{ kind: "mailbox", name: null, mailbox: '"odd local"', host: "x.example" }]);
    expect(parseAddressList("John Doe john@x.example")).toEqual([{ kind: "mailbox", name: "John Doe", mailbox: "john", host: "x.example" }]);
    expect(parseAddressList("postmaster")).toEqual([{ kind: "mailbox", name: null, mailbox: "postmaster", host: "" }]);
    expect(parseAddressList("open: a@x.example")).toEqual([
      { kind: "group-start", name: "open" },
      { kind: "mailbox", name: null, mailbox: "a", host: "x.example" },
      { kind: "group-end" },
    ]);
    expect(parseAddressList('"unterminated <a@x.example>')).toHaveLength(1);
    expect(parseAddressList(", ,<>,")).toEqual([]);
  });

  it("keeps the dots of an obs-phrase as written (RFC 5322 §4.1)", () => {
    const names = (value: string) => parseAddressList(value).map((entry) => (entry.kind === "mailbox" ? entry.name : null));
    expect(names("spamassassin.taint.org <a@x.example>")).toEqual(["spamassassin.taint.org"]);
    expect(names("John Q. Public <a@x.example>, a . b <b@x.example>, a(comment).b <c@x.example>")).toEqual(["John Q. Public", "a . b", "a .b"]);
    // a quoted string is a word of its own, as Dovecot joins it
    expect(names('"q".x <a@x.example>, x."q" <b@x.example>')).toEqual(["q .x", "x. q"]);
    expect(parseAddressList("dotted.group.name: a@x.example;")[0]).toEqual({ kind: "group-start", name: "dotted.group.name" });
  });
});
