-- Per-day report aggregates kept current on write (issue 18): a report over
-- 1,000,000 cases sums a few hundred rows per day of the period instead of
-- scanning every case. The backfill and the triggers that follow this text are
-- written by src/vault/report_days.rs from its table of contributions.
--
-- The facts the report counts, as columns (derived in `vault::cases::write_facts`;
-- `purposes` from the latest screening, a bit set in `Purpose::ALL` order).
ALTER TABLE cases ADD COLUMN nat_code TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN ethnic_code TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN dest_code TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN exit_legality TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE cases ADD COLUMN purposes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN identified INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN fined INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN fine_amount INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN wanted INTEGER NOT NULL DEFAULT 0;

-- tn_country_key / tn_ethnic_key: `domain::lists::country_key` / `ethnic_key`,
-- registered on the connection by `vault::migrations::migrate`.
UPDATE cases SET
    nat_code = tn_country_key(COALESCE(json_extract(data, '$.identity.nationality'), '')),
    ethnic_code = tn_ethnic_key(COALESCE(json_extract(data, '$.identity.ethnicity'), '')),
    dest_code = tn_country_key(dest_country),
    exit_legality = COALESCE(json_extract(data, '$.journey.exit_legality'), 'unknown'),
    identified = COALESCE(json_extract(data, '$.identification.basis'), 'none') <> 'none',
    fined = trim(COALESCE(json_extract(data, '$.fine.decision_number'), '')) <> ''
        OR json_extract(data, '$.fine.decided_on') IS NOT NULL
        OR COALESCE(json_extract(data, '$.fine.amount'), 0) > 0,
    fine_amount = COALESCE(json_extract(data, '$.fine.amount'), 0),
    wanted = COALESCE(json_extract(data, '$.wanted_handed_to_police'), 0),
    purposes = COALESCE((
        SELECT sum(CASE j.value WHEN 'sold_for_benefit' THEN 1 WHEN 'sexual_exploitation' THEN 2
            WHEN 'forced_labour' THEN 4 WHEN 'organ_removal' THEN 8 WHEN 'other_inhumane' THEN 16
            ELSE 0 END)
        FROM json_each((SELECT json_extract(s.data, '$.input.purposes') FROM screenings s
                        WHERE s.case_id = cases.id ORDER BY s.version DESC LIMIT 1)) j), 0);

-- (day, dim, key) -> n. Keys are 'value|class' for the cross-tables, where the
-- class is identified / suspected / none; 'amount' rows hold sums.
CREATE TABLE report_days (
    day TEXT NOT NULL,
    dim TEXT NOT NULL,
    key TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (day, dim, key)
) WITHOUT ROWID;

-- Each person's first reception (repeat returns: 'repeat'/'first' rows of
-- report_days follow this table's changes).
CREATE TABLE person_first (
    person_id TEXT PRIMARY KEY,
    first_on TEXT NOT NULL
) WITHOUT ROWID;

-- What every case contributes (`report_days::recount_sql`, the same query
-- `vault::reports::report_days_drift` recounts with) fills report_days.
