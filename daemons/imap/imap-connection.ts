import type { Socket } from "node:net";
import { TLSSocket, createSecureContext } from "node:tls";
import zlib from "node:zlib";
import { createCommandReader, type CommandLimits } from "./protocol/command-reader.ts";
import { runCommand } from "./run-command.ts";
import { capabilityLine } from "./capabilities.ts";
import type { ImapDeps, Piece, Session } from "./session.ts";
import { isLoopbackAddress } from "../../lib/net/is-loopback-address.ts";

/** Before login a command needs little: LOGIN or AUTHENTICATE with their literals (Dovecot allows a few KiB too). */
const LIMITS_BEFORE_LOGIN: CommandLimits = { maxLineBytes: 8 * 1024, maxLiteralBytes: 8 * 1024, maxCommandBytes: 16 * 1024 };
/** After login: long UID sets (Dovecot's imap_max_line_length is 64 KiB) and APPEND up to the message size limit. */
function limitsAfterLogin(maxMessageBytes: number): CommandLimits {
  return { maxLineBytes: 64 * 1024, maxLiteralBytes: maxMessageBytes, maxCommandBytes: maxMessageBytes + 64 * 1024 };
}
/** RFC 9051 §5.4: an authenticated client's inactivity timer is at least 30 minutes; a client that never logs in gets one. */
const AUTHENTICATED_TIMEOUT_MS = 30 * 60_000;
const LOGIN_TIMEOUT_MS = 60_000;

export type ConnectionOptions = { socket: Socket; isTls: boolean; deps: ImapDeps; onClose?: () => void };

/**
 * One client connection: frames its bytes into commands (protocol/command-reader.ts), runs them one
 * at a time in order (run-command.ts), writes responses, upgrades to TLS, and logs the client out
 * when it stays silent too long. Commands may be pipelined; their answers come in order.
 */
