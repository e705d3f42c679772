-- Found by `tiepnhan bench` at 200,000 cases.

-- The next referral number (MAX(seq) for the year) without reading every referral.
CREATE INDEX referrals_year_seq ON referrals (year, seq);

-- The report's referral counts by status: referrals by their case, and each
-- case's reception date, both from indexes alone.
DROP INDEX referrals_case;
CREATE INDEX referrals_case ON referrals (case_id, status);
CREATE INDEX cases_id_received ON cases (id, received_on);

-- "Children only", the filter officers use most, newest first and counted
-- from one index range.
CREATE INDEX cases_child ON cases (is_child, received_on, rid);
