//! The report as CSV (UTF-8 with BOM, formula-injection guarded), XLSX (one
//! sheet per table, numbers as numbers) and PDF (typst, with bars); and the
//! anonymised dataset as CSV.

use rust_xlsxwriter::{Format, Workbook};
use serde_json::json;

use super::ExportError;
use super::pdf::{self, Template};
use crate::domain::case::thousands;
use crate::domain::papers::{Letterhead, Person};
use crate::domain::report::{AnonReport, AnonRow, Report};
use crate::i18n::{self, Lang};
use crate::t;

/// The label of a table.
pub fn table_title(l: Lang, key: &str) -> String {
    i18n::dynamic(l, &format!("report-table-{key}"))
}

/// Rows whose labels are fixed message ids `report-row-{table}-{key}`.
const FIXED_ROWS: [(&str, &[&str]); 8] = [
    (
        "overview",
        &[
            "received",
            "under_18",
            "screened",
            "suspected_victims",
            "identified_victims",
            "foreigners",
            "stateless",
            "batches",
        ],
    ),
    ("children", &["under_18", "adult"]),
    ("batch", &["batch", "single"]),
    ("support", &crate::domain::report::SUPPORT_ROWS),
    ("amount", &crate::domain::report::AMOUNT_ROWS),
    ("repeat", &["first", "repeat"]),
    ("legal", &["fined", "wanted"]),
    ("purpose", &["none"]),
];

/// Every message id the report's labels look up (for the completeness test).
pub fn label_keys() -> Vec<String> {
    let mut k: Vec<String> = crate::domain::report::TABLES
        .iter()
        .map(|t| format!("report-table-{t}"))
        .collect();
    for (t, rows) in FIXED_ROWS {
        k.extend(rows.iter().map(|r| format!("report-row-{t}-{r}")));
    }
    k.extend(
        crate::domain::report::CLASSES
            .iter()
            .map(|c| format!("report-col-class-{c}")),
    );
    k.extend(
        crate::domain::report::AGE_BANDS
            .iter()
            .map(|b| format!("report-row-age_band-{b}")),
    );
    k.extend(
        crate::domain::case::Sex::ALL
            .iter()
            .map(|s| format!("sex-{}", s.key())),
    );
    k.extend(
        crate::domain::case::ExitLegality::ALL
            .iter()
            .map(|s| format!("exit-{}", s.key())),
    );
    for id in [
        "report-col-period",
        "report-col-last-year",
        "report-col-count",
        "report-col-item",
        "report-total",
        "report-unknown",
        "report-other-listed",
    ] {
        k.push(id.into());
    }
    k
}

/// The label of a row: enum keys and list codes are translated, data
/// (gates, agencies) is kept.
pub fn row_label(l: Lang, table: &str, key: &str) -> String {
    use crate::domain::{lists, places};
    let en = l == Lang::En;
    if key.is_empty() {
        return t!(l, "report-unknown");
    }
    let id = match table {
        "sex_age_received" | "sex_age_suspected" | "sex_age_identified" => format!("sex-{key}"),
        "source" => format!("source-{key}"),
        "exit_legality" => format!("exit-{key}"),
        "outcome" if key == "not_screened" => "filter-not-screened".into(),
        "outcome" => format!("outcome-{key}"),
        "purpose" if key != "none" => format!("purpose-{key}"),
        "classes" => format!("report-col-class-{key}"),
        "province" => {
            return key
                .parse()
                .ok()
                .and_then(places::province)
                .map(|p| p.name.clone())
                .unwrap_or_else(|| key.to_string());
        }
        "destination" | "nationality" | "ethnicity" if key == "other" => {
            "report-other-listed".into()
        }
        "destination" | "nationality" | "ethnicity" => {
            let names = if table == "ethnicity" {
                lists::ethnic_group(key).map(|g| (&g.name_vi, &g.name_en))
            } else {
                lists::country(key).map(|c| (&c.name_vi, &c.name_en))
            };
            return names
                .map(|(vi, english)| if en { english } else { vi }.clone())
                .unwrap_or_else(|| key.to_string());
        }
        t if FIXED_ROWS.iter().any(|(f, _)| *f == t) => format!("report-row-{table}-{key}"),
        _ => return key.to_string(),
    };
    i18n::dynamic(l, &id)
}

