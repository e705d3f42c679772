//! The handover list written back as XLSX, in the list's own columns with
//! the case numbers after them, for the handing-over party's
//! acknowledgement. Cells that a spreadsheet would read as a formula are
//! neutralised as in the other exports.

use rust_xlsxwriter::{Format, FormatBorder, Workbook};

use super::ExportError;
use super::tables::guard;
use crate::domain::handover_list::{ListTable, ListValue};

/// One sheet: a title line, the headers in bold, one row per person.
pub fn list_xlsx(title: &str, table: &ListTable) -> Result<Vec<u8>, ExportError> {
    let err = |e: rust_xlsxwriter::XlsxError| ExportError::Package(e.to_string());
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("Danh sách").map_err(err)?;
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin);
    let cell = Format::new().set_border(FormatBorder::Thin);
    sheet
        .write_string_with_format(0, 0, guard(title), &bold)
        .map_err(err)?;
    for (c, h) in table.headers.iter().enumerate() {
        sheet
            .write_string_with_format(2, c as u16, guard(h), &head)
            .map_err(err)?;
        let width = table
            .rows
            .iter()
            .filter_map(|r| match r.get(c) {
                Some(ListValue::Text(t)) => Some(t.chars().count()),
                _ => None,
            })
            .chain([h.chars().count().min(30)])
            .max()
            .unwrap_or(8);
        sheet
            .set_column_width(c as u16, (width as f64 + 2.0).clamp(6.0, 60.0))
            .map_err(err)?;
    }
    for (i, row) in table.rows.iter().enumerate() {
        let r = 3 + i as u32;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                ListValue::Empty => sheet.write_blank(r, c, &cell).map(|_| ()),
                ListValue::Text(t) => sheet
                    .write_string_with_format(r, c, guard(t), &cell)
                    .map(|_| ()),
                ListValue::Number(n) => sheet.write_number_with_format(r, c, *n, &cell).map(|_| ()),
            }
            .map_err(err)?;
        }
    }
    wb.save_to_buffer().map_err(err)
}
