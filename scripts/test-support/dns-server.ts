import dgram from "node:dgram";
import net from "node:net";
import dnsPacket, { type Answer, type DecodedPacket, type OptAnswer } from "dns-packet";

/** The records of one name. TXT strings longer than 255 bytes go out as several character-strings. */
export interface DnsNameRecords {
  A?: string[];
  AAAA?: string[];
  TXT?: string[];
  MX?: { exchange: string; priority: number }[];
  PTR?: string[];
  CNAME?: string;
}

/** Lower-case names (no trailing dot) to their records. */
export type DnsRecords = Record<string, DnsNameRecords>;

export interface DnsServer {
  /** "127.0.0.1:PORT", as `Resolver.setServers` and `createDnsResolver({ servers })` take it. */
  address: string;
  port: number;
  /** Replaces the whole zone; later queries see only these records. */
  set(records: DnsRecords): void;
  /** Every question received, over either transport, in order. */
  queries: { name: string; type: string }[];
  close(): Promise<void>;
}

const HOST = "127.0.0.1";
// RFC 1035 §4.2.1: without EDNS a UDP answer holds at most 512 bytes; larger ones set TC and the
// client retries over TCP, which is how tests reach the TCP side.
const CLASSIC_UDP_LIMIT = 512;
const MAX_CNAME_HOPS = 8;
const BIND_ATTEMPTS = 20;
const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3 } as const;

/**
 * An authoritative DNS server for tests on 127.0.0.1, UDP and TCP on one ephemeral port. Unknown
 * names get NXDOMAIN, known names without the asked type NOERROR with no answers; a CNAME is
 * followed inside the zone, as an authoritative server does.
 */
export async function startDnsServer(zone: DnsRecords): Promise<DnsServer> {
  let records = normalizeZone(zone);
  const queries: { name: string; type: string }[] = [];
  const { udp, tcp, port } = await bindBothTransports();
  const connections = new Set<net.Socket>();

  const respond = (message: Buffer, transport: "udp" | "tcp"): Buffer | undefined => {
    let query: DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return undefined; // not DNS: a real server drops it too
    }
    if (query.type !== "query") return undefined;
    for (const question of query.questions ?? []) queries.push({ name: normalizeName(question.name), type: question.type });
    return encodeResponse(query, records, transport);
  };

  udp.on("message", (message, peer) => {
    const response = respond(message, "udp");
    if (response) udp.send(response, peer.port, peer.address);
  });

  tcp.on("connection", (socket) => {
    connections.add(socket);
    socket.on("close", () => connections.delete(socket));
    // A client that resets its connection is no failure of the server.
    socket.on("error", () => socket.destroy());
    let pending = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      // RFC 1035 §4.2.2: each message is preceded by its two-byte length; several may arrive at once.
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const length = pending.readUInt16BE(0);
        const response = respond(pending.subarray(2, 2 + length), "tcp");
        pending = pending.subarray(2 + length);
        if (!response) return void socket.destroy();
        const framed = Buffer.alloc(2 + response.length);
        framed.writeUInt16BE(response.length, 0);
        response.copy(framed, 2);
        socket.write(framed);
      }
    });
  });

  return {
    address: `${HOST}:${port}`,
    port,
    set(next) {
      records = normalizeZone(next);
    },
    queries,
    async close() {
      for (const socket of connections) socket.destroy();
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve, reject) => tcp.close((error) => (error ? reject(error) : resolve()))),
      ]);
    },
  };
}

/** Binds UDP on a free port, then TCP on the same one; another process may hold it for TCP, so retry. */
async function bindBothTransports(): Promise<{ udp: dgram.Socket; tcp: net.Server; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const udp = dgram.createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      udp.once("error", reject);
      udp.bind(0, HOST, () => {
        udp.off("error", reject);
        resolve();
      });
    });
    const port = udp.address().port;
    const tcp = net.createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once("error", reject);
        tcp.listen(port, HOST, () => {
          tcp.off("error", reject);
          resolve();
        });
      });
      return { udp, tcp, port };
    } catch (error) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt >= BIND_ATTEMPTS) throw error;
    }
  }
}

