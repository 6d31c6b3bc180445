// npm run reports:daily — the reject reports' daily job: prunes the reject log and its roll-ups
// past REJECT_RETENTION_DAYS (in small batches by primary key, so the MX's writes never wait long),
// then sends yesterday's digest to each mailbox that asked. Safe while everything runs and safe to
// run twice; meant for a daily timer shortly after midnight UTC, like blobs:collect.
import { loadConfig } from "../lib/env.ts";
import { openStore } from "../lib/store/open-store.ts";
import { pruneRejects } from "../lib/reports/prune-rejects.ts";
import { sendRejectDigests } from "../lib/reports/send-reject-digests.ts";

const config = loadConfig(process.env);
const store = await openStore(config);
try {
  const pruned = await pruneRejects(store.db, { retentionDays: config.mx.rejectRetentionDays });
  const digests = await sendRejectDigests(store, { reportsUrl: `https://${config.publicHostname}/reports` });
  console.log(JSON.stringify({ pruned, digests }));
} finally {
  await store.db.$disconnect();
}
