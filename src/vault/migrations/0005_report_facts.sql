-- Facts the reports count, kept as columns so a report over 200,000 cases is
-- one indexed scan per table rather than JSON parsing.
ALTER TABLE cases ADD COLUMN dest_country TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN exploitation TEXT;
ALTER TABLE cases ADD COLUMN sup_meals INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN sup_clothing INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN sup_shelter INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN sup_medical INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN sup_travel INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN sup_interpretation INTEGER NOT NULL DEFAULT 0;

UPDATE cases SET
    dest_country = COALESCE(json_extract(data, '$.journey.destination_country'), ''),
    sup_meals = COALESCE(json_extract(data, '$.support.meals'), 0),
    sup_clothing = COALESCE(json_extract(data, '$.support.clothing_sets'), 0),
    sup_shelter = COALESCE(json_extract(data, '$.support.shelter_days'), 0),
    sup_medical = COALESCE(json_extract(data, '$.support.medical'), 0),
    sup_travel = COALESCE(json_extract(data, '$.support.travel'), 0),
    sup_interpretation = COALESCE(json_extract(data, '$.support.interpretation'), 0);

UPDATE cases SET exploitation = (
    SELECT json_extract(s.data, '$.input.exploitation') FROM screenings s
    WHERE s.case_id = cases.id ORDER BY s.version DESC LIMIT 1
);
