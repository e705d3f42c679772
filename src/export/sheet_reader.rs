//! Reading a handover list's file into a grid of cells: XLSX, XLS, XLSB and
//! ODS through `calamine`, CSV through the `csv` crate after the encoding is
//! detected (`domain::legacy_text::decode_bytes`) and the delimiter (`,`,
//! `;` or tab) chosen. Bytes in, a [`Workbook`] out; nothing is written.
//! A file that is neither a readable workbook nor text (a truncated XLSX, a
//! photo) is refused with one clear error.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Sheets};
use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::handover_list::{Cell, Grid, Merged};
use crate::domain::legacy_text::{self, TextEncoding};

/// Larger files are refused (a list of thousands of people is far smaller).
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;
/// Larger sheets are refused (rows x columns of the used range).
pub const MAX_CELLS: usize = 2_000_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("the file is larger than {} MB", MAX_FILE_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("the file is empty")]
    Empty,
    #[error("not a readable spreadsheet (XLSX, XLS, ODS) or CSV file: {0}")]
    Unreadable(String),
    #[error("the workbook has no sheet named '{name}' (its sheets: {sheets})")]
    NoSheet { name: String, sheets: String },
    #[error("the workbook has no sheet")]
    NoSheets,
    #[error("the sheet is too large ({0} cells)")]
    TooManyCells(usize),
    #[error("cannot read {path}: {reason}")]
    Io { path: String, reason: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Csv,
}

impl Format {
    pub fn key(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Csv => "csv",
        }
    }
}

/// A file read: its sheets' names, the chosen sheet's grid, and for a CSV
/// how its bytes were read.
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    pub format: Format,
    pub sheets: Vec<String>,
    pub sheet: String,
    pub grid: Grid,
    pub encoding: Option<TextEncoding>,
    pub delimiter: Option<u8>,
}

/// Read a file from disk (see [`read_bytes`]).
pub fn read_path(path: &Path, sheet: Option<&str>) -> Result<Workbook, SheetError> {
    let io = |e: std::io::Error| SheetError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let len = std::fs::metadata(path).map_err(io)?.len();
    if len > MAX_FILE_BYTES as u64 {
        return Err(SheetError::TooLarge);
    }
    let bytes = std::fs::read(path).map_err(io)?;
    read_bytes(&bytes, sheet)
}

/// Read a workbook or a CSV file; `sheet` chooses a sheet by name (the
/// first one otherwise).
pub fn read_bytes(bytes: &[u8], sheet: Option<&str>) -> Result<Workbook, SheetError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(SheetError::TooLarge);
    }
    if bytes.is_empty() {
        return Err(SheetError::Empty);
    }
    let zip = bytes.starts_with(b"PK\x03\x04");
    let cfb = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    if zip || cfb {
        read_workbook(bytes, sheet)
    } else {
        read_csv(bytes)
    }
}

fn unreadable(e: impl std::fmt::Display) -> SheetError {
    // calamine's messages can be long; the first line is enough.
    let s = e.to_string();
    SheetError::Unreadable(s.lines().next().unwrap_or("unknown error").to_string())
}

fn read_workbook(bytes: &[u8], sheet: Option<&str>) -> Result<Workbook, SheetError> {
    let mut wb =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| {
            if bytes.starts_with(b"PK") {
                SheetError::Unreadable(format!("the workbook is damaged or incomplete ({e})"))
            } else {
                unreadable(e)
            }
        })?;
    let format = match &wb {
        Sheets::Xlsx(_) => Format::Xlsx,
        Sheets::Xlsb(_) => Format::Xlsb,
        Sheets::Xls(_) => Format::Xls,
        Sheets::Ods(_) => Format::Ods,
    };
    let sheets = wb.sheet_names();
    let name = match sheet {
        Some(s) => sheets
            .iter()
            .find(|n| n.as_str() == s || n.trim().eq_ignore_ascii_case(s.trim()))
            .cloned()
            .ok_or_else(|| SheetError::NoSheet {
                name: s.to_string(),
                sheets: sheets.join(", "),
            })?,
        None => sheets.first().cloned().ok_or(SheetError::NoSheets)?,
    };
    let range = wb.worksheet_range(&name).map_err(unreadable)?;
    let merged: Vec<calamine::Dimensions> = match &mut wb {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        _ => Vec::new(),
    };
    let (rows, cols) = match (range.start(), range.end()) {
        (Some(_), Some((r, c))) => (r as usize + 1, c as usize + 1),
        _ => (0, 0),
    };
    if rows.saturating_mul(cols) > MAX_CELLS {
        return Err(SheetError::TooManyCells(rows * cols));
    }
    let mut grid = Grid {
        rows: vec![Vec::new(); rows],
        merged: merged
            .iter()
            .map(|d| Merged {
                first_row: d.start.0 as usize,
                first_col: d.start.1 as usize,
                last_row: d.end.0 as usize,
                last_col: d.end.1 as usize,
            })
            .collect(),
    };
    for (r, c, data) in range.used_cells() {
        let (r, c) = (
            r + range.start().map(|s| s.0 as usize).unwrap_or(0),
            c + range.start().map(|s| s.1 as usize).unwrap_or(0),
        );
        let cell = cell_of(data);
        if cell.is_empty() {
            continue;
        }
        let row = &mut grid.rows[r];
        if row.len() <= c {
            row.resize(c + 1, Cell::Empty);
        }
        row[c] = cell;
    }
    Ok(Workbook {
        format,
        sheets,
        sheet: name,
        grid,
        encoding: None,
        delimiter: None,
    })
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            match NaiveDate::from_ymd_opt(y as i32, m as u32, day as u32) {
                Some(date) => Cell::Date(date),
                None => Cell::Number(dt.as_f64()),
            }
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => match s
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        {
            Some(date) => Cell::Date(date),
            None => Cell::Text(s.clone()),
        },
        Data::DurationIso(s) => Cell::Text(s.clone()),
    }
}

