import net, { type AddressInfo, type Socket } from "node:net";
import tls, { createSecureContext } from "node:tls";
import type { Db } from "../../lib/db.ts";
import type { LoginLimits } from "../../lib/auth/login-throttle.ts";
import { verifyLdapBind, type LdapIdentity } from "../../lib/auth/verify-ldap-bind.ts";
import { AppError } from "../../lib/errors.ts";
import { isLoopbackAddress } from "../../lib/net/is-loopback-address.ts";
import { compileFilter, FilterTooComplexError } from "./compile-filter.ts";
import { encodedAttributesOf, selectAttributes } from "./attribute-selection.ts";
import { encodeSearchEntry } from "./ber.ts";
import { bindDnOf, normalizeDn, parseBindDn } from "./directory-names.ts";
import { DirectoryCache } from "./directory-view.ts";
import { encodingOf } from "./directory-entry.ts";
import { findEntries, SCOPE } from "./find-entries.ts";
import { ldapjs, type LdapHandler, type LdapRequest, type LdapResponse } from "./ldapjs-shapes.ts";
import { LdapTransport, type TransportLimits } from "./ldap-transport.ts";
import { makeCookie, PAGED_RESULTS_OID, readCookie, searchSignature } from "./paged-results.ts";
import { READ_ONLY_MESSAGE, RESULT } from "./result-codes.ts";
import { rootDse, STARTTLS_OID, WHO_AM_I_OID } from "./root-dse.ts";
import { currentActivityRecorder } from "../../lib/status/start-service-recording.ts";

export type LdapLimits = TransportLimits & {
  /** The longest a search may run, whatever time limit the client asks for. */
  maxSearchMs: number;
};

export const DEFAULT_LDAP_LIMITS: LdapLimits = { maxMessageBytes: 256 * 1024, maxOperationsInFlight: 32, idleMs: 15 * 60_000, maxSearchMs: 10_000 };

export type LdapDeps = {
  db: Db;
  /** The directory suffix, e.g. dc=mailwright,dc=test (ldapSuffixOf(PUBLIC_HOSTNAME), as the Manager prints it). */
  suffix: string;
  tls: { key: Buffer; cert: Buffer };
  loginLimits: LoginLimits;
  limits?: Partial<LdapLimits>;
};

export type LdapServer = {
  /** Listens for LDAP (StartTLS available) or, with `implicitTls`, LDAP over TLS from the first byte (LDAPS). */
  listen(port: number, host: string, options?: { implicitTls?: boolean }): Promise<AddressInfo>;
  close(): Promise<void>;
};

/** What a connection has proved: nothing yet, or an identity under a bind DN. */
type Session = { identity: LdapIdentity | null; bindDn: string };

const BIND_REQUEST = 0x60;

