// tsx scripts/print-dkim-record.ts <domain> — prints the DNS record of the domain's DKIM key as a
// zone-file line, creating the key first when the domain has none, so that an operator can publish
// it before the domain's first outbound message. Exits 1 for a domain that is not ours.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../lib/env.ts";
import { openDb } from "../lib/db.ts";
import { resolveDatabaseTarget } from "../lib/database-url.ts";
import { findSigningKey, type DkimSigningKey } from "../lib/queue/dkim-keys.ts";

// RFC 1035 §3.3.14: a TXT record is a list of character-strings of at most 255 octets each; a
// 2048-bit key's record is longer, so it is split, and verifiers join the pieces (RFC 6376 §3.6.2.2).
const MAX_CHARACTER_STRING = 255;

/** `<selector>._domainkey.<domain>. IN TXT "…" "…"`, the record split into quoted strings of ≤255 characters. */
export function formatDkimZoneLine(key: Pick<DkimSigningKey, "domain" | "selector" | "dnsRecord">): string {
  const strings: string[] = [];
  for (let at = 0; at < key.dnsRecord.length; at += MAX_CHARACTER_STRING) strings.push(key.dnsRecord.slice(at, at + MAX_CHARACTER_STRING));
  // The limit counts the string's own characters, so quoting and escaping come after the split.
  const quoted = strings.map((piece) => `"${piece.replace(/["\\]/g, "\\$&")}"`);
  return `${key.selector}._domainkey.${key.domain}. IN TXT ${quoted.join(" ")}`;
}

async function printDkimRecord(args: string[]): Promise<number> {
  if (args.length !== 1) {
    console.error("usage: tsx scripts/print-dkim-record.ts <domain>");
    return 2;
  }
  // As `npm start`: variables already in the environment win over .env.
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  if (existsSync(path.join(root, ".env"))) process.loadEnvFile(path.join(root, ".env"));
  const config = loadConfig();
  const target = resolveDatabaseTarget(config.databaseUrl, path.resolve(root, config.dataDir));
  // Opening a missing SQLite file would create an empty one.
  if (target.provider === "sqlite" && !existsSync(target.file)) {
    console.error(`print-dkim-record: no database at ${target.file} (run npm run db:migrate or npm start first).`);
    return 1;
  }
  const db = await openDb(target);
  try {
    const key = await findSigningKey(db, args[0]!);
    if (!key) {
      console.error(`print-dkim-record: ${args[0]} is not a domain of this server.`);
      return 1;
    }
    console.log(formatDkimZoneLine(key));
    return 0;
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  printDkimRecord(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`print-dkim-record: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