/// The label of a column.
pub fn col_label(l: Lang, table: &str, key: &str) -> String {
    use crate::domain::report::{AGE_BANDS, CLASSES, ONE_WAY, TOTAL};
    let id = match key {
        TOTAL => "report-total".to_string(),
        ONE_WAY => "report-col-count".into(),
        "period" => "report-col-period".into(),
        "last_year" => "report-col-last-year".into(),
        k if CLASSES.contains(&k) => format!("report-col-class-{k}"),
        k if AGE_BANDS.contains(&k) => format!("report-row-age_band-{k}"),
        k if table == "referral" => format!("referral-status-{k}"),
        k => return k.to_string(),
    };
    i18n::dynamic(l, &id)
}

/// A table as labelled lines: the header (columns, then "Tổng" where the
/// table has totals) and each row with its cells and total, then the
/// totals row. What CSV, XLSX, PDF and the window show.
pub struct Grid {
    pub title: String,
    pub header: Vec<String>,
    /// (row key, label, cells with the row total last where there is one).
    pub rows: Vec<(String, String, Vec<i64>)>,
    /// The totals row (with the grand total last), where the table has one.
    pub total: Option<Vec<i64>>,
}

pub fn grid(l: Lang, t: &crate::domain::report::Table) -> Grid {
    use crate::domain::report::TOTAL;
    let with_total_col = t.totals && !t.is_one_way();
    let mut header: Vec<String> = t.cols.iter().map(|c| col_label(l, &t.key, c)).collect();
    if with_total_col {
        header.push(col_label(l, &t.key, TOTAL));
    }
    let rows = t
        .rows
        .iter()
        .zip(&t.cells)
        .map(|(k, cells)| {
            let mut v = cells.clone();
            if with_total_col {
                v.push(cells.iter().sum());
            }
            (k.clone(), row_label(l, &t.key, k), v)
        })
        .collect();
    let total = t.totals.then(|| {
        let mut v: Vec<i64> = t.cols.iter().map(|c| t.col_total(c)).collect();
        if with_total_col {
            v.push(t.total());
        }
        v
    });
    Grid {
        title: table_title(l, &t.key),
        header,
        rows,
        total,
    }
}

/// Neutralise a cell that a spreadsheet would read as a formula.
pub fn guard(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// The report as one tidy table, `Bảng,Hàng,Cột,Số lượng` (UTF-8 with a
/// BOM): a one-way table leaves `Cột` empty; every table with totals has its
/// totals as rows and columns named `Tổng`, so a pivot table rebuilds each
/// table and a script can check every sum.
pub fn report_csv(r: &Report, l: Lang) -> Result<Vec<u8>, ExportError> {
    let err = |e: csv::Error| ExportError::Package(e.to_string());
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record([
            t!(l, "report-col-table"),
            t!(l, "report-col-row"),
            t!(l, "report-col-col"),
            t!(l, "report-col-count"),
        ])
        .map_err(err)?;
        for table in &r.tables {
            let g = grid(l, table);
            let title = guard(&g.title);
            let cols: Vec<String> = if table.is_one_way() {
                vec![String::new(); g.header.len()]
            } else {
                g.header.iter().map(|h| guard(h)).collect()
            };
            let total_label = t!(l, "report-total");
            let lines = g
                .rows
                .iter()
                .map(|(_, label, cells)| (guard(label), cells))
                .chain(g.total.iter().map(|cells| (total_label.clone(), cells)));
            for (label, cells) in lines {
                for (col, n) in cols.iter().zip(cells) {
                    w.write_record([title.as_str(), &label, col, &n.to_string()])
                        .map_err(err)?;
                }
            }
        }
        w.flush().map_err(|e| ExportError::Package(e.to_string()))?;
    }
    Ok(out)
}

