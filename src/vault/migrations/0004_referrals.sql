-- Receiving agencies (a configurable list) and referrals.
CREATE TABLE agencies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1
);
INSERT INTO agencies (id, name, kind, address) VALUES
    (1, 'Sở Y tế tỉnh Tây Ninh', 'health', 'Phường Long An, tỉnh Tây Ninh'),
    (2, 'Sở Lao động – Thương binh và Xã hội tỉnh Tây Ninh', 'social', 'Tỉnh Tây Ninh'),
    (3, 'Công an tỉnh, thành phố nơi người được chuyển gửi cư trú', 'police', '');

CREATE TABLE referrals (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    case_id TEXT NOT NULL REFERENCES cases (id),
    number TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    agency_id INTEGER REFERENCES agencies (id),
    status TEXT NOT NULL,
    data TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX referrals_case ON referrals (case_id);
CREATE INDEX referrals_status ON referrals (status, updated_at);
