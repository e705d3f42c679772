//! The list the handing-over party gives with the people: a grid of cells
//! (from a spreadsheet or a CSV file) read into checked batch rows.
//!
//! # The preview, step by step (for the window and the CLI)
//!
//! 1. A reader (`export::sheet_reader`) turns the file into a [`Grid`]:
//!    rows of [`Cell`]s and the merged regions.
//! 2. [`propose`] finds the header row(s) — also two-row headers whose top
//!    cell is merged over sub-columns ("Năm sinh" over "Nam" | "Nữ", the
//!    classic Vietnamese layout where the birth year is written under the
//!    person's sex) — and maps each column to a [`Field`] from its label in
//!    Vietnamese or English, with or without diacritics. The officer may
//!    change any column ([`Mapping::columns`], or [`Mapping::apply_overrides`]
//!    from a JSON object such as `{"B": "full_name", "Quê quán": "address",
//!    "G": null}`). [`Mapping::remember`] gives what to keep per unit
//!    ([`Remembered`]); [`Mapping::apply_remembered`] applies it to the next
//!    list with the same header labels.
//! 3. [`preview`] converts legacy-encoded text (TCVN3/VNI, see
//!    [`super::legacy_text`]; [`LegacyChoice`] lets the officer refuse or
//!    force it), reads every data row into the batch table's [`QuickRow`]
//!    and validates it with exactly the batch table's rules
//!    ([`QuickRow::to_case`], [`parse_age_input`](super::batch::parse_age_input),
//!    [`split_document_number`], then [`case::validate`]), so a row has the
//!    same problems with the same keys as when typed. Names in capitals are
//!    put in title case and names without any diacritic are flagged. Rows
//!    that repeat a person of the list (same CCCD or passport number, or the
//!    same folded name and birth year) carry a [`RowDuplicate`]; the vault
//!    adds the duplicates among stored cases (`vault::batch_import`).
//!
//! The [`Preview`] holds everything the screen shows: the header labels and
//! the mapping, the legacy detection with its confidence, each conversion
//! before -> after, and per row its cells as read, its problems, its flags
//! and its duplicates. Nothing is written until the officer confirms; the
//! vault then creates all valid rows in one transaction.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::batch::{BatchRecord, QuickRow, split_document_number};
use super::case::{self, CaseRecord, FieldError, Problem, Sex};
use super::dedupe::MatchKind;
use super::legacy_text::{self, Detection, Legacy};
use super::{names, old_provinces, places, text};

/// One cell as a reader found it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    /// A cell formatted as a date (the reader resolved the workbook's date system).
    Date(NaiveDate),
    Bool(bool),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the officer sees it: numbers without ".0", dates dd/mm/yyyy.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => text::clean_line(s),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
            Cell::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        }
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A rectangle of merged cells (0-based, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merged {
    pub first_row: usize,
    pub first_col: usize,
    pub last_row: usize,
    pub last_col: usize,
}

/// A sheet's cells, row by row, and its merged regions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    pub rows: Vec<Vec<Cell>>,
    pub merged: Vec<Merged>,
}

impl Grid {
    pub fn get(&self, r: usize, c: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .unwrap_or(&EMPTY)
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The cell's text, or the text of the merged region it lies in.
    fn merged_text(&self, r: usize, c: usize) -> String {
        let own = self.get(r, c);
        if !own.is_empty() {
            return own.display();
        }
        self.merged
            .iter()
            .find(|m| {
                (m.first_row..=m.last_row).contains(&r) && (m.first_col..=m.last_col).contains(&c)
            })
            .map(|m| self.get(m.first_row, m.first_col).display())
            .unwrap_or_default()
    }
}

/// What a column of the list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// STT: the row's number in the list.
    RowNumber,
    FullName,
    /// Nam/Nữ, M/F, male/female, or 1/0 (see [`NumericSex`]).
    Sex,
    /// A mark ("x") in a "Nam" column under "Giới tính".
    SexMale,
    /// A mark in a "Nữ" column under "Giới tính".
    SexFemale,
    /// A date of birth, a birth year, or an age ("Ngày sinh", "Năm sinh", "DOB").
    Birth,
    /// The birth date or year written under "Nam" (the person is male).
    BirthMale,
    /// The birth date or year written under "Nữ" (the person is female).
    BirthFemale,
    /// An age in years ("Tuổi").
    Age,
    /// Quê quán, địa chỉ, nơi thường trú: kept as written on papers.
    Address,
    /// A province name (2025 or earlier names).
    Province,
    /// Số CCCD / CMND.
    IdNumber,
    /// Số hộ chiếu.
    Passport,
    /// A column holding either (a CCCD or a passport number).
    Document,
    Nationality,
    Phone,
    Notes,
}

impl Field {
    pub const ALL: [Field; 17] = [
        Field::RowNumber,
        Field::FullName,
        Field::Sex,
        Field::SexMale,
        Field::SexFemale,
        Field::Birth,
        Field::BirthMale,
        Field::BirthFemale,
        Field::Age,
        Field::Address,
        Field::Province,
        Field::IdNumber,
        Field::Passport,
        Field::Document,
        Field::Nationality,
        Field::Phone,
        Field::Notes,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Field::RowNumber => "row_number",
            Field::FullName => "full_name",
            Field::Sex => "sex",
            Field::SexMale => "sex_male",
            Field::SexFemale => "sex_female",
            Field::Birth => "birth",
            Field::BirthMale => "birth_male",
            Field::BirthFemale => "birth_female",
            Field::Age => "age",
            Field::Address => "address",
            Field::Province => "province",
            Field::IdNumber => "id_number",
            Field::Passport => "passport",
            Field::Document => "document",
            Field::Nationality => "nationality",
            Field::Phone => "phone",
            Field::Notes => "notes",
        }
    }

    pub fn from_key(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.key() == s)
    }

    /// The Vietnamese column title used when a list is written back without
    /// the original headers.
    pub fn title_vi(self) -> &'static str {
        match self {
            Field::RowNumber => "STT",
            Field::FullName => "Họ và tên",
            Field::Sex => "Giới tính",
            Field::SexMale => "Nam",
            Field::SexFemale => "Nữ",
            Field::Birth => "Ngày sinh",
            Field::BirthMale => "Năm sinh (Nam)",
            Field::BirthFemale => "Năm sinh (Nữ)",
            Field::Age => "Tuổi",
            Field::Address => "Quê quán",
            Field::Province => "Tỉnh",
            Field::IdNumber => "Số CCCD",
            Field::Passport => "Số hộ chiếu",
            Field::Document => "Giấy tờ",
            Field::Nationality => "Quốc tịch",
            Field::Phone => "Điện thoại",
            Field::Notes => "Ghi chú",
        }
    }
}

