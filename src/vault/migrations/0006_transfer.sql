-- Transfer bundles: trusted sending units, what was sent and received, the
-- state of each imported case, conflicts to settle, the senders' audit events.
CREATE TABLE trusted_units (
    fingerprint TEXT PRIMARY KEY,
    public_key TEXT NOT NULL UNIQUE,
    unit TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL
);

CREATE TABLE bundles_sent (
    recipient TEXT PRIMARY KEY,
    sequence INTEGER NOT NULL,
    sent_at TEXT NOT NULL
);

CREATE TABLE bundles_received (
    sender TEXT PRIMARY KEY,
    sequence INTEGER NOT NULL,
    received_at TEXT NOT NULL
);

CREATE TABLE sync_state (
    case_id TEXT NOT NULL,
    sender TEXT NOT NULL,
    remote_revision TEXT NOT NULL,
    local_revision TEXT NOT NULL,
    PRIMARY KEY (case_id, sender)
);

CREATE TABLE conflicts (
    id INTEGER PRIMARY KEY,
    case_id TEXT NOT NULL,
    sender TEXT NOT NULL,
    incoming TEXT NOT NULL,
    remote_revision TEXT NOT NULL,
    created_at TEXT NOT NULL,
    settled_at TEXT,
    settled_by TEXT,
    choice TEXT
);
CREATE INDEX conflicts_case ON conflicts (case_id) WHERE settled_at IS NULL;

CREATE TABLE imported_audit (
    sender TEXT NOT NULL,
    seq INTEGER NOT NULL,
    ts TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    details TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (sender, seq)
);
CREATE INDEX screenings_updated ON screenings (updated_at);
CREATE INDEX referrals_updated ON referrals (updated_at);
CREATE INDEX cases_updated ON cases (updated_at);
