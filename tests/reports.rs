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
use tiepnhan::domain::case::CaseRecord;
use tiepnhan::domain::lists;
use tiepnhan::domain::report::{self, K};
use tiepnhan::domain::screening::{Decision, ScreeningRecord};
use tiepnhan::export::tables;
use tiepnhan::i18n::Lang;
use tiepnhan::vault;
use tiepnhan::vault::Vault;

const PASS: &str = "mật khẩu báo cáo";
const CASES: usize = 600;
const SEED: u64 = 21;

fn period() -> (NaiveDate, NaiveDate) {
    let today = chrono::Local::now().date_naive();
    (today - chrono::Duration::days(700), today)
}

/// Which victim class a case is in, recounted from its record and its
/// latest screening (not from the store's report facts).
fn class_of(c: &CaseRecord, s: Option<&ScreeningRecord>) -> &'static str {
    if c.is_identified() {
        "identified"
    } else if s.and_then(|s| s.decision) == Some(Decision::SuspectedVictim) {
        "suspected"
    } else {
        "none"
    }
}

/// Every case of the vault with its latest screening, read back as records.
fn all_cases(v: &Vault) -> Vec<(CaseRecord, Option<ScreeningRecord>)> {
    let mut stmt = v
        .conn()
        .prepare(
            "SELECT tn_json(c.data), (SELECT tn_json(s.data) FROM screenings s WHERE s.case_id = c.id
                ORDER BY s.version DESC LIMIT 1) FROM cases c",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
    })
    .unwrap()
    .map(|x| {
        let (c, s) = x.unwrap();
        (
            serde_json::from_str(&c).unwrap(),
            s.map(|s| serde_json::from_str(&s).unwrap()),
        )
    })
    .collect()
}

/// Every table with totals adds up: the rows, the columns and the cells
/// give the same total; a table of people (one row each) totals `received`.
fn assert_tables_add_up(r: &report::Report) {
    let received = r.compare("received").0;
    for t in &r.tables {
        if !t.totals {
            continue;
        }
        let by_rows: i64 = t.rows.iter().map(|x| t.row_total(x)).sum();
        let by_cols: i64 = t.cols.iter().map(|x| t.col_total(x)).sum();
        assert_eq!(by_rows, t.total(), "{}: rows", t.key);
        assert_eq!(by_cols, t.total(), "{}: columns", t.key);
        let people = !matches!(
            t.key.as_str(),
            "purpose"
                | "support"
                | "legal"
                | "referral"
                | "sex_age_suspected"
                | "sex_age_identified"
        );
        if people {
            assert_eq!(
                t.total(),
                received,
                "{} does not total the people received",
                t.key
            );
        }
    }
}

