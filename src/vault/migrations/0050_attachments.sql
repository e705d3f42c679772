-- Attachments of a case or a batch (photos, ID papers, the handover list,
-- medical papers), kept inside the encrypted database in pieces of at most
-- 512 KiB, never as files. Metadata of images is removed before storing.
CREATE TABLE attachments (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    case_id TEXT REFERENCES cases (id),
    batch_id TEXT REFERENCES batches (id),
    kind TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    chunks INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL,
    CHECK ((case_id IS NULL) <> (batch_id IS NULL))
);
CREATE INDEX attachments_case ON attachments (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX attachments_batch ON attachments (batch_id) WHERE batch_id IS NOT NULL;

CREATE TABLE attachment_chunks (
    attachment_rid INTEGER NOT NULL REFERENCES attachments (rid) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (attachment_rid, seq)
);
