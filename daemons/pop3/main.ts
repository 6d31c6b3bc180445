// The POP3 daemon: POP3 on POP3_PORT (2110 in development, 110 in production) with STLS, and POP3
// over TLS on POP3S_PORT (2995 / 995). Started by `npm start` with the other processes; run alone
// with `node --import tsx daemons/pop3/main.ts`.
import { loadConfig } from "../../lib/env.ts";
import { openStore } from "../../lib/store/open-store.ts";
import { ensureTlsCertificate, readTlsFiles } from "../../lib/runtime/ensure-tls-certificate.ts";
import { createPop3Server } from "./pop3-server.ts";
import { startServiceRecording } from "../../lib/status/start-service-recording.ts";

async function main() {
  const config = loadConfig();
  const store = await openStore(config);
  startServiceRecording(store.db, "pop3");
  const server = createPop3Server({ store, hostname: config.publicHostname, loginLimits: config.loginLimits, tls: readTlsFiles(await ensureTlsCertificate(config)) });
  const host = config.mode === "production" ? "0.0.0.0" : "127.0.0.1";
  const plain = await server.listen(config.ports.pop3, host);
  const secure = await server.listen(config.ports.pop3s, host, { implicitTls: true });
  console.log(`POP3 listening on ${plain.address}:${plain.port} (STLS) and ${secure.address}:${secure.port} (TLS)`);

  const stop = async () => {
    await server.close();
    await store.db.$disconnect();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((error: unknown) => {
  console.error(`pop3: did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
