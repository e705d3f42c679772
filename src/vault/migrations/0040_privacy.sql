-- Personal data protection (issue 17; Law 91/2025, Decree 356/2025).
-- The notice given at intake and the answers to the optional uses: one row
-- per notice given, the latest counts.
CREATE TABLE notices (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    case_id TEXT NOT NULL REFERENCES cases (id),
    data TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX notices_case ON notices (case_id, rid);

-- The register of the person's requests (access, correction, withdrawal of
-- consent, deletion, objection).
CREATE TABLE rights_requests (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    case_id TEXT NOT NULL REFERENCES cases (id),
    kind TEXT NOT NULL,
    received_on TEXT NOT NULL,
    deadline TEXT,
    decision TEXT,
    data TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX rights_requests_case ON rights_requests (case_id, kind);
CREATE INDEX rights_requests_open ON rights_requests (decision, deadline);

-- Earlier versions of a case record (a correction keeps the value it
-- replaced here; the audit log names the fields only).
CREATE TABLE case_history (
    rid INTEGER PRIMARY KEY,
    case_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    data TEXT NOT NULL,
    replaced_by TEXT NOT NULL,
    replaced_at TEXT NOT NULL
);
CREATE INDEX case_history_case ON case_history (case_id, version);

-- Retention: when a case was reduced to its report facts, and when the
-- screening answers of a person found not to be a victim were removed.
ALTER TABLE cases ADD COLUMN anonymised_on TEXT;
ALTER TABLE cases ADD COLUMN screening_removed_on TEXT;
