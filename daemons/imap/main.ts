// The IMAP daemon: IMAP on IMAP_PORT (2143 in development, 143 in production) with STARTTLS, and
// IMAP over TLS on IMAPS_PORT (2993 / 993). Started by `npm start` with the other processes; run
// alone with `node --import tsx daemons/imap/main.ts`.
import { loadConfig } from "../../lib/env.ts";
import { openStore } from "../../lib/store/open-store.ts";
import { startChangeFeed } from "../../lib/store/change-feed.ts";
import { targetOf } from "../../lib/db.ts";
import { ensureTlsCertificate, readTlsFiles } from "../../lib/runtime/ensure-tls-certificate.ts";
import { createImapServer } from "./imap-server.ts";
import { startServiceRecording } from "../../lib/status/start-service-recording.ts";

async function main() {
  const config = loadConfig();
  const store = await openStore(config);
  startServiceRecording(store.db, "imap");
  const feed = await startChangeFeed(store.db, targetOf(store.db));
  const server = createImapServer({ store, feed, hostname: config.publicHostname, loginLimits: config.loginLimits, tls: readTlsFiles(await ensureTlsCertificate(config)) });
  const host = config.mode === "production" ? "0.0.0.0" : "127.0.0.1";
  const plain = await server.listen(config.ports.imap, host);
  const secure = await server.listen(config.ports.imaps, host, { implicitTls: true });
  console.log(`IMAP listening on ${plain.address}:${plain.port} (STARTTLS) and ${secure.address}:${secure.port} (TLS)`);

  const stop = async () => {
    await server.close();
    await feed.close();
    await store.db.$disconnect();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((error: unknown) => {
  console.error(`imap: did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