#[test]
fn cross_tables_add_up_and_equal_an_independent_recount() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    demo::create_demo_vault(&dir, PASS, CASES, SEED).unwrap();
    let (from, to) = period();
    let mut v = Vault::unlock(&dir, "demo", PASS, chrono::Utc::now()).unwrap();
    let r = v.report(from, to, "test").unwrap();
    assert_tables_add_up(&r);

    // The independent recount, from the records read back.
    let everything = all_cases(&v);
    let cases: Vec<_> = everything
        .iter()
        .filter(|(c, _)| c.received_on.is_some_and(|d| d >= from && d <= to))
        .collect();
    assert!(cases.len() > 300, "{}", cases.len());
    let count = |f: &dyn Fn(&CaseRecord, Option<&ScreeningRecord>) -> bool| {
        cases.iter().filter(|(c, s)| f(c, s.as_ref())).count() as i64
    };
    let t = |k: &str| r.table(k).unwrap();
    assert_eq!(r.compare("received").0, cases.len() as i64);
    assert_eq!(r.compare("under_18").0, count(&|c, _| c.is_under_18()));
    assert_eq!(r.compare("screened").0, count(&|_, s| s.is_some()));
    let identified = count(&|c, _| c.is_identified());
    assert!(identified > 0, "the demo has identified victims");
    assert_eq!(r.compare("identified_victims").0, identified);
    assert_eq!(
        r.compare("suspected_victims").0,
        count(&|c, s| class_of(c, s) == "suspected")
    );
    let foreign = count(&|c, _| {
        !matches!(
            lists::country_key(&c.identity.nationality).as_str(),
            "VN" | "XX" | ""
        )
    });
    assert!(foreign > 0, "the demo has foreigners");
    assert_eq!(r.compare("foreigners").0, foreign);
    assert_eq!(
        r.compare("stateless").0,
        count(&|c, _| lists::country_key(&c.identity.nationality) == "XX")
    );
    for (table, class) in [
        ("sex_age_received", None),
        ("sex_age_suspected", Some("suspected")),
        ("sex_age_identified", Some("identified")),
    ] {
        for sex in report::SEXES {
            for band in report::AGE_BANDS {
                assert_eq!(
                    t(table).cell(sex, band),
                    count(&|c, s| c.identity.sex.key() == sex
                        && c.age_band().key() == band
                        && class.is_none_or(|k| class_of(c, s) == k)),
                    "{table} {sex} {band}"
                );
            }
        }
    }
    // Every value × class cell of the tables of people.
    type Key = fn(&CaseRecord) -> String;
    let keyed: [(&str, Key); 8] = [
        ("province", |c| {
            c.address
                .province_code
                .map(|p| p.to_string())
                .unwrap_or_default()
        }),
        ("destination", |c| {
            lists::country_key(&c.journey.destination_country)
        }),
        ("nationality", |c| {
            lists::country_key(&c.identity.nationality)
        }),
        ("ethnicity", |c| lists::ethnic_key(&c.identity.ethnicity)),
        ("source", |c| c.source.key().to_string()),
        ("exit_legality", |c| {
            c.journey.exit_legality.key().to_string()
        }),
        ("batch", |c| {
            if c.batch_id.is_some() {
                "batch"
            } else {
                "single"
            }
            .to_string()
        }),
        ("children", |c| {
            if c.is_under_18() { "under_18" } else { "adult" }.to_string()
        }),
    ];
    for (table, key) in keyed {
        let mut expected: BTreeMap<(String, &str), i64> = BTreeMap::new();
        for (c, s) in &cases {
            *expected
                .entry((key(c), class_of(c, s.as_ref())))
                .or_default() += 1;
        }
        for ((value, class), n) in &expected {
            assert_eq!(t(table).cell(value, class), *n, "{table} {value} {class}");
        }
        assert_eq!(t(table).total(), expected.values().sum::<i64>(), "{table}");
    }
    assert!(
        t("destination").rows.iter().any(|r| r == "KH"),
        "destinations by code"
    );
    // Purposes come from the screenings, not from the indicator list.
    for p in tiepnhan::domain::screening::Purpose::ALL {
        for class in report::CLASSES {
            assert_eq!(
                t("purpose").cell(p.key(), class),
                count(&|c, s| class_of(c, s) == class
                    && s.is_some_and(|s| s.input.purposes.contains(&p))),
                "purpose {}",
                p.key()
            );
        }
    }
    assert_eq!(
        t("support").row_total("meals"),
        count(&|c, _| c.support.meals > 0),
        "persons given meals"
    );
    assert_eq!(
        t("amount").get("meals"),
        cases
            .iter()
            .map(|(c, _)| c.support.meals as i64)
            .sum::<i64>()
    );
    assert_eq!(
        t("amount").get("fine_vnd"),
        cases.iter().map(|(c, _)| c.fine.amount as i64).sum::<i64>()
    );
    assert_eq!(
        t("legal").row_total("fined"),
        count(&|c, _| !c.fine.is_empty())
    );
    assert_eq!(
        t("legal").row_total("wanted"),
        count(&|c, _| c.wanted_handed_to_police)
    );
    // Repeat returns: a person's first reception is the earliest of all their cases.
    let mut first: BTreeMap<&str, chrono::NaiveDate> = BTreeMap::new();
    for (c, _) in &everything {
        let d = c.received_on.unwrap();
        first
            .entry(c.person_id.as_str())
            .and_modify(|x| *x = (*x).min(d))
            .or_insert(d);
    }
    let firsts = first.values().filter(|d| **d >= from && **d <= to).count() as i64;
    assert_eq!(t("repeat").get("first"), firsts);
    assert!(t("repeat").get("repeat") > 0, "the demo has repeat returns");
    let referrals: i64 = v
        .conn()
        .query_row(
            "SELECT count(*) FROM referrals r JOIN cases c ON c.id = r.case_id
             WHERE c.received_on BETWEEN ?1 AND ?2",
            [from.to_string(), to.to_string()],
            |x| x.get(0),
        )
        .unwrap();
    assert!(referrals > 0);
    assert_eq!(t("referral").total(), referrals);
    // The per-day aggregates equal a recount of every case.
    assert!(
        vault::reports::report_days_drift(v.conn())
            .unwrap()
            .is_empty()
    );

    // CSV: one tidy table, UTF-8 with a BOM; every table rebuilt from it adds up.
    let csv = tables::report_csv(&r, Lang::Vi).unwrap();
    assert!(csv.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(
        text.starts_with("Bảng,Hàng,Cột,Số lượng"),
        "{}",
        &text[..40]
    );
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<(String, String, String, i64)> = rd
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].into(), r[1].into(), r[2].into(), r[3].parse().unwrap())
        })
        .collect();
    for table in r.tables.iter().filter(|t| t.totals) {
        let title = tables::table_title(Lang::Vi, &table.key);
        let mine: Vec<_> = rows.iter().filter(|x| x.0 == title).collect();
        let cell = |row: &str, col: &str| {
            mine.iter()
                .filter(|x| x.1 == row && x.2 == col)
                .map(|x| x.3)
                .sum::<i64>()
        };
        let inner: Vec<_> = mine
            .iter()
            .filter(|x| x.1 != "Tổng" && x.2 != "Tổng")
            .collect();
        let grand = if table.is_one_way() {
            assert!(
                mine.iter().all(|x| x.2.is_empty()),
                "{}: Cột empty",
                table.key
            );
            cell("Tổng", "")
        } else {
            cell("Tổng", "Tổng")
        };
        assert_eq!(
            inner.iter().map(|x| x.3).sum::<i64>(),
            grand,
            "{}",
            table.key
        );
        assert_eq!(grand, table.total(), "{}", table.key);
        if !table.is_one_way() {
            for (_, label, cells) in tables::grid(Lang::Vi, table).rows {
                assert_eq!(
                    cell(&label, "Tổng"),
                    *cells.last().unwrap(),
                    "{} {label}",
                    table.key
                );
            }
        }
    }

    // XLSX, read back with calamine: one sheet per table, numbers as
    // numbers, the header row frozen, the same cells.
    let bytes = tables::report_xlsx(&r, Lang::Vi, "Đồn Biên phòng Mộc Bài").unwrap();
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
    let names = wb.sheet_names().to_vec();
    assert_eq!(names.len(), r.tables.len());
    for (table, name) in r.tables.iter().zip(&names) {
        let range = wb.worksheet_range(name).unwrap();
        let g = tables::grid(Lang::Vi, table);
        // Each sheet says what it is: the table, the unit, the period.
        let text = |row: u32| range.get_value((row, 0)).map(|c| c.to_string());
        assert_eq!(text(0), Some(g.title.clone()), "{name}");
        assert_eq!(text(1).as_deref(), Some("Đồn Biên phòng Mộc Bài"));
        assert!(
            text(2).is_some_and(|p| p.starts_with("Kỳ báo cáo: từ ngày ")),
            "{name}: {:?}",
            text(2)
        );
        let h0 = tables::XLSX_HEADER_ROW;
        for (i, (_, label, cells)) in g.rows.iter().enumerate() {
            let row = h0 + i as u32 + 1;
            assert_eq!(
                range.get_value((row, 0)).map(|c| c.to_string()),
                Some(label.clone()),
                "{name}"
            );
            for (j, n) in cells.iter().enumerate() {
                match range.get_value((row, j as u32 + 1)) {
                    Some(calamine::Data::Float(f)) => assert_eq!(*f, *n as f64, "{name} {label}"),
                    Some(calamine::Data::Int(x)) => assert_eq!(*x, *n, "{name} {label}"),
                    other => panic!("{name} {label}: not a number: {other:?}"),
                }
            }
        }
    }
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet1 = String::new();
    z.by_name("xl/worksheets/sheet2.xml")
        .unwrap()
        .read_to_string(&mut sheet1)
        .unwrap();
    assert!(
        sheet1.contains("state=\"frozen\"") && sheet1.contains("ySplit=\"5\""),
        "the rows down to the header are frozen"
    );

    // PDF: the figures in the text, and the comparison with last year.
    // Through the use case the window and the CLI share (the unit's
    // letterhead, its signer, the audit checkpoint).
    let before = v.checkpoint().unwrap();
    let pdf = tiepnhan::app::reports::export_period(
        &mut v,
        &tiepnhan::app::reports::Choice::Dates(from, to),
        tiepnhan::app::reports::Format::Pdf,
        Lang::Vi,
        &tiepnhan::app::reports::Printing::default(),
    )
    .unwrap()
    .bytes;
    let path = tmp.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8(out.stdout).unwrap();
    // The unit reports to its superior agency.
    assert!(text.contains("Kính gửi: Bộ Chỉ huy Bộ đội Biên phòng tỉnh Tây Ninh"));
    assert!(text.contains("So với cùng kỳ năm trước"));
    assert!(text.contains("Nơi nhận"));
    // Decree 30: the number is left for the records office; the checkpoint
    // of the audit log when the report was made is on its last page.
    assert!(text.contains("/BC-"), "the report's number");
    let last_page = text.rsplit('\u{c}').find(|p| !p.trim().is_empty()).unwrap();
    let flat = last_page.split_whitespace().collect::<String>();
    let printed = flat
        .split("Kiểmchứngnhậtký:")
        .nth(1)
        .expect("the checkpoint on the last page");
    let seq_len = printed.find(':').unwrap();
    let cp = tiepnhan::vault::check::Checkpoint::parse(&printed[..seq_len + 65]).unwrap();
    assert!(
        cp.seq > before.seq,
        "the checkpoint is taken when the report is made"
    );
    assert_eq!(cp.found_in(v.conn()).unwrap(), None, "the vault holds it");
    let label = tables::row_label(Lang::Vi, "overview", "received");
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with(&label))
        .unwrap_or_else(|| panic!("{label} not in the PDF"));
    let number: i64 = line[line.find(&label).unwrap() + label.len()..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(number, r.compare("received").0);
    // The report is audited.
    let n: i64 = v
        .conn()
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'report'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 2, "the report and its PDF");

    // A unit without a superior reports to the provincial People's
    // Committee; a secrecy mark chosen when printing stands under the
    // number (Decree 30/2020, field 10a); the text ends with "./.".
    v.set_letterhead(&tiepnhan::domain::papers::Letterhead::default())
        .unwrap();
    let pdf = tiepnhan::app::reports::export_period(
        &mut v,
        &tiepnhan::app::reports::Choice::Dates(from, to),
        tiepnhan::app::reports::Format::Pdf,
        Lang::Vi,
        &tiepnhan::app::reports::Printing {
            mark: Some("MẬT".into()),
            recipient: None,
        },
    )
    .unwrap()
    .bytes;
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Kính gửi: Ủy ban nhân dân tỉnh (qua Công an tỉnh)"),
        "{flat}"
    );
    let at = |w: &str| flat.find(w).unwrap_or_else(|| panic!("{w} not in {flat}"));
    assert!(at("Số:") < at("MẬT") && at("MẬT") < at("BÁO CÁO"), "{flat}");
    assert!(
        flat.contains("Trên đây là báo cáo kết quả tiếp nhận"),
        "{flat}"
    );
    assert!(
        flat.contains(&format!(
            "đến ngày {}./.",
            tiepnhan::domain::dates::format_dmy(to)
        )),
        "{flat}"
    );
}

