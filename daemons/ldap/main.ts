// The LDAP daemon: read-only address books for desktop clients on LDAP_PORT (2389 in development,
// 389 in production; StartTLS before binding) and LDAPS_PORT (2636 / 636). The directory suffix
// is the one the Manager's setup panel prints: ldapSuffixOf(PUBLIC_HOSTNAME). Started by
// `npm start` with the other processes; run alone with `node --import tsx daemons/ldap/main.ts`.
import { loadConfig } from "../../lib/env.ts";
import { openDb } from "../../lib/db.ts";
import { startServiceRecording } from "../../lib/status/start-service-recording.ts";
import { resolveDatabaseTarget } from "../../lib/database-url.ts";
import { ldapSuffixOf } from "../../lib/addressbook/desktop-client-settings.ts";
import { ensureTlsCertificate, readTlsFiles } from "../../lib/runtime/ensure-tls-certificate.ts";
import { createLdapServer } from "./ldap-server.ts";

async function main() {
  const config = loadConfig();
  const db = await openDb(resolveDatabaseTarget(config.databaseUrl, config.dataDir));
  startServiceRecording(db, "ldap");
  const suffix = ldapSuffixOf(config.publicHostname);
  const server = createLdapServer({ db, suffix, loginLimits: config.loginLimits, tls: readTlsFiles(await ensureTlsCertificate(config)) });
  const host = config.mode === "production" ? "0.0.0.0" : "127.0.0.1";
  const plain = await server.listen(config.ports.ldap, host);
  const secure = await server.listen(config.ports.ldaps, host, { implicitTls: true });
  console.log(`LDAP listening on ${plain.address}:${plain.port} (StartTLS) and ${secure.address}:${secure.port} (TLS), suffix ${suffix}`);

  const stop = async () => {
    await server.close();
    await db.$disconnect();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((error: unknown) => {
  console.error(`ldap: did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
