import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { SMTPServer, type SMTPServerOptions, type SMTPServerAddress, type SMTPServerAuthentication, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import type { Db } from "../../lib/db.ts";
import { AppError } from "../../lib/errors.ts";
import { readerFor } from "../../lib/db-reader.ts";
import type { StoreDeps } from "../../lib/store/store-deps.ts";
import type { LoginLimits } from "../../lib/auth/login-throttle.ts";
import { verifyLogin } from "../../lib/auth/verify-login.ts";
import type { Principal } from "../../lib/auth/principal.ts";
import { ownsAddress } from "../../lib/directory/owns-address.ts";
import { tryParseAddress } from "../../lib/directory/address.ts";
import { resolveRecipient } from "../../lib/delivery/resolve-recipient.ts";
import { refusal, toSmtpError } from "../../lib/delivery/smtp-refusal.ts";
import { parseMessage } from "../../lib/mime/parse-message.ts";
import { dispatchSubmission, type SubmissionRecipient } from "../../lib/queue/dispatch-submission.ts";
import { countRecentRecipients } from "../../lib/queue/count-recent-recipients.ts";
import { findSigningKey } from "../../lib/queue/dkim-keys.ts";
import { signDkim } from "../../lib/queue/sign-dkim.ts";
import type { SrsOptions } from "../../lib/queue/srs.ts";
import type { ForwardPolicy } from "../../lib/delivery/forward-copies.ts";
import { readMessageData } from "./read-message-data.ts";
import { receivedHeader, rfc5322Date } from "./trace-headers.ts";
import { applySmtpServerExtensions } from "./smtp-server-extensions.ts";
import { clientIpOf, listenSmtpServer } from "./listen-smtp-server.ts";

export type SubmissionOptions = {
  db: Db;
  store: StoreDeps;
  /** Our name in the greeting and in Received and Message-ID. */
  hostname: string;
  tls: { key: Buffer; cert: Buffer };
  loginLimits: LoginLimits;
  limits: {
    maxMessageBytes: number;
    maxRecipients: number;
    /** Remote recipients one mailbox may send to in an hour (its queue rows, every process counted). */
    maxRecipientsPerHour: number;
  };
  /** A copy of each message into the sender's Sent folder (most clients save their own). */
  savesToSent: boolean;
  /** Told after a message is queued, so the queue runner sends it at once. */
  onQueued: () => void;
  /** Local recipients' forwards, as the MX applies them (their copies leave SRS-rewritten). */
  forwarding: { srs: SrsOptions; policy: ForwardPolicy };
};

export type SubmissionServer = { listen(port: number, host?: string): Promise<AddressInfo>; close(): Promise<void> };

/** Commands outside a mail transaction before the connection is closed (as the MX). */
const MAX_COMMANDS_WITHOUT_MAIL = 50;

/** A local recipient found at RCPT, or a remote address for the queue. */
type Recipient = SubmissionRecipient;

/**
 * Message submission (RFC 6409) for customers' mail clients: on 587 (2587) with STARTTLS required
 * before AUTH, or on 465 (2465) with implicit TLS (RFC 8314), `implicitTls`. AUTH PLAIN and LOGIN
 * through lib/auth with its lockouts; then MAIL FROM and every From: address must be the user's own
 * (553 5.7.1). Local recipients get their copy at once through the store; remote ones are queued,
 * DKIM-signed with the From domain's key. 250 only once every copy is stored and the queue row
 * committed.
 */
export function createSubmissionServer(options: SubmissionOptions, implicitTls: boolean): SubmissionServer {
  applySmtpServerExtensions();
  const reader = readerFor(options.db);
  const recipientsOf = new Map<string, Recipient[]>();
  const { limits } = options;

  const serverOptions: SMTPServerOptions & { maxCommandsWithoutMail: number } = {
    name: options.hostname,
    banner: "Mailwright submission",
    // Our extension (smtp-server-extensions.ts): a client that never sends mail is cut off.
    maxCommandsWithoutMail: MAX_COMMANDS_WITHOUT_MAIL,
    secure: implicitTls,
    key: options.tls.key,
    cert: options.tls.cert,
    disableReverseLookup: true,
    // RFC 8314 §3.3 / RFC 3207: no credentials over a connection that is not encrypted, loopback included.
    allowInsecureAuth: false,
    authMethods: ["PLAIN", "LOGIN"],
    authOptional: false,
    size: limits.maxMessageBytes,
    maxRecipients: limits.maxRecipients,
    maxCommandLength: 4096,
    hideENHANCEDSTATUSCODES: false,
    logger: false,
    socketTimeout: 5 * 60_000,

    onAuth(auth: SMTPServerAuthentication, session: SMTPServerSession, callback) {
      verifyLogin(options.db, { address: auth.username ?? "", password: auth.password ?? "", ip: clientIpOf(session), protocol: "smtp", limits: options.loginLimits }).then(
        (principal) => callback(null, { user: principal }),
        (error: unknown) => callback(authError(error)),
      );
    },

    onMailFrom(address: SMTPServerAddress, session: SMTPServerSession, callback) {
      const principal = session.user as unknown as Principal;
      recipientsOf.set(session.id, []);
      ownsAddress(reader, principal.mailboxId, address.address).then(
        (owns) => callback(owns ? null : toSmtpError(refusal("MAIL", 553, "5.7.1", "sender_not_owned", `<${address.address.slice(0, 100)}>: Sender address rejected: not owned by user ${principal.address}`))),
        (error: Error) => callback(error),
      );
    },

    onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback) {
      checkRecipient(address.address, session).then(
        () => callback(),
        (error: Error) => callback(error),
      );
    },

    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      submit(stream, session).then(
        (reply) => callback(null, reply),
        (error: Error) => callback(error),
      );
    },

    onClose(session: SMTPServerSession) {
      recipientsOf.delete(session.id);
    },
  };
  const server = new SMTPServer(serverOptions);
  server.on("error", () => undefined); // a client's socket error; the session is closed for us

  async function checkRecipient(rcptTo: string, session: SMTPServerSession): Promise<void> {
    const principal = session.user as unknown as Principal;
    const recipients = recipientsOf.get(session.id)!;
    const parsed = tryParseAddress(rcptTo);
    if (!parsed) throw toSmtpError(refusal("RCPT", 501, "5.1.3", "bad_address", "Bad recipient address syntax"));
    const resolution = await resolveRecipient(reader, parsed.address);
    if (resolution.ok) {
      recipients.push({ kind: "local", resolved: resolution.recipient });
      return;
    }
    // Relay refusals mean "not a domain of ours": for an authenticated user that is a remote recipient.
    if (resolution.refusal.reasonKey !== "relay_denied") throw toSmtpError(resolution.refusal);
    const queuedRecently = await countRecentRecipients(reader, principal.mailboxId, new Date(Date.now() - 3_600_000));
    const pendingRemote = recipients.filter((r) => r.kind === "remote").length;
    if (queuedRecently + pendingRemote >= limits.maxRecipientsPerHour) {
      throw toSmtpError(refusal("RCPT", 450, "4.7.1", "rate_limited", `Sending limit reached: ${limits.maxRecipientsPerHour} recipients an hour, try again later`));
    }
    recipients.push({ kind: "remote", address: rcptTo });
  }

  async function submit(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const principal = session.user as unknown as Principal;
    const recipients = recipientsOf.get(session.id) ?? [];
    const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
    const data = await readMessageData(stream, limits.maxMessageBytes);
    if (data.isTooLarge) throw toSmtpError(refusal("DATA", 552, "5.3.4", "too_large", `Message size exceeds fixed limit of ${limits.maxMessageBytes} bytes`));
    if (data.hasBareLineBreak) throw toSmtpError(refusal("DATA", 554, "5.5.2", "bare_line_break", "Message contains a bare LF or CR: lines must end with CRLF (RFC 5321 section 2.3.8)"));

    const parsed = parseMessage(data.raw);
    for (const { address } of parsed.from) {
      if (!(await ownsAddress(reader, principal.mailboxId, address))) {
        throw toSmtpError(refusal("DATA", 553, "5.7.1", "from_not_owned", `From: <${address.slice(0, 100)}> is not an address of user ${principal.address}`));
      }
    }
    const queueId = randomUUID().replaceAll("-", "").slice(0, 12).toUpperCase();
    // RFC 6409 §8: a submission server may add the fields a client left out.
    const added =
      receivedHeader({ helo: session.hostNameAppearsAs || "", clientIp: clientIpOf(session), hostname: options.hostname, queueId, isTls: Boolean(session.secure), isAuthenticated: true }) +
      (parsed.from.length === 0 ? `From: <${mailFrom}>\r\n` : "") +
      (parsed.envelope.date === null ? `Date: ${rfc5322Date(new Date())}\r\n` : "") +
      (parsed.messageId === null ? `Message-ID: <${randomUUID()}@${options.hostname}>\r\n` : "");
    const complete = Buffer.concat([Buffer.from(added, "utf8"), data.raw]);
    const fromDomain = tryParseAddress(parsed.from[0]?.address || mailFrom)?.domain;
    const key = fromDomain ? await findSigningKey(options.db, fromDomain) : null;
    const message = key ? await signDkim(complete, key) : complete;

    const sentCopy = { mailboxId: principal.mailboxId, folder: "Sent", spamJunkScore: Infinity, spamRejectScore: Infinity, isFull: false, isJunk: false };
    const result = await dispatchSubmission(
      { db: options.db, store: options.store, forwarding: options.forwarding },
      { origin: "SUBMISSION", raw: message, mailFrom, senderMailboxId: principal.mailboxId, recipients, extraCopies: options.savesToSent ? [sentCopy] : [] },
    );
    if (result.status === "storage_failed") {
      for (const { error } of result.failed) console.error(`submission: ${queueId}: storing a copy failed:`, error);
      throw toSmtpError(refusal("DATA", 451, "4.3.0", "storage_error", "Temporary failure storing the message, try again later"));
    }
    if (result.status === "mailbox_full") throw toSmtpError(refusal("DATA", 552, "5.2.2", "mailbox_full", "Mailbox full"));
    if (result.hasQueued) options.onQueued();
    return `2.0.0 Ok: queued as ${queueId}`;
  }

  return {
    listen: (port, host = "127.0.0.1") => listenSmtpServer(server, port, host),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What a failed AUTH tells the client: 535 for wrong credentials, 454 with the wait for a lockout. */
function authError(error: unknown): Error {
  if (error instanceof AppError && error.code === "LOCKED_OUT") return Object.assign(new Error("4.7.0 Too many failed logins, try again later"), { responseCode: 454 });
  if (error instanceof AppError && error.code === "INVALID_CREDENTIALS") return Object.assign(new Error("5.7.8 Authentication credentials invalid"), { responseCode: 535 });
  console.error("submission: login failed:", error);
  return Object.assign(new Error("4.3.0 Temporary authentication failure"), { responseCode: 454 });
}