fn case_on(day: chrono::NaiveDate, name: &str) -> CaseRecord {
    let mut c = CaseRecord {
        received_on: Some(day),
        ..Default::default()
    };
    c.identity.full_name = name.into();
    c.identity.age_estimate = Some(25);
    c.identity.sex = tiepnhan::domain::case::Sex::Female;
    c
}

#[test]
fn a_named_period_equals_its_dates_and_compares_with_the_same_period_last_year() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
    for (i, day) in [
        d(2024, 7, 2),
        d(2024, 9, 30),
        d(2025, 7, 1),
        d(2025, 8, 15),
        d(2025, 9, 30),
        d(2025, 10, 1),
    ]
    .into_iter()
    .enumerate()
    {
        v.create_case(&mut case_on(day, &format!("Người Thứ {i}")))
            .unwrap();
    }
    let name = "Đợt cao điểm 01/7–30/9/2025";
    v.save_report_period(name, d(2025, 7, 1), d(2025, 9, 30))
        .unwrap();
    v.save_report_period("Quý III/2024", d(2024, 7, 1), d(2024, 9, 30))
        .unwrap();
    let named = v
        .report_named("ĐỢT CAO ĐIỂM 01/7–30/9/2025", "test")
        .unwrap();
    let dated = v.report(d(2025, 7, 1), d(2025, 9, 30), "test").unwrap();
    assert_eq!(named.name.as_deref(), Some(name));
    assert_eq!(
        named.tables, dated.tables,
        "a period by name equals the same dates"
    );
    assert_eq!(named.last_year, (d(2024, 7, 1), d(2024, 9, 30)));
    assert_eq!(
        named.compare("received"),
        (3, 2),
        "3 this campaign, 2 the same period of 2024"
    );
    assert_tables_add_up(&named);
    let periods = v.report_periods().unwrap();
    assert_eq!(periods.len(), 2);
    assert_eq!(periods[0].name, name, "newest first");
    // Changing a name's dates keeps one period.
    v.save_report_period("đợt cao điểm 01/7–30/9/2025", d(2025, 7, 1), d(2025, 10, 1))
        .unwrap();
    assert_eq!(v.report_periods().unwrap().len(), 2);
    assert_eq!(
        v.report_named(name, "test").unwrap().compare("received").0,
        4
    );
    assert!(v.report_named("không có kỳ này", "test").is_err());
    assert!(
        v.save_report_period("Ngược", d(2025, 9, 1), d(2025, 8, 1))
            .is_err()
    );
    v.create_user(
        "chihuy",
        "Chỉ huy",
        tiepnhan::domain::security::Role::Supervisor,
        PASSWORD,
    )
    .unwrap();
    v.close_quietly();
    // Only an administrator names periods; a supervisor reports on them.
    let mut sup = unlock(&dir, "chihuy");
    assert!(
        sup.save_report_period("Năm 2025", d(2025, 1, 1), d(2025, 12, 31))
            .is_err()
    );
    assert_eq!(
        sup.report_named("Quý III/2024", "test")
            .unwrap()
            .compare("received")
            .0,
        2
    );
    sup.close_quietly();

    // The CLI: --period NAME gives the same file as --from/--to.
    let vault = dir.to_str().unwrap();
    let stdin = format!("{PASSWORD}\n");
    let o = run(
        &["--vault", vault, "period", "list", "--user", "admin"],
        &stdin,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 2);
    assert!(
        stdout(&o).contains("\"from\":\"2024-07-01\""),
        "{}",
        stdout(&o)
    );
    let o = run(
        &[
            "--vault",
            vault,
            "period",
            "add",
            "--user",
            "admin",
            "--name",
            "Năm 2025",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
        ],
        &stdin,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let by_name = tmp.path().join("a.csv");
    let by_dates = tmp.path().join("b.csv");
    let o = run(
        &[
            "--vault",
            vault,
            "report",
            "--user",
            "admin",
            "--period",
            "năm 2025",
            "--format",
            "csv",
            "--out",
            by_name.to_str().unwrap(),
        ],
        &stdin,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(
        &[
            "--vault",
            vault,
            "report",
            "--user",
            "admin",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--format",
            "csv",
            "--out",
            by_dates.to_str().unwrap(),
        ],
        &stdin,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&by_name).unwrap(),
        std::fs::read(&by_dates).unwrap()
    );
    let o = run(
        &[
            "--vault",
            vault,
            "report",
            "--user",
            "admin",
            "--period",
            "không có",
            "--format",
            "csv",
            "--out",
            by_name.to_str().unwrap(),
        ],
        &stdin,
    );
    assert_eq!(o.status.code(), Some(1), "an unknown period is rejected");
    let o = run(
        &[
            "--vault",
            vault,
            "report",
            "--user",
            "admin",
            "--format",
            "csv",
            "--out",
            by_name.to_str().unwrap(),
        ],
        &stdin,
    );
    assert_eq!(o.status.code(), Some(2), "a period is required");
}

