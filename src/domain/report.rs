//! Period statistics for the provincial report, and an anonymised
//! case-level dataset (CTDC-style) made k-anonymous (k = 11).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

/// The age bands of the report: under 16 ("trẻ em"), 16–17, 18 and over,
/// unknown, by the effective age (`domain::screening::AgeBand`, stored per
/// case); the keys of `AgeBand::ALL`.
pub const AGE_BANDS: [&str; 4] = ["under_16", "16_17", "adult", "unknown"];

/// The finer age bands of the anonymised research dataset, by the stated age.
pub const DATASET_AGE_BANDS: [&str; 6] =
    ["under_16", "16_17", "18_29", "30_44", "45_plus", "unknown"];

/// The dataset age band of a stated age (see [`DATASET_AGE_BANDS`]).
pub fn dataset_age_band(age: Option<u32>) -> &'static str {
    match age {
        Some(a) if a < 16 => "under_16",
        Some(16 | 17) => "16_17",
        Some(a) if a < 30 => "18_29",
        Some(a) if a < 45 => "30_44",
        Some(_) => "45_plus",
        None => "unknown",
    }
}

/// One table of the report: rows of (key, count) in display order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub key: String,
    pub rows: Vec<(String, i64)>,
}

impl Table {
    /// Whether the rows split the people into groups (so a total makes sense).
    pub fn is_partition(&self) -> bool {
        !matches!(self.key.as_str(), "overview" | "support")
    }

    pub fn total(&self) -> i64 {
        self.rows.iter().map(|(_, n)| n).sum()
    }

    pub fn get(&self, key: &str) -> i64 {
        self.rows
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub tables: Vec<Table>,
}

impl Report {
    pub fn table(&self, key: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.key == key)
    }
}

/// The report's period presets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    ThisMonth,
    ThisQuarter,
    /// 01/07–30/09, the summer campaign of the provincial directive.
    Campaign,
    ThisYear,
}

impl Preset {
    pub const ALL: [Preset; 4] = [
        Preset::ThisMonth,
        Preset::ThisQuarter,
        Preset::Campaign,
        Preset::ThisYear,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Preset::ThisMonth => "this_month",
            Preset::ThisQuarter => "this_quarter",
            Preset::Campaign => "campaign",
            Preset::ThisYear => "this_year",
        }
    }

    pub fn range(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        use chrono::Datelike;
        let y = today.year();
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
        let month_end = |y: i32, m: u32| {
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            ymd(ny, nm, 1) - chrono::Duration::days(1)
        };
        match self {
            Preset::ThisMonth => (ymd(y, today.month(), 1), month_end(y, today.month())),
            Preset::ThisQuarter => {
                let q0 = (today.month() - 1) / 3 * 3 + 1;
                (ymd(y, q0, 1), month_end(y, q0 + 2))
            }
            Preset::Campaign => (ymd(y, 7, 1), ymd(y, 9, 30)),
            Preset::ThisYear => (ymd(y, 1, 1), ymd(y, 12, 31)),
        }
    }
}

// ---- the anonymised dataset ------------------------------------------------------------

pub const K: usize = 11;

/// One case as the research dataset describes it (no name, no number, no date).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct AnonRow {
    pub year: String,
    pub gender: String,
    pub age_band: String,
    pub citizenship: String,
    pub country_of_exploitation: String,
    pub type_of_exploitation: String,
    pub recruiter_relationship: String,
    /// Means-of-control flags (not quasi-identifiers).
    pub means: BTreeMap<String, bool>,
}

impl AnonRow {
    fn key(&self) -> [&str; 7] {
        [
            &self.year,
            &self.gender,
            &self.age_band,
            &self.citizenship,
            &self.country_of_exploitation,
            &self.type_of_exploitation,
            &self.recruiter_relationship,
        ]
    }
}

/// What the dataset export says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnonReport {
    pub k: usize,
    pub rows_in: usize,
    pub rows_out: usize,
    pub suppressed: usize,
    pub generalisations: Vec<String>,
}

