import type { Socket } from "node:net";
import { TLSSocket, createSecureContext } from "node:tls";
import { createLineReader } from "./protocol/line-reader.ts";
import { runLine } from "./run-command.ts";
import type { Pop3Deps, Reply, Session } from "./session.ts";
import { isLoopbackAddress } from "../../lib/net/is-loopback-address.ts";

/**
 * RFC 2449 §4 caps a command at 255 octets; SASL responses (RFC 5034 §4) and long passwords need
 * more, so a line may have up to 2 KiB. Longer ones are answered -ERR and dropped unread.
 */
const MAX_LINE_BYTES = 2048;
/** Protocol errors (unknown commands, bad arguments, over-long lines) before the session is closed. */
const MAX_PROTOCOL_ERRORS = 20;
/** Lines read ahead of the one running (PIPELINING, RFC 2449 §6.6): past this the socket stops being read until they are answered. */
const MAX_QUEUED_LINES = 1000;
/** Answers not yet taken by the client, in bytes, before we stop running its commands: a client that sends RETRs and never reads must not fill our memory. */
const MAX_UNSENT_BYTES = 1024 * 1024;

export type ConnectionOptions = { socket: Socket; isTls: boolean; deps: Pop3Deps; onClose?: () => void };

/**
 * One client connection: frames its bytes into lines, runs them one at a time in order (run-command.ts)
 * so pipelined commands are answered in order, writes the answers, upgrades to TLS, and ends the
 * session when the client is silent too long or a command takes too long. A connection that ends
 * without QUIT releases the maildrop lock and deletes nothing (RFC 1939 §6).
 */