/// A header label folded to plain words: "Họ và tên (1)" -> "ho va ten 1".
fn label_words(s: &str) -> String {
    let f = text::fold(s);
    let cleaned: String = f
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Words a label of an ID card number column contains (CCCD, CMND).
const ID_WORDS: [&str; 5] = ["cccd", "cmnd", "can cuoc", "dinh danh", "cmt"];

/// The fields a label names once it names no row number, document or
/// passport, tried in order: (field, words the label contains, labels it is
/// exactly), all folded.
const LABELS: [(Field, &[&str], &[&str]); 10] = [
    (
        Field::IdNumber,
        &ID_WORDS,
        &[
            "id",
            "id no",
            "id number",
            "national id",
            "identity card",
            "id card",
        ],
    ),
    (
        Field::FullName,
        &[
            "ho ten",
            "ho va ten",
            "full name",
            "fullname",
            "ten cong dan",
        ],
        &["ten", "name", "names", "ho ten dem"],
    ),
    (
        Field::Sex,
        &["gioi tinh"],
        &["gioi", "phai", "sex", "gender", "nam nu", "nam hay nu"],
    ),
    (
        Field::Birth,
        &[
            "ngay sinh",
            "nam sinh",
            "sinh ngay",
            "ngay thang nam sinh",
            "birth",
            "dob",
        ],
        &["sinh", "born", "birthday", "date of birth", "yob"],
    ),
    (Field::Age, &[], &["tuoi", "age", "do tuoi"]),
    (
        Field::Nationality,
        &["quoc tich", "nationality", "citizenship"],
        &[],
    ),
    (
        Field::Phone,
        &["dien thoai"],
        &["sdt", "dt", "phone", "tel", "mobile", "phone number"],
    ),
    (
        Field::Province,
        &[],
        &[
            "tinh",
            "tinh thanh",
            "tinh thanh pho",
            "province",
            "tinh tp",
        ],
    ),
    (
        Field::Address,
        &[
            "que quan",
            "dia chi",
            "cu tru",
            "thuong tru",
            "tam tru",
            "ho khau",
            "hktt",
            "noi o",
            "cho o",
            "address",
            "hometown",
            "home town",
            "place of origin",
            "noi sinh",
        ],
        &[],
    ),
    (
        Field::Notes,
        &["ghi chu"],
        &["note", "notes", "remark", "remarks", "comment"],
    ),
];

/// The field a header label names, if any.
pub fn header_field(label: &str) -> Option<Field> {
    let w = label_words(label);
    if w.is_empty() {
        return None;
    }
    let has = |p: &&str| format!(" {w} ").contains(&format!(" {p} "));
    let is = |ps: &[&str]| ps.contains(&w.as_str());
    if is(&["stt", "tt", "so tt", "so thu tu", "no", "nr", "number"]) {
        return Some(Field::RowNumber);
    }
    let id = ID_WORDS.iter().any(has);
    let passport = ["ho chieu", "passport"].iter().any(has);
    if (id && passport) || has(&"giay to") || is(&["document", "document no", "id passport"]) {
        return Some(Field::Document);
    }
    if passport {
        return Some(Field::Passport);
    }
    LABELS
        .iter()
        .find(|(_, contains, exactly)| contains.iter().any(has) || is(exactly))
        .map(|(field, _, _)| *field)
}

/// The field of a sub-column ("Nam" / "Nữ") under a group header.
fn sub_field(group: Option<Field>, sub: &str) -> Option<Field> {
    let w = label_words(sub);
    let male = matches!(w.as_str(), "nam" | "male" | "m" | "trai");
    let female = matches!(w.as_str(), "nu" | "female" | "f" | "gai");
    match group {
        Some(Field::Sex) if male => Some(Field::SexMale),
        Some(Field::Sex) if female => Some(Field::SexFemale),
        Some(Field::Birth | Field::Age) if male => Some(Field::BirthMale),
        Some(Field::Birth | Field::Age) if female => Some(Field::BirthFemale),
        _ => None,
    }
}

/// How a sex column written as numbers reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumericSex {
    /// 1 = male, 0 = female (as most office lists write it).
    #[default]
    OneMaleZeroFemale,
    /// ISO 5218: 1 = male, 2 = female, 0 / 9 = not known.
    Iso5218,
}

/// Which rows are headers and what each column holds.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Mapping {
    /// The header rows (0-based); empty when the list has none.
    pub header_rows: Vec<usize>,
    /// The first data row (0-based).
    pub first_data_row: usize,
    /// One entry per column: the field, or None to leave it out.
    pub columns: Vec<Option<Field>>,
    pub numeric_sex: NumericSex,
}

/// A mapping to keep per unit: header label (folded) -> field.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Remembered {
    pub by_label: BTreeMap<String, Option<Field>>,
    pub numeric_sex: NumericSex,
}

/// The column letters a spreadsheet shows: 0 -> A, 26 -> AA.
pub fn column_letter(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII")
}

fn column_index(letters: &str) -> Option<usize> {
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let mut n = 0usize;
    for c in letters.to_ascii_uppercase().bytes() {
        n = n * 26 + (c - b'A') as usize + 1;
    }
    Some(n - 1)
}

/// Why an override of the mapping was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    #[error("no column '{0}' (give a column letter such as B, or a header as in the list)")]
    NoColumn(String),
    #[error("unknown field '{0}'")]
    UnknownField(String),
    #[error("the mapping must be a JSON object of column -> field: {0}")]
    Json(String),
}

impl Mapping {
    pub fn field_of(&self, col: usize) -> Option<Field> {
        self.columns.get(col).copied().flatten()
    }

    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|f| *f == Some(field))
    }

    fn set(&mut self, col: usize, field: Option<Field>) {
        if self.columns.len() <= col {
            self.columns.resize(col + 1, None);
        }
        self.columns[col] = field;
    }

    /// Apply the officer's choices: keys are column letters ("B"), 1-based
    /// column numbers ("2") or header labels as in the list; values field
    /// keys ([`Field::key`]) or null to leave the column out. A `"_sex"`
    /// key chooses [`NumericSex`] ("one_male_zero_female" | "iso5218").
    pub fn apply_overrides(&mut self, headers: &[String], json: &str) -> Result<(), MappingError> {
        let obj: BTreeMap<String, Option<String>> =
            serde_json::from_str(json).map_err(|e| MappingError::Json(e.to_string()))?;
        for (k, v) in obj {
            if k == "_sex" {
                self.numeric_sex = match v.as_deref() {
                    Some("iso5218") => NumericSex::Iso5218,
                    Some("one_male_zero_female") => NumericSex::OneMaleZeroFemale,
                    other => {
                        return Err(MappingError::UnknownField(other.unwrap_or("null").into()));
                    }
                };
                continue;
            }
            let field = match v.as_deref() {
                None | Some("") => None,
                Some(f) => {
                    Some(Field::from_key(f).ok_or_else(|| MappingError::UnknownField(f.into()))?)
                }
            };
            // A header as in the list first ("ID" is a header, not column 239),
            // then a column letter, then a 1-based column number.
            let key = label_words(&k);
            let col = headers
                .iter()
                .position(|h| !key.is_empty() && label_words(h) == key)
                .or_else(|| column_index(k.trim()).filter(|_| k.trim().len() <= 2))
                .or_else(|| {
                    k.trim()
                        .parse::<usize>()
                        .ok()
                        .filter(|n| *n >= 1)
                        .map(|n| n - 1)
                })
                .ok_or_else(|| MappingError::NoColumn(k.clone()))?;
            self.set(col, field);
        }
        Ok(())
    }

    /// What to keep for the next list of this unit.
    pub fn remember(&self, headers: &[String]) -> Remembered {
        let mut by_label = BTreeMap::new();
        for (i, h) in headers.iter().enumerate() {
            let l = label_words(h);
            if !l.is_empty() {
                by_label.insert(l, self.field_of(i));
            }
        }
        Remembered {
            by_label,
            numeric_sex: self.numeric_sex,
        }
    }

    /// Apply what was kept from an earlier list to columns with the same
    /// labels; returns how many columns it decided.
    pub fn apply_remembered(&mut self, headers: &[String], r: &Remembered) -> usize {
        let mut n = 0;
        for (i, h) in headers.iter().enumerate() {
            if let Some(f) = r.by_label.get(&label_words(h)) {
                self.set(i, *f);
                n += 1;
            }
        }
        if n > 0 {
            self.numeric_sex = r.numeric_sex;
        }
        n
    }
}