/// The name of a table's sheet: at most 31 characters, none of `[]:*?/\`,
/// unique in the workbook.
fn sheet_name(title: &str, used: &mut Vec<String>) -> String {
    let base: String = title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    let mut name = base.clone();
    let mut i = 2;
    while used.iter().any(|u| u.to_lowercase() == name.to_lowercase()) {
        let suffix = format!(" ({i})");
        name = format!(
            "{}{suffix}",
            base.chars().take(31 - suffix.len()).collect::<String>()
        );
        i += 1;
    }
    used.push(name.clone());
    name
}

/// The report as a workbook: one sheet per table, the header row frozen,
/// counts as numbers, the totals row and column in bold.
/// "Kỳ báo cáo: từ ngày 01/07/2024 đến ngày 30/09/2024" (with its name when named).
fn period_text(l: Lang, r: &Report) -> String {
    let from = crate::domain::dates::format_dmy(r.from);
    let to = crate::domain::dates::format_dmy(r.to);
    match &r.name {
        Some(name) => t!(
            l,
            "report-sheet-period-named",
            name = name.clone(),
            from = from,
            to = to
        ),
        None => t!(l, "report-sheet-period", from = from, to = to),
    }
}

/// The row of each sheet's column headings: above it the table's title,
/// the unit and the period, so a sheet printed or mailed alone says what it is.
pub const XLSX_HEADER_ROW: u32 = 4;

