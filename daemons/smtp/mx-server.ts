import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerOptions, type SMTPServerSession } from "smtp-server";
import type { Db } from "../../lib/db.ts";
import { readerFor } from "../../lib/db-reader.ts";
import type { StoreDeps } from "../../lib/store/store-deps.ts";
import { resolveRecipient, type ResolvedRecipient } from "../../lib/delivery/resolve-recipient.ts";
import { createBlockListCache } from "../../lib/delivery/block-list-cache.ts";
import { refusal, toSmtpError, type SmtpRefusal } from "../../lib/delivery/smtp-refusal.ts";
import type { RejectLog } from "../../lib/delivery/reject-log.ts";
import { isAllowedSender } from "../../lib/delivery/allowed-sender.ts";
import { createConnectionLimiter, type ConnectionLimits } from "../../lib/delivery/connection-limiter.ts";
import { checkDnsbl, type DnsblListing } from "../../lib/delivery/check-dnsbl.ts";
import type { DnsResolver } from "../../lib/delivery/dns-resolver.ts";
import { verifyAuthentication } from "../../lib/delivery/verify-authentication.ts";
import { deliverMessage, type DeliveryCopy } from "../../lib/delivery/deliver-message.ts";
import { sendVacationReplies } from "../../lib/delivery/send-vacation-reply.ts";
import { removeOwnAuthenticationResults } from "../../lib/delivery/remove-own-authentication-results.ts";
import { parseMessage } from "../../lib/mime/parse-message.ts";
import { prependHeaderFields } from "../../lib/mime/prepend-header-fields.ts";
import type { SpamJudge } from "../../lib/delivery/judge-spam.ts";
import { findForwards, keepsLocalCopy, queueForwardedCopies, type ForwardPolicy } from "../../lib/delivery/forward-copies.ts";
import { enqueueMessage } from "../../lib/queue/enqueue-message.ts";
import { recordFeedbackReport } from "../../lib/queue/record-feedback-report.ts";
import { isSrsAddress, reverseSender, type SrsOptions } from "../../lib/queue/srs.ts";
import { tryParseAddress } from "../../lib/directory/address.ts";
import { readMessageData } from "./read-message-data.ts";
import { isAcceptableHelo } from "./helo-name.ts";
import { receivedHeader, spamHeaders } from "./trace-headers.ts";
import { applySmtpServerExtensions } from "./smtp-server-extensions.ts";
import { clientIpOf, listenSmtpServer } from "./listen-smtp-server.ts";

export type MxOptions = {
  db: Db;
  store: StoreDeps;
  rejectLog: RejectLog;
  resolver: DnsResolver;
  /** Our name in the greeting, Received and Authentication-Results. */
  hostname: string;
  tls: { key: Buffer; cert: Buffer };
  limits: ConnectionLimits & {
    maxMessageBytes: number;
    maxRecipients: number;
    maxErrors: number;
    /** Wait this long before the greeting; a client that talks first is refused (421). 0: greet at once. */
    greetPauseMs: number;
  };
  /** DNSBL zones that refuse a listed client (at RCPT, so the refusal names its recipient). */
  dnsblZones: string[];
  spam: SpamJudge;
  /** Peers allowed to set the client address with XCLIENT (a proxy in front of us; tests). */
  xclientPeers: string[];
  /** What the MX hands to the outbound queue: forwarded copies, bounces of forwarded mail, feedback reports. */
  outbound: {
    srs: SrsOptions;
    forwardPolicy: ForwardPolicy;
    /** Where providers send ARF reports; mail to it is recorded (and delivered too when it is a mailbox). */
    feedbackAddress?: string;
    /** Told after something was queued, so the runner sends it at once. */
    onQueued: () => void;
  };
};

export type MxServer = { listen(port: number, host?: string): Promise<AddressInfo>; close(): Promise<void> };

/** Commands a client may send outside a mail transaction (Postfix's smtpd_junk_command_limit is 100). */
const MAX_COMMANDS_WITHOUT_MAIL = 50;