/// The header labels of each column (two-row headers joined with " / ").
pub fn header_labels(grid: &Grid, mapping: &Mapping) -> Vec<String> {
    (0..grid.width().max(mapping.columns.len()))
        .map(|c| {
            let mut parts: Vec<String> = Vec::new();
            for &r in &mapping.header_rows {
                let t = header_text(grid, &mapping.header_rows, r, c);
                if !t.is_empty() && !parts.contains(&t) {
                    parts.push(t);
                }
            }
            parts.join(" / ")
        })
        .collect()
}

/// A header cell's text: its own, its merged region's, or — for a blank
/// top cell over a sub-header, without merge information (CSV) — the label
/// on its left.
fn header_text(grid: &Grid, header_rows: &[usize], r: usize, c: usize) -> String {
    let t = grid.merged_text(r, c);
    if !t.is_empty() {
        return t;
    }
    let below = header_rows
        .iter()
        .any(|&b| b > r && !grid.merged_text(b, c).is_empty());
    if below && c > 0 && header_rows.first() == Some(&r) {
        let left_has_sub = header_rows
            .iter()
            .any(|&b| b > r && !grid.merged_text(b, c - 1).is_empty());
        if left_has_sub {
            return header_text(grid, header_rows, r, c - 1);
        }
    }
    String::new()
}

/// A row of column numbers under the headers ("1 2 3 …" or "(1) (2) …").
fn is_numbering_row(grid: &Grid, r: usize) -> bool {
    let mut n = 0;
    let mut expect = None;
    for c in 0..grid.width() {
        let cell = grid.get(r, c);
        if cell.is_empty() {
            continue;
        }
        let t: String = cell
            .display()
            .chars()
            .filter(|c| c.is_ascii_digit())
            .collect();
        let Ok(v) = t.parse::<usize>() else {
            return false;
        };
        if cell.display().chars().any(|c| c.is_alphabetic()) {
            return false;
        }
        if let Some(e) = expect
            && v != e
        {
            return false;
        }
        expect = Some(v + 1);
        n += 1;
    }
    n >= 3
}

/// Propose a mapping from the grid's headers. With no recognisable header,
/// every column is left out and data starts at the first row.
pub fn propose(grid: &Grid) -> Mapping {
    let width = grid.width();
    let scan = grid.rows.len().min(25);
    let score = |r: usize| {
        (0..width)
            .filter(|&c| {
                header_field(&grid.merged_text(r, c)).is_some_and(|f| f != Field::RowNumber)
            })
            .count()
    };
    let Some((top, best)) = (0..scan)
        .map(|r| (r, score(r)))
        .max_by_key(|&(r, s)| (s, std::cmp::Reverse(r)))
    else {
        return Mapping::default();
    };
    if best < 2 {
        return Mapping {
            columns: vec![None; width],
            ..Mapping::default()
        };
    }
    let mut header_rows = vec![top];
    // A second header row: sub-labels under a group, or labels where the top row is blank.
    let next = top + 1;
    if next < grid.rows.len() {
        let mut subs = 0;
        let mut under_blank = 0;
        let mut data_like = 0;
        for c in 0..width {
            let below = grid.merged_text(next, c);
            if below.is_empty() {
                continue;
            }
            let group = header_field(&header_text(grid, &[top, next], top, c));
            if sub_field(group, &below).is_some() {
                subs += 1;
            } else if grid.get(top, c).is_empty() && header_field(&below).is_some() {
                under_blank += 1;
            } else if !matches!(grid.get(next, c), Cell::Text(_)) || header_field(&below).is_none()
            {
                data_like += 1;
            }
        }
        let vertically_merged = grid
            .merged
            .iter()
            .any(|m| m.first_row == top && m.last_row >= next);
        if subs + under_blank > 0 && (data_like <= subs + under_blank || vertically_merged) {
            header_rows.push(next);
        }
    }
    let mut first_data_row = header_rows.last().copied().unwrap_or(0) + 1;
    while first_data_row < grid.rows.len()
        && (is_numbering_row(grid, first_data_row)
            || (0..width).all(|c| grid.get(first_data_row, c).is_empty()))
    {
        first_data_row += 1;
    }
    let mut columns = vec![None; width];
    let mut used: Vec<Field> = Vec::new();
    for (c, slot) in columns.iter_mut().enumerate() {
        let top_label = header_text(grid, &header_rows, top, c);
        let group = header_field(&top_label);
        let sub = header_rows
            .get(1)
            .map(|&r| grid.merged_text(r, c))
            .filter(|s| !s.is_empty() && *s != top_label);
        let f = match sub {
            Some(s) => sub_field(group, &s).or_else(|| header_field(&s)).or(group),
            None => group,
        };
        // One column per field, except addresses and notes, which are joined.
        *slot = f.filter(|f| {
            let repeatable = matches!(f, Field::Address | Field::Notes);
            repeatable || !used.contains(f)
        });
        if let Some(f) = *slot {
            used.push(f);
        }
    }
    let mut m = Mapping {
        header_rows,
        first_data_row,
        columns,
        numeric_sex: NumericSex::default(),
    };
    if let Some(c) = m.column_of(Field::Sex) {
        let values: Vec<String> = (m.first_data_row..grid.rows.len())
            .map(|r| grid.get(r, c).display())
            .filter(|v| !v.is_empty())
            .collect();
        let all_digits = !values.is_empty()
            && values
                .iter()
                .all(|v| matches!(v.as_str(), "0" | "1" | "2" | "9"));
        if all_digits && values.iter().any(|v| v == "2") {
            m.numeric_sex = NumericSex::Iso5218;
        }
    }
    m
}

