// An MX for tests: a tenant of its own in the run's database (domain, mailboxes, alias, catch-all),
// a real DNS server on loopback for SPF, DMARC and DNSBL answers, and the MX on an ephemeral port.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createFsBlobStore } from "../../lib/blobs/fs-blob-store.ts";
import { createAccount } from "../../lib/directory/create-account.ts";
import { createDomain } from "../../lib/directory/create-domain.ts";
import { createMailbox } from "../../lib/directory/create-mailbox.ts";
import { SYSTEM_ACTOR } from "../../lib/auth/principal.ts";
import { createFolder } from "../../lib/store/folders.ts";
import { findFolder } from "../../lib/store/find-folder.ts";
import { readBlob } from "../../lib/store/message-bytes.ts";
import { DEFAULT_MAX_MESSAGE_BYTES, type StoreDeps } from "../../lib/store/store-deps.ts";
import { createRejectLog } from "../../lib/delivery/reject-log.ts";
import { createDnsResolver } from "../../lib/delivery/dns-resolver.ts";
import { createSpamJudge } from "../../lib/delivery/judge-spam.ts";
import { ensureTlsCertificate, readTlsFiles } from "../../lib/runtime/ensure-tls-certificate.ts";
import { createMxServer, type MxOptions } from "../../daemons/smtp/mx-server.ts";
import { startDnsServer, type DnsRecords } from "./dns-server.ts";
import { testDb, uniqueName, TEST_PASSWORD } from "./fixtures.ts";

/** A client address that DNS lists as a spam source (set with XCLIENT, as a proxy would). */
export const LISTED_CLIENT_IP = "203.0.113.66";
export const DNSBL_ZONE = "bl.mailwright.test";

export async function startTestMx(overrides: Partial<Pick<MxOptions, "limits">> & { catchAllDailyCap?: number; maxMessageBytes?: number } = {}) {
  const db = await testDb();
  const tag = uniqueName("mx");
  const domain = `${tag}.test`;
  const catchAllDomain = `ca-${tag}.test`;
  const account = await createAccount(db, { actor: SYSTEM_ACTOR, name: tag, displayName: "MX test" });
  const domainRow = await createDomain(db, { actor: SYSTEM_ACTOR, accountId: account.id, name: domain });
  const catchAllRow = await createDomain(db, { actor: SYSTEM_ACTOR, accountId: account.id, name: catchAllDomain });
  const mailbox = async (localPart: string, at = domain) => (await createMailbox(db, { actor: SYSTEM_ACTOR, address: `${localPart}@${at}`, password: TEST_PASSWORD })).id;
  const ids = { alice: await mailbox("alice"), bob: await mailbox("bob"), carol: await mailbox("carol"), dave: await mailbox("dave"), erin: await mailbox("erin"), collector: await mailbox("collector", catchAllDomain) };
  await db.mailbox.update({ where: { id: ids.erin }, data: { quotaBytes: 1000, usedBytes: 1000 } }); // full
  await db.mailbox.update({ where: { id: ids.carol }, data: { isDisabled: true } });
  await db.mailbox.update({ where: { id: ids.dave }, data: { spamRejectScore: -100 } }); // refuses everything as spam
  await createFolder(db, { mailboxId: ids.alice, name: "news" });
  await db.alias.create({ data: { localPart: "team", domainId: domainRow.id, targets: { create: [{ mailboxId: ids.alice }, { mailboxId: ids.bob }] } } });
  await db.domain.update({ where: { id: catchAllRow.id }, data: { catchAllMailboxId: ids.collector } });
  await db.blockListEntry.create({ data: { accountId: account.id, kind: "ADDRESS", value: "pest@blocked.example" } });

  const dns = await startDnsServer(testZone());
  const dataDir = mkdtempSync(path.join(tmpdir(), "mailwright-mx-"));
  const store: StoreDeps = { db, blobs: createFsBlobStore(path.join(dataDir, "blobs")), maxMessageBytes: overrides.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES };
  const rejectLog = createRejectLog(db, { catchAllDailyCap: overrides.catchAllDailyCap ?? 1000, flushIntervalMs: 20 });
  const mx = createMxServer({
    db,
    store,
    rejectLog,
    resolver: createDnsResolver({ servers: [dns.address], timeoutMs: 2_000 }),
    hostname: "mx.mailwright.test",
    tls: readTlsFiles(await ensureTlsCertificate({ dataDir, publicHostname: "mx.mailwright.test", tls: undefined })),
    limits: { maxMessageBytes: store.maxMessageBytes, maxRecipients: 5, maxErrors: 10, maxConcurrent: 50, maxPerMinute: 0, greetPauseMs: 0, ...overrides.limits },
    dnsblZones: [DNSBL_ZONE],
    spam: createSpamJudge(),
    xclientPeers: ["127.0.0.1"],
    outbound: { srs: { secret: "mx test srs secret", domain: "mx.mailwright.test" }, forwardPolicy: { discardScores: new Map(), defaultDiscardScore: 6 }, onQueued: () => undefined },
  });
  const { port } = await mx.listen(0);

  /** The raw bytes of every message in a mailbox's folder, in UID order. */
  const messagesIn = async (mailboxId: string, folder: string | { specialUse: "JUNK" }) => {
    const { id } = await findFolder(db, mailboxId, folder);
    const rows = await db.message.findMany({ where: { folderId: id }, orderBy: { uid: "asc" }, select: { blobHash: true } });
    return Promise.all(rows.map((row) => readBlob(store, row.blobHash)));
  };
  /** The reject log's rows for a recipient (after writing what is queued). */
  const rejectsFor = async (rcptTo: string) => {
    await rejectLog.flush();
    return db.rejectEvent.findMany({ where: { rcptTo }, orderBy: { id: "asc" } });
  };
  const close = async () => {
    await mx.close();
    await rejectLog.close();
    await dns.close();
  };
  return { db, port, domain, catchAllDomain, accountId: account.id, catchAllDomainId: catchAllRow.id, ids, dns, messagesIn, rejectsFor, rejectLog, close };

  function testZone(): DnsRecords {
    return {
      // 203.0.113.66 is listed; everything else is not (NXDOMAIN).
      [`66.113.0.203.${DNSBL_ZONE}`]: { A: ["127.0.0.2"], TXT: ["Listed for testing"] },
      "sender.example": { TXT: ["v=spf1 ip4:127.0.0.1 -all"] },
      "_dmarc.sender.example": { TXT: ["v=DMARC1; p=none"] },
      "strict.example": { TXT: ["v=spf1 ip4:192.0.2.1 -all"] },
      "_dmarc.strict.example": { TXT: ["v=DMARC1; p=reject"] },
    };
  }
}