export function serveConnection(options: ConnectionOptions): Session {
  let socket: Socket = options.socket;
  const { deps } = options;
  let limits = LIMITS_BEFORE_LOGIN;
  let reader = createCommandReader(limits);
  const lines: Buffer[] = [];
  let wakeReader: (() => void) | null = null;
  let isClosed = false;
  let isRunning = false;
  let timer: NodeJS.Timeout | undefined;
  let unwatch: (() => void) | null = null;
  const changeWaiters = new Set<() => void>();
  /** COMPRESS=DEFLATE's compressor, once the client asked for it; every response goes through it. */
  let deflate: zlib.DeflateRaw | null = null;

  // One write per response: each write is a syscall and, with small segments, a packet.
  const write = (pieces: Piece[]) => {
    if (isClosed || socket.destroyed) return;
    const response = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces.map((piece) => (typeof piece === "string" ? Buffer.from(piece) : piece)));
    if (!deflate) {
      socket.write(response);
      return;
    }
    deflate.write(response);
    // A full flush per response: the client must be able to read it now (RFC 4978 §4).
    deflate.flush(zlib.constants.Z_SYNC_FLUSH);
  };

  const close = () => {
    if (isClosed) return;
    isClosed = true;
    clearTimeout(timer);
    unwatch?.();
    socket.end();
    socket.destroySoon?.();
    wakeReader?.();
    for (const wake of changeWaiters) wake();
    options.onClose?.();
  };

  const armTimer = () => {
    clearTimeout(timer);
    const timeoutMs = session.state === "not-authenticated" ? LOGIN_TIMEOUT_MS : AUTHENTICATED_TIMEOUT_MS;
    timer = setTimeout(() => {
      write(["* BYE Autologout; idle for too long\r\n"]);
      close();
    }, timeoutMs);
    timer.unref();
  };

  const session: Session = {
    deps,
    state: "not-authenticated",
    principal: null,
    selected: null,
    enabled: new Set(),
    savedUids: [],
    clientIp: (socket.remoteAddress ?? "").replace(/^::ffff:/i, ""),
    isLoopback: isLoopbackAddress(socket.remoteAddress ?? ""),
    isTls: options.isTls,
    untagged: (...pieces) => write(["* ", ...pieces, "\r\n"]),
    tagged: (tag, { status, code, text }) => write([`${tag} ${status}${code ? ` [${code}]` : ""} ${text}\r\n`]),
    continuation: (text) => write([`+ ${text}\r\n`]),
    readLine: () =>
      new Promise((resolve) => {
        const take = () => {
          if (lines.length > 0) return resolve(lines.shift()!);
          if (isClosed) return resolve(null);
          wakeReader = () => {
            wakeReader = null;
            take();
          };
        };
        take();
      }),
    startTls: async () => {
      // Bytes that came with or after STARTTLS, before the handshake, are dropped unread: a client
      // cannot have meant them, and an attacker in the middle could have (CVE-2011-0411 pattern).
      lines.length = 0;
      reader = createCommandReader(limits);
      socket.removeListener("data", onData);
      const secured = new TLSSocket(socket, { isServer: true, secureContext: createSecureContext({ key: deps.tls.key, cert: deps.tls.cert }) });
      await new Promise<void>((resolve, reject) => {
        secured.once("secure", resolve);
        secured.once("error", reject);
      });
      socket = secured;
      session.isTls = true;
      listen(secured);
    },
    startCompression: () => {
      // From here on both directions are raw DEFLATE (RFC 4978), inside TLS when TLS is on.
      const inflate = zlib.createInflateRaw();
      deflate = zlib.createDeflateRaw();
      deflate.on("data", (chunk: Buffer) => socket.write(chunk));
      socket.removeListener("data", onData);
      socket.on("data", (chunk: Buffer) => inflate.write(chunk));
      inflate.on("data", onData);
      inflate.on("error", () => {
        write(["* BYE Corrupt compressed data\r\n"]);
        close();
      });
    },
    isCompressed: () => deflate !== null,
    raiseLimits: () => {
      limits = limitsAfterLogin(deps.store.maxMessageBytes);
      reader.setLimits(limits);
    },
    watchMailbox: () => {
      unwatch?.();
      unwatch = deps.feed.subscribe(session.principal!.mailboxId, () => {
        for (const wake of [...changeWaiters]) wake();
      });
    },
    waitForChange: (signal) =>
      new Promise<void>((resolve) => {
        const wake = () => {
          changeWaiters.delete(wake);
          signal.removeEventListener("abort", wake);
          resolve();
        };
        changeWaiters.add(wake);
        signal.addEventListener("abort", wake);
      }),
  };

  const runQueued = async () => {
    if (isRunning) return;
    isRunning = true;
    try {
      while (lines.length > 0 && !isClosed) {
        armTimer();
        const command = lines.shift()!;
        const outcome = await runCommand(session, command);
        if (outcome === "close") close();
      }
    } catch (error) {
      console.error("imap: session failed:", error);
      write(["* BYE Internal server error\r\n"]);
      close();
    } finally {
      isRunning = false;
      if (!isClosed) armTimer();
    }
  };

  function onData(chunk: Buffer) {
    for (const event of reader.push(chunk)) {
      if (event.type === "continue") write(["+ Ready for literal data\r\n"]);
      else if (event.type === "refuse") write([`${event.tag ?? "*"} ${event.tag ? "NO [TOOBIG]" : "BAD"} ${event.message}\r\n`]);
      else if (event.type === "fatal") {
        write([`* BYE ${event.message}\r\n`]);
        close();
        return;
      } else {
        lines.push(event.bytes);
        if (wakeReader) wakeReader();
        else void runQueued();
      }
    }
  }

  function listen(stream: Socket) {
    // Responses go out at once: with Nagle's algorithm an untagged response waits for the client's
    // delayed ACK (some 40 ms) before the tagged one may follow.
    stream.setNoDelay(true);
    stream.on("data", onData);
    stream.on("error", () => close());
    stream.on("close", () => close());
  }

  listen(socket);
  write([`* OK [CAPABILITY ${capabilityLine(session)}] ${deps.hostname} IMAP ready\r\n`]);
  armTimer();
  return session;
}

