// The SMTP daemon: the MX on SMTP_PORT (2525 in development, 25 in production). Started by
// `npm start` with the other processes; run alone with `node --import tsx daemons/smtp/main.ts`.
import { loadConfig } from "../../lib/env.ts";
import { openStore } from "../../lib/store/open-store.ts";
import { ensureTlsCertificate, readTlsFiles } from "../../lib/runtime/ensure-tls-certificate.ts";
import { createRejectLog } from "../../lib/delivery/reject-log.ts";
import { createDnsResolver } from "../../lib/delivery/dns-resolver.ts";
import { createSpamJudge } from "../../lib/delivery/judge-spam.ts";
import { createMxServer } from "./mx-server.ts";

async function main() {
  const config = loadConfig();
  const store = await openStore(config);
  const rejectLog = createRejectLog(store.db, { catchAllDailyCap: config.mx.catchAllDailyCap });
  const mx = createMxServer({
    db: store.db,
    store,
    rejectLog,
    resolver: createDnsResolver({ servers: config.dnsServers.length ? config.dnsServers : undefined }),
    hostname: config.publicHostname,
    tls: readTlsFiles(await ensureTlsCertificate(config)),
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
  });
  const address = await mx.listen(config.ports.smtp, config.mode === "production" ? "0.0.0.0" : "127.0.0.1");
  console.log(`MX listening on ${address.address}:${address.port}`);

  const stop = async () => {
    await mx.close();
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
