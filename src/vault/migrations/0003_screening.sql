-- Screenings: versioned per case; the officer's decision and the supervisor's approval.
CREATE TABLE screenings (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    case_id TEXT NOT NULL REFERENCES cases (id),
    version INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    decision TEXT,
    approval TEXT,
    decided_by TEXT,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (case_id, version)
);
CREATE INDEX screenings_approval ON screenings (approval, updated_at);
CREATE INDEX cases_queue ON cases (screening_outcome, received_on) WHERE screening_outcome IS NULL;
