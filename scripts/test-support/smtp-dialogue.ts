// A bare SMTP client for what real clients will not send: smuggling payloads, pipelined bursts,
// oversized declarations. Replies are read whole (multi-line ones up to their last line).
import net from "node:net";

export type SmtpReply = { code: number; text: string };

export type SmtpDialogue = {
  /** The server's first reply: 220, or a refusal (421, 554). */
  greeting: SmtpReply;
  /** Writes bytes exactly as given (no line ending added). */
  write(data: string | Buffer): void;
  /** The next complete reply. */
  reply(): Promise<SmtpReply>;
  /** Writes a command line (CRLF added) and returns its reply. */
  command(line: string): Promise<SmtpReply>;
  /** Resolves when the server has closed the connection. */
  closed: Promise<void>;
  close(): void;
};

export async function openSmtpDialogue(port: number): Promise<SmtpDialogue> {
  const socket = net.connect(port, "127.0.0.1");
  let buffer = "";
  const replies: SmtpReply[] = [];
  const waiting: ((reply: SmtpReply) => void)[] = [];
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.on("error", () => undefined);
  socket.on("data", (chunk) => {
    buffer += chunk.toString("latin1");
    let lines: string[] = [];
    for (let end = buffer.indexOf("\r\n"); end !== -1; end = buffer.indexOf("\r\n")) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      lines.push(line);
      if (line[3] === "-") continue;
      const reply = { code: Number(line.slice(0, 3)), text: lines.map((l) => l.slice(4)).join("\n") };
      lines = [];
      const waiter = waiting.shift();
      if (waiter) waiter(reply);
      else replies.push(reply);
    }
    if (lines.length) buffer = lines.map((l) => `${l}\r\n`).join("") + buffer;
  });
  const reply = () => new Promise<SmtpReply>((resolve) => (replies.length ? resolve(replies.shift()!) : waiting.push(resolve)));
  const greeting = await reply();
  return {
    greeting,
    write: (data) => socket.write(data),
    reply,
    command: (line) => {
      socket.write(`${line}\r\n`);
      return reply();
    },
    closed,
    close: () => socket.destroy(),
  };
}
