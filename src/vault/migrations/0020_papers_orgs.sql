-- Organisations as data (agencies with kind, contact, province and validity;
-- gates with kind and province), users' rank and post for signer blocks,
-- issued papers (number and date fixed at issue, reprinted identically) and
-- the handover of people who are not victims.
ALTER TABLE agencies ADD COLUMN contact TEXT NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN province_code INTEGER;
ALTER TABLE agencies ADD COLUMN valid_from TEXT;
ALTER TABLE agencies ADD COLUMN valid_to TEXT;
UPDATE agencies SET kind = 'provincial_health' WHERE kind = 'health';
UPDATE agencies SET kind = 'provincial_labour' WHERE kind = 'social';
UPDATE agencies SET kind = 'other' WHERE kind NOT IN (
    'provincial_health', 'provincial_labour', 'social_assistance', 'victim_support', 'police',
    'commune_committee', 'womens_union', 'ngo_shelter', 'family', 'other');
-- Social protection moved from Sở LĐ-TB&XH to Sở Y tế on 01/03/2025
-- (Decree 42/2025); a province that moved later changes the dates.
UPDATE agencies SET valid_to = '2025-02-28', province_code = 80 WHERE id = 2;
UPDATE agencies SET valid_from = '2025-03-01', province_code = 80 WHERE id = 1;
INSERT OR IGNORE INTO agencies (name, kind, address, province_code) VALUES
    ('Công an tỉnh Tây Ninh', 'police', 'Phường Long An, tỉnh Tây Ninh', 80),
    ('Cơ sở trợ giúp xã hội tỉnh Tây Ninh', 'social_assistance', 'Tỉnh Tây Ninh', 80),
    ('Hội Liên hiệp Phụ nữ tỉnh Tây Ninh', 'womens_union', 'Tỉnh Tây Ninh', 80);

ALTER TABLE gates ADD COLUMN kind TEXT NOT NULL DEFAULT 'other';
ALTER TABLE gates ADD COLUMN province_code INTEGER;
UPDATE gates SET kind = 'international', province_code = 80 WHERE id IN (1, 2);
UPDATE gates SET kind = 'main', province_code = 80 WHERE id = 3;

ALTER TABLE users ADD COLUMN rank TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN post TEXT NOT NULL DEFAULT '';

-- A paper as issued: its number (per year and type symbol, BB, PC…) and date, and the data
-- it was laid out from, so a reprint is the same paper.
CREATE TABLE papers (
    rid INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    symbol TEXT NOT NULL,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    number TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    data TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (kind, record_id),
    UNIQUE (symbol, year, seq)
);

CREATE TABLE citizen_handovers (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    batch_id TEXT NOT NULL REFERENCES batches (id),
    agency_id INTEGER REFERENCES agencies (id),
    data TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX citizen_handovers_batch ON citizen_handovers (batch_id);
