-- Audit checkpoints that travel with bundles (issue 25): what this vault put
-- in the bundles it sent, and the latest checkpoint of each sender.
CREATE TABLE checkpoints_sent (
    seq INTEGER PRIMARY KEY
);
ALTER TABLE bundles_received ADD COLUMN checkpoint_seq INTEGER;
ALTER TABLE bundles_received ADD COLUMN checkpoint_hash TEXT;
