-- Why an incoming case was kept aside (see domain::bundle::ConflictReason).
ALTER TABLE conflicts ADD COLUMN reason TEXT NOT NULL DEFAULT 'changed_here';
