-- Two age thresholds (issue 26): the age band by the effective age (an
-- uncertain age read two years lower; see domain::screening::age), stored
-- beside `is_child`, which now means "under 18" with the presumption of
-- minority (an uncertain 19 is read as 17). The report counts the bands from
-- its covering index, so the index takes `age_band` in place of `age`.
ALTER TABLE cases ADD COLUMN age_band TEXT NOT NULL DEFAULT 'unknown';

UPDATE cases SET
    age_band = CASE
        WHEN age IS NULL THEN 'unknown'
        WHEN (CASE WHEN COALESCE(json_extract(data, '$.identity.age_uncertain'), 0)
                   THEN max(age - 2, 0) ELSE age END) < 16 THEN 'under_16'
        WHEN (CASE WHEN COALESCE(json_extract(data, '$.identity.age_uncertain'), 0)
                   THEN max(age - 2, 0) ELSE age END) < 18 THEN '16_17'
        ELSE 'adult'
    END,
    is_child = CASE
        WHEN age IS NULL THEN COALESCE(json_extract(data, '$.identity.age_uncertain'), 0) <> 0
        ELSE (CASE WHEN COALESCE(json_extract(data, '$.identity.age_uncertain'), 0)
                   THEN max(age - 2, 0) ELSE age END) < 18
    END;

DROP INDEX cases_report;
CREATE INDEX cases_report ON cases (
    received_on, sex, age_band, source, gate_id, dest_country, exploitation,
    screening_outcome, decision, is_child, sup_meals, sup_clothing, sup_shelter,
    sup_medical, sup_travel, sup_interpretation, person_id
);
