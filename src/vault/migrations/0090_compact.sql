-- Measured with `tiepnhan bench` (where the bytes go) at a million cases.

-- Each audit event kept the hash of the event before it, which is that
-- event's own `hash`: 33 bytes an event, about 70 a case. The chain is
-- checked by recomputing each hash from the one before (vault::audit).
ALTER TABLE audit DROP COLUMN prev_hash;

-- The report's referral counts joined referrals to their case's reception
-- day through this covering index (0008). The report reads the per-day
-- aggregates (0060) and the one remaining join, the bulk refill of those
-- aggregates, finds each case by its unique id: 56 bytes a case for no query.
DROP INDEX IF EXISTS cases_id_received;
