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

/// The victim classes a cross-table splits people into (its columns): not
/// (or not yet) suspected, a suspected victim ("người đang trong quá trình
/// xác định là nạn nhân"), an identified victim (art. 32 decision or art. 33
/// confirming document recorded). Each person is in exactly one.
pub const CLASSES: [&str; 3] = ["none", "suspected", "identified"];

/// The sexes, in the order of the tables.
pub const SEXES: [&str; 4] = ["male", "female", "other", "unknown"];

/// The row and column key of the totals ("Tổng").
pub const TOTAL: &str = "total";

/// One table of the report: rows × columns of counts, in display order. A
/// one-way table has the single column [`ONE_WAY`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub key: String,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    /// `cells[row][col]`.
    pub cells: Vec<Vec<i64>>,
    /// Whether the rows and columns add up to totals ("Tổng"). A list of
    /// separate figures (the overview, amounts) has none.
    pub totals: bool,
}

/// The column of a one-way table.
pub const ONE_WAY: &str = "count";

impl Table {
    pub fn is_one_way(&self) -> bool {
        self.cols.len() == 1 && self.cols[0] == ONE_WAY
    }

    fn row_index(&self, row: &str) -> Option<usize> {
        self.rows.iter().position(|r| r == row)
    }

    pub fn cell(&self, row: &str, col: &str) -> i64 {
        let c = self.cols.iter().position(|c| c == col);
        match (self.row_index(row), c) {
            (Some(r), Some(c)) => self.cells[r][c],
            _ => 0,
        }
    }

    /// The total of a row (its one cell in a one-way table).
    pub fn row_total(&self, row: &str) -> i64 {
        self.row_index(row)
            .map(|r| self.cells[r].iter().sum())
            .unwrap_or(0)
    }

    pub fn col_total(&self, col: &str) -> i64 {
        match self.cols.iter().position(|c| c == col) {
            Some(c) => self.cells.iter().map(|r| r[c]).sum(),
            None => 0,
        }
    }

    /// The grand total: every cell added up.
    pub fn total(&self) -> i64 {
        self.cells.iter().flatten().sum()
    }

    /// The row's total (the one-way count).
    pub fn get(&self, row: &str) -> i64 {
        self.row_total(row)
    }
}

/// A period: its first and last day.
pub type Period = (NaiveDate, NaiveDate);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The same period of the previous year (the overview's second column).
    pub last_year: Period,
    /// The period's name, when it was chosen by name.
    pub name: Option<String>,
    pub tables: Vec<Table>,
}

impl Report {
    pub fn table(&self, key: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.key == key)
    }

    /// An overview figure in the period and in the same period last year.
    pub fn compare(&self, row: &str) -> (i64, i64) {
        self.table("overview")
            .map(|t| (t.cell(row, "period"), t.cell(row, "last_year")))
            .unwrap_or((0, 0))
    }
}

/// The same period of the previous year (29/02 becomes 28/02).
pub fn same_period_last_year(from: NaiveDate, to: NaiveDate) -> Period {
    use chrono::Datelike;
    let back = |d: NaiveDate| {
        d.with_year(d.year() - 1)
            .or_else(|| NaiveDate::from_ymd_opt(d.year() - 1, d.month(), 28))
            .unwrap_or(d)
    };
    (back(from), back(to))
}

/// The per-day aggregates of a period, summed: (dimension, key) → count.
/// Keys of the cross-tables are `value|class` (sex-age: `sex|band|class`).
pub type Sums = HashMap<(String, String), i64>;

/// Names the report shows for keys that are ids in the store.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// Gate id → name.
    pub gates: HashMap<String, String>,
    /// Agency id → name.
    pub agencies: HashMap<String, String>,
}

