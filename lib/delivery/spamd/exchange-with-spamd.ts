// One request and its reply over a fresh TCP connection to spamd, bounded in time and in size.
import net from "node:net";
import { SpamdError } from "./spamd-error.ts";

export type SpamdEndpoint = {
  host: string;
  port: number;
  /** For the whole exchange: connecting, sending, spamd's checking, and the reply. */
  timeoutMs: number;
  /** Replies longer than this are refused; defaults to DEFAULT_MAX_REPLY_BYTES. */
  maxReplyBytes?: number;
};

/** A SYMBOLS, CHECK or PING reply is a status line, two headers and a list of rule names: a few KiB at most. */
export const DEFAULT_MAX_REPLY_BYTES = 64 * 1024;

/**
 * Sends `request` and resolves with everything spamd sends back until it closes the connection, as
 * spamd does after each reply. Rejects with a SpamdError when the connection is refused or breaks,
 * when the reply outgrows the limit, or when it is not complete within `timeoutMs`.
 */
export function exchangeWithSpamd(endpoint: SpamdEndpoint, request: Buffer): Promise<Buffer> {
  const where = `${endpoint.host}:${endpoint.port}`;
  const maxReplyBytes = endpoint.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let isSettled = false;
    const socket = net.connect({ host: endpoint.host, port: endpoint.port });
    const settle = (error: SpamdError | null) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, size));
    };
    const timer = setTimeout(() => settle(new SpamdError("timeout", `spamd at ${where} did not answer within ${endpoint.timeoutMs} ms`)), endpoint.timeoutMs);

    // ending our side after the request tells spamd no more is coming, as spamc does
    socket.once("connect", () => socket.end(request));
    socket.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxReplyBytes) settle(new SpamdError("reply-too-large", `spamd at ${where} sent more than ${maxReplyBytes} bytes`));
      else chunks.push(chunk);
    });
    socket.once("end", () => settle(null));
    socket.once("error", (error: NodeJS.ErrnoException) => settle(describeSocketError(where, error)));
    socket.once("close", () => settle(new SpamdError("network", `spamd at ${where} closed the connection without ending its reply`)));
  });
}

function describeSocketError(where: string, error: NodeJS.ErrnoException): SpamdError {
  if (error.code === "ECONNREFUSED") return new SpamdError("refused", `spamd at ${where} refused the connection`, { cause: error });
  return new SpamdError("network", `talking to spamd at ${where} failed: ${error.message}`, { cause: error });
}