pub fn report_xlsx(r: &Report, l: Lang, unit: &str) -> Result<Vec<u8>, ExportError> {
    let err = |e: rust_xlsxwriter::XlsxError| ExportError::Package(e.to_string());
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(13);
    let head = Format::new().set_bold().set_text_wrap();
    let period = period_text(l, r);
    let mut used = Vec::new();
    for table in &r.tables {
        let g = grid(l, table);
        let sheet = wb.add_worksheet();
        sheet
            .set_name(sheet_name(&g.title, &mut used))
            .map_err(err)?;
        sheet
            .write_string_with_format(0, 0, guard(&g.title), &title)
            .map_err(err)?;
        sheet.write_string(1, 0, guard(unit)).map_err(err)?;
        sheet.write_string(2, 0, guard(&period)).map_err(err)?;
        let h0 = XLSX_HEADER_ROW;
        sheet
            .write_string_with_format(h0, 0, t!(l, "report-col-item"), &head)
            .map_err(err)?;
        let last_col = g.header.len() as u16;
        let total_col = table.totals && !table.is_one_way();
        for (c, h) in g.header.iter().enumerate() {
            sheet
                .write_string_with_format(h0, c as u16 + 1, guard(h), &head)
                .map_err(err)?;
        }
        for (i, (_, label, cells)) in g.rows.iter().enumerate() {
            let row = h0 + i as u32 + 1;
            sheet.write_string(row, 0, guard(label)).map_err(err)?;
            for (c, n) in cells.iter().enumerate() {
                let col = c as u16 + 1;
                if total_col && col == last_col {
                    sheet
                        .write_number_with_format(row, col, *n as f64, &bold)
                        .map_err(err)?;
                } else {
                    sheet.write_number(row, col, *n as f64).map_err(err)?;
                }
            }
        }
        if let Some(total) = &g.total {
            let row = h0 + g.rows.len() as u32 + 1;
            sheet
                .write_string_with_format(row, 0, t!(l, "report-total"), &bold)
                .map_err(err)?;
            for (c, n) in total.iter().enumerate() {
                sheet
                    .write_number_with_format(row, c as u16 + 1, *n as f64, &bold)
                    .map_err(err)?;
            }
        }
        sheet.set_freeze_panes(h0 + 1, 1).map_err(err)?;
        sheet.set_column_width(0, 44).map_err(err)?;
        for c in 1..=last_col {
            sheet.set_column_width(c, 14).map_err(err)?;
        }
        sheet.set_row_height(h0, 45).map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}

/// What the report paper carries besides its figures: a letter under
/// Decree 30 from the unit's letterhead.
#[derive(Debug, Clone)]
pub struct ReportPaper {
    /// "Kính gửi: …": by default the unit's superior agency (a border post
    /// reports to its provincial command), else the provincial People's
    /// Committee through the provincial police.
    pub recipient: String,
    pub date: chrono::NaiveDate,
    /// Who signs: the letterhead's default signer, or the officer printing.
    pub signer: Person,
    /// "Nơi nhận".
    pub copies_to: Vec<String>,
    /// A confidentiality mark chosen when printing ("MẬT"), if any.
    pub mark: Option<String>,
    /// The audit checkpoint printed in small type on the last page.
    pub checkpoint: String,
}

pub const DEFAULT_RECIPIENT: &str = "Ủy ban nhân dân tỉnh (qua Công an tỉnh)";

impl ReportPaper {
    pub fn new(letterhead: &Letterhead, signer: Person, date: chrono::NaiveDate) -> ReportPaper {
        ReportPaper {
            recipient: match letterhead.superior.trim() {
                "" => DEFAULT_RECIPIENT.into(),
                superior => superior.to_string(),
            },
            date,
            signer,
            copies_to: vec![
                "Như trên".into(),
                "Công an tỉnh (Phòng Cảnh sát hình sự)".into(),
                "Lưu: VT".into(),
            ],
            mark: None,
            checkpoint: String::new(),
        }
    }
}

/// The sentence comparing the period with the same period last year.
fn comparison_vi(r: &Report) -> String {
    use crate::domain::report::change_vi;
    let (n, b) = r.compare("received");
    let (s, sb) = r.compare("suspected_victims");
    let (i, ib) = r.compare("identified_victims");
    format!(
        "So với cùng kỳ năm trước (từ ngày {} đến ngày {}): số người được tiếp nhận {} ({} so với {}); \
         số người đang trong quá trình xác định là nạn nhân {} ({} so với {}); số nạn nhân đã được xác định {} ({} so với {}).",
        crate::domain::dates::format_dmy(r.last_year.0),
        crate::domain::dates::format_dmy(r.last_year.1),
        change_vi(n, b),
        thousands(n),
        thousands(b),
        change_vi(s, sb),
        thousands(s),
        thousands(sb),
        change_vi(i, ib),
        thousands(i),
        thousands(ib)
    )
}

/// The report paper: the tables (each with its totals and a bar per row,
/// the row's total) and the comparison with the same period last year.
/// The data carries `recipient`, `number`, `date`, `signer`, `copies_to` and
/// `mark` for the Decree 30 header and signer block.
pub fn report_pdf(
    r: &Report,
    letterhead: &Letterhead,
    paper: &ReportPaper,
) -> Result<Vec<u8>, ExportError> {
    let l = Lang::Vi;
    let tables: Vec<serde_json::Value> = r
        .tables
        .iter()
        .map(|t| {
            let g = grid(l, t);
            let bar = |cells: &Vec<i64>| match (t.is_one_way(), t.totals) {
                (false, true) => cells.last().copied().unwrap_or(0),
                _ => cells.first().copied().unwrap_or(0),
            };
            // Counts as Vietnamese papers write them: 12.345.
            let counts = |cells: &[i64]| cells.iter().map(|c| thousands(*c)).collect::<Vec<_>>();
            json!({
                "key": t.key,
                "title": g.title,
                "header": g.header,
                "rows": g.rows.iter().map(|(_, label, cells)| json!({
                    "label": label, "cells": counts(cells), "bar": bar(cells),
                })).collect::<Vec<_>>(),
                "total": g.total.as_deref().map(counts),
                "chart": t.key != "overview" && t.key != "amount",
            })
        })
        .collect();
    // A report is registered by the records office: its number is left
    // blank for them ("Số:        /BC-ĐMB").
    let head = super::docs::PaperHead {
        letterhead,
        number: letterhead.blank_number("BC"),
        date: paper.date,
    };
    let mut data = serde_json::to_value(head.header("Báo cáo"))
        .map_err(|e| ExportError::Template(e.to_string()))?;
    let received = r.compare("received").0;
    let period = match &r.name {
        Some(n) => format!(
            "{n} (từ ngày {} đến ngày {})",
            crate::domain::dates::format_dmy(r.from),
            crate::domain::dates::format_dmy(r.to)
        ),
        None => format!(
            "Từ ngày {} đến ngày {}",
            crate::domain::dates::format_dmy(r.from),
            crate::domain::dates::format_dmy(r.to)
        ),
    };
    let body = json!({
        "subtitle": "Kết quả tiếp nhận, sàng lọc, xác định và chuyển gửi người trở về",
        "period": period,
        "from": crate::domain::dates::format_dmy(r.from),
        "to": crate::domain::dates::format_dmy(r.to),
        "recipient": paper.recipient,
        "recipients": paper.copies_to,
        "mark": paper.mark,
        "signer": head.signer(&paper.signer),
        "checkpoint": paper.checkpoint,
        "intro": format!(
            "Trong kỳ báo cáo, {} đã tiếp nhận {} người; trong đó {} người đang trong quá trình xác định là nạn nhân, {} nạn nhân đã được xác định. Số liệu chi tiết như sau.",
            letterhead.unit_name,
            thousands(received),
            thousands(r.compare("suspected_victims").0),
            thousands(r.compare("identified_victims").0),
        ),
        "comparison": comparison_vi(r),
        "tables": tables,
        "closing_words": format!(
            "Trên đây là báo cáo kết quả tiếp nhận, sàng lọc, xác định và chuyển gửi người trở về của {} từ ngày {} đến ngày {}./.",
            letterhead.unit_name,
            crate::domain::dates::format_dmy(r.from),
            crate::domain::dates::format_dmy(r.to)
        ),
        "notes": "Người nước ngoài và người không quốc tịch được đếm theo quốc tịch ghi trong hồ sơ. Mục đích bóc lột và hình thức hỗ trợ: một người có thể được đếm ở nhiều dòng.",
    });
    if let (Some(o), serde_json::Value::Object(b)) = (data.as_object_mut(), body) {
        o.extend(b);
    }
    pdf::render(Template::Report, &data)
}

/// The anonymised dataset: a header line states k and the rows suppressed.
pub fn dataset_csv(rows: &[AnonRow], info: &AnonReport) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let means: Vec<String> = rows
            .first()
            .map(|r| r.means.keys().cloned().collect())
            .unwrap_or_else(|| {
                crate::domain::screening::METHODS_OF_CONTROL
                    .iter()
                    .map(|s| s.to_string())
                    .collect()
            });
        let mut header = vec![
            "yearOfRegistration".to_string(),
            "gender".into(),
            "ageBroad".into(),
            "citizenship".into(),
            "CountryOfExploitation".into(),
            "typeOfExploitation".into(),
            "recruiterRelationship".into(),
        ];
        header.extend(means.iter().map(|m| format!("meansOfControl{m}")));
        w.write_record(&header)
            .map_err(|e| ExportError::Package(e.to_string()))?;
        for r in rows {
            let mut rec = vec![
                guard(&r.year),
                guard(&r.gender),
                guard(&r.age_band),
                guard(&r.citizenship),
                guard(&r.country_of_exploitation),
                guard(&r.type_of_exploitation),
                guard(&r.recruiter_relationship),
            ];
            rec.extend(means.iter().map(|m| {
                if r.means.get(m).copied().unwrap_or(false) {
                    "1"
                } else {
                    "0"
                }
                .to_string()
            }));
            w.write_record(&rec)
                .map_err(|e| ExportError::Package(e.to_string()))?;
        }
        w.flush().map_err(|e| ExportError::Package(e.to_string()))?;
    }
    let note = format!(
        "# k-anonymity k={}; rows in {}; rows out {}; suppressed {}; generalisations: {}\n",
        info.k,
        info.rows_in,
        info.rows_out,
        info.suppressed,
        if info.generalisations.is_empty() {
            "none".into()
        } else {
            info.generalisations.join(", ")
        }
    );
    let mut with_note = Vec::from("\u{feff}".as_bytes());
    with_note.extend_from_slice(note.as_bytes());
    with_note.extend_from_slice(&out[3..]);
    Ok(with_note)
}

#[cfg(test)]
mod tests {
    use super::guard;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(guard("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(guard("+84"), "'+84");
        assert_eq!(guard("-1"), "'-1");
        assert_eq!(guard("@cmd"), "'@cmd");
        assert_eq!(guard("Nguyễn"), "Nguyễn");
    }
}
