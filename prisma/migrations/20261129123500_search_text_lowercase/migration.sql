-- The full-text rows are stored lower-cased and searched with LIKE: ILIKE lower-cases every
-- candidate's whole text on each search, which made a body search over 100,000 messages 2.5x slower.
-- (PostgreSQL only: SQLite's FTS5 trigram index folds case itself.)
UPDATE "MessageSearch" SET "headers" = lower("headers"), "body" = lower("body");
