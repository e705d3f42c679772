-- Named report periods (issue 18): "Đợt cao điểm 01/7–30/9/2024", quarters,
-- years; reports and the CLI take a period by its name. The folded name is
-- unique, so "dot cao diem 2024" finds "Đợt cao điểm 2024".
CREATE TABLE report_periods (
    name TEXT NOT NULL,
    name_fold TEXT NOT NULL PRIMARY KEY,
    from_on TEXT NOT NULL,
    to_on TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK (from_on <= to_on)
);