/// Excel's 1900 date system: serial 1 is 1 January 1900, and serial 60 is
/// the 29 February 1900 that Excel counts but that never was (Lotus 1-2-3's
/// leap-year bug), so serials from 61 on are one day ahead.
pub fn excel_serial_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as u64;
    if days == 60 {
        return None;
    }
    let offset = if days > 60 { days - 1 } else { days };
    NaiveDate::from_ymd_opt(1899, 12, 31)?.checked_add_days(chrono::Days::new(offset))
}

/// How the officer wants legacy-encoded text handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegacyChoice {
    /// Convert what the detection finds (the default).
    #[default]
    Auto,
    /// Keep every cell as it is.
    Off,
    /// Read every text cell in this encoding.
    Force(Legacy),
}

/// A cell's text before and after conversion from a legacy encoding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conversion {
    /// 1-based, as the spreadsheet numbers rows.
    pub line: usize,
    pub column: String,
    pub legacy: Legacy,
    pub before: String,
    pub after: String,
}

/// Something about a row the officer should see, beside its problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowFlag {
    /// The name has no diacritics: the officer should add them.
    NameWithoutDiacritics,
    /// The name was in capitals (or lower case) and was put in title case.
    NameTitleCased,
    /// A cell of the row was converted from TCVN3/VNI.
    Converted,
    /// A 12-digit CCCD stored as a number had lost its leading zero; restored.
    IdZeroRestored,
    /// A birth date with a two-digit year; the century was chosen to put it in the past.
    TwoDigitYear,
    /// A birth date given as an Excel serial number, read as a date.
    SerialDate,
}

/// Another person this row may be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "in", rename_all = "snake_case")]
pub enum RowDuplicate {
    /// An earlier row of the same list.
    List { line: usize, kind: MatchKind },
    /// A case already in the vault.
    Vault {
        case_id: String,
        case_number: String,
        full_name: String,
        kind: MatchKind,
        score: u32,
    },
}

/// One data row of the list, read and checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreviewRow {
    /// 1-based sheet row.
    pub line: usize,
    /// The row's cells as displayed (after conversion), one per column.
    pub cells: Vec<String>,
    /// What the batch table would hold for it.
    pub quick: QuickRow,
    /// The case it becomes (when it has no problem).
    pub case: Option<CaseRecord>,
    pub problems: Vec<FieldError>,
    pub flags: Vec<RowFlag>,
    pub duplicates: Vec<RowDuplicate>,
}

impl PreviewRow {
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty() && self.case.is_some()
    }
}

/// Everything the preview screen shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preview {
    /// One label per column.
    pub headers: Vec<String>,
    pub mapping: Mapping,
    pub legacy: LegacyChoice,
    pub detection: Detection,
    pub conversions: Vec<Conversion>,
    pub rows: Vec<PreviewRow>,
}

impl Preview {
    pub fn valid(&self) -> usize {
        self.rows.iter().filter(|r| r.is_valid()).count()
    }

    /// (line, field, problem) of every problem, in row order.
    pub fn problems(&self) -> impl Iterator<Item = (usize, &'static str, Problem)> + '_ {
        self.rows
            .iter()
            .flat_map(|r| r.problems.iter().map(move |p| (r.line, p.field, p.problem)))
    }

    /// The distinct rows with a converted cell.
    pub fn converted_rows(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.flags.contains(&RowFlag::Converted))
            .count()
    }
}

/// Read a sex cell: Nam/Nữ, M/F, male/female, man/woman, or a number.
pub fn parse_sex(s: &str, numeric: NumericSex) -> Option<Sex> {
    let t = s.trim();
    match (t, numeric) {
        ("1", _) => return Some(Sex::Male),
        ("0", NumericSex::OneMaleZeroFemale) | ("2", NumericSex::Iso5218) => {
            return Some(Sex::Female);
        }
        ("0" | "9", NumericSex::Iso5218) => return Some(Sex::Unknown),
        _ => {}
    }
    match text::fold(t).trim_end_matches('.') {
        "man" | "boy" | "ong" => Some(Sex::Male),
        "woman" | "girl" | "ba" => Some(Sex::Female),
        other => Sex::parse_typed(other),
    }
}

/// A birth cell as the batch table's age text ("12/03/1998", "1998", "25").
fn birth_text(cell: &Cell, today: NaiveDate, flags: &mut Vec<RowFlag>) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
        Cell::Number(n) if n.fract() == 0.0 && *n >= 3000.0 => match excel_serial_date(*n) {
            Some(d) => {
                flags.push(RowFlag::SerialDate);
                d.format("%d/%m/%Y").to_string()
            }
            None => number_text(*n),
        },
        Cell::Number(n) => number_text(*n),
        Cell::Bool(_) => cell.display(),
        Cell::Text(s) => birth_from_text(&text::clean_line(s), today, flags),
    }
}

fn birth_from_text(s: &str, today: NaiveDate, flags: &mut Vec<RowFlag>) -> String {
    let parts: Vec<&str> = s.split(['/', '-', '.']).map(str::trim).collect();
    let digits = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && digits(y) && digits(m) && digits(d) => format!("{d}/{m}/{y}"),
        [d, m, y] if y.len() == 2 && digits(d) && digits(m) && digits(y) => {
            let yy: i32 = y.parse().unwrap_or(0);
            let (dd, mm) = (d.parse().unwrap_or(0), m.parse().unwrap_or(0));
            let year = match NaiveDate::from_ymd_opt(2000 + yy, mm, dd) {
                Some(date) if date <= today => 2000 + yy,
                _ => 1900 + yy,
            };
            flags.push(RowFlag::TwoDigitYear);
            format!("{d}/{m}/{year}")
        }
        [m, y] if y.len() == 4 && digits(m) && digits(y) => y.to_string(),
        [one] if one.len() == 5 && digits(one) => {
            match one.parse::<f64>().ok().and_then(excel_serial_date) {
                Some(d) => {
                    flags.push(RowFlag::SerialDate);
                    d.format("%d/%m/%Y").to_string()
                }
                None => s.to_string(),
            }
        }
        _ => s.to_string(),
    }
}

/// A CCCD cell: digits; a number that lost its leading zero gets it back.
fn id_text(cell: &Cell, flags: &mut Vec<RowFlag>) -> String {
    match cell {
        Cell::Number(n) if n.fract() == 0.0 => {
            let s = number_text(*n);
            if s.len() == 11 {
                flags.push(RowFlag::IdZeroRestored);
                format!("0{s}")
            } else {
                s
            }
        }
        other => other.display(),
    }
}

/// The province a cell or an address names: a 2025 province, or a pre-2025
/// one (mapped to the province it is part of now).
fn province_of(s: &str) -> Option<u32> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    places::find_province(t)
        .map(|p| p.code)
        .or_else(|| old_provinces::find(t).map(|p| p.now))
}