/// The recruiter relationship from what was written about the recruitment.
pub fn recruiter_relationship(how_recruited: &str) -> &'static str {
    let f = super::text::fold(how_recruited);
    if f.is_empty() {
        "unknown"
    } else if ["nguoi yeu", "ban trai", "ban gai", "chong", "vo "]
        .iter()
        .any(|w| f.contains(w))
    {
        "intimate_partner"
    } else if [
        "bo ",
        "me ",
        "anh trai",
        "chi gai",
        "gia dinh",
        "ho hang",
        "nguoi than",
    ]
    .iter()
    .any(|w| f.contains(w))
    {
        "family"
    } else if ["ban be", "nguoi quen", "cung xa", "hang xom", "ban "]
        .iter()
        .any(|w| f.contains(w))
    {
        "friend_or_acquaintance"
    } else if [
        "facebook",
        "zalo",
        "telegram",
        "tiktok",
        "mang",
        "quang cao",
    ]
    .iter()
    .any(|w| f.contains(w))
    {
        "online_stranger"
    } else {
        "other"
    }
}

/// The dataset row of a case and its latest screening.
pub fn anon_row(
    case: &super::case::CaseRecord,
    screening: Option<&super::screening::ScreeningRecord>,
) -> AnonRow {
    use super::screening::{Exploitation, METHODS_OF_CONTROL, methods_of_control};
    let yes = screening
        .map(|s| methods_of_control(&s.input.answers))
        .unwrap_or_default();
    let nat = super::text::fold(&case.identity.nationality);
    AnonRow {
        year: case
            .received_on
            .map(|d| d.format("%Y").to_string())
            .unwrap_or_default(),
        gender: case.identity.sex.key().into(),
        age_band: dataset_age_band(case.age()).into(),
        citizenship: if nat.is_empty() || nat == "viet nam" {
            "VN".into()
        } else {
            "other".into()
        },
        country_of_exploitation: case.journey.destination_country.clone(),
        type_of_exploitation: match screening.map(|s| s.input.exploitation) {
            Some(Exploitation::Labour) => "labour".into(),
            Some(Exploitation::Sexual) => "sexual".into(),
            None => "unknown".into(),
        },
        recruiter_relationship: recruiter_relationship(&case.journey.how_recruited).into(),
        means: METHODS_OF_CONTROL
            .iter()
            .map(|m| (m.to_string(), yes.contains(m)))
            .collect(),
    }
}

fn region(country: &str) -> &'static str {
    let f = super::text::fold(country);
    match f.as_str() {
        "" => "unknown",
        "campuchia" | "cambodia" | "lao" | "laos" | "thai lan" | "thailand" | "myanmar"
        | "malaysia" | "indonesia" | "philippines" => "southeast_asia",
        "trung quoc" | "china" | "dai loan" | "taiwan" | "han quoc" | "korea" | "nhat ban"
        | "japan" => "east_asia",
        _ => "other",
    }
}

type Step = fn(&mut AnonRow);

/// Generalisation steps, least loss first.
const STEPS: [(&str, Step); 6] = [
    ("country_to_region", |r| {
        r.country_of_exploitation = region(&r.country_of_exploitation).into()
    }),
    ("relationship_known_or_not", |r| {
        r.recruiter_relationship = match r.recruiter_relationship.as_str() {
            "intimate_partner" | "family" | "friend_or_acquaintance" => "known_person".into(),
            "unknown" => "unknown".into(),
            _ => "stranger_or_other".into(),
        }
    }),
    ("age_child_or_adult", |r| {
        r.age_band = match r.age_band.as_str() {
            "under_16" | "16_17" => "under_18".into(),
            "unknown" => "unknown".into(),
            _ => "18_plus".into(),
        }
    }),
    ("year_to_period", |r| {
        r.year = match r.year.parse::<i32>() {
            Ok(y) if y <= 2024 => "2024_or_before".into(),
            Ok(_) => "2025_or_after".into(),
            Err(_) => r.year.clone(),
        }
    }),
    ("country_suppressed", |r| {
        r.country_of_exploitation = "*".into()
    }),
    ("relationship_suppressed", |r| {
        r.recruiter_relationship = "*".into()
    }),
];