/// Text that is not a table: NUL or other control bytes a CSV file never has.
fn looks_binary(text: &str) -> bool {
    let sample: Vec<char> = text.chars().take(4096).collect();
    let bad = sample
        .iter()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t') || **c == '\u{FFFD}')
        .count();
    bad * 50 > sample.len().max(1)
}

/// The delimiter that splits the first lines into the most columns, the same number on most lines.
fn delimiter_of(text: &str) -> u8 {
    let mut best = (b',', 0usize);
    for d in [b',', b';', b'\t'] {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let counts: Vec<usize> = rdr
            .records()
            .take(30)
            .filter_map(|r| r.ok())
            .map(|r| r.len())
            .filter(|n| *n > 1)
            .collect();
        let mut freq = std::collections::HashMap::new();
        for n in &counts {
            *freq.entry(*n).or_insert(0usize) += 1;
        }
        let score = freq.values().max().copied().unwrap_or(0);
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

fn read_csv(bytes: &[u8]) -> Result<Workbook, SheetError> {
    let decoded = legacy_text::decode_bytes(bytes);
    if looks_binary(&decoded.text) {
        return Err(SheetError::Unreadable(
            "the file is neither a workbook nor text".into(),
        ));
    }
    let delimiter = delimiter_of(&decoded.text);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(decoded.text.as_bytes());
    let mut rows = Vec::new();
    let mut cells = 0usize;
    for rec in rdr.records() {
        let rec = rec.map_err(unreadable)?;
        cells += rec.len();
        if cells > MAX_CELLS {
            return Err(SheetError::TooManyCells(cells));
        }
        rows.push(
            rec.iter()
                .map(|s| {
                    if s.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_string())
                    }
                })
                .collect(),
        );
    }
    if rows.is_empty() {
        return Err(SheetError::Empty);
    }
    Ok(Workbook {
        format: Format::Csv,
        sheets: vec!["CSV".into()],
        sheet: "CSV".into(),
        grid: Grid {
            rows,
            merged: Vec::new(),
        },
        encoding: Some(decoded.encoding),
        delimiter: Some(delimiter),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_delimiters_and_refusals() {
        let w = read_bytes("Họ tên;Giới tính\nLê Văn An;Nam\n".as_bytes(), None).unwrap();
        assert_eq!(w.delimiter, Some(b';'));
        assert_eq!(w.grid.rows[1][0], Cell::Text("Lê Văn An".into()));
        let w = read_bytes(b"a\tb\tc\n1\t2\t3\n", None).unwrap();
        assert_eq!(w.delimiter, Some(b'\t'));
        assert_eq!(w.grid.rows[1].len(), 3);
        assert_eq!(read_bytes(b"", None), Err(SheetError::Empty));
        let png = [
            0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0, 0, 1, 2, 3, 0, 0, 0, 0, 5,
        ];
        assert!(matches!(
            read_bytes(&png, None),
            Err(SheetError::Unreadable(_))
        ));
        let truncated = b"PK\x03\x04\x14\x00\x00\x00\x08\x00garbage";
        assert!(matches!(
            read_bytes(truncated, None),
            Err(SheetError::Unreadable(_))
        ));
    }

    #[test]
    fn xlsx_cells_dates_and_merges() {
        use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Workbook as XWorkbook};
        let mut wb = XWorkbook::new();
        let s = wb.add_worksheet();
        s.set_name("Danh sách").unwrap();
        s.merge_range(0, 0, 0, 2, "DANH SÁCH", &XFormat::new())
            .unwrap();
        s.write_string(2, 0, "Họ và tên").unwrap();
        s.write_number(2, 1, 79123456789.0).unwrap();
        let date = ExcelDateTime::from_ymd(1998, 3, 12).unwrap();
        s.write_datetime_with_format(2, 2, &date, &XFormat::new().set_num_format("dd/mm/yyyy"))
            .unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let w = read_bytes(&bytes, None).unwrap();
        assert_eq!(w.format, Format::Xlsx);
        assert_eq!(w.sheets, vec!["Danh sách".to_string()]);
        assert_eq!(w.grid.get(0, 0), &Cell::Text("DANH SÁCH".into()));
        assert_eq!(w.grid.get(2, 1), &Cell::Number(79123456789.0));
        assert_eq!(
            w.grid.get(2, 2),
            &Cell::Date(NaiveDate::from_ymd_opt(1998, 3, 12).unwrap())
        );
        assert_eq!(
            w.grid.merged,
            vec![Merged {
                first_row: 0,
                first_col: 0,
                last_row: 0,
                last_col: 2
            }]
        );
        assert!(matches!(
            read_bytes(&bytes, Some("Sheet9")),
            Err(SheetError::NoSheet { .. })
        ));
        // Cut in half: refused, not read as text.
        assert!(matches!(
            read_bytes(&bytes[..bytes.len() / 2], None),
            Err(SheetError::Unreadable(_))
        ));
    }
}