/// The last part of an address ("…, tỉnh Long An") as a province.
pub fn province_in_address(s: &str) -> Option<u32> {
    let last = s.rsplit([',', '-', ';']).next()?.trim();
    let f = text::fold(last);
    let stripped = ["tinh ", "thanh pho ", "tp. ", "tp "]
        .iter()
        .find_map(|p| f.strip_prefix(p))
        .map(|_| last)
        .unwrap_or(last);
    old_provinces::find(stripped).map(|p| p.now).or_else(|| {
        places::provinces()
            .iter()
            .find(|p| text::fold(p.short_name()) == old_or_new_words(stripped))
            .map(|p| p.code)
    })
}

fn old_or_new_words(s: &str) -> String {
    let w = label_words(s);
    ["tinh ", "thanh pho ", "tp "]
        .iter()
        .find_map(|p| w.strip_prefix(p).map(str::to_string))
        .unwrap_or(w)
}

/// A grid with its legacy-encoded text converted.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    pub grid: Grid,
    pub legacy: LegacyChoice,
    pub detection: Detection,
    pub conversions: Vec<Conversion>,
}

/// Convert legacy-encoded text cells (headers too: they may be in TCVN3).
pub fn convert(grid: &Grid, legacy: LegacyChoice) -> Converted {
    let texts = grid.rows.iter().flatten().filter_map(|c| match c {
        Cell::Text(s) => Some(s.as_str()),
        _ => None,
    });
    let detection = match legacy {
        LegacyChoice::Off => Detection::NONE,
        LegacyChoice::Auto => legacy_text::detect(texts),
        LegacyChoice::Force(l) => Detection {
            legacy: Some(l),
            confidence: 1.0,
            ..legacy_text::detect(texts)
        },
    };
    let mut conversions = Vec::new();
    let mut grid = grid.clone();
    if legacy != LegacyChoice::Off {
        for (r, row) in grid.rows.iter_mut().enumerate() {
            for (c, cell) in row.iter_mut().enumerate() {
                let Cell::Text(s) = cell else { continue };
                let converted = match legacy {
                    LegacyChoice::Force(l) => {
                        let d = legacy_text::decode(s, l);
                        (d != text::nfc(s)).then_some((l, d))
                    }
                    _ => legacy_text::convert_cell(s, &detection),
                };
                if let Some((l, after)) = converted {
                    conversions.push(Conversion {
                        line: r + 1,
                        column: column_letter(c),
                        legacy: l,
                        before: s.clone(),
                        after: after.clone(),
                    });
                    *s = after;
                }
            }
        }
    }
    Converted {
        grid,
        legacy,
        detection,
        conversions,
    }
}

/// Convert, then propose a mapping from the converted headers.
pub fn propose_for(grid: &Grid, legacy: LegacyChoice) -> Mapping {
    propose(&convert(grid, legacy).grid)
}

/// Read and check every data row. `batch` is the header the rows will be
/// received under (its date, gate and source); `today` bounds dates.
pub fn preview(
    grid: &Grid,
    mapping: &Mapping,
    legacy: LegacyChoice,
    batch: &BatchRecord,
    today: NaiveDate,
) -> Preview {
    preview_converted(&convert(grid, legacy), mapping, batch, today)
}

/// [`preview`] of an already converted grid.
pub fn preview_converted(
    conv: &Converted,
    mapping: &Mapping,
    batch: &BatchRecord,
    today: NaiveDate,
) -> Preview {
    let grid = &conv.grid;
    let converted_lines: Vec<usize> = conv.conversions.iter().map(|c| c.line - 1).collect();
    let headers = header_labels(grid, mapping);
    let width = grid.width().max(mapping.columns.len());
    let mut rows: Vec<PreviewRow> = Vec::new();
    for r in mapping.first_data_row..grid.rows.len() {
        if mapping.header_rows.contains(&r) {
            continue;
        }
        let mapped = (0..width).any(|c| {
            mapping
                .field_of(c)
                .is_some_and(|f| f != Field::RowNumber && !grid.get(r, c).is_empty())
        });
        if !mapped {
            continue;
        }
        if is_trailer(grid, r, width) {
            break;
        }
        rows.push(read_row(
            grid,
            r,
            width,
            mapping,
            batch,
            today,
            converted_lines.contains(&r),
        ));
    }
    mark_list_duplicates(&mut rows);
    Preview {
        headers,
        mapping: mapping.clone(),
        legacy: conv.legacy,
        detection: conv.detection,
        conversions: conv.conversions.clone(),
        rows,
    }
}

/// The signature block or totals under a list ("Người lập biểu", "Tổng cộng").
fn is_trailer(grid: &Grid, r: usize, width: usize) -> bool {
    (0..width).any(|c| {
        let w = label_words(&grid.get(r, c).display());
        [
            "nguoi lap",
            "dai dien",
            "xac nhan",
            "ky ten",
            "ky ghi ro",
            "tong cong",
            "tong so",
            "total",
            "can bo lap",
            "ben giao",
            "ben nhan",
        ]
        .iter()
        .any(|p| w.starts_with(p))
    })
}

