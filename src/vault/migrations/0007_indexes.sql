-- The audit trail of one record (bundle export, case history) by index, not a scan.
CREATE INDEX audit_target ON audit (target, seq);

-- The facts a period report counts, in one narrow covering index: a report over
-- 200,000 cases reads this index alone (a few thousand pages) instead of every
-- case row, which matters when each page must be decrypted.
CREATE INDEX cases_report ON cases (
    received_on, sex, age, source, gate_id, dest_country, exploitation,
    screening_outcome, decision, is_child, sup_meals, sup_clothing, sup_shelter,
    sup_medical, sup_travel, sup_interpretation, person_id
);

-- "Was this person received before?" answered from the index alone.
DROP INDEX cases_person;
CREATE INDEX cases_person ON cases (person_id, received_on, rid);
