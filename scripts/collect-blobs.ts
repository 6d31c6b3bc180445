// npm run blobs:collect — deletes message bytes nothing has referred to for a day (and files left
// by failed deliveries). Safe while everything runs; meant for a daily timer.
import { loadConfig } from "../lib/env.ts";
import { openStore } from "../lib/store/open-store.ts";
import { collectBlobs } from "../lib/store/collect-blobs.ts";

const store = await openStore(loadConfig(process.env));
const result = await collectBlobs(store);
console.log(JSON.stringify(result));
await store.db.$disconnect();
