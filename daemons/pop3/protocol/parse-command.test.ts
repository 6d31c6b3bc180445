import { describe, expect, it } from "vitest";
import { parseCommand } from "./parse-command.ts";
import { decodeSaslPlain } from "./sasl-plain.ts";

describe("parseCommand", () => {
  it("reads every command, keywords in any case", () => {
    expect(parseCommand("user alice@example.test")).toEqual({ command: { name: "USER", user: "alice@example.test" } });
    expect(parseCommand("PASS  a pass word ")).toEqual({ command: { name: "PASS", password: " a pass word " } });
    expect(parseCommand("AUTH plain AGFsaWNlAHB3")).toEqual({ command: { name: "AUTH", mechanism: "PLAIN", initialResponse: "AGFsaWNlAHB3" } });
    expect(parseCommand("AUTH")).toEqual({ command: { name: "AUTH", mechanism: null, initialResponse: null } });
    for (const name of ["STAT", "NOOP", "RSET", "QUIT", "CAPA", "STLS"]) expect(parseCommand(name.toLowerCase())).toEqual({ command: { name } });
    expect(parseCommand("LIST")).toEqual({ command: { name: "LIST", number: null } });
    expect(parseCommand("uidl 7")).toEqual({ command: { name: "UIDL", number: 7 } });
    expect(parseCommand("RETR 1")).toEqual({ command: { name: "RETR", number: 1 } });
    expect(parseCommand("DELE 2147483647")).toEqual({ command: { name: "DELE", number: 2147483647 } });
    expect(parseCommand("TOP 3 0")).toEqual({ command: { name: "TOP", number: 3, lines: 0 } });
  });

  it("refuses bad arguments and unknown commands with a reason", () => {
    for (const line of ["", "FOO", "\u0000\u00ff", "STAT 1", "USER", "USER a b", "PASS", "RETR", "RETR 0", "RETR -1", "RETR 1x", "RETR 2147483648", "LIST 1 2", "TOP 1", "TOP 1 -1", "APOP a b", "AUTH a b c", `USER ${"a".repeat(256)}`]) {
      expect(parseCommand(line), line).toHaveProperty("error");
    }
  });
});

describe("parseCommand on hostile input", () => {
  it("answers any line, random bytes included, with a command or an error, never a throw", () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 5000; i++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(random() * 300) }, () => Math.floor(random() * 256)));
      const prefix = ["", "RETR ", "TOP ", "LIST ", "AUTH PLAIN ", "USER "][i % 6]!;
      const result = parseCommand(prefix + bytes.toString("utf8"));
      expect("command" in result || "error" in result).toBe(true);
    }
  });
});

describe("decodeSaslPlain", () => {
  const encode = (text: string) => Buffer.from(text).toString("base64");
  it("decodes the PLAIN message, with an empty or equal authorization identity", () => {
    expect(decodeSaslPlain(encode("\u0000alice@example.test\u0000pässword"))).toEqual({ user: "alice@example.test", password: "pässword" });
    expect(decodeSaslPlain(encode("Alice@example.test\u0000alice@example.test\u0000pw"))).toEqual({ user: "alice@example.test", password: "pw" });
  });
  it("refuses broken base64, missing parts and acting as another user", () => {
    for (const input of ["not base64!", "abc", encode("alice\u0000pw"), encode("\u0000\u0000pw"), encode("bob@x\u0000alice@x\u0000pw")]) expect(decodeSaslPlain(input), input).toHaveProperty("error");
  });
});
