-- Records are kept packed (vault::packed): zstd against a dictionary of the
-- records' shape, a fifth to a half of their JSON. Text is still read, so a
-- record written before this step and not yet packed stays readable.
-- From here on SQL sees a record's JSON through tn_json(data).
UPDATE cases SET data = tn_pack(data) WHERE typeof(data) = 'text';
UPDATE case_history SET data = tn_pack(data) WHERE typeof(data) = 'text';
UPDATE screenings SET data = tn_pack(data) WHERE typeof(data) = 'text';
UPDATE referrals SET data = tn_pack(data) WHERE typeof(data) = 'text';

-- The report reads the per-day aggregates (0060), not the cases: the covering
-- index over the counted columns (0007, 0009) serves no query and cost about
-- 140 bytes a case.
DROP INDEX IF EXISTS cases_report;

-- A batch's number is the year's highest plus one: without this index each
-- new batch read every batch (4.7 ms at 33,000 batches, a million cases),
-- which made building or importing a large vault grow with its square.
CREATE INDEX batches_year_seq ON batches (year, seq);
