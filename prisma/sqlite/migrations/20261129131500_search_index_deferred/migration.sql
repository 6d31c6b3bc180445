-- Full-text indexing leaves the delivery transaction. Building the FTS5 trigram entries of a
-- message cost more than everything else its delivery writes; now the delivery stores the text in
-- "MessageSearchQueue" (a plain table, keyed by the message's future FTS rowid, Message.searchRowId),
-- and the writer thread moves queued rows into the index when deliveries pause. Searches read both.
CREATE TABLE "MessageSearchQueue" ("rowid" INTEGER NOT NULL PRIMARY KEY, "headers" TEXT NOT NULL, "body" TEXT NOT NULL);