function encodeResponse(query: DecodedPacket, zone: Map<string, DnsNameRecords>, transport: "udp" | "tcp"): Buffer {
  const question = query.questions?.[0];
  const queryOpt = query.additionals?.find((record): record is OptAnswer => record.type === "OPT");
  // RFC 6891 §7: answer EDNS with EDNS.
  const additionals: Answer[] = queryOpt
    ? [{ type: "OPT", name: ".", udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }]
    : [];
  const base = {
    type: "response" as const,
    id: query.id,
    questions: question ? [question] : [],
    additionals,
  };
  const flagsFor = (rcode: number) => dnsPacket.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | rcode;

  if (!question || query.questions!.length !== 1) return dnsPacket.encode({ ...base, flags: flagsFor(RCODE.FORMERR) });

  const { rcode, answers } = lookUp(zone, question.name, question.type);
  const full = dnsPacket.encode({ ...base, flags: flagsFor(rcode), answers });
  const udpLimit = Math.max(CLASSIC_UDP_LIMIT, queryOpt?.udpPayloadSize ?? 0);
  if (transport === "tcp" || full.length <= udpLimit) return full;
  return dnsPacket.encode({ ...base, flags: flagsFor(rcode) | dnsPacket.TRUNCATED_RESPONSE });
}

function lookUp(zone: Map<string, DnsNameRecords>, questionName: string, type: string): { rcode: number; answers: Answer[] } {
  const answers: Answer[] = [];
  let owner = questionName;
  for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
    const records = zone.get(normalizeName(owner));
    // RFC 6604 §3: after a CNAME the RCODE is that of the last name in the chain.
    if (!records) return { rcode: RCODE.NXDOMAIN, answers };
    if (records.CNAME !== undefined && type !== "CNAME") {
      answers.push({ type: "CNAME", name: owner, ttl: 60, data: records.CNAME });
      owner = records.CNAME;
      continue;
    }
    answers.push(...recordsOfType(owner, records, type));
    return { rcode: RCODE.NOERROR, answers };
  }
  return { rcode: RCODE.SERVFAIL, answers: [] };
}

function recordsOfType(owner: string, records: DnsNameRecords, type: string): Answer[] {
  const ttl = 60;
  switch (type) {
    case "A":
    case "AAAA":
    case "PTR":
      return (records[type] ?? []).map((data) => ({ type, name: owner, ttl, data }));
    case "CNAME":
      return records.CNAME === undefined ? [] : [{ type, name: owner, ttl, data: records.CNAME }];
    case "MX":
      return (records.MX ?? []).map((mx) => ({ type, name: owner, ttl, data: { preference: mx.priority, exchange: mx.exchange } }));
    case "TXT":
      return (records.TXT ?? []).map((text) => ({ type, name: owner, ttl, data: splitCharacterStrings(text) }));
    default:
      return [];
  }
}

// RFC 1035 §3.3.14: a TXT record is a list of character-strings of at most 255 bytes each.
function splitCharacterStrings(text: string): Buffer[] {
  const bytes = Buffer.from(text, "utf8");
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += 255) chunks.push(bytes.subarray(offset, offset + 255));
  return chunks.length > 0 ? chunks : [Buffer.alloc(0)];
}

function normalizeZone(zone: DnsRecords): Map<string, DnsNameRecords> {
  return new Map(Object.entries(zone).map(([name, records]) => [normalizeName(name), records]));
}

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

export interface SilentDnsServer {
  /** "127.0.0.1:PORT", as for a real server. */
  address: string;
  /** How many questions arrived (none is ever answered). */
  received(): number;
  close(): void;
}

/** A DNS server that takes every question and answers none: for timeouts (UDP on 127.0.0.1). */
export async function startSilentDnsServer(): Promise<SilentDnsServer> {
  const socket = dgram.createSocket("udp4");
  let received = 0;
  socket.on("message", () => (received += 1));
  await new Promise<void>((resolve) => socket.bind(0, HOST, resolve));
  return { address: `${HOST}:${socket.address().port}`, received: () => received, close: () => socket.close() };
}
