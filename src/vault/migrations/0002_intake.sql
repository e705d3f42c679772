-- Reception batches, persons and cases, the folded search index, duplicates.
CREATE TABLE gates (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    is_other INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    sort INTEGER NOT NULL DEFAULT 0
);
INSERT INTO gates (id, name, is_other, sort) VALUES
    (1, 'Cửa khẩu quốc tế Mộc Bài', 0, 1),
    (2, 'Cửa khẩu quốc tế Xa Mát', 0, 2),
    (3, 'Cửa khẩu Tân Nam', 0, 3),
    (4, 'Địa điểm khác', 1, 99);

CREATE TABLE batches (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    number TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    gate_id INTEGER REFERENCES gates (id),
    data TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX batches_received ON batches (received_at);

CREATE TABLE persons (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);

CREATE TABLE cases (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    number TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    person_id TEXT NOT NULL REFERENCES persons (id),
    batch_id TEXT REFERENCES batches (id),
    status TEXT NOT NULL,
    source TEXT NOT NULL,
    received_on TEXT NOT NULL,
    gate_id INTEGER REFERENCES gates (id),
    full_name TEXT NOT NULL,
    sex TEXT NOT NULL,
    birth_year INTEGER,
    age INTEGER,
    is_child INTEGER NOT NULL,
    home_province INTEGER,
    id_number TEXT NOT NULL,
    passport_number TEXT NOT NULL,
    verification_requested INTEGER NOT NULL DEFAULT 0,
    screening_outcome TEXT,
    decision TEXT,
    search TEXT NOT NULL,
    name_sort BLOB NOT NULL,
    data TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_name_sort ON cases (name_sort, rid);
CREATE INDEX cases_received ON cases (received_on, rid);
CREATE INDEX cases_status ON cases (status, name_sort);
CREATE INDEX cases_person ON cases (person_id);
CREATE INDEX cases_batch ON cases (batch_id);
CREATE INDEX cases_id_number ON cases (id_number) WHERE id_number <> '';
CREATE INDEX cases_passport ON cases (passport_number) WHERE passport_number <> '';
CREATE INDEX cases_dup ON cases (birth_year, home_province);
CREATE INDEX cases_year_seq ON cases (year, seq);

-- The search index over the folded shadow column; the store keeps it in step.
CREATE VIRTUAL TABLE cases_fts USING fts5 (
    search,
    content = 'cases',
    content_rowid = 'rid',
    tokenize = 'unicode61 remove_diacritics 0'
);

-- Duplicate alerts an officer dismissed (so they are not raised again).
CREATE TABLE duplicate_dismissals (
    case_a TEXT NOT NULL,
    case_b TEXT NOT NULL,
    dismissed_by TEXT NOT NULL,
    dismissed_at TEXT NOT NULL,
    PRIMARY KEY (case_a, case_b)
);
