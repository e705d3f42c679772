//! The report as CSV (UTF-8 with BOM, formula-injection guarded), XLSX (one
//! sheet per table, numbers as numbers) and PDF (typst, with bars); and the
//! anonymised dataset as CSV.

use rust_xlsxwriter::{Format, Workbook};
use serde_json::json;

use super::ExportError;
use super::pdf::{self, Template};
use crate::domain::report::{AnonReport, AnonRow, Report};
use crate::domain::unit::Unit;
use crate::i18n::{self, Lang};
use crate::t;

/// The label of a table.
pub fn table_title(l: Lang, key: &str) -> String {
    i18n::dynamic(l, &format!("report-table-{key}"))
}

/// The label of a row: enum keys are translated, data (gates, countries) is kept.
pub fn row_label(l: Lang, table: &str, key: &str) -> String {
    let id = match table {
        "sex" => format!("sex-{key}"),
        "source" => format!("source-{key}"),
        "outcome" if key == "not_screened" => "filter-not-screened".into(),
        "outcome" => format!("outcome-{key}"),
        "decision" => format!("decision-{key}"),
        "exploitation" if key == "not_screened" => "filter-not-screened".into(),
        "exploitation" => format!("exploitation-{key}"),
        "referrals" => format!("referral-status-{key}"),
        "age_band" | "overview" | "support" | "repeat" | "children" => {
            format!("report-row-{table}-{key}")
        }
        _ => {
            return if key.is_empty() {
                t!(l, "report-unknown")
            } else {
                key.to_string()
            };
        }
    };
    i18n::dynamic(l, &id)
}

/// Neutralise a cell that a spreadsheet would read as a formula.
pub fn guard(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

pub fn report_csv(r: &Report, l: Lang) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let header = [
            t!(l, "report-col-table"),
            t!(l, "report-col-item"),
            t!(l, "report-col-count"),
        ];
        w.write_record(&header)
            .map_err(|e| ExportError::Package(e.to_string()))?;
        for table in &r.tables {
            let title = table_title(l, &table.key);
            for (k, n) in &table.rows {
                w.write_record([
                    guard(&title),
                    guard(&row_label(l, &table.key, k)),
                    n.to_string(),
                ])
                .map_err(|e| ExportError::Package(e.to_string()))?;
            }
        }
        w.flush().map_err(|e| ExportError::Package(e.to_string()))?;
    }
    Ok(out)
}

pub fn report_xlsx(r: &Report, l: Lang) -> Result<Vec<u8>, ExportError> {
    let err = |e: rust_xlsxwriter::XlsxError| ExportError::Package(e.to_string());
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    for table in &r.tables {
        let sheet = wb.add_worksheet();
        // Sheet names: at most 31 characters, no []:*?/\.
        let name: String = table_title(l, &table.key)
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        sheet.set_name(&name).map_err(err)?;
        sheet
            .write_string_with_format(0, 0, t!(l, "report-col-item"), &bold)
            .map_err(err)?;
        sheet
            .write_string_with_format(0, 1, t!(l, "report-col-count"), &bold)
            .map_err(err)?;
        for (i, (k, n)) in table.rows.iter().enumerate() {
            sheet
                .write_string(i as u32 + 1, 0, guard(&row_label(l, &table.key, k)))
                .map_err(err)?;
            sheet
                .write_number(i as u32 + 1, 1, *n as f64)
                .map_err(err)?;
        }
        if table.is_partition() {
            let last = table.rows.len() as u32 + 1;
            sheet
                .write_string_with_format(last, 0, t!(l, "report-total"), &bold)
                .map_err(err)?;
            sheet
                .write_number_with_format(last, 1, table.total() as f64, &bold)
                .map_err(err)?;
        }
        sheet.set_column_width(0, 48).map_err(err)?;
        sheet.set_column_width(1, 14).map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}

pub fn report_pdf(
    r: &Report,
    unit: &Unit,
    officer: &str,
    today: chrono::NaiveDate,
) -> Result<Vec<u8>, ExportError> {
    let l = Lang::Vi;
    let tables: Vec<serde_json::Value> = r
        .tables
        .iter()
        .map(|t| {
            json!({
                "title": table_title(l, &t.key),
                "rows": t.rows.iter().map(|(k, n)| json!([row_label(l, &t.key, k), n])).collect::<Vec<_>>(),
                "total": if t.is_partition() { json!(t.total()) } else { serde_json::Value::Null },
            })
        })
        .collect();
    let header = super::docs::header(
        unit,
        "Báo cáo",
        &format!("{}/BC", today.format("%Y%m%d")),
        today,
    );
    let mut data = serde_json::to_value(header).expect("serialises");
    let body = json!({
        "subtitle": "Kết quả tiếp nhận, sàng lọc và chuyển gửi công dân trở về",
        "from": crate::domain::dates::format_dmy(r.from),
        "to": crate::domain::dates::format_dmy(r.to),
        "intro": format!(
            "Trong kỳ báo cáo, {} đã tiếp nhận {} công dân; số liệu chi tiết như sau.",
            unit.name,
            r.table("overview").map(|t| t.get("received")).unwrap_or(0)
        ),
        "tables": tables,
        "notes": "",
        "officer": officer,
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