/// A table built from `value|class` sums: one row per value seen (the
/// `order` first, every one of them even at zero, then the rest by total,
/// largest first, with `other` and the empty key last), one column per class.
fn by_class(sums: &Sums, dim: &str, key: &str, order: &[&str], keep_order: bool) -> Table {
    let mut counts: BTreeMap<String, [i64; 3]> = BTreeMap::new();
    for ((d, k), n) in sums {
        if d != dim {
            continue;
        }
        let Some((value, class)) = k.rsplit_once('|') else {
            continue;
        };
        let Some(ci) = CLASSES.iter().position(|c| *c == class) else {
            continue;
        };
        counts.entry(value.to_string()).or_default()[ci] += n;
    }
    counts.retain(|v, c| order.contains(&v.as_str()) || c.iter().any(|n| *n != 0));
    let mut rows: Vec<String> = order.iter().map(|s| s.to_string()).collect();
    let mut rest: Vec<(String, i64)> = counts
        .iter()
        .filter(|(v, _)| !order.contains(&v.as_str()))
        .map(|(v, c)| (v.clone(), c.iter().sum()))
        .collect();
    let rank = |v: &str| match v {
        "other" => 1,
        "" => 2,
        _ => 0,
    };
    if keep_order {
        rest.sort_by(|a, b| rank(&a.0).cmp(&rank(&b.0)).then(a.0.cmp(&b.0)));
    } else {
        rest.sort_by(|a, b| {
            rank(&a.0)
                .cmp(&rank(&b.0))
                .then(b.1.cmp(&a.1))
                .then(a.0.cmp(&b.0))
        });
    }
    rows.extend(rest.into_iter().map(|(v, _)| v));
    let cells = rows
        .iter()
        .map(|r| counts.get(r).copied().unwrap_or_default().to_vec())
        .collect();
    Table {
        key: key.into(),
        rows,
        cols: CLASSES.iter().map(|c| c.to_string()).collect(),
        cells,
        totals: true,
    }
}

