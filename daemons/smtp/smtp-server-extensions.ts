import { SMTPConnection } from "smtp-server/lib/smtp-connection.js";

// Three things smtp-server does not offer, added to the connection class every server shares (once,
// by applySmtpServerExtensions). Both are tested through the MX (mx-server.test.ts).

const ENHANCED_CODE = /^[245]\.\d{1,3}\.\d{1,3} /;

type Connection = {
  send(code: number, data?: unknown, context?: unknown): unknown;
  _onCommand(command: Buffer, callback: () => void): unknown;
  init(): void;
  connectionReady(): void;
  _setListeners(ready: () => void): void;
  _server: { options: { maxCommandsWithoutMail?: number; greetPauseMs?: number; maxClients?: number }; connections: Set<unknown> };
  name: string;
  session: { envelope?: { mailFrom?: unknown } };
  commandsWithoutMail?: number;
};

let isApplied = false;

export function applySmtpServerExtensions(): void {
  if (isApplied) return;
  isApplied = true;
  const prototype = SMTPConnection.prototype as unknown as Connection;

  // 1. A reply text may carry its own enhanced status code (RFC 3463). smtp-server adds one of its
  // own choosing by reply number and command: 550 becomes 5.1.1 whether the recipient is unknown
  // (5.1.1), the sender blocked (5.7.1) or the mailbox disabled (5.2.1). Our refusals name the
  // precise code first ("5.7.1 Relay access denied"); for those smtp-server's is left out.
  const send = prototype.send;
  prototype.send = function (this: Connection, code, data, context) {
    return send.call(this, code, data, typeof data === "string" && ENHANCED_CODE.test(data) ? false : context);
  };

  // 2. A limit on commands outside a mail transaction (NOOP, RSET, VRFY, HELP, EHLO, ...), the
  // server option `maxCommandsWithoutMail`: a client that never sends mail cannot hold a
  // connection open forever by chatting (Postfix's smtpd_junk_command_limit).
  const onCommand = prototype._onCommand;
  prototype._onCommand = function (this: Connection, command, callback) {
    const limit = this._server.options.maxCommandsWithoutMail;
    if (limit !== undefined) {
      const verb = command.toString("latin1").split(" ", 1)[0]!.toUpperCase();
      if (verb === "MAIL" || this.session.envelope?.mailFrom) this.commandsWithoutMail = 0;
      else if ((this.commandsWithoutMail = (this.commandsWithoutMail ?? 0) + 1) > limit) {
        return this.send(421, "4.7.0 Too many commands without mail, closing connection");
      }
    }
    return onCommand.call(this, command, callback);
  };

  // 3. The pause before the greeting, the server option `greetPauseMs`. smtp-server always waits
  // 100 ms and refuses a client that talks first ("421 You talk too soon"), so a sender that opens
  // a connection per message (most do) spends 100 ms per message waiting. Postfix's smtpd greets at
  // once; sites that want the early-talker test turn on postscreen's greet pause: the same here.
  const init = prototype.init;
  prototype.init = function (this: Connection) {
    const pauseMs = this._server.options.greetPauseMs;
    if (pauseMs === undefined) return init.call(this);
    this._setListeners(() => {
      const { maxClients } = this._server.options;
      if (maxClients && this._server.connections.size > maxClients) return this.send(421, `${this.name} Too many connected clients, try again in a moment`, false);
      if (pauseMs > 0) setTimeout(() => this.connectionReady(), pauseMs).unref();
      else this.connectionReady();
    });
  };
}
