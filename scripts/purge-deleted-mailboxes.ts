// npx tsx scripts/purge-deleted-mailboxes.ts [grace days, default 30] — removes mailboxes deleted
// longer ago than the grace period, with their mail; their blobs are then released for
// `npm run blobs:collect`. Safe while everything runs; meant for a daily timer, before the collector.
import { z } from "zod";
import { loadConfig } from "../lib/env.ts";
import { getDb } from "../lib/db.ts";
import { SYSTEM_ACTOR } from "../lib/auth/principal.ts";
import { DEFAULT_DELETION_GRACE_DAYS, purgeDeletedMailboxes } from "../lib/directory/purge-deleted-mailboxes.ts";

loadConfig(process.env);
const graceDays = z.coerce.number().int().nonnegative().default(DEFAULT_DELETION_GRACE_DAYS).parse(process.argv[2]);
const db = await getDb();
const result = await purgeDeletedMailboxes(db, { actor: SYSTEM_ACTOR, graceDays });
console.log(JSON.stringify({ purged: result.purged.length }));
await db.$disconnect();
