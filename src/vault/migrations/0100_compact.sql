-- Measured with `tiepnhan bench` (where the bytes go), issue 22.

-- The search index kept its text twice: in the index, and as the `search`
-- column of `cases` it was built from (an external-content table, about 60
-- bytes a case). A contentless table that deletes by rowid (SQLite 3.43's
-- `contentless_delete`) holds the index alone; the store adds and removes a
-- case's entry by its rowid (`vault::cases::index_search`, `unindex_search`),
-- so a stale copy of the text can no longer decide what is removed.
CREATE VIRTUAL TABLE cases_fts_compact USING fts5 (
    search,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO cases_fts_compact (rowid, search)
    SELECT rid, search FROM cases WHERE search <> '' ORDER BY rid;
DROP TABLE cases_fts;
ALTER TABLE cases_fts_compact RENAME TO cases_fts;
ALTER TABLE cases DROP COLUMN search;

-- A case row of about 930 bytes left four to a 4 KiB page and 15 % of each
-- page empty; below about 800 bytes five fit. Four more columns go:
-- - `name_sort`, the Vietnamese sort key of the name (30 bytes), kept in the
--   row and again in two indexes: the indexes now hold the key alone, as an
--   expression of the name (`tn_sort_key`, registered on every connection
--   by `vault::db::register_functions`);
-- - `dest_country` and `exploitation`, facts of the report of 0005 that
--   nothing reads since the report counts the per-day aggregates (0060),
--   which read `dest_code` and `purposes`;
-- - `created_at`, which no query reads: the case's creation is the time of
--   its `case_created` audit event.
DROP INDEX cases_name_sort;
DROP INDEX cases_status;
ALTER TABLE cases DROP COLUMN name_sort;
ALTER TABLE cases DROP COLUMN dest_country;
ALTER TABLE cases DROP COLUMN exploitation;
ALTER TABLE cases DROP COLUMN created_at;
CREATE INDEX cases_name_sort ON cases (tn_sort_key(full_name), rid);
CREATE INDEX cases_status ON cases (status, tn_sort_key(full_name));

-- Each person's first reception is found by the person (the triggers of
-- 0060); no query reads it by day: 54 bytes a case for no query.
DROP INDEX IF EXISTS person_first_on;
