//! The period report: CSV, XLSX and PDF agree with each other and with an
//! independent recount of the demo data; the anonymised dataset is
//! k-anonymous (k = 11) on 200,000 demo cases.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::process::Command;

use chrono::NaiveDate;
use common::*;
use rand::SeedableRng;
use tiepnhan::demo;
use tiepnhan::domain::report::{self, K};
use tiepnhan::export::tables;
use tiepnhan::i18n::Lang;
use tiepnhan::vault::Vault;

const PASS: &str = "mật khẩu báo cáo";
const CASES: usize = 600;
const SEED: u64 = 21;

fn period() -> (NaiveDate, NaiveDate) {
    let today = chrono::Local::now().date_naive();
    (today - chrono::Duration::days(700), today)
}

/// Numbers of the first sheet cell in each row of an XLSX sheet, by label.
fn xlsx_sheets(bytes: &[u8]) -> Vec<BTreeMap<String, f64>> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut shared = String::new();
    z.by_name("xl/sharedStrings.xml")
        .unwrap()
        .read_to_string(&mut shared)
        .unwrap();
    let strings: Vec<String> = shared
        .split("<si>")
        .skip(1)
        .map(|s| {
            let t = s.split("<t").nth(1).unwrap_or("");
            let t = &t[t.find('>').unwrap() + 1..];
            t[..t.find("</t>").unwrap()].replace("&amp;", "&")
        })
        .collect();
    let mut out = Vec::new();
    for i in 1..=20 {
        let Ok(mut f) = z.by_name(&format!("xl/worksheets/sheet{i}.xml")) else {
            break;
        };
        let mut xml = String::new();
        f.read_to_string(&mut xml).unwrap();
        let mut sheet = BTreeMap::new();
        for row in xml.split("<row ").skip(2) {
            let cells: Vec<&str> = row.split("<c ").skip(1).collect();
            if cells.len() < 2 {
                continue;
            }
            let label_idx: usize = cells[0]
                .split("<v>")
                .nth(1)
                .unwrap()
                .split("</v>")
                .next()
                .unwrap()
                .parse()
                .unwrap();
            // The count is a number cell: no string type attribute.
            assert!(
                !cells[1].contains("t=\"s\"") && !cells[1].contains("t=\"str\""),
                "a count stored as text: {}",
                cells[1]
            );
            let v: f64 = cells[1]
                .split("<v>")
                .nth(1)
                .unwrap()
                .split("</v>")
                .next()
                .unwrap()
                .parse()
                .unwrap();
            sheet.insert(strings[label_idx].clone(), v);
        }
        out.push(sheet);
    }
    out
}