fn violating(rows: &[AnonRow], k: usize) -> usize {
    let mut counts: HashMap<[&str; 7], usize> = HashMap::new();
    for r in rows {
        *counts.entry(r.key()).or_default() += 1;
    }
    rows.iter().filter(|r| counts[&r.key()] < k).count()
}

/// Generalise, then suppress, until every combination of quasi-identifiers
/// occurs at least `k` times. Generalisation stops once at most 2% of rows
/// would still need suppressing.
pub fn anonymise(mut rows: Vec<AnonRow>, k: usize) -> (Vec<AnonRow>, AnonReport) {
    let rows_in = rows.len();
    let mut applied = Vec::new();
    for (name, step) in STEPS {
        if violating(&rows, k) * 50 <= rows.len() {
            break;
        }
        rows.iter_mut().for_each(step);
        applied.push(name.to_string());
    }
    let mut counts: HashMap<Vec<String>, usize> = HashMap::new();
    for r in &rows {
        *counts
            .entry(r.key().iter().map(|s| s.to_string()).collect())
            .or_default() += 1;
    }
    let kept: Vec<AnonRow> = rows
        .into_iter()
        .filter(|r| counts[&r.key().iter().map(|s| s.to_string()).collect::<Vec<_>>()] >= k)
        .collect();
    let report = AnonReport {
        k,
        rows_in,
        rows_out: kept.len(),
        suppressed: rows_in - kept.len(),
        generalisations: applied,
    };
    (kept, report)
}

/// The smallest class size (for checks).
pub fn smallest_class(rows: &[AnonRow]) -> usize {
    let mut counts: HashMap<[&str; 7], usize> = HashMap::new();
    for r in rows {
        *counts.entry(r.key()).or_default() += 1;
    }
    counts.values().copied().min().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_and_presets() {
        assert_eq!(dataset_age_band(Some(15)), "under_16");
        assert_eq!(dataset_age_band(Some(17)), "16_17");
        assert_eq!(dataset_age_band(Some(18)), "18_29");
        assert_eq!(dataset_age_band(Some(44)), "30_44");
        assert_eq!(dataset_age_band(Some(45)), "45_plus");
        assert_eq!(dataset_age_band(None), "unknown");
        let keys: Vec<&str> = crate::domain::screening::AgeBand::ALL
            .iter()
            .map(|b| b.key())
            .collect();
        assert_eq!(keys, AGE_BANDS, "the report's bands are the rule's bands");
        let d = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        assert_eq!(
            Preset::ThisQuarter.range(d).0,
            NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()
        );
        assert_eq!(
            Preset::ThisQuarter.range(d).1,
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
        );
        assert_eq!(
            Preset::ThisMonth.range(d).1,
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        );
        assert_eq!(
            Preset::Campaign.range(d).0,
            NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()
        );
    }

    #[test]
    fn relationships() {
        assert_eq!(
            recruiter_relationship("Người yêu quen qua mạng hứa đưa đi làm"),
            "intimate_partner"
        );
        assert_eq!(
            recruiter_relationship("Bạn bè giới thiệu qua Zalo"),
            "friend_or_acquaintance"
        );
        assert_eq!(
            recruiter_relationship("Thấy quảng cáo trên Facebook"),
            "online_stranger"
        );
        assert_eq!(recruiter_relationship(""), "unknown");
    }

    #[test]
    fn every_class_reaches_k() {
        let mut rows = Vec::new();
        for i in 0..500 {
            rows.push(AnonRow {
                year: (2024 + i % 3).to_string(),
                gender: if i % 3 == 0 { "female" } else { "male" }.into(),
                age_band: DATASET_AGE_BANDS[i % 6].into(),
                citizenship: "VN".into(),
                country_of_exploitation: ["Campuchia", "Lào", "Myanmar", "Nhật Bản"][i % 4].into(),
                type_of_exploitation: "labour".into(),
                recruiter_relationship: recruiter_relationship(["", "bạn bè", "facebook"][i % 3])
                    .into(),
                means: BTreeMap::new(),
            });
        }
        let (out, rep) = anonymise(rows, K);
        assert!(smallest_class(&out) >= K);
        assert_eq!(rep.rows_out + rep.suppressed, 500);
    }
}
