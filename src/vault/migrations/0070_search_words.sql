-- The words of the search index (issue 22): what a typed prefix is spelt out
-- as, so that a common surname is read lazily, newest first, instead of
-- gathering every case that bears it (see `vault::cases::fts_query`).
-- Filled from the index itself by `vault::cases::REFILL_WORDS`, which follows.
CREATE TABLE search_words (
    word TEXT PRIMARY KEY
) WITHOUT ROWID;