#[test]
fn csv_xlsx_and_pdf_agree_with_an_independent_recount() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    demo::create_demo_vault(&dir, PASS, CASES, SEED).unwrap();
    let (from, to) = period();

    // The independent recount, from the generator's own records.
    let today = chrono::Local::now().date_naive();
    let generated = demo::synthetic_batches(CASES, SEED, today);
    let cases: Vec<_> = generated
        .iter()
        .flat_map(|(_, p)| p.iter())
        .filter(|c| c.received_on.is_some_and(|d| d >= from && d <= to))
        .collect();
    let count = |f: &dyn Fn(&&tiepnhan::domain::case::CaseRecord) -> bool| {
        cases.iter().filter(|c| f(c)).count() as i64
    };

    let mut v = Vault::unlock(&dir, "demo", PASS, chrono::Utc::now()).unwrap();
    let r = v.report(from, to, "test").unwrap();
    let t = |k: &str| r.table(k).unwrap();
    assert_eq!(t("overview").get("received"), cases.len() as i64);
    assert_eq!(t("overview").get("children"), count(&|c| c.is_child()));
    assert_eq!(
        t("sex").get("male"),
        count(&|c| c.identity.sex == tiepnhan::domain::case::Sex::Male)
    );
    assert_eq!(
        t("sex").get("female"),
        count(&|c| c.identity.sex == tiepnhan::domain::case::Sex::Female)
    );
    for band in report::AGE_BANDS {
        assert_eq!(
            t("age_band").get(band),
            count(&|c| c.age_band().key() == band),
            "{band}"
        );
    }
    assert_eq!(
        t("source").get("handed_over"),
        count(&|c| c.source == tiepnhan::domain::case::Source::HandedOver)
    );
    assert_eq!(
        t("destination").get("Campuchia"),
        count(&|c| c.journey.destination_country == "Campuchia")
    );
    assert_eq!(
        t("support").get("meals"),
        cases.iter().map(|c| c.support.meals as i64).sum::<i64>()
    );
    for table in [
        "sex",
        "age_band",
        "source",
        "gate",
        "destination",
        "exploitation",
        "outcome",
        "decision",
        "children",
    ] {
        assert_eq!(
            t(table).total(),
            cases.len() as i64,
            "{table} does not add up"
        );
    }

    // CSV: UTF-8 with a BOM; the same numbers.
    let csv = tables::report_csv(&r, Lang::Vi).unwrap();
    assert!(csv.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<(String, String, i64)> = rd
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].to_string(), r[2].parse().unwrap())
        })
        .collect();
    let n = rows.iter().map(|(_, _, n)| n).sum::<i64>();
    assert_eq!(
        n,
        r.tables
            .iter()
            .map(|t| t.rows.iter().map(|(_, n)| n).sum::<i64>())
            .sum::<i64>()
    );

    // XLSX: one sheet per table, counts as numbers, the same values.
    let sheets = xlsx_sheets(&tables::report_xlsx(&r, Lang::Vi).unwrap());
    assert_eq!(sheets.len(), r.tables.len());
    for (table, sheet) in r.tables.iter().zip(&sheets) {
        for (k, n) in &table.rows {
            let label = tables::row_label(Lang::Vi, &table.key, k);
            assert_eq!(
                sheet.get(&label).copied(),
                Some(*n as f64),
                "{}: {label}",
                table.key
            );
        }
    }

    // PDF: the same figures in the text.
    let pdf = tables::report_pdf(&r, &v.unit().unwrap(), "Người lập", today).unwrap();
    let path = tmp.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8(out.stdout).unwrap();
    for (table, key) in [
        ("sex", "male"),
        ("sex", "female"),
        ("age_band", "adult"),
        ("overview", "received"),
    ] {
        let label = tables::row_label(Lang::Vi, table, key);
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(&label))
            .unwrap_or_else(|| panic!("{label} not in the PDF"));
        let number: i64 = line[label.len()..]
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(number, t(table).get(key), "{label}");
    }
    // The report is audited.
    let n: i64 = v
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'report'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn csv_cells_cannot_become_formulas() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    let mut c = tiepnhan::domain::case::CaseRecord {
        received_on: Some(chrono::Local::now().date_naive()),
        ..Default::default()
    };
    c.identity.full_name = "Thử Công Thức".into();
    c.identity.age_estimate = Some(30);
    c.journey.destination_country = "=HYPERLINK(\"http://x\")".into();
    v.create_case(&mut c).unwrap();
    let (from, to) = period();
    let r = v.report(from, to, "csv").unwrap();
    let csv = String::from_utf8(tables::report_csv(&r, Lang::Vi).unwrap()).unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(
        !csv.lines()
            .any(|l| l.split(',').nth(1).is_some_and(|c| c.starts_with('=')))
    );
}

#[test]
fn anonymised_dataset_of_200000_demo_cases_is_k_anonymous() {
    let today = chrono::Local::now().date_naive();
    let batches = demo::synthetic_batches(200_000, 5, today);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
    let rows: Vec<report::AnonRow> = batches
        .iter()
        .flat_map(|(_, p)| p.iter())
        .map(|c| {
            let (s, _) = demo::synthetic_followup(&mut rng, c, today);
            report::anon_row(c, s.as_ref())
        })
        .collect();
    assert_eq!(rows.len(), 200_000);
    let (out, info) = report::anonymise(rows, K);
    assert!(
        report::smallest_class(&out) >= K,
        "a class smaller than {K}"
    );
    assert_eq!(info.rows_out + info.suppressed, 200_000);
    assert_eq!(info.rows_out, out.len());
    assert!(
        info.suppressed < 10_000,
        "{} rows suppressed",
        info.suppressed
    );
    // The export says so in its first line.
    let csv = String::from_utf8(tables::dataset_csv(&out, &info).unwrap()).unwrap();
    let first = csv.lines().next().unwrap();
    assert!(
        first.contains("k=11") && first.contains(&format!("suppressed {}", info.suppressed)),
        "{first}"
    );
    // No name, number or date in the dataset.
    assert!(!csv.contains("Nguyễn") && !csv.contains("MB-"));
}
