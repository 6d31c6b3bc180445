import { updateFlagsIn } from "./update-flags.ts";
import { expungeMessagesIn } from "./expunge-messages.ts";
import { deleteMessagesIn } from "./delete-messages.ts";

/**
 * The store's writes that run by name in one transaction (store-transaction.ts): on PostgreSQL in
 * the process, on SQLite on the writer thread (sqlite-ingest-worker.ts), which can be sent a name
 * and plain data but not a function. Each takes the transaction's Sql and plain input.
 */
export const STORE_WRITES = {
  updateFlags: updateFlagsIn,
  expungeMessages: expungeMessagesIn,
  deleteMessages: deleteMessagesIn,
};

export type StoreWrites = typeof STORE_WRITES;
export type StoreWriteName = keyof StoreWrites;
