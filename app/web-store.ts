import { loadConfig } from "@/lib/env";
import { openStore } from "@/lib/store/open-store";
import type { StoreDeps } from "@/lib/store/store-deps";

let store: Promise<StoreDeps> | undefined;

/** The message store as the web process uses it (one per process, like the database client). */
export function webStore(): Promise<StoreDeps> {
  store ??= openStore(loadConfig());
  return store;
}