/** The read-only address-book directory for desktop clients, on ldapjs's server. */
export function createLdapServer(deps: LdapDeps): LdapServer {
  const limits = { ...DEFAULT_LDAP_LIMITS, ...deps.limits };
  const secureContext = createSecureContext({ key: deps.tls.key, cert: deps.tls.cert });
  const cache = new DirectoryCache(deps.db, deps.suffix);
  const dse = rootDse(deps.suffix);
  const sessions = new WeakMap<object, Session>();
  const sessionOf = (req: LdapRequest): Session => {
    let session = sessions.get(req.connection);
    if (!session) sessions.set(req.connection, (session = { identity: null, bindDn: "" }));
    return session;
  };
  const transportOf = (req: LdapRequest) => req.connection as unknown as LdapTransport;

  const server = ldapjs.createServer({ log: silentLog });
  server.on("error", () => {}); // parse errors: ldapjs answers the client and closes; nothing to do here
  server.on("clientError", () => {});

  /** Runs a handler, counting it against the connection's operations in flight, and answering an unexpected failure. */
  const handle = (work: (req: LdapRequest, res: LdapResponse) => Promise<void> | void): LdapHandler => {
    return (req, res) => {
      const transport = transportOf(req);
      transport.operationStarted();
      Promise.resolve()
        .then(() => work(req, res))
        .catch((error: unknown) => {
          console.error(`ldap: ${error instanceof Error ? error.stack : String(error)}`);
          answer(res, RESULT.operationsError, "The server could not answer; try again.");
        })
        .finally(() => transport.operationFinished());
    };
  };

  const bind = handle(async (req, res) => {
    const session = sessionOf(req);
    // A bind starts over: whatever fails below leaves the connection anonymous (RFC 4511 §4.2.1).
    session.identity = null;
    session.bindDn = "";
    const dn = String(req.dn ?? "");
    const password = typeof req.credentials === "string" ? req.credentials : "";
    if (dn.trim() === "" || password === "") {
      return answer(res, RESULT.inappropriateAuthentication, `Anonymous binds are refused: bind as cn=<mailbox address>,ou=auth,${deps.suffix} with the mailbox's LDAP password.`);
    }
    // As IMAP and POP3: a password in clear only over TLS, or from this machine (RFC 8314).
    if (!transportOf(req).isTls && !isLoopbackAddress(transportOf(req).remoteAddress)) {
      return answer(res, RESULT.confidentialityRequired, "Use StartTLS (or LDAPS) before binding: the password would otherwise cross the network in clear text.");
    }
    const name = parseBindDn(dn, deps.suffix);
    if (!name) return answer(res, RESULT.invalidCredentials, `Wrong bind DN or LDAP password (bind DNs look like cn=<mailbox address>,ou=auth,${deps.suffix}).`);
    try {
      session.identity = await verifyLdapBind(deps.db, { kind: name.kind, name: name.name, password, ip: transportOf(req).remoteAddress, limits: deps.loginLimits });
      session.bindDn = bindDnOf(name.kind === "mailbox" ? name.name.toLowerCase() : name.name.toLowerCase(), deps.suffix);
      answer(res, RESULT.success);
    } catch (error) {
      if (error instanceof AppError && (error.code === "INVALID_CREDENTIALS" || error.code === "LOCKED_OUT")) return answer(res, RESULT.invalidCredentials, error.message);
      throw error;
    }
  });

  const search = handle(async (req, res) => {
    const session = sessionOf(req);
    for (const control of req.controls) {
      if (control.criticality && control.type !== PAGED_RESULTS_OID) return answer(res, RESULT.unavailableCriticalExtension, `Control ${control.type} is not supported.`);
    }
    const base = normalizeDn(String(req.dn ?? ""));
    if (base === null) return answer(res, RESULT.invalidDnSyntax, "The search base is not a valid DN.");
    let predicate;
    try {
      predicate = compileFilter(req.filter!);
    } catch (error) {
      if (error instanceof FilterTooComplexError) return answer(res, RESULT.unwillingToPerform, error.message);
      throw error;
    }
    const transport = transportOf(req);
    const typesOnly = req.typesOnly === true;

    if (base === "") {
      if (req.scope === SCOPE.base && predicate(dse)) {
        const requested = req.attributes ?? [];
        const selection = requested.includes("+") ? { all: true, names: [] } : selectAttributes(requested);
        transport.write(encodeSearchEntry(req.messageId, encodingOf(dse).dn, encodedAttributesOf(dse, selection, typesOnly)));
      }
      return answer(res, RESULT.success);
    }
    if (!session.identity) return answer(res, RESULT.insufficientAccessRights, `Bind first: the address books are read with cn=<mailbox address>,ou=auth,${deps.suffix} and its LDAP password.`);

    const paging = req.controls.find((control) => control.type === PAGED_RESULTS_OID)?.value as { size: number; cookie: Buffer } | undefined;
    const selection = selectAttributes(req.attributes);
    const signature = paging ? searchSignature([session.bindDn, base, String(req.scope), req.filter!.toString(), (req.attributes ?? []).join(","), String(typesOnly)]) : "";
    const offset = paging ? readCookie(paging.cookie, signature) : 0;
    if (offset === null) return answer(res, RESULT.unwillingToPerform, "This paged-results cookie belongs to another search.");
    if (paging && paging.size === 0) {
      // Size 0 abandons the paged search (RFC 2696 §3).
      res.addControl(new ldapjs.PagedResultsControl({ value: { size: 0, cookie: Buffer.alloc(0) } }));
      return answer(res, RESULT.success);
    }

    const clientMs = (req.timeLimit ?? 0) > 0 ? req.timeLimit! * 1000 : Number.POSITIVE_INFINITY;
    const deadline = Date.now() + Math.min(clientMs, limits.maxSearchMs);
    const view = await cache.viewFor(session.identity);
    const found = await findEntries(view, base, req.scope ?? SCOPE.sub, predicate, deadline, req.filter);
    if (found.kind === "noSuchObject") return answer(res, RESULT.noSuchObject, "No such entry (or not one of the address books this bind may read).");

    const sizeLimit = (req.sizeLimit ?? 0) > 0 ? req.sizeLimit! : Number.POSITIVE_INFINITY;
    const total = found.matches.length;
    const allowedEnd = Math.min(total, sizeLimit);
    const end = paging ? Math.min(allowedEnd, offset + paging.size) : allowedEnd;
    transport.cork();
    for (let i = offset; i < end; i += 1) {
      const entry = found.matches[i]!;
      transport.write(encodeSearchEntry(req.messageId, encodingOf(entry).dn, encodedAttributesOf(entry, selection, typesOnly)));
    }
    transport.uncork();

    if (paging) {
      const more = end < allowedEnd && !found.timedOut;
      res.addControl(new ldapjs.PagedResultsControl({ value: { size: total, cookie: more ? makeCookie(end, signature) : Buffer.alloc(0) } }));
    }
    if (found.timedOut) return answer(res, RESULT.timeLimitExceeded, "The search took longer than its time limit.");
    if (end === allowedEnd && total > sizeLimit) return answer(res, RESULT.sizeLimitExceeded, `More than ${sizeLimit} entries match.`);
    answer(res, RESULT.success);
  });

  const whoAmI = handle((req, res) => {
    const session = sessionOf(req);
    res.responseValue = session.identity ? `dn:${session.bindDn}` : "";
    answer(res, RESULT.success);
  });

  const startTls = handle(async (req, res) => {
    const transport = transportOf(req);
    if (transport.isTls) return answer(res, RESULT.operationsError, "TLS is already on.");
    res.responseName = STARTTLS_OID;
    answer(res, RESULT.success);
    await transport.startTls(secureContext).catch(() => transport.destroy());
  });

  const compare = handle(async (req, res) => {
    const session = sessionOf(req);
    if (!session.identity) return answer(res, RESULT.insufficientAccessRights, "Bind first.");
    const target = normalizeDn(String((req as unknown as { entry: unknown }).entry ?? ""));
    const { attribute, value } = req as unknown as { attribute: string; value: string };
    if (target === null) return answer(res, RESULT.invalidDnSyntax, "Not a valid DN.");
    const view = await cache.viewFor(session.identity);
    const predicate = compileFilter({ type: "EqualityFilter", attribute, value, toString: () => "" });
    const found = await findEntries(view, target, SCOPE.base, () => true, Date.now() + limits.maxSearchMs);
    if (found.kind === "noSuchObject" || found.matches.length === 0) return answer(res, RESULT.noSuchObject, "No such entry.");
    answer(res, predicate(found.matches[0]!) ? RESULT.compareTrue : RESULT.compareFalse);
  });

  const refuseWrite = handle((_req, res) => answer(res, RESULT.unwillingToPerform, READ_ONLY_MESSAGE));

  server.search("", search);
  server.compare("", compare);
  for (const mount of [server.add, server.modify, server.del, server.modifyDN]) mount.call(server, "", refuseWrite);
  server.exop(WHO_AM_I_OID, whoAmI);
  server.exop(STARTTLS_OID, startTls);
  // ldapjs answers an empty bind (anonymous) itself, with success, before any handler: every bind
  // comes here instead, so that anonymous binds are refused with a clear answer.
  const routeOf = server._getHandlerChain.bind(server);
  server._getHandlerChain = (req) => (req.protocolOp === BIND_REQUEST ? { backend: server, handlers: [bind] } : routeOf(req));

  const listeners: net.Server[] = [];
  const connections = new Set<Socket>();
  const serve = (socket: Socket, isTls: boolean) => {
    connections.add(socket);
    currentActivityRecorder()?.count("connections");
    socket.on("close", () => connections.delete(socket));
    socket.on("error", () => {});
    const transport = new LdapTransport(socket, isTls, limits);
    server.newConnection(transport);
    // ldapjs's own data listener formats every chunk for its trace log, logging or not; feed its parser directly.
    transport.removeAllListeners("data");
    transport.on("data", (chunk: Buffer) => transport.parser!.write(chunk));
  };

  return {
    listen(port, host, options = {}) {
      const listener = options.implicitTls
        ? tls.createServer({ key: deps.tls.key, cert: deps.tls.cert }, (socket) => serve(socket, true))
        : net.createServer((socket) => serve(socket, false));
      listener.on("tlsClientError", () => {});
      listeners.push(listener);
      return new Promise((resolve, reject) => {
        listener.once("error", reject);
        listener.listen(port, host, () => resolve(listener.address() as AddressInfo));
      });
    },
    async close() {
      for (const socket of connections) socket.destroy();
      await Promise.all(
        listeners.map(
          (listener) =>
            new Promise<void>((resolve) => {
              listener.close(() => resolve());
            }),
        ),
      );
    },
  };
}

function answer(res: LdapResponse, status: number, message = ""): void {
  res.diagnosticMessage = message;
  res.end(status);
}

// ldapjs logs through this; the daemon reports what matters itself.
const silentLog = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child: () => silentLog };
