import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readMessageData } from "./read-message-data.ts";

const read = (chunks: string[], max = 1_000) => readMessageData(Readable.from(chunks.map((c) => Buffer.from(c, "latin1"))), max);

describe("readMessageData", () => {
  it("keeps CRLF mail exactly, however it is split", async () => {
    const message = "Subject: hi\r\n\r\nline one\r\nline two\r\n";
    for (let cut = 0; cut <= message.length; cut++) {
      const data = await read([message.slice(0, cut), message.slice(cut)]);
      expect(data).toEqual({ raw: Buffer.from(message), hasBareLineBreak: false, isTooLarge: false });
    }
  });

  it("notes every smuggling shape of bare LF and bare CR, also across chunk boundaries", async () => {
    for (const payload of ["\n.\n", "\r.\n", "\n.\r\n", "\r.\r\n", "\r\n.\r", "a\nb", "a\rb", "x\r"]) {
      const message = `Subject: s\r\n\r\nbefore${payload}MAIL FROM:<evil@example.test>\r\n`;
      for (let cut = 0; cut <= message.length; cut++) {
        expect((await read([message.slice(0, cut), message.slice(cut)])).hasBareLineBreak, JSON.stringify(payload) + " cut " + cut).toBe(true);
      }
    }
    expect((await read(["ends with a bare CR\r"])).hasBareLineBreak).toBe(true);
  });

  it("reads an oversized message to its end but keeps none of it", async () => {
    const data = await read(["x".repeat(600), "y".repeat(600)], 1_000);
    expect(data.isTooLarge).toBe(true);
    expect(data.raw.length).toBe(0);
  });
});
