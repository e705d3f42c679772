-- Why two cases with the same ID or passport number were recorded as
-- different people (the officer's words; never logged).
ALTER TABLE duplicate_dismissals ADD COLUMN reason TEXT NOT NULL DEFAULT '';
