//! PDF generation: typst templates from `assets/templates`, data passed as
//! JSON (never spliced into markup), the bundled Liberation Serif (a Times
//! New Roman metric-compatible serif, as Decree 30/2020 asks) embedded and
//! no other font, all text in NFC.

use std::sync::LazyLock;

use serde::Serialize;
use typst::foundations::{Dict, IntoValue};
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;

use super::ExportError;
use crate::domain::text;

/// The documents this app prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    Reception,
    Screening,
    Referral,
    Handover,
    CitizenHandover,
    Report,
    RecoverySheet,
    /// The personal-data notice given at intake (`export::privacy_docs`).
    Notice,
    /// The person's own copy of their data (`export::privacy_docs`).
    Subject,
}

impl Template {
    fn file(self) -> &'static str {
        match self {
            Template::Reception => "reception.typ",
            Template::Screening => "screening.typ",
            Template::Referral => "referral.typ",
            Template::Handover => "handover.typ",
            Template::CitizenHandover => "citizen_handover.typ",
            Template::Report => "report.typ",
            Template::RecoverySheet => "recovery.typ",
            Template::Notice => "notice.typ",
            Template::Subject => "subject.typ",
        }
    }
}

/// The papers' only font (SIL OFL 1.1, `assets/fonts/OFL-LiberationSerif.txt`).
const FONTS: [&[u8]; 4] = [
    include_bytes!("../../assets/fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../../assets/fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../../assets/fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../../assets/fonts/LiberationSerif-BoldItalic.ttf"),
];

static ENGINE: LazyLock<TypstEngine> = LazyLock::new(|| {
    TypstEngine::builder()
        .fonts(FONTS)
        .with_static_source_file_resolver([
            (
                "common.typ",
                include_str!("../../assets/templates/common.typ"),
            ),
            (
                "reception.typ",
                include_str!("../../assets/templates/reception.typ"),
            ),
            (
                "screening.typ",
                include_str!("../../assets/templates/screening.typ"),
            ),
            (
                "referral.typ",
                include_str!("../../assets/templates/referral.typ"),
            ),
            (
                "handover.typ",
                include_str!("../../assets/templates/handover.typ"),
            ),
            (
                "citizen_handover.typ",
                include_str!("../../assets/templates/citizen_handover.typ"),
            ),
            (
                "report.typ",
                include_str!("../../assets/templates/report.typ"),
            ),
            (
                "recovery.typ",
                include_str!("../../assets/templates/recovery.typ"),
            ),
            (
                "notice.typ",
                include_str!("../../assets/templates/notice.typ"),
            ),
            (
                "subject.typ",
                include_str!("../../assets/templates/subject.typ"),
            ),
        ])
        .build()
});

/// Normalise every string in a JSON value to NFC (so `pdftotext` gives NFC).
fn nfc_json(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) => *s = text::nfc(s),
        serde_json::Value::Array(a) => a.iter_mut().for_each(nfc_json),
        serde_json::Value::Object(o) => o.values_mut().for_each(nfc_json),
        _ => {}
    }
}

/// Lay out and write a PDF from a template and its data.
pub fn render(template: Template, data: &impl Serialize) -> Result<Vec<u8>, ExportError> {
    let mut value = serde_json::to_value(data).map_err(|e| ExportError::Template(e.to_string()))?;
    nfc_json(&mut value);
    let json = serde_json::to_string(&value).map_err(|e| ExportError::Template(e.to_string()))?;
    let mut inputs = Dict::new();
    inputs.insert("data".into(), json.as_str().into_value());
    let warned = ENGINE.compile_with_input::<_, _, PagedDocument>(template.file(), inputs);
    let doc = warned
        .output
        .map_err(|e| ExportError::Template(format!("{e:?}")))?;
    let options = typst_pdf::PdfOptions::default();
    typst_pdf::pdf(&doc, &options).map_err(|e| ExportError::Pdf(format!("{e:?}")))
}

/// Warm the engine (fonts parsed, templates loaded) off the UI thread.
pub fn warm_up() {
    LazyLock::force(&ENGINE);
}