fn read_row(
    grid: &Grid,
    r: usize,
    width: usize,
    mapping: &Mapping,
    batch: &BatchRecord,
    today: NaiveDate,
    converted: bool,
) -> PreviewRow {
    let mut flags = Vec::new();
    if converted {
        flags.push(RowFlag::Converted);
    }
    let mut errors: Vec<FieldError> = Vec::new();
    let cell_of = |f: Field| {
        mapping
            .column_of(f)
            .map(|c| grid.get(r, c))
            .filter(|c| !c.is_empty())
    };
    let text_of = |f: Field| cell_of(f).map(Cell::display).unwrap_or_default();

    let raw_name = text_of(Field::FullName);
    let full_name = names::normalise_name(&raw_name);
    if !raw_name.is_empty() && full_name != text::clean_line(&raw_name) {
        flags.push(RowFlag::NameTitleCased);
    }
    if names::lacks_diacritics(&full_name) {
        flags.push(RowFlag::NameWithoutDiacritics);
    }

    let mut sex = Sex::Unknown;
    if let Some(cell) = cell_of(Field::Sex) {
        match parse_sex(&cell.display(), mapping.numeric_sex) {
            Some(s) => sex = s,
            None => errors.push(FieldError {
                field: "sex",
                problem: Problem::Required,
            }),
        }
    }
    if cell_of(Field::SexMale).is_some() {
        sex = Sex::Male;
    } else if cell_of(Field::SexFemale).is_some() {
        sex = Sex::Female;
    }
    let mut age = String::new();
    if let Some(c) = cell_of(Field::Birth) {
        age = birth_text(c, today, &mut flags);
    } else if let Some(c) = cell_of(Field::BirthMale) {
        age = birth_text(c, today, &mut flags);
        sex = Sex::Male;
    } else if let Some(c) = cell_of(Field::BirthFemale) {
        age = birth_text(c, today, &mut flags);
        sex = Sex::Female;
    } else if let Some(c) = cell_of(Field::Age) {
        age = c.display();
    }

    let mut address_parts: Vec<String> = Vec::new();
    let mut notes_parts: Vec<String> = Vec::new();
    for c in 0..width {
        let cell = grid.get(r, c);
        if cell.is_empty() {
            continue;
        }
        match mapping.field_of(c) {
            Some(Field::Address) => address_parts.push(cell.display()),
            Some(Field::Notes) => notes_parts.push(cell.display()),
            _ => {}
        }
    }
    let address = address_parts.join("; ");

    let province_code = match cell_of(Field::Province) {
        Some(c) => {
            let p = province_of(&c.display());
            if p.is_none() {
                errors.push(FieldError {
                    field: "province",
                    problem: Problem::UnknownProvince,
                });
            }
            p
        }
        None => address_parts
            .iter()
            .rev()
            .find_map(|a| province_in_address(a)),
    };

    let id_cell = cell_of(Field::IdNumber).map(|c| id_text(c, &mut flags));
    let doc_cell = cell_of(Field::Document).map(|c| id_text(c, &mut flags));
    let passport_cell = text_of(Field::Passport);
    let document = id_cell
        .clone()
        .or(doc_cell.clone())
        .unwrap_or_else(|| passport_cell.clone());

    let quick = QuickRow {
        full_name: full_name.clone(),
        sex,
        age,
        province_code,
        document,
    };
    let case = match quick.to_case(batch, today) {
        Ok(mut c) => {
            // Columns the quick table has no cell for.
            if id_cell.is_some() || doc_cell.is_some() {
                match split_document_number(&passport_cell) {
                    Ok((_, pp)) if !pp.is_empty() => c.identity.passport_number = pp,
                    Ok(_) => {}
                    Err(p) => errors.push(FieldError {
                        field: "passport_number",
                        problem: p,
                    }),
                }
            }
            c.address.as_on_papers = address;
            let nationality = text_of(Field::Nationality);
            if !nationality.is_empty() {
                c.identity.nationality = nationality;
            }
            c.identity.phone = text_of(Field::Phone);
            c.notes = notes_parts.join("\n");
            c.normalize();
            for e in case::validate(&c, today) {
                push_unique(&mut errors, e);
            }
            Some(c)
        }
        Err(es) => {
            for e in es {
                push_unique(&mut errors, e);
            }
            None
        }
    };
    let case = if errors.is_empty() { case } else { None };
    flags.dedup();
    PreviewRow {
        line: r + 1,
        cells: (0..width).map(|c| grid.get(r, c).display()).collect(),
        quick,
        case,
        problems: errors,
        flags,
        duplicates: Vec::new(),
    }
}

fn push_unique(errors: &mut Vec<FieldError>, e: FieldError) {
    if !errors.iter().any(|x| x.field == e.field) {
        errors.push(e);
    }
}

/// Rows repeating an earlier row: same CCCD, same passport, or the same
/// folded name and birth year.
fn mark_list_duplicates(rows: &mut [PreviewRow]) {
    let mut seen: HashMap<(u8, String), usize> = HashMap::new();
    for i in 0..rows.len() {
        let c = rows[i].probe();
        let mut keys: Vec<((u8, String), MatchKind)> = Vec::new();
        if !c.identity.id_number.is_empty() {
            keys.push(((0, c.identity.id_number.clone()), MatchKind::SameIdNumber));
        }
        if !c.identity.passport_number.is_empty() {
            keys.push((
                (1, c.identity.passport_number.clone()),
                MatchKind::SamePassport,
            ));
        }
        if let Some(y) = c.birth_year_approx() {
            let name = text::fold(&c.identity.full_name);
            if !name.is_empty() {
                keys.push(((2, format!("{name}|{y}")), MatchKind::SimilarName));
            }
        }
        for (key, kind) in keys {
            match seen.get(&key) {
                Some(&j) => {
                    let line = rows[j].line;
                    if !rows[i]
                        .duplicates
                        .iter()
                        .any(|d| matches!(d, RowDuplicate::List { line: l, .. } if *l == line))
                    {
                        rows[i].duplicates.push(RowDuplicate::List { line, kind });
                    }
                }
                None => {
                    seen.insert(key, i);
                }
            }
        }
    }
}

impl PreviewRow {
    /// The row's case, or for a row with problems what can be told of it
    /// (its numbers, name, year and province), for duplicate checks.
    pub fn probe(&self) -> CaseRecord {
        if let Some(c) = &self.case {
            return c.clone();
        }
        loose_case(self)
    }
}

fn loose_case(row: &PreviewRow) -> CaseRecord {
    let mut c = CaseRecord::default();
    c.identity.full_name = text::clean_line(&row.quick.full_name);
    if let Ok((id, pp)) = split_document_number(&row.quick.document) {
        c.identity.id_number = id;
        c.identity.passport_number = pp;
    }
    let y = row.quick.age.trim();
    if y.len() == 4 {
        c.identity.birth_year = y.parse().ok();
    } else if let Some(d) = y.rsplit('/').next().filter(|p| p.len() == 4) {
        c.identity.birth_year = d.parse().ok();
    }
    c.address.province_code = row.quick.province_code;
    c
}

/// The year a row's person was born in, for display.
pub fn birth_year_of(c: &CaseRecord) -> Option<i32> {
    c.identity
        .birth_date
        .map(|d| d.year())
        .or(c.identity.birth_year)
}

/// A column of the list as it will be written back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListColumn {
    pub label: String,
    pub field: Option<Field>,
}

/// The columns of an imported list (its labels, in its order).
pub fn list_columns(preview: &Preview) -> Vec<ListColumn> {
    preview
        .headers
        .iter()
        .enumerate()
        .map(|(i, h)| ListColumn {
            label: if h.is_empty() {
                preview
                    .mapping
                    .field_of(i)
                    .map(|f| f.title_vi().to_string())
                    .unwrap_or_default()
            } else {
                h.clone()
            },
            field: preview.mapping.field_of(i),
        })
        .collect()
}

/// The columns of a list written for a batch that was not imported.
pub fn default_columns() -> Vec<ListColumn> {
    [
        Field::RowNumber,
        Field::FullName,
        Field::Sex,
        Field::Birth,
        Field::Address,
        Field::IdNumber,
        Field::Passport,
    ]
    .into_iter()
    .map(|f| ListColumn {
        label: f.title_vi().to_string(),
        field: Some(f),
    })
    .collect()
}

/// A value of the list written back.
#[derive(Debug, Clone, PartialEq)]
pub enum ListValue {
    Empty,
    Text(String),
    Number(f64),
}

/// The list written back: headers and one row per person.
#[derive(Debug, Clone, PartialEq)]
pub struct ListTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<ListValue>>,
}

/// The title of the column added after the list's own: the case numbers.
pub const CASE_NUMBER_TITLE: &str = "Số hồ sơ tiếp nhận";

fn birth_value(c: &CaseRecord) -> ListValue {
    let id = &c.identity;
    if let Some(d) = id.birth_date {
        ListValue::Text(d.format("%d/%m/%Y").to_string())
    } else if let Some(y) = id.birth_year {
        ListValue::Number(y as f64)
    } else if let Some(a) = id.age_estimate {
        ListValue::Text(if id.age_uncertain {
            format!("~{a} tuổi")
        } else {
            format!("{a} tuổi")
        })
    } else {
        ListValue::Empty
    }
}

