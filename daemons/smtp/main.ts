// The SMTP daemon: the MX on SMTP_PORT (2525 in development, 25 in production). Started by
// `npm start` with the other processes; run alone with `node --import tsx daemons/smtp/main.ts`.
import { loadConfig } from "../../lib/env.ts";
import { openStore } from "../../lib/store/open-store.ts";
import { startServiceRecording } from "../../lib/status/start-service-recording.ts";
import { ensureTlsCertificate, readTlsFiles } from "../../lib/runtime/ensure-tls-certificate.ts";
import { createRejectLog } from "../../lib/delivery/reject-log.ts";
import { createDnsResolver } from "../../lib/delivery/dns-resolver.ts";
import { createSpamJudge } from "../../lib/delivery/judge-spam.ts";
import { createMxServer } from "./mx-server.ts";
import { forwardingOptions } from "../../lib/queue/forwarding-options.ts";
import { createSmtpConnectionPool } from "../../lib/queue/smtp-connection-pool.ts";
import { startQueueRunner } from "../../lib/queue/run-queue.ts";
import { createSenderNotifier } from "../../lib/queue/notify-sender.ts";
import { DEFAULT_RETRY_POLICY } from "../../lib/queue/retry-policy.ts";
import { createSubmissionServer } from "./submission-server.ts";

async function main() {
  const config = loadConfig();
  const store = await openStore(config);
  startServiceRecording(store.db, "smtp");
  const rejectLog = createRejectLog(store.db, { catchAllDailyCap: config.mx.catchAllDailyCap });
  const resolver = createDnsResolver({ servers: config.dnsServers.length ? config.dnsServers : undefined });
  const tls = readTlsFiles(await ensureTlsCertificate(config));
  const { srs, policy: forwardPolicy } = forwardingOptions(config);
  const queueDeps = {
    db: store.db,
    resolver,
    pool: createSmtpConnectionPool({ hostname: config.publicHostname, port: config.queue.outboundPort, maxPerDestination: config.queue.maxPerDestination, maxMessagesPerConnection: 100, idleMs: 30_000, timeoutMs: 60_000 }),
    policy: DEFAULT_RETRY_POLICY,
    notify: createSenderNotifier({ db: store.db, store, hostname: config.publicHostname, srs }),
    batchSize: 200,
    leaseMs: config.queue.leaseMs,
    concurrency: 50,
    destinations: config.queue.destinations,
  };
  const queue = config.queue.runsQueue ? startQueueRunner(queueDeps, { intervalMs: 1_000 }) : { wake: () => undefined, close: async () => queueDeps.pool.close() };
  const submissionOptions = {
    db: store.db,
    store,
    hostname: config.publicHostname,
    tls,
    loginLimits: config.loginLimits,
    limits: { maxMessageBytes: store.maxMessageBytes, maxRecipients: config.mx.maxRecipients, maxRecipientsPerHour: config.submission.maxRecipientsPerHour },
    savesToSent: config.submission.savesToSent,
    onQueued: () => queue.wake(),
    forwarding: { srs, policy: forwardPolicy },
  };
  const submission = createSubmissionServer(submissionOptions, false);
  const smtps = createSubmissionServer(submissionOptions, true);
  const mx = createMxServer({
    db: store.db,
    store,
    rejectLog,
    resolver,
    hostname: config.publicHostname,
    tls,
    limits: {
      maxMessageBytes: store.maxMessageBytes,
      maxRecipients: config.mx.maxRecipients,
      maxErrors: config.mx.maxErrors,
      maxConcurrent: config.mx.maxConnectionsPerIp,
      maxPerMinute: config.mx.connectionsPerMinutePerIp,
      greetPauseMs: config.mx.greetPauseMs,
    },
    dnsblZones: config.mx.dnsblZones,
    spam: createSpamJudge({ spamd: config.spamd, onSpamdError: (error) => console.error("spamd:", error instanceof Error ? error.message : error) }),
    xclientPeers: config.mx.xclientPeers,
    outbound: {
      srs,
      forwardPolicy,
      feedbackAddress: config.queue.feedbackAddress,
      onQueued: () => queue.wake(),
    },
  });
  const host = config.mode === "production" ? "0.0.0.0" : "127.0.0.1";
  const address = await mx.listen(config.ports.smtp, host);
  const submissionAddress = await submission.listen(config.ports.submission, host);
  const smtpsAddress = await smtps.listen(config.ports.smtps, host);
  console.log(`submission listening on ${submissionAddress.address}:${submissionAddress.port} (STARTTLS) and ${smtpsAddress.port} (TLS)`);
  console.log(`MX listening on ${address.address}:${address.port}`);

  const stop = async () => {
    await Promise.all([mx.close(), submission.close(), smtps.close()]);
    await queue.close();
    await rejectLog.close();
    await store.db.$disconnect();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((error: unknown) => {
  console.error(`smtp: did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