/// Sex × age band of one class of people (or of everyone received).
fn sex_age(sums: &Sums, class: Option<&str>, key: &str) -> Table {
    let mut cells = vec![vec![0i64; AGE_BANDS.len()]; SEXES.len()];
    for ((d, k), n) in sums {
        if d != "sex_age" {
            continue;
        }
        let mut parts = k.split('|');
        let (Some(sex), Some(band), Some(c)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if class.is_some_and(|want| want != c) {
            continue;
        }
        let r = SEXES.iter().position(|s| *s == sex).unwrap_or(3);
        let b = AGE_BANDS.iter().position(|s| *s == band).unwrap_or(3);
        cells[r][b] += n;
    }
    Table {
        key: key.into(),
        rows: SEXES.iter().map(|s| s.to_string()).collect(),
        cols: AGE_BANDS.iter().map(|s| s.to_string()).collect(),
        cells,
        totals: true,
    }
}

fn one_way(key: &str, rows: Vec<(&str, i64)>, totals: bool) -> Table {
    Table {
        key: key.into(),
        rows: rows.iter().map(|(k, _)| k.to_string()).collect(),
        cols: vec![ONE_WAY.into()],
        cells: rows.iter().map(|(_, n)| vec![*n]).collect(),
        totals,
    }
}

fn sum_of(sums: &Sums, dim: &str, key: &str) -> i64 {
    sums.get(&(dim.to_string(), key.to_string()))
        .copied()
        .unwrap_or(0)
}

/// The tables of the report, in order.
pub const TABLES: [&str; 21] = [
    "overview",
    "sex_age_received",
    "sex_age_suspected",
    "sex_age_identified",
    "children",
    "province",
    "destination",
    "nationality",
    "ethnicity",
    "gate",
    "source",
    "exit_legality",
    "batch",
    "outcome",
    "purpose",
    "support",
    "amount",
    "referral",
    "repeat",
    "legal",
    "classes",
];

/// The rows of the support table: each kind of support given, then none.
pub const SUPPORT_ROWS: [&str; 7] = [
    "meals",
    "clothing_sets",
    "shelter_days",
    "medical",
    "travel",
    "interpretation",
    "none",
];

/// The rows of the amounts table (meals, sets, days, đồng).
pub const AMOUNT_ROWS: [&str; 4] = ["meals", "clothing_sets", "shelter_days", "fine_vnd"];

/// The report of a period from its summed aggregates, those of the same
/// period last year, and the batches received in each.
pub fn build(
    (from, to): Period,
    now: &Sums,
    last_year: (Period, &Sums),
    batches: (i64, i64),
    names: &Names,
) -> Report {
    use super::case::{ExitLegality, Source};
    use super::screening::{Outcome, Purpose};
    let rename = |t: Table, map: &HashMap<String, String>| Table {
        rows: t
            .rows
            .iter()
            .map(|r| map.get(r).cloned().unwrap_or_else(|| r.clone()))
            .collect(),
        ..t
    };
    let overview_of = |s: &Sums, batches: i64| {
        let received = sex_age(s, None, "x").total();
        let nat = by_class(s, "nationality", "x", &[], false);
        let stateless = nat.get(super::lists::STATELESS);
        let foreign: i64 = nat
            .rows
            .iter()
            .filter(|k| !matches!(k.as_str(), "VN" | "" | super::lists::STATELESS))
            .map(|k| nat.get(k))
            .sum();
        let sa = |c| sex_age(s, Some(c), "x").total();
        let outcome = by_class(s, "outcome", "x", &[], false);
        vec![
            ("received", received),
            (
                "under_18",
                by_class(s, "children", "x", &[], false).get("under_18"),
            ),
            ("screened", received - outcome.get("not_screened")),
            ("suspected_victims", sa("suspected")),
            ("identified_victims", sa("identified")),
            ("foreigners", foreign),
            ("stateless", stateless),
            ("batches", batches),
        ]
    };
    let a = overview_of(now, batches.0);
    let b = overview_of(last_year.1, batches.1);
    let overview = Table {
        key: "overview".into(),
        rows: a.iter().map(|(k, _)| k.to_string()).collect(),
        cols: vec!["period".into(), "last_year".into()],
        cells: a
            .iter()
            .zip(&b)
            .map(|((_, x), (_, y))| vec![*x, *y])
            .collect(),
        totals: false,
    };
    let sources: Vec<&str> = Source::ALL.iter().map(|s| s.key()).collect();
    let exits: Vec<&str> = ExitLegality::ALL.iter().map(|s| s.key()).collect();
    let mut outcomes: Vec<&str> = Outcome::ALL.iter().map(|o| o.key()).collect();
    outcomes.push("not_screened");
    let mut purposes: Vec<&str> = Purpose::ALL.iter().map(|p| p.key()).collect();
    purposes.push("none");
    let mut referral: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let statuses = super::referral::ReferralStatus::ALL;
    for ((d, k), n) in now {
        if d != "referral" {
            continue;
        }
        let Some((agency, status)) = k.rsplit_once('|') else {
            continue;
        };
        let Some(si) = statuses.iter().position(|s| s.key() == status) else {
            continue;
        };
        referral
            .entry(agency.to_string())
            .or_insert_with(|| vec![0; statuses.len()])[si] += n;
    }
    referral.retain(|_, c| c.iter().any(|n| *n != 0));
    let referral = rename(
        Table {
            key: "referral".into(),
            rows: referral.keys().cloned().collect(),
            cols: statuses.iter().map(|s| s.key().to_string()).collect(),
            cells: referral.values().cloned().collect(),
            totals: true,
        },
        &names.agencies,
    );
    let received = sex_age(now, None, "x").total();
    let first = sum_of(now, "repeat", "first");
    let tables = vec![
        overview,
        sex_age(now, None, "sex_age_received"),
        sex_age(now, Some("suspected"), "sex_age_suspected"),
        sex_age(now, Some("identified"), "sex_age_identified"),
        by_class(now, "children", "children", &["under_18", "adult"], true),
        by_class(now, "province", "province", &[], false),
        by_class(now, "destination", "destination", &[], false),
        by_class(now, "nationality", "nationality", &[], false),
        by_class(now, "ethnicity", "ethnicity", &[], true),
        rename(by_class(now, "gate", "gate", &[], false), &names.gates),
        by_class(now, "source", "source", &sources, true),
        by_class(now, "exit_legality", "exit_legality", &exits, true),
        by_class(now, "batch", "batch", &["batch", "single"], true),
        by_class(now, "outcome", "outcome", &outcomes, true),
        by_class(now, "purpose", "purpose", &purposes, true),
        by_class(now, "support", "support", &SUPPORT_ROWS, true),
        one_way(
            "amount",
            AMOUNT_ROWS
                .iter()
                .map(|k| (*k, sum_of(now, "amount", k)))
                .collect(),
            false,
        ),
        referral,
        one_way(
            "repeat",
            vec![("first", first), ("repeat", received - first)],
            true,
        ),
        by_class(now, "legal", "legal", &["fined", "wanted"], true),
        one_way(
            "classes",
            CLASSES
                .iter()
                .map(|c| (*c, sex_age(now, Some(c), "x").total()))
                .collect(),
            true,
        ),
    ];
    Report {
        from,
        to,
        last_year: last_year.0,
        name: None,
        tables,
    }
}

/// How a figure changed against the same period last year, as provincial
/// reports write it: "tăng 12 (15,0%)", "giảm 3 (2,1%)", "không đổi".
pub fn change_vi(now: i64, before: i64) -> String {
    let d = now - before;
    let pct = |d: i64| {
        if before == 0 {
            String::new()
        } else {
            format!(" ({:.1}%)", d.abs() as f64 * 100.0 / before as f64).replace('.', ",")
        }
    };
    match d {
        0 => "không đổi".into(),
        d if d > 0 => format!("tăng {}{}", super::case::thousands(d), pct(d)),
        d => format!("giảm {}{}", super::case::thousands(-d), pct(d)),
    }
}

/// A named report period ("Đợt cao điểm 01/7–30/9/2024").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedPeriod {
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
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

/// The words that tell the recruiter relationship (folded), tried in order.
const RELATIONSHIP_WORDS: [(&str, &[&str]); 4] = [
    (
        "intimate_partner",
        &["nguoi yeu", "ban trai", "ban gai", "chong", "vo "],
    ),
    (
        "family",
        &[
            "bo ",
            "me ",
            "anh trai",
            "chi gai",
            "gia dinh",
            "ho hang",
            "nguoi than",
        ],
    ),
    (
        "friend_or_acquaintance",
        &["ban be", "nguoi quen", "cung xa", "hang xom", "ban "],
    ),
    (
        "online_stranger",
        &[
            "facebook",
            "zalo",
            "telegram",
            "tiktok",
            "mang",
            "quang cao",
        ],
    ),
];

/// The recruiter relationship from what was written about the recruitment.
pub fn recruiter_relationship(how_recruited: &str) -> &'static str {
    let f = super::text::fold(how_recruited);
    if f.is_empty() {
        return "unknown";
    }
    RELATIONSHIP_WORDS
        .iter()
        .find(|(_, words)| words.iter().any(|w| f.contains(w)))
        .map_or("other", |(relationship, _)| relationship)
}