/// The batch's people in the list's columns, with their case numbers after.
pub fn list_back(columns: &[ListColumn], cases: &[CaseRecord]) -> ListTable {
    let text = |s: &str| {
        if s.is_empty() {
            ListValue::Empty
        } else {
            ListValue::Text(s.to_string())
        }
    };
    let mark = |yes: bool| {
        if yes {
            ListValue::Text("x".into())
        } else {
            ListValue::Empty
        }
    };
    let mut headers: Vec<String> = columns.iter().map(|c| c.label.clone()).collect();
    headers.push(CASE_NUMBER_TITLE.to_string());
    let rows = cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let id = &c.identity;
            let mut row: Vec<ListValue> = columns
                .iter()
                .map(|col| match col.field {
                    None => ListValue::Empty,
                    Some(Field::RowNumber) => ListValue::Number((i + 1) as f64),
                    Some(Field::FullName) => text(&id.full_name),
                    Some(Field::Sex) => text(match id.sex {
                        Sex::Male => "Nam",
                        Sex::Female => "Nữ",
                        Sex::Other => "Khác",
                        Sex::Unknown => "",
                    }),
                    Some(Field::SexMale) => mark(id.sex == Sex::Male),
                    Some(Field::SexFemale) => mark(id.sex == Sex::Female),
                    Some(Field::Birth) => birth_value(c),
                    Some(Field::BirthMale) if id.sex == Sex::Male => birth_value(c),
                    Some(Field::BirthFemale) if id.sex == Sex::Female => birth_value(c),
                    Some(Field::BirthMale | Field::BirthFemale) => ListValue::Empty,
                    Some(Field::Age) => c
                        .age()
                        .map(|a| ListValue::Number(a as f64))
                        .unwrap_or(ListValue::Empty),
                    Some(Field::Address) => text(&c.address.as_on_papers),
                    Some(Field::Province) => text(
                        c.address
                            .province_code
                            .and_then(places::province)
                            .map(|p| p.short_name())
                            .unwrap_or(""),
                    ),
                    Some(Field::IdNumber) => text(&id.id_number),
                    Some(Field::Passport) => text(&id.passport_number),
                    Some(Field::Document) => text(if id.id_number.is_empty() {
                        &id.passport_number
                    } else {
                        &id.id_number
                    }),
                    Some(Field::Nationality) => text(&id.nationality),
                    Some(Field::Phone) => text(&id.phone),
                    Some(Field::Notes) => text(&c.notes),
                })
                .collect();
            row.push(text(&c.number));
            row
        })
        .collect();
    ListTable { headers, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::today;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    /// A sheet of text cells, without merged regions.
    fn texts(rows: &[&[&str]]) -> Grid {
        Grid {
            rows: rows
                .iter()
                .map(|r| r.iter().map(|s| t(s)).collect())
                .collect(),
            merged: vec![],
        }
    }

    fn batch() -> BatchRecord {
        BatchRecord {
            id: "b".into(),
            received_at: NaiveDate::from_ymd_opt(2026, 11, 26)
                .unwrap()
                .and_hms_opt(9, 0, 0),
            gate_id: Some(1),
            handing_party: "Cảnh sát Campuchia".into(),
            ..BatchRecord::default()
        }
    }

    #[test]
    fn header_labels_in_both_languages() {
        for (label, f) in [
            ("Họ tên", Field::FullName),
            ("Ho va ten", Field::FullName),
            ("Họ và tên", Field::FullName),
            ("Full name", Field::FullName),
            ("Name", Field::FullName),
            ("Ngày sinh", Field::Birth),
            ("DOB", Field::Birth),
            ("Năm sinh", Field::Birth),
            ("Ngày, tháng, năm sinh", Field::Birth),
            ("Giới tính", Field::Sex),
            ("Sex", Field::Sex),
            ("Quê quán", Field::Address),
            ("Địa chỉ", Field::Address),
            ("Nơi thường trú", Field::Address),
            ("Số CCCD", Field::IdNumber),
            ("CCCD/CMND", Field::IdNumber),
            ("Hộ chiếu", Field::Passport),
            ("Passport No.", Field::Passport),
            ("Số CCCD/Hộ chiếu", Field::Document),
            ("STT", Field::RowNumber),
            ("Tuổi", Field::Age),
            ("Ghi chú", Field::Notes),
            ("Quốc tịch", Field::Nationality),
        ] {
            assert_eq!(header_field(label), Some(f), "{label}");
        }
        assert_eq!(header_field("Tình trạng sức khỏe"), None);
    }

    #[test]
    fn serial_dates_with_the_leap_year_bug() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(excel_serial_date(1.0), d(1900, 1, 1));
        assert_eq!(excel_serial_date(59.0), d(1900, 2, 28));
        assert_eq!(excel_serial_date(60.0), None, "29/02/1900 never was");
        assert_eq!(excel_serial_date(61.0), d(1900, 3, 1));
        assert_eq!(excel_serial_date(35796.0), d(1998, 1, 1));
        assert_eq!(excel_serial_date(45658.0), d(2025, 1, 1));
    }

    #[test]
    fn two_row_header_with_birth_year_under_sex() {
        // "Năm sinh" merged over "Nam" | "Nữ"; title rows above; a numbering row below.
        let grid = Grid {
            rows: vec![
                vec![t("DANH SÁCH CÔNG DÂN ĐƯỢC TRAO TRẢ")],
                vec![],
                vec![
                    t("STT"),
                    t("Họ và tên"),
                    t("Năm sinh"),
                    Cell::Empty,
                    t("Quê quán"),
                    t("Số CCCD"),
                ],
                vec![
                    Cell::Empty,
                    Cell::Empty,
                    t("Nam"),
                    t("Nữ"),
                    Cell::Empty,
                    Cell::Empty,
                ],
                vec![t("1"), t("2"), t("3"), t("4"), t("5"), t("6")],
                vec![
                    Cell::Number(1.0),
                    t("NGUYỄN THỊ HỒNG NHUNG"),
                    Cell::Empty,
                    Cell::Number(1998.0),
                    t("Xã Mỹ Quý Tây, huyện Đức Huệ, tỉnh Long An"),
                    Cell::Number(80198000123.0),
                ],
                vec![
                    Cell::Number(2.0),
                    t("Dang Van Duc"),
                    Cell::Number(35796.0),
                    Cell::Empty,
                    t("Tây Ninh"),
                    Cell::Empty,
                ],
                vec![Cell::Empty, t("Người lập biểu")],
            ],
            merged: vec![
                Merged {
                    first_row: 2,
                    first_col: 2,
                    last_row: 2,
                    last_col: 3,
                },
                Merged {
                    first_row: 2,
                    first_col: 1,
                    last_row: 3,
                    last_col: 1,
                },
            ],
        };
        let m = propose(&grid);
        assert_eq!(m.header_rows, vec![2, 3]);
        assert_eq!(m.first_data_row, 5);
        assert_eq!(
            m.columns,
            vec![
                Some(Field::RowNumber),
                Some(Field::FullName),
                Some(Field::BirthMale),
                Some(Field::BirthFemale),
                Some(Field::Address),
                Some(Field::IdNumber)
            ]
        );
        let p = preview(&grid, &m, LegacyChoice::Auto, &batch(), today());
        assert_eq!(p.headers[2], "Năm sinh / Nam");
        assert_eq!(p.rows.len(), 2, "the signature row is not a person");
        let a = &p.rows[0];
        assert!(a.is_valid(), "{:?}", a.problems);
        let c = a.case.as_ref().unwrap();
        assert_eq!(c.identity.full_name, "Nguyễn Thị Hồng Nhung");
        assert_eq!(c.identity.sex, Sex::Female);
        assert_eq!(c.identity.birth_year, Some(1998));
        assert_eq!(c.identity.id_number, "080198000123");
        assert_eq!(
            c.address.province_code,
            Some(80),
            "Long An is in Tây Ninh now"
        );
        assert!(a.flags.contains(&RowFlag::NameTitleCased));
        assert!(a.flags.contains(&RowFlag::IdZeroRestored));
        let b = &p.rows[1];
        let c = b.case.as_ref().unwrap();
        assert_eq!(c.identity.sex, Sex::Male);
        assert_eq!(c.identity.birth_date, NaiveDate::from_ymd_opt(1998, 1, 1));
        assert!(b.flags.contains(&RowFlag::NameWithoutDiacritics));
        assert!(b.flags.contains(&RowFlag::SerialDate));
    }

    #[test]
    fn rows_checked_by_the_batch_table_rules() {
        let grid = texts(&[
            &["Full name", "Sex", "DOB", "ID / Passport"],
            &["Trần Quốc Tuấn", "M", "5/3/98", "C1234567"],
            &["Lê Thị Ánh", "nữ", "01/01/2030", "12345"],
            &["", "x", "abc", ""],
            &["Trần Quốc Tuấn", "1", "1998", ""],
        ]);
        let m = propose(&grid);
        assert_eq!(m.column_of(Field::Document), Some(3));
        let p = preview(&grid, &m, LegacyChoice::Auto, &batch(), today());
        assert_eq!(p.rows.len(), 4);
        let r = &p.rows[0];
        assert!(r.is_valid(), "{:?}", r.problems);
        let c = r.case.as_ref().unwrap();
        assert_eq!(c.identity.passport_number, "C1234567");
        assert_eq!(c.identity.birth_date, NaiveDate::from_ymd_opt(1998, 3, 5));
        assert!(r.flags.contains(&RowFlag::TwoDigitYear));
        let keys = |i: usize| -> Vec<(&str, &str)> {
            p.rows[i]
                .problems
                .iter()
                .map(|e| (e.field, e.problem.key()))
                .collect()
        };
        assert_eq!(
            keys(1),
            vec![("age", "future_date"), ("document", "cccd_digits")]
        );
        assert_eq!(
            keys(2),
            vec![
                ("sex", "required"),
                ("full_name", "required"),
                ("age", "age_range")
            ]
        );
        // The same name and birth year as row 2 of the sheet.
        assert_eq!(
            p.rows[3].duplicates,
            vec![RowDuplicate::List {
                line: 2,
                kind: MatchKind::SimilarName
            }]
        );
        assert_eq!(p.valid(), 2);
    }

    #[test]
    fn mapping_overrides_and_memory() {
        let grid = texts(&[
            &["Tên", "Phái", "Sinh năm", "Nơi ở"],
            &["Phạm Hữu Nghĩa", "2", "1990", "Cà Mau"],
        ]);
        let mut m = propose(&grid);
        assert_eq!(m.numeric_sex, NumericSex::Iso5218, "a 2 in the sex column");
        let headers = header_labels(&grid, &m);
        m.apply_overrides(
            &headers,
            r#"{"D": null, "Phái": "sex", "_sex": "one_male_zero_female"}"#,
        )
        .unwrap();
        assert_eq!(m.field_of(3), None);
        assert_eq!(m.numeric_sex, NumericSex::OneMaleZeroFemale);
        assert!(m.apply_overrides(&headers, r#"{"Z9": "sex"}"#).is_err());
        // A header that looks like a column letter is the header.
        let mut by_label = Mapping::default();
        by_label
            .apply_overrides(
                &["Tên".into(), "ID".into()],
                r#"{"ID": "id_number", "A": "full_name"}"#,
            )
            .unwrap();
        assert_eq!(
            by_label.columns,
            vec![Some(Field::FullName), Some(Field::IdNumber)]
        );
        assert!(
            m.apply_overrides(&headers, r#"{"A": "shoe_size"}"#)
                .is_err()
        );
        let kept = m.remember(&headers);
        let json = serde_json::to_string(&kept).unwrap();
        let back: Remembered = serde_json::from_str(&json).unwrap();
        let mut fresh = propose(&grid);
        assert_eq!(fresh.apply_remembered(&headers, &back), 4);
        assert_eq!(fresh.columns, m.columns);
        assert_eq!(fresh.numeric_sex, NumericSex::OneMaleZeroFemale);
    }

    #[test]
    fn legacy_list_converted_with_its_headers() {
        use super::super::legacy_text::encode;
        let enc = |s: &str| t(&encode(s, Legacy::Tcvn3));
        let grid = Grid {
            rows: vec![
                vec![enc("Họ và tên"), enc("Giới tính"), enc("Năm sinh")],
                vec![
                    enc("Nguyễn Thị Hồng Nhung"),
                    enc("Nữ"),
                    Cell::Number(1998.0),
                ],
                vec![enc("Đặng Văn Đức"), enc("Nam"), Cell::Number(2001.0)],
            ],
            merged: vec![],
        };
        assert_eq!(
            propose(&grid).column_of(Field::FullName),
            None,
            "TCVN3 headers"
        );
        let m = propose_for(&grid, LegacyChoice::Auto);
        assert_eq!(m.column_of(Field::FullName), Some(0));
        assert_eq!(m.column_of(Field::Sex), Some(1));
        let p = preview(&grid, &m, LegacyChoice::Auto, &batch(), today());
        assert_eq!(p.detection.legacy, Some(Legacy::Tcvn3));
        assert_eq!(
            p.rows[0].case.as_ref().unwrap().identity.full_name,
            "Nguyễn Thị Hồng Nhung"
        );
        assert_eq!(
            p.rows[1].case.as_ref().unwrap().identity.full_name,
            "Đặng Văn Đức"
        );
        assert!(
            p.conversions
                .iter()
                .any(|c| c.before == "NguyÔn ThÞ Hång Nhung" && c.line == 2)
        );
        assert_eq!(p.converted_rows(), 2);
        let off = preview(&grid, &m, LegacyChoice::Off, &batch(), today());
        assert!(off.conversions.is_empty());
    }
}