#[test]
fn a_foreign_person_is_received_screened_referred_and_counted_and_an_identified_victim_counts_as_identified()
 {
    use tiepnhan::domain::referral::Referral;
    use tiepnhan::domain::screening::{Answer, Evidence, Exploitation, Purpose, ScreeningInput};
    use tiepnhan::domain::security::Role;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut admin = new_vault(&dir);
    admin
        .create_user("canbo", "Cán bộ", Role::Officer, PASSWORD)
        .unwrap();
    admin
        .create_user("chihuy", "Chỉ huy", Role::Supervisor, PASSWORD)
        .unwrap();
    admin.close_quietly();
    let today = chrono::Local::now().date_naive();

    // Received: a Cambodian national, typed as officers type it.
    let mut officer = unlock(&dir, "canbo");
    let mut c = case_on(today, "Sok Srey Neang");
    c.identity.nationality = "cam-pu-chia".into();
    c.identity.passport_country = "Cambodia".into();
    c.identity.passport_number = "N1234567".into();
    c.language.language = "Tiếng Khmer".into();
    c.language.interpreter_needed = true;
    let saved = officer.create_case(&mut c).unwrap();
    let view = officer.read_case(&saved.id).unwrap();
    assert_eq!(
        view.record.identity.nationality, "Campuchia",
        "stored by the list"
    );
    assert_eq!(view.record.identity.passport_country, "Campuchia");
    // A stateless person, and one whose country is not on the list.
    let mut s = case_on(today, "Không Quốc Tịch");
    s.identity.nationality = "không quốc tịch".into();
    officer.create_case(&mut s).unwrap();
    let mut o = case_on(today, "Người Xứ Lạ");
    o.identity.nationality = "Xứ Sở Thần Tiên".into();
    officer.create_case(&mut o).unwrap();
    assert_eq!(
        officer
            .read_case(&o.id)
            .unwrap()
            .record
            .identity
            .nationality,
        "khác: Xứ Sở Thần Tiên"
    );

    // Screened: forced labour recorded as the purpose; suspected victim.
    let answers: BTreeMap<String, Answer> = [
        "DR01", "DR02", "EX01", "EX02", "CD01", "CD03", "CD04", "CD06",
    ]
    .iter()
    .map(|k| (k.to_string(), Answer::Yes))
    .collect();
    let input = ScreeningInput::for_case(
        &view.record,
        Exploitation::Labour,
        Some(true),
        [Purpose::ForcedLabour].into(),
        answers,
    );
    let rec = officer
        .save_screening(
            &saved.id,
            None,
            &input,
            &BTreeMap::new(),
            &Evidence::default(),
        )
        .unwrap();
    officer
        .record_decision(
            &rec.id,
            Decision::SuspectedVictim,
            "Bị ép lừa đảo qua mạng, bị giữ hộ chiếu",
        )
        .unwrap();
    let mut r = Referral {
        case_id: saved.id.clone(),
        agency_id: Some(1),
        services: vec!["shelter".into()],
        ..Referral::default()
    };
    r.consent.given = true;
    r.consent.told = "Mục đích, cơ quan nhận, thông tin chia sẻ".into();
    r.consent.language = "Tiếng Khmer (qua phiên dịch)".into();
    officer.save_referral(&mut r).unwrap();
    officer.close_quietly();
    let mut sup = unlock(&dir, "chihuy");
    sup.review_decision(&rec.id, true, "").unwrap();
    let r = sup.approve_referral(&r.id).unwrap();
    assert_eq!(
        r.status,
        tiepnhan::domain::referral::ReferralStatus::Approved
    );

    let report = sup.report(today, today, "test").unwrap();
    assert_tables_add_up(&report);
    assert_eq!(report.compare("received").0, 3);
    assert_eq!(
        report.compare("foreigners").0,
        2,
        "Cambodia and the country off the list"
    );
    assert_eq!(report.compare("stateless").0, 1);
    assert_eq!(report.compare("suspected_victims").0, 1);
    let nat = report.table("nationality").unwrap();
    assert_eq!(nat.cell("KH", "suspected"), 1);
    assert_eq!(nat.cell("XX", "none"), 1);
    assert_eq!(nat.cell("other", "none"), 1);
    assert_eq!(
        report
            .table("purpose")
            .unwrap()
            .cell("forced_labour", "suspected"),
        1
    );
    assert_eq!(
        report
            .table("referral")
            .unwrap()
            .cell("Sở Y tế tỉnh Tây Ninh", "approved"),
        1
    );

    // Identified: the art. 33 confirming document makes the case an
    // identified victim; the report moves it from suspected to identified.
    let mut view = sup.read_case(&saved.id).unwrap();
    view.record.identification.basis = tiepnhan::domain::case::IdentificationBasis::Art33Document;
    view.record.identification.document_type =
        "Văn bản xác nhận của cơ quan có thẩm quyền nước ngoài".into();
    view.record.identification.issuer = "Cảnh sát tỉnh Svay Rieng (Campuchia)".into();
    view.record.identification.number = "12/XN".into();
    // Without its date the identification is refused.
    assert!(
        sup.update_case(&mut view.record.clone(), view.version)
            .is_err()
    );
    view.record.identified_on = Some(today);
    sup.update_case(&mut view.record, view.version).unwrap();
    let report = sup.report(today, today, "test").unwrap();
    assert_tables_add_up(&report);
    assert_eq!(report.compare("suspected_victims").0, 0);
    assert_eq!(report.compare("identified_victims").0, 1);
    assert_eq!(
        report
            .table("nationality")
            .unwrap()
            .cell("KH", "identified"),
        1
    );
    assert_eq!(
        report
            .table("sex_age_identified")
            .unwrap()
            .cell("female", "adult"),
        1
    );
    assert_eq!(
        report.table("referral").unwrap().total(),
        1,
        "the referral still counts once"
    );
    assert!(
        vault::reports::report_days_drift(sup.conn())
            .unwrap()
            .is_empty()
    );
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
    // Free text typed as a country is counted as "other"; a gate's name is data.
    c.journey.destination_country = "=HYPERLINK(\"http://x\")".into();
    c.gate_id = Some(v.add_gate("=HYPERLINK(\"http://x\")").unwrap());
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