/** What the MX remembers about one connection. */
type SessionState = {
  clientIp: string;
  dnsbl: Promise<DnsblListing[]>;
  errors: number;
  recipients: ResolvedRecipient[];
  /** Original senders of forwarded mail whose bounce came back to an SRS address: relayed to them. */
  bounceRelays: string[];
  /** The message is addressed to the feedback-loop address. */
  isFeedback: boolean;
  /** Recipients' mailboxes that allow this transaction's sender: no DNSBL, block list or spam refusal. */
  allowedMailboxes?: Set<string>;
};

/**
 * The MX: smtp-server for the protocol (ESMTP, PIPELINING, 8BITMIME, SMTPUTF8, SIZE, STARTTLS,
 * ENHANCEDSTATUSCODES), lib/delivery for every decision. Refusals that depend on the client
 * (DNSBL, HELO, block lists) wait until RCPT TO, as Postfix's smtpd_delay_reject does, so that each
 * is logged with the recipient it concerned and customers can find it in their reports.
 * 250 is sent only when every copy is committed by the store; otherwise 451 and the sender retries.
 */
export function createMxServer(options: MxOptions): MxServer {
  applySmtpServerExtensions();
  const sessions = new Map<string, SessionState>();
  const limiter = createConnectionLimiter(options.limits);
  const blockLists = createBlockListCache(options.db);
  const reader = readerFor(options.db);
  const { limits } = options;

  const log = (session: SMTPServerSession, refused: SmtpRefusal, about: Partial<{ rcptTo: string; domainId: string; accountId: string; mailboxId: string; isCatchAll: boolean; score: number; ruleHits: { name: string; score: number }[] }> = {}) => {
    options.rejectLog.record({
      ...refused,
      at: new Date(),
      clientIp: clientIpOf(session),
      helo: session.hostNameAppearsAs || "",
      mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
      rcptTo: about.rcptTo ?? "",
      domainId: about.domainId,
      accountId: about.accountId,
      mailboxId: about.mailboxId,
      isCatchAll: about.isCatchAll ?? false,
      score: about.score,
      ruleHits: about.ruleHits,
    });
  };

  /** Refuses, counting the session's errors: past the limit the connection is closed (421). */
  const refuse = (session: SMTPServerSession, refused: SmtpRefusal): Error => {
    const state = sessions.get(session.id);
    if (state) state.errors += 1;
    if (state && state.errors >= limits.maxErrors) return toSmtpError(refusal(refused.stage, 421, "4.7.0", "too_many_errors", "Too many errors, closing connection"));
    return toSmtpError(refused);
  };

  const serverOptions: SMTPServerOptions & { maxCommandsWithoutMail: number; greetPauseMs: number } = {
    name: options.hostname,
    banner: "Mailwright",
    // The client's PTR name is not worth a DNS round trip per connection (it decides nothing here).
    disableReverseLookup: true,
    key: options.tls.key,
    cert: options.tls.cert,
    size: limits.maxMessageBytes,
    maxRecipients: limits.maxRecipients,
    // RFC 5321 §4.5.3.1.4 allows 512 octets; extensions' parameters need more, no client needs 4 KiB.
    maxCommandLength: 4096,
    // Our extension (smtp-server-extensions.ts).
    maxCommandsWithoutMail: MAX_COMMANDS_WITHOUT_MAIL,
    greetPauseMs: limits.greetPauseMs,
    hideENHANCEDSTATUSCODES: false,
    disabledCommands: ["AUTH"],
    authOptional: true,
    useXClient: options.xclientPeers.length > 0 ? options.xclientPeers : false,
    logger: false,
    socketTimeout: 5 * 60_000,

    onConnect(session, callback) {
      const clientIp = clientIpOf(session);
      const admitted = limiter.admit(clientIp);
      if (admitted !== "ok") {
        const refused = refusal("CONNECT", 421, "4.7.0", admitted === "rate" ? "connection_rate" : "connection_limit", admitted === "rate" ? "Too many connections per minute from your address, try later" : "Too many connections from your address, try later");
        log(session, refused);
        return callback(toSmtpError(refused));
      }
      sessions.set(session.id, { clientIp, dnsbl: lookUpDnsbl(clientIp), errors: 0, recipients: [], bounceRelays: [], isFeedback: false });
      callback();
    },

    onMailFrom(_address, session, callback) {
      const state = sessions.get(session.id);
      if (state) {
        // XCLIENT may have changed the client address after the connection began.
        if (state.clientIp !== clientIpOf(session)) Object.assign(state, { clientIp: clientIpOf(session), dnsbl: lookUpDnsbl(clientIpOf(session)) });
        state.recipients = [];
        state.bounceRelays = [];
        state.isFeedback = false;
        state.allowedMailboxes = undefined;
      }
      callback();
    },

    onRcptTo(address, session, callback) {
      void checkRecipient(address, session).then(
        () => callback(),
        (error: Error) => callback(error),
      );
    },

    onData(stream, session, callback) {
      void receive(stream, session).then(
        (reply) => callback(null, reply),
        (error: Error) => callback(error),
      );
    },

    onClose(session) {
      if (sessions.delete(session.id)) limiter.release(clientIpOf(session));
    },
  };
  const server = new SMTPServer(serverOptions);
  server.on("error", () => undefined); // a client's socket error; the session is closed for us

  function lookUpDnsbl(clientIp: string): Promise<DnsblListing[]> {
    if (options.dnsblZones.length === 0) return Promise.resolve([]);
    const lookup = checkDnsbl(options.resolver, clientIp, options.dnsblZones);
    lookup.catch(() => undefined); // awaited later; never an unhandled rejection meanwhile
    return lookup;
  }

  async function checkRecipient(address: SMTPServerAddress, session: SMTPServerSession): Promise<void> {
    const state = sessions.get(session.id)!;
    const rcptTo = address.address;
    const parsedRcpt = tryParseAddress(rcptTo);
    if (parsedRcpt && parsedRcpt.domain === options.outbound.srs.domain && isSrsAddress(parsedRcpt.localPart)) return acceptSrsBounce(parsedRcpt.address, session, state);
    if (parsedRcpt && parsedRcpt.address === options.outbound.feedbackAddress) {
      state.isFeedback = true;
      const asMailbox = await resolveRecipient(reader, rcptTo);
      if (asMailbox.ok) state.recipients.push(asMailbox.recipient);
      return;
    }
    const resolution = await resolveRecipient(reader, rcptTo);
    if (!resolution.ok) {
      log(session, resolution.refusal, { rcptTo, domainId: resolution.domainId, accountId: resolution.accountId, mailboxId: resolution.mailboxId, isCatchAll: resolution.isCatchAll });
      throw refuse(session, resolution.refusal);
    }
    const recipient = resolution.recipient;
    const about = { rcptTo, domainId: recipient.domainId, accountId: recipient.accountId, mailboxId: recipient.targets[0]!.mailboxId, isCatchAll: recipient.isCatchAll };

    if (recipient.targets.every((target) => target.isFull)) {
      // 4xx: the owner may make room, and the sender's retries then deliver (RFC 3463 X.2.2).
      const refused = refusal("RCPT", 452, "4.2.2", "mailbox_full", "Mailbox full, try again later");
      log(session, refused, about);
      throw refuse(session, refused);
    }
    const helo = session.hostNameAppearsAs || "";
    if (!isAcceptableHelo(helo)) {
      const refused = refusal("HELO", 504, "5.5.2", "bad_helo", `<${helo.slice(0, 100)}>: Helo command rejected: need fully-qualified hostname`);
      log(session, refused, about);
      throw refuse(session, refused);
    }
    const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
    // The recipient's allow list comes before DNSBLs, block lists and scoring (reject reports' "allow this sender").
    const allowing = (await Promise.all(recipient.targets.map(async (t) => ((await isAllowedSender(reader, t.mailboxId, mailFrom)) ? t.mailboxId : null)))).filter((id) => id !== null);
    if (allowing.length > 0) {
      state.allowedMailboxes = new Set([...(state.allowedMailboxes ?? []), ...allowing]);
      state.recipients.push(recipient);
      return;
    }
    const listings = await state.dnsbl.catch(() => []);
    if (listings.length > 0) {
      const refused = refusal("CONNECT", 554, "5.7.1", "dnsbl", `Service unavailable; client host [${state.clientIp}] blocked using ${listings[0]!.zone}`);
      log(session, refused, about);
      throw refuse(session, refused);
    }
    const block = await blockLists.findSenderBlock({ accountId: recipient.accountId, mailFrom, clientIp: state.clientIp });
    if (block) {
      const refused = refusal("MAIL", 550, "5.7.1", "blocked_sender", block.kind === "IP" ? `Client host [${state.clientIp}] rejected: Access denied` : `<${mailFrom}>: Sender address rejected: Access denied`);
      log(session, refused, about);
      throw refuse(session, refused);
    }
    state.recipients.push(recipient);
  }

  /**
   * Mail to one of our SRS addresses is a bounce (or reply) to a message we forwarded: it goes to the
   * original sender, here when that sender is ours, else through the queue. A forged or expired
   * address is unknown (550 5.1.1), so nobody can use the scheme to relay.
   */
  async function acceptSrsBounce(rcptTo: string, session: SMTPServerSession, state: SessionState): Promise<void> {
    const reversed = reverseSender(rcptTo, options.outbound.srs);
    const unknown = refusal("RCPT", 550, "5.1.1", "unknown_user", "User unknown (invalid or expired SRS address)");
    if (!reversed.ok) {
      log(session, unknown, { rcptTo });
      throw refuse(session, unknown);
    }
    const original = await resolveRecipient(reader, reversed.address);
    if (original.ok) state.recipients.push(original.recipient);
    else if (original.refusal.reasonKey === "relay_denied") state.bounceRelays.push(reversed.address);
    else {
      log(session, unknown, { rcptTo });
      throw refuse(session, unknown);
    }
  }

  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const state = sessions.get(session.id)!;
    const recipients = state.recipients;
    const data = await readMessageData(stream, limits.maxMessageBytes);
    const refuseAll = (refused: SmtpRefusal, extra: { score?: number; ruleHits?: { name: string; score: number }[] } = {}): Error => {
      for (const r of recipients) log(session, refused, { rcptTo: r.address, domainId: r.domainId, accountId: r.accountId, mailboxId: r.targets[0]!.mailboxId, isCatchAll: r.isCatchAll, ...extra });
      return refuse(session, refused);
    };
    if (data.isTooLarge) throw refuseAll(refusal("DATA", 552, "5.3.4", "too_large", `Message size exceeds fixed limit of ${limits.maxMessageBytes} bytes`));
    if (data.hasBareLineBreak) throw refuseAll(refusal("DATA", 554, "5.5.2", "bare_line_break", "Message contains a bare LF or CR: lines must end with CRLF (RFC 5321 section 2.3.8)"));

    const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
    const helo = session.hostNameAppearsAs || "";
    const authentication = await verifyAuthentication({ raw: data.raw, clientIp: state.clientIp, helo, mailFrom, receivingHost: options.hostname, resolver: options.resolver });
    if (authentication.isDmarcReject) {
      throw refuseAll(refusal("DATA", 550, "5.7.1", "dmarc_reject", `Message rejected due to DMARC policy of ${authentication.fromDomain ?? "the sender's domain"}`));
    }
    // Parsed once: for the spam rules, then (shifted under our trace fields) for the store.
    const received = removeOwnAuthenticationResults(data.raw, options.hostname);
    const parsed = parseMessage(received);
    const listings = await state.dnsbl.catch(() => []);
    const spam = await options.spam({ raw: received, parsed, authentication, dnsblListings: listings, clientIp: state.clientIp, helo, mailFrom });
    const ruleHits = spam.hits.map((hit) => ({ name: hit.name, score: hit.score }));

    // Each recipient's copies by its mailboxes' thresholds: refused, into Junk, or delivered.
    const copies: DeliveryCopy[] = [];
    for (const recipient of recipients) {
      const isAllowed = (target: { mailboxId: string }) => state.allowedMailboxes?.has(target.mailboxId) ?? false;
      const accepted = recipient.targets.filter((target) => isAllowed(target) || spam.score < target.spamRejectScore);
      if (accepted.length === 0) {
        const refused = refusal("DATA", 550, "5.7.1", "spam", `Message rejected as spam (score ${spam.score})`);
        log(session, refused, { rcptTo: recipient.address, domainId: recipient.domainId, accountId: recipient.accountId, mailboxId: recipient.targets[0]!.mailboxId, isCatchAll: recipient.isCatchAll, score: spam.score, ruleHits });
      }
      copies.push(...accepted.map((target) => ({ ...target, isJunk: !isAllowed(target) && spam.score >= target.spamJunkScore })));
    }
    const hasOtherUse = state.isFeedback || state.bounceRelays.length > 0;
    if (copies.length === 0 && !hasOtherUse) throw refuse(session, refusal("DATA", 550, "5.7.1", "spam", `Message rejected as spam (score ${spam.score})`));

    // From randomUUID: it draws on a buffer of entropy, where randomBytes asks the kernel every time.
    const queueId = randomUUID().replaceAll("-", "").slice(0, 12).toUpperCase();
    const headers = receivedHeader({ helo, clientIp: state.clientIp, hostname: options.hostname, queueId, isTls: Boolean(session.secure), recipient: recipients.length === 1 ? recipients[0]!.address : undefined }) + authentication.header + spamHeaders(spam, Math.min(...copies.map((c) => c.spamJunkScore)));
    const trace = Buffer.from(headers, "utf8");
    const stored = Buffer.concat([trace, received]);
    // Forwarding mailboxes: their copies go to the queue, and the local one only if a forward keeps it.
    const forwards = await findForwards(reader, [...new Set(copies.map((c) => c.mailboxId))]);
    const localCopies = copies.filter((c) => keepsLocalCopy(forwards.get(c.mailboxId)));
    try {
      if (forwards.size > 0) {
        await queueForwardedCopies(options.db, { forwards: [...forwards.values()].flat(), raw: stored, mailFrom, spamScore: spam.score, srs: options.outbound.srs, policy: options.outbound.forwardPolicy });
      }
      if (state.bounceRelays.length > 0) await enqueueMessage(options.db, { origin: "NOTICE", mailFrom, recipients: state.bounceRelays, raw: stored });
      if (state.isFeedback) {
        const recorded = await recordFeedbackReport(options.db, data.raw);
        if (!recorded.ok) console.error(`mx: ${queueId}: mail to the feedback address is not an ARF report (${recorded.reason})`);
      }
    } catch (error) {
      console.error(`mx: ${queueId}: queueing failed:`, error);
      throw toSmtpError(refusal("DATA", 451, "4.3.0", "storage_error", "Temporary failure storing the message, try again later"));
    }
    if (forwards.size > 0 || state.bounceRelays.length > 0) options.outbound.onQueued();
    if (localCopies.length === 0) return `2.0.0 Ok: queued as ${queueId}`;
    const outcome = await deliverMessage(options.store, stored, localCopies, prependHeaderFields(parsed, trace.length));
    if (outcome.failed.length > 0) {
      // Some copies may be stored: the sender's retry will duplicate them, which beats losing any.
      for (const { error } of outcome.failed) console.error(`mx: ${queueId}: storing a copy failed:`, error);
      throw toSmtpError(refusal("DATA", 451, "4.3.0", "storage_error", "Temporary failure storing the message, try again later"));
    }
    if (outcome.delivered.length === 0 && forwards.size === 0 && !hasOtherUse) {
      const refused = refusal("DATA", 552, "5.2.2", "mailbox_full", "Mailbox full");
      throw refuseAll(refused);
    }
    for (const copy of outcome.full) {
      const recipient = recipients.find((r) => r.targets.some((t) => t.mailboxId === copy.mailboxId));
      if (recipient) log(session, refusal("DATA", 552, "5.2.2", "mailbox_full", "Mailbox full"), { rcptTo: recipient.address, domainId: recipient.domainId, accountId: recipient.accountId, mailboxId: copy.mailboxId, isCatchAll: recipient.isCatchAll });
    }
    // Every copy is committed: vacation replies (RFC 3834) now; it logs its own trouble and never fails the delivery.
    await sendVacationReplies({ db: options.db, store: options.store, onQueued: options.outbound.onQueued }, { delivered: outcome.delivered, envelopeSender: mailFrom, raw: received, parsed });
    return `2.0.0 Ok: queued as ${queueId}`;
  }

  return {
    listen: (port, host = "127.0.0.1") => listenSmtpServer(server, port, host),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