/// The dataset row of a case and its latest screening.
pub fn anon_row(
    case: &super::case::CaseRecord,
    screening: Option<&super::screening::ScreeningRecord>,
) -> AnonRow {
    use super::screening::{METHODS_OF_CONTROL, Purpose, methods_of_control};
    let yes = screening
        .map(|s| methods_of_control(&s.input.answers))
        .unwrap_or_default();
    let nat = super::lists::country_key(&case.identity.nationality);
    AnonRow {
        year: case
            .received_on
            .map(|d| d.format("%Y").to_string())
            .unwrap_or_default(),
        gender: case.identity.sex.key().into(),
        age_band: dataset_age_band(case.age()).into(),
        // Foreign and stateless people together (a few per period: finer
        // classes would be suppressed).
        citizenship: if nat.is_empty() || nat == "VN" {
            "VN".into()
        } else {
            "other".into()
        },
        country_of_exploitation: case.journey.destination_country.clone(),
        // From the purposes the screening recorded (not the indicator list used).
        type_of_exploitation: match screening.map(|s| &s.input.purposes) {
            Some(p) if p.len() > 1 => "multiple".into(),
            Some(p) if p.contains(&Purpose::SexualExploitation) => "sexual".into(),
            Some(p) if p.contains(&Purpose::ForcedLabour) => "labour".into(),
            Some(p) if !p.is_empty() => "other".into(),
            _ => "unknown".into(),
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

    fn sums(rows: &[(&str, &str, i64)]) -> Sums {
        rows.iter()
            .map(|(d, k, n)| ((d.to_string(), k.to_string()), *n))
            .collect()
    }

    #[test]
    fn cross_tables_add_up_and_compare_with_last_year() {
        let now = sums(&[
            ("sex_age", "male|adult|none", 5),
            ("sex_age", "female|under_16|suspected", 2),
            ("sex_age", "female|16_17|identified", 1),
            ("nationality", "VN|none", 5),
            ("nationality", "KH|suspected", 1),
            ("nationality", "XX|suspected", 1),
            ("nationality", "VN|identified", 1),
            ("outcome", "not_screened|none", 5),
            ("outcome", "suspected_victim|suspected", 2),
            ("outcome", "suspected_victim|identified", 1),
            ("repeat", "first", 7),
            ("referral", "1|approved", 2),
            ("referral", "1|draft", 0),
        ]);
        let before = sums(&[
            ("sex_age", "male|adult|none", 4),
            ("nationality", "VN|none", 4),
            ("outcome", "not_screened|none", 4),
        ]);
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
        let names = Names {
            agencies: [("1".to_string(), "Sở Y tế".to_string())].into(),
            ..Names::default()
        };
        let r = build(
            (d(7, 1), d(9, 30)),
            &now,
            (same_period_last_year(d(7, 1), d(9, 30)), &before),
            (3, 2),
            &names,
        );
        assert_eq!(r.compare("received"), (8, 4));
        assert_eq!(r.compare("suspected_victims"), (2, 0));
        assert_eq!(r.compare("identified_victims"), (1, 0));
        assert_eq!(r.compare("foreigners"), (1, 0));
        assert_eq!(r.compare("stateless"), (1, 0));
        assert_eq!(r.compare("screened"), (3, 0));
        assert_eq!(r.compare("batches"), (3, 2));
        let sa = r.table("sex_age_suspected").unwrap();
        assert_eq!(sa.cell("female", "under_16"), 2);
        assert_eq!(sa.total(), 2);
        let nat = r.table("nationality").unwrap();
        assert_eq!(nat.rows, ["VN", "KH", "XX"]);
        assert_eq!(nat.col_total("suspected"), 2);
        assert_eq!(r.table("repeat").unwrap().get("repeat"), 1);
        let referral = r.table("referral").unwrap();
        assert_eq!(referral.rows, ["Sở Y tế"]);
        assert_eq!(referral.cell("Sở Y tế", "approved"), 2);
        for t in &r.tables {
            if t.totals {
                let by_rows: i64 = t.rows.iter().map(|x| t.row_total(x)).sum();
                let by_cols: i64 = t.cols.iter().map(|x| t.col_total(x)).sum();
                assert_eq!(by_rows, t.total(), "{}", t.key);
                assert_eq!(by_cols, t.total(), "{}", t.key);
            }
        }
        assert_eq!(
            same_period_last_year(d(2, 1), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()).1,
            NaiveDate::from_ymd_opt(2023, 2, 28).unwrap()
        );
        assert_eq!(change_vi(115, 100), "tăng 15 (15,0%)");
        assert_eq!(change_vi(97, 100), "giảm 3 (3,0%)");
        assert_eq!(change_vi(5, 5), "không đổi");
        assert_eq!(change_vi(14_500, 12_000), "tăng 2.500 (20,8%)");
    }

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