export function serveConnection(options: ConnectionOptions): Session {
  let socket: Socket = options.socket;
  const { deps } = options;
  const reader = createLineReader(MAX_LINE_BYTES);
  const queue: ({ type: "line"; bytes: Buffer } | { type: "too-long" })[] = [];
  let protocolErrors = 0;
  let isClosed = false;
  let isRunning = false;
  let isPaused = false;
  let idleTimer: NodeJS.Timeout | undefined;

  const write = (data: string | Buffer) => {
    if (!isClosed && !socket.destroyed) socket.write(data);
  };

  const close = () => {
    if (isClosed) return;
    isClosed = true;
    clearTimeout(idleTimer);
    queue.length = 0;
    socket.end();
    socket.destroySoon?.();
    releaseLock();
    options.onClose?.();
  };

  // Nothing is deleted: only QUIT (quit.ts) applies DELE marks; the lock just goes.
  const releaseLock = () => {
    const lock = session.lock;
    session.lock = null;
    lock?.release().catch((error: unknown) => console.error("pop3: releasing the maildrop lock failed:", error));
  };

  const armIdleTimer = () => {
    clearTimeout(idleTimer);
    const ms = session.state === "authorization" ? deps.timeouts.authorizationIdleMs : deps.timeouts.transactionIdleMs;
    idleTimer = setTimeout(() => {
      write("-ERR Autologout; idle for too long\r\n");
      close();
    }, ms);
    idleTimer.unref();
  };

  const session: Session = {
    deps,
    state: "authorization",
    clientIp: (socket.remoteAddress ?? "").replace(/^::ffff:/i, ""),
    isLoopback: isLoopbackAddress(socket.remoteAddress ?? ""),
    isTls: options.isTls,
    pendingUser: null,
    isAwaitingSaslResponse: false,
    maildrop: null,
    lock: null,
    startTls: async () => {
      // Lines that came with or after STLS, before the handshake, are dropped unread: a client cannot
      // have meant them, and an attacker in the middle could have (RFC 2595 §4, CVE-2011-0411 pattern).
      queue.length = 0;
      reader.reset();
      socket.removeListener("data", onData);
      const secured = new TLSSocket(socket, { isServer: true, secureContext: createSecureContext({ key: deps.tls.key, cert: deps.tls.cert }) });
      const isSecure = await new Promise<boolean>((resolve) => {
        secured.once("secure", () => resolve(true));
        // A failed handshake is the client's problem (or an attacker's): the connection just ends.
        secured.once("error", () => resolve(false));
      });
      if (!isSecure) {
        secured.destroy();
        close();
        return;
      }
      socket = secured;
      session.isTls = true;
      listen(secured);
    },
  };

  const send = (reply: Reply) => {
    if (reply.isContinuation) return write(`+ ${reply.text}\r\n`);
    const status = `${reply.ok ? "+OK" : "-ERR"}${reply.code ? ` [${reply.code}]` : ""}${reply.text ? ` ${reply.text}` : ""}\r\n`;
    if (reply.body === undefined) return write(status);
    if (Buffer.isBuffer(reply.body)) {
      // One write for a small message, three for a large one: no copy of its bytes just to join them.
      if (reply.body.length < 16 * 1024) write(Buffer.concat([Buffer.from(status), reply.body, TERMINATOR]));
      else {
        write(status);
        write(reply.body);
        write(TERMINATOR);
      }
      return;
    }
    // Listing lines never start with "."; a mechanism or capability could in principle, so stuff them.
    write(status + reply.body.map((line) => (line.startsWith(".") ? `.${line}\r\n` : `${line}\r\n`)).join("") + ".\r\n");
  };

  /** Runs a line, or gives up after the command timeout: the session then ends, whatever the command was doing. */
  const runWithTimeout = async (bytes: Buffer) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), deps.timeouts.commandMs)));
    const running = runLine(session, bytes);
    try {
      const outcome = await Promise.race([running, timeout]);
      // A login still running may yet take the maildrop lock: release it once it has.
      if (outcome === "timeout") void running.finally(releaseLock);
      return outcome;
    } finally {
      clearTimeout(timer);
    }
  };

  const waitForDrain = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        socket.off("drain", done);
        socket.off("close", done);
        resolve();
      };
      socket.on("drain", done);
      socket.on("close", done);
    });

  const runQueued = async () => {
    if (isRunning) return;
    isRunning = true;
    // Answers to a burst of pipelined commands leave together, not a packet each.
    socket.cork();
    try {
      while (queue.length > 0 && !isClosed) {
        // A command's own time is bounded by the command timeout; the idle timer waits for the client.
        clearTimeout(idleTimer);
        const item = queue.shift()!;
        if (isPaused && queue.length < MAX_QUEUED_LINES / 2) {
          isPaused = false;
          socket.resume();
        }
        if (item.type === "too-long") {
          session.isAwaitingSaslResponse = false;
          send({ ok: false, text: "Line too long" });
          if (++protocolErrors >= MAX_PROTOCOL_ERRORS) tooManyErrors();
          continue;
        }
        const outcome = await runWithTimeout(item.bytes);
        if (outcome === "timeout") {
          write("-ERR [SYS/TEMP] The command took too long; closing\r\n");
          close();
          break;
        }
        send(outcome.reply);
        if (outcome.isProtocolError && ++protocolErrors >= MAX_PROTOCOL_ERRORS) tooManyErrors();
        if (outcome.reply.after) {
          socket.uncork();
          armIdleTimer(); // a client that never starts the TLS handshake is idle
          if ((await outcome.reply.after()) === "close") close();
          socket.cork();
        }
        if (socket.writableLength > MAX_UNSENT_BYTES) {
          socket.uncork();
          armIdleTimer(); // a client that stops reading is as idle as one that stops writing
          await waitForDrain();
          socket.cork();
        }
      }
    } catch (error) {
      console.error("pop3: session failed:", error);
      write("-ERR [SYS/TEMP] Internal server error\r\n");
      close();
    } finally {
      socket.uncork();
      isRunning = false;
      // A login that finished after the client went away took a lock no one will release otherwise.
      if (isClosed) releaseLock();
      else armIdleTimer();
    }
  };

  const tooManyErrors = () => {
    write("-ERR Too many invalid commands; closing\r\n");
    close();
  };

  function onData(chunk: Buffer) {
    if (isClosed) return;
    for (const event of reader.push(chunk)) queue.push(event);
    if (queue.length >= MAX_QUEUED_LINES && !isPaused) {
      isPaused = true;
      socket.pause();
    }
    if (queue.length > 0) void runQueued();
  }

  function listen(stream: Socket) {
    // Each answer goes out at once: with Nagle's algorithm it could wait for the client's delayed ACK.
    stream.setNoDelay(true);
    stream.on("data", onData);
    stream.on("error", () => close());
    stream.on("close", () => close());
  }

  listen(socket);
  write(`+OK ${deps.hostname} Mailwright POP3 ready\r\n`);
  armIdleTimer();
  return session;
}

const TERMINATOR = Buffer.from(".\r\n");

