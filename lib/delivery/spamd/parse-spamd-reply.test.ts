// Replies as spamd 4.0.1 writes them (spamd's check() and protocol_error()), byte for byte.
import { describe, expect, it } from "vitest";
import { parseSpamdReply } from "./parse-spamd-reply.ts";
import { SpamdError } from "./spamd-error.ts";

const reply = (text: string) => Buffer.from(text, "latin1");

describe("parseSpamdReply", () => {
  it("reads a SYMBOLS reply", () => {
    const parsed = parseSpamdReply(reply("SPAMD/1.1 0 EX_OK\r\nContent-length: 15\r\nSpam: True ; 1000.0 / 5.0\r\n\r\nGTUBE,NO_RELAYS"));
    expect(parsed.message).toBe("EX_OK");
    expect(Object.fromEntries(parsed.headers)).toEqual({ "content-length": "15", spam: "True ; 1000.0 / 5.0" });
    expect(parsed.body).toBe("GTUBE,NO_RELAYS");
  });

  it("reads a CHECK reply, which has no body", () => {
    const parsed = parseSpamdReply(reply("SPAMD/1.1 0 EX_OK\r\nSpam: False ; -0.1 / 5.0\r\n\r\n"));
    expect(parsed.headers.get("spam")).toBe("False ; -0.1 / 5.0");
    expect(parsed.body).toBe("");
  });

  it("reads a PONG", () => {
    expect(parseSpamdReply(reply("SPAMD/1.5 0 PONG\r\n"))).toEqual({ message: "PONG", headers: new Map(), body: "" });
  });

  it.each([
    ["SPAMD/1.0 76 Bad header line: (Content-Length mismatch: Expected 10 bytes, got 9 bytes)\r\n", 'spamd answered EX_PROTOCOL: "Bad header line: (Content-Length mismatch: Expected 10 bytes, got 9 bytes)"'],
    ["SPAMD/1.0 79 Timeout: (30 second timeout while trying to SYMBOLS)\r\n", 'spamd answered EX_TIMEOUT: "Timeout: (30 second timeout while trying to SYMBOLS)"'],
    ["SPAMD/1.0 99 Odd\r\n", 'spamd answered code 99: "Odd"'],
    ["HTTP/1.1 400 Bad Request\r\n\r\n", 'spamd sent no SPAMD status line: "HTTP/1.1 400 Bad Request"'],
    ["", 'spamd sent no SPAMD status line: ""'],
    ["SPAMD/1.1 0 EX_OK\r\nContent-length: 30\r\n\r\nGTUBE", "spamd announced 30 bytes and sent 5"],
    ["SPAMD/1.1 0 EX_OK\r\nContent-length: lots\r\n\r\nGTUBE", 'spamd sent Content-length "lots"'],
    ["SPAMD/1.1 0 EX_OK\r\nno colon here\r\n\r\n", 'spamd sent a header line without a name: "no colon here"'],
  ])("refuses %j", (text, message) => {
    expect(() => parseSpamdReply(reply(text))).toThrow(new SpamdError("protocol", message));
  });

  it("marks its errors as protocol failures", () => {
    let caught: unknown;
    try {
      parseSpamdReply(reply("garbage"));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SpamdError);
    expect((caught as SpamdError).failure).toBe("protocol");
  });
});
