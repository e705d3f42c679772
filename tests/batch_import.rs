//! `tiepnhan batch import` with generated lists: XLSX with Excel serial
//! dates and merged two-row headers, CSV in UTF-8 with a BOM, UTF-16 and
//! Windows-1258 with decomposed tone marks, TCVN3 and VNI names, a person
//! already in the vault and one listed twice, a truncated XLSX; and the
//! list written back.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use chrono::NaiveDate;
use common::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;
use tiepnhan::domain::batch::{BatchRecord, QuickRow};
use tiepnhan::domain::case::{Sex, Source};
use tiepnhan::domain::handover_list::{self as hl, Cell, LegacyChoice};
use tiepnhan::domain::legacy_text::{self, Legacy, TextEncoding};
use tiepnhan::export::sheet_reader;
use tiepnhan::vault::cases::CaseQuery;

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn yesterday() -> String {
    (today() - chrono::Duration::days(1)).to_string()
}

/// A vault with one person already received: Đặng Văn Đức, CCCD 038099001234.
fn vault_with_one_person(dir: &Path) -> String {
    let mut v = new_vault(dir);
    let mut b = BatchRecord {
        received_at: (today() - chrono::Duration::days(30)).and_hms_opt(9, 0, 0),
        gate_id: Some(2),
        handing_party: "Cảnh sát Campuchia".into(),
        source: Source::HandedOver,
        ..BatchRecord::default()
    };
    let mut people = vec![
        QuickRow {
            full_name: "Đặng Văn Đức".into(),
            sex: Sex::Male,
            age: "1999".into(),
            province_code: Some(38),
            document: "038099001234".into(),
        }
        .to_case(&b, today())
        .unwrap(),
    ];
    let saved = v.create_batch(&mut b, &mut people).unwrap();
    v.close_quietly();
    saved[0].number.clone()
}

fn import(dir: &Path, file: &Path, extra: &[&str]) -> (Option<i32>, Value, String) {
    let mut args = vec![
        "batch",
        "import",
        "--vault",
        dir.to_str().unwrap(),
        "--user",
        "admin",
        "--file",
        file.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = run(&args, &format!("{PASSWORD}\n"));
    let json = serde_json::from_str(&stdout(&o)).unwrap_or(Value::Null);
    (o.status.code(), json, stderr(&o))
}

/// A second list (one person, Lò Văn Páo) imported into `batch`, its
/// mapping given by hand.
fn import_second_list(tmp: &Path, dir: &Path, batch: &str) -> (Option<i32>, Value, String) {
    let file = tmp.join("ds2.csv");
    std::fs::write(&file, "Người,Phái,Tuổi\nLò Văn Páo,Nam,30\n").unwrap();
    let map = r#"{"A": "full_name", "B": "sex"}"#;
    import(dir, &file, &["--batch", batch, "--map", map])
}

fn header_args() -> Vec<String> {
    vec![
        "--gate".into(),
        "Mộc Bài".into(),
        "--party".into(),
        "Cảnh sát tỉnh Svay Rieng".into(),
        "--date".into(),
        yesterday(),
        "--time".into(),
        "10:30".into(),
    ]
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The classic layout: a title, "Năm sinh" merged over "Nam" | "Nữ", the
/// birth written under the person's sex as a date, a year or an Excel
/// serial number; "Họ và tên" merged over both header rows.
fn handover_xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    let f = Format::new();
    s.merge_range(0, 0, 0, 6, "DANH SÁCH CÔNG DÂN VIỆT NAM ĐƯỢC TRAO TRẢ", &f)
        .unwrap();
    s.merge_range(2, 0, 3, 0, "STT", &f).unwrap();
    s.merge_range(2, 1, 3, 1, "Họ và tên", &f).unwrap();
    s.merge_range(2, 2, 2, 3, "Năm sinh", &f).unwrap();
    s.write_string(3, 2, "Nam").unwrap();
    s.write_string(3, 3, "Nữ").unwrap();
    s.merge_range(2, 4, 3, 4, "Quê quán", &f).unwrap();
    s.merge_range(2, 5, 3, 5, "Số CCCD", &f).unwrap();
    s.merge_range(2, 6, 3, 6, "Ghi chú", &f).unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    type Row<'a> = (&'a str, Option<f64>, Option<f64>, &'a str, &'a str);
    let rows: [Row; 5] = [
        // A raw serial number (13/03/1998) under Nữ, in capitals.
        (
            "NGUYỄN THỊ HỒNG NHUNG",
            None,
            Some(35867.0),
            "Xã Mỹ Quý Tây, huyện Đức Huệ, tỉnh Long An",
            "080198000123",
        ),
        // Already in the vault: the same CCCD.
        (
            "Đặng Văn Đức",
            Some(1999.0),
            None,
            "Thanh Hóa",
            "038099001234",
        ),
        ("Trần Quốc Tuấn", Some(1995.0), None, "Tây Ninh", ""),
        ("Lê Thị Ngọc Ánh", None, None, "Cà Mau", ""),
        // Listed twice.
        ("Trần Quốc Tuấn", Some(1995.0), None, "Tây Ninh", ""),
    ];
    for (i, (name, male, female, home, id)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        s.write_number(r, 0, (i + 1) as f64).unwrap();
        s.write_string(r, 1, *name).unwrap();
        if let Some(y) = male {
            s.write_number(r, 2, *y).unwrap();
        }
        if let Some(y) = female {
            s.write_number(r, 3, *y).unwrap();
        }
        s.write_string(r, 4, *home).unwrap();
        if !id.is_empty() {
            s.write_string(r, 5, *id).unwrap();
        }
    }
    // A real date cell for Ánh.
    let d = ExcelDateTime::from_ymd(2004, 7, 21).unwrap();
    s.write_datetime_with_format(7, 3, &d, &date).unwrap();
    s.merge_range(10, 4, 10, 6, "Người lập danh sách", &f)
        .unwrap();
    wb.save_to_buffer().unwrap()
}

fn audit_of(dir: &Path) -> Vec<(String, String)> {
    let v = unlock(dir, "admin");
    let mut s = v
        .conn()
        .prepare("SELECT action, details FROM audit ORDER BY seq")
        .unwrap();
    let rows = s
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    drop(s);
    v.close_quietly();
    rows
}

#[test]
fn xlsx_with_serial_dates_merged_headers_and_duplicates() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let existing = vault_with_one_person(&dir);
    let file = tmp.path().join("danh-sach.xlsx");
    let bytes = handover_xlsx();
    std::fs::write(&file, &bytes).unwrap();
    let h = header_args();

    // Dry run: everything checked, nothing created.
    let mut a = args(&h);
    a.push("--dry-run");
    let (code, j, err) = import(&dir, &file, &a);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(j["rows"], 5, "{j}");
    assert_eq!(j["valid"], 5, "{j}");
    assert_eq!(j["problems"], serde_json::json!([]));
    assert_eq!(j["created"], serde_json::json!([]));
    assert_eq!(j["mapping"]["B"], "full_name");
    assert_eq!(j["mapping"]["C"], "birth_male");
    assert_eq!(j["mapping"]["D"], "birth_female");
    let dups = j["duplicates"].as_array().unwrap();
    assert!(
        dups.iter()
            .any(|d| d["row"] == 6 && d["case_number"] == existing.as_str()),
        "Đặng Văn Đức (sheet row 6) is {existing}: {j}"
    );
    assert!(
        dups.iter().any(|d| d["row"] == 9 && d["same_as_row"] == 7),
        "Trần Quốc Tuấn twice: {j}"
    );
    assert_eq!(cases_in(&dir), 1);

    // The import: one transaction, one audit event naming the file's SHA-256.
    let (code, j, err) = import(&dir, &file, &args(&h));
    assert_eq!(code, Some(0), "{err}");
    let created: Vec<String> = serde_json::from_value(j["created"].clone()).unwrap();
    assert_eq!(created.len(), 5);
    assert_eq!(cases_in(&dir), 6);
    let audit = audit_of(&dir);
    let imports: Vec<&(String, String)> =
        audit.iter().filter(|(a, _)| a == "list_imported").collect();
    assert_eq!(imports.len(), 1, "exactly one import event");
    let details: Value = serde_json::from_str(&imports[0].1).unwrap();
    assert_eq!(
        details["sha256"],
        tiepnhan::vault::batch_import::sha256_hex(&bytes)
    );
    assert_eq!(details["created"], 5);
    for (_, d) in &audit {
        assert!(!d.contains("Nhung") && !d.contains("Tuấn") && !d.contains("080198000123"));
    }

    // Names stored in NFC, in title case, found by folded search.
    let mut v = unlock(&dir, "admin");
    let page = v
        .search_cases(
            &CaseQuery {
                text: "nguyen thi hong nhung".into(),
                per_page: 10,
                ..Default::default()
            },
            today(),
        )
        .unwrap();
    assert_eq!(page.rows.len(), 1);
    let c = v.open_case(&page.rows[0].id).unwrap().record;
    assert_eq!(c.identity.full_name, "Nguyễn Thị Hồng Nhung");
    assert_eq!(
        c.identity.full_name,
        tiepnhan::domain::text::nfc(&c.identity.full_name)
    );
    assert_eq!(c.identity.sex, Sex::Female);
    assert_eq!(c.identity.birth_date, NaiveDate::from_ymd_opt(1998, 3, 13));
    assert_eq!(c.address.province_code, Some(80), "Long An is Tây Ninh now");
    assert_eq!(
        c.address.as_on_papers,
        "Xã Mỹ Quý Tây, huyện Đức Huệ, tỉnh Long An"
    );
    assert_eq!(c.gate_id, Some(1));
    let page = v
        .search_cases(
            &CaseQuery {
                text: "le thi ngoc anh".into(),
                per_page: 10,
                ..Default::default()
            },
            today(),
        )
        .unwrap();
    let anh = v.open_case(&page.rows[0].id).unwrap().record;
    assert_eq!(
        anh.identity.birth_date,
        NaiveDate::from_ymd_opt(2004, 7, 21)
    );
    let batch_number = v
        .conn()
        .query_row(
            "SELECT b.number FROM batches b JOIN cases c ON c.batch_id = b.id WHERE c.number = ?1",
            [&created[0]],
            |r| r.get::<_, String>(0),
        )
        .unwrap();
    v.close_quietly();

    // The list back, in the list's own columns with the case numbers.
    let out = tmp.path().join("ds-ky-nhan.xlsx");
    run_ok(
        &[
            "batch",
            "export-list",
            "--vault",
            dir.to_str().unwrap(),
            "--user",
            "admin",
            "--batch",
            &batch_number,
            "--out",
            out.to_str().unwrap(),
        ],
        &format!("{PASSWORD}\n"),
    );
    let back = sheet_reader::read_path(&out, None).unwrap();
    let headers: Vec<String> = (0..8).map(|c| back.grid.get(2, c).display()).collect();
    assert_eq!(
        headers,
        [
            "STT",
            "Họ và tên",
            "Năm sinh / Nam",
            "Năm sinh / Nữ",
            "Quê quán",
            "Số CCCD",
            "Ghi chú",
            "Số hồ sơ tiếp nhận"
        ]
    );
    assert_eq!(back.grid.get(3, 1).display(), "Nguyễn Thị Hồng Nhung");
    assert_eq!(back.grid.get(3, 3).display(), "13/03/1998");
    assert_eq!(back.grid.get(3, 7).display(), created[0]);
    assert_eq!(back.grid.get(4, 2).display(), "1999");
}

#[test]
fn csv_in_utf8_bom_utf16_and_windows_1258() {
    let text = "Họ và tên,Giới tính,Ngày sinh,Địa chỉ\r\n\
                Nguyễn Thị Hồng Nhung,Nữ,12/03/1998,Xã Tân Lập\r\n\
                Đặng Văn Đức,Nam,1/5/01,Phường Bình Minh\r\n\
                Huỳnh Thị Xuân Hương,F,2000,Ấp Phước Hưng\r\n";
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let utf16_no_bom: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    let cp1258 = legacy_text::encode_cp1258(text).unwrap();
    assert!(
        cp1258
            .windows(2)
            .any(|w| w == [b'e', 0xDE] || w == [0xEA, 0xDE]),
        "tone marks written as separate bytes"
    );
    let batch = BatchRecord {
        received_at: (today() - chrono::Duration::days(1)).and_hms_opt(8, 0, 0),
        gate_id: Some(1),
        handing_party: "Cảnh sát Campuchia".into(),
        ..BatchRecord::default()
    };
    for (bytes, enc) in [
        (&bom, TextEncoding::Utf8Bom),
        (&utf16, TextEncoding::Utf16Le),
        (&utf16_no_bom, TextEncoding::Utf16Be),
        (&cp1258, TextEncoding::Windows1258),
    ] {
        let w = sheet_reader::read_bytes(bytes, None).unwrap();
        assert_eq!(w.encoding, Some(enc));
        let m = hl::propose_for(&w.grid, LegacyChoice::Auto);
        let p = hl::preview(&w.grid, &m, LegacyChoice::Auto, &batch, today());
        assert_eq!(p.valid(), 3, "{enc:?}: {:?}", p.rows);
        let names: Vec<String> = p
            .rows
            .iter()
            .map(|r| r.case.as_ref().unwrap().identity.full_name.clone())
            .collect();
        assert_eq!(
            names,
            [
                "Nguyễn Thị Hồng Nhung",
                "Đặng Văn Đức",
                "Huỳnh Thị Xuân Hương"
            ],
            "{enc:?}"
        );
        let duc = p.rows[1].case.as_ref().unwrap();
        assert_eq!(duc.identity.birth_date, NaiveDate::from_ymd_opt(2001, 5, 1));
        assert_eq!(p.rows[2].case.as_ref().unwrap().identity.sex, Sex::Female);
    }

    // Through the command line: the Windows-1258 file imported, names NFC and searchable.
    let (tmp, dir) = empty_vault();
    let file = tmp.path().join("ds.csv");
    std::fs::write(&file, &cp1258).unwrap();
    let (code, j, err) = import(&dir, &file, &args(&header_args()));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(j["encoding"], "windows-1258");
    assert_eq!(j["created"].as_array().unwrap().len(), 3);
    let mut v = unlock(&dir, "admin");
    let page = v
        .search_cases(
            &CaseQuery {
                text: "huynh thi xuan huong".into(),
                per_page: 10,
                ..Default::default()
            },
            today(),
        )
        .unwrap();
    assert_eq!(page.rows.len(), 1);
    assert_eq!(page.rows[0].full_name, "Huỳnh Thị Xuân Hương");
    v.close_quietly();
}

#[test]
fn tcvn3_and_vni_names_converted() {
    let names = ["Nguyễn Thị Hồng Nhung", "Đặng Văn Đức", "Trần Quốc Tuấn"];
    let (tmp, dir) = empty_vault();

    // TCVN3 in an XLSX (headers too), as a .VnTime sheet reads in Excel.
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    let enc = |t: &str| legacy_text::encode(t, Legacy::Tcvn3);
    for (c, h) in ["Họ tên", "Giới tính", "Năm sinh"].iter().enumerate() {
        s.write_string(0, c as u16, enc(h)).unwrap();
    }
    for (i, n) in names.iter().enumerate() {
        s.write_string(1 + i as u32, 0, enc(n)).unwrap();
        s.write_string(1 + i as u32, 1, enc(if i == 0 { "Nữ" } else { "Nam" }))
            .unwrap();
        s.write_number(1 + i as u32, 2, 1990.0 + i as f64).unwrap();
    }
    let file = tmp.path().join("tcvn3.xlsx");
    std::fs::write(&file, wb.save_to_buffer().unwrap()).unwrap();
    assert_eq!(enc(names[0]), "NguyÔn ThÞ Hång Nhung");
    let (code, j, err) = import(&dir, &file, &args(&header_args()));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(j["legacy"]["encoding"], "tcvn3", "{j}");
    assert_eq!(j["converted"], 3);
    assert_eq!(j["created"].as_array().unwrap().len(), 3);

    // VNI in a CSV: the bytes a VNI-Times sheet saves.
    let vni = |t: &str| legacy_text::encode(t, Legacy::Vni);
    let mut csv = format!(
        "{};{};{}\n",
        vni("Họ tên"),
        vni("Giới tính"),
        vni("Năm sinh")
    );
    for (i, n) in names.iter().enumerate() {
        csv.push_str(&format!(
            "{};{};{}\n",
            vni(n),
            vni(if i == 0 { "Nữ" } else { "Nam" }),
            1980 + i
        ));
    }
    assert!(csv.contains("Nguyeãn Thò Hoàng Nhung"));
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&csv);
    let file = tmp.path().join("vni.csv");
    std::fs::write(&file, &bytes).unwrap();
    let (code, j, err) = import(&dir, &file, &args(&header_args()));
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(j["legacy"]["encoding"], "vni", "{j}");
    assert_eq!(j["created"].as_array().unwrap().len(), 3);

    let mut v = unlock(&dir, "admin");
    for n in names {
        let page = v
            .search_cases(
                &CaseQuery {
                    text: tiepnhan::domain::text::fold(n),
                    per_page: 10,
                    ..Default::default()
                },
                today(),
            )
            .unwrap();
        assert_eq!(page.rows.len(), 2, "{n}: once from each list");
        assert!(page.rows.iter().all(|r| r.full_name == n), "{n}");
    }
    v.close_quietly();
}

fn vault_fingerprint(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_truncated_xlsx_is_refused_and_nothing_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    vault_with_one_person(&dir);
    let before = vault_fingerprint(&dir);
    let bytes = handover_xlsx();
    let file = tmp.path().join("cut.xlsx");
    std::fs::write(&file, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let (code, j, err) = import(&dir, &file, &args(&header_args()));
    assert_eq!(code, Some(1));
    assert_eq!(j, Value::Null, "nothing on stdout");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("not a readable spreadsheet"), "{err}");
    assert_eq!(vault_fingerprint(&dir), before, "the vault is unchanged");
    // A photo given as a list: refused the same way.
    let file = tmp.path().join("photo.csv");
    std::fs::write(
        &file,
        [0x89u8, b'P', b'N', b'G', 0, 0, 0, 0, 1, 2, 0, 0, 3, 0],
    )
    .unwrap();
    let (code, _, err) = import(&dir, &file, &args(&header_args()));
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(vault_fingerprint(&dir), before);
}

#[test]
fn rows_with_problems_refuse_the_list_unless_skipped() {
    let (tmp, dir) = empty_vault();
    let file = tmp.path().join("ds.csv");
    std::fs::write(
        &file,
        "Full name,Sex,DOB,Passport\n\
         Tran Quoc Tuan,M,1995,C1234567\n\
         Le Van Binh,,1990,\n\
         Pham Huu Nghia,male,01/01/2099,12345\n",
    )
    .unwrap();
    let (code, j, err) = import(&dir, &file, &args(&header_args()));
    assert_eq!(code, Some(1));
    assert!(err.contains("2 of 3 rows have problems"), "{err}");
    assert_eq!(j["created"], serde_json::json!([]));
    let problems: Vec<(i64, String, String)> = j["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["row"].as_i64().unwrap(),
                p["field"].as_str().unwrap().to_string(),
                p["problem"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            (3, "sex".into(), "required".into()),
            (4, "age".into(), "future_date".into()),
            (4, "document".into(), "cccd_digits".into()),
        ]
    );
    assert_eq!(cases_in(&dir), 0, "all or nothing");
    // Names without diacritics are flagged for the officer.
    assert_eq!(j["flags"]["name_without_diacritics"], 3);

    let h = header_args();
    let mut a = args(&h);
    a.push("--skip-invalid");
    let (code, j, err) = import(&dir, &file, &a);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(j["created"].as_array().unwrap().len(), 1);
    assert_eq!(j["skipped"], 2);
    assert_eq!(cases_in(&dir), 1);

    // A second list added to the same batch, with the mapping given by hand.
    let batch = j["batch"].as_str().unwrap().to_string();
    let (code, j, err) = import_second_list(tmp.path(), &dir, &batch);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(j["batch"], batch.as_str());
    assert_eq!(j["mapping"]["C"], "age");
    assert_eq!(cases_in(&dir), 2);
}

#[test]
fn the_grid_of_a_generated_xlsx() {
    let w = sheet_reader::read_bytes(&handover_xlsx(), None).unwrap();
    assert_eq!(w.grid.get(4, 3), &Cell::Number(35867.0));
    assert_eq!(
        w.grid.get(7, 3),
        &Cell::Date(NaiveDate::from_ymd_opt(2004, 7, 21).unwrap())
    );
    let m = hl::propose(&w.grid);
    assert_eq!(m.header_rows, vec![2, 3]);
    assert_eq!(m.first_data_row, 4);
}

#[test]
fn no_one_joins_a_batch_once_its_reception_record_is_issued() {
    let (tmp, dir) = empty_vault();
    let file = tmp.path().join("ds.csv");
    std::fs::write(&file, "Full name,Sex,DOB\nTrần Quốc Tuấn,M,1995\n").unwrap();
    let (code, j, err) = import(&dir, &file, &args(&header_args()));
    assert_eq!(code, Some(0), "{err}");
    let batch = j["batch"].as_str().unwrap().to_string();
    let first = j["created"][0].as_str().unwrap().to_string();

    // The officer prints the reception record: it is issued.
    let mut v = unlock(&dir, "admin");
    let (id, number, _) = issue_the_reception(&mut v);
    let issued = tiepnhan::app::batches::issued_reception(&v, &id)
        .unwrap()
        .unwrap();
    assert_eq!(issued.number, number.trim());
    assert!(issued.missing([first.as_str()]).is_empty());
    v.close_quietly();

    // A second list for the same batch is refused, and nothing is written.
    let (code, _, err) = import_second_list(tmp.path(), &dir, &batch);
    assert_eq!(code, Some(1));
    assert!(
        err.contains(&format!("reception record {}", number.trim()))
            && err.contains("people received later go in a new batch"),
        "{err}"
    );
    assert_eq!(cases_in(&dir), 1);
    // A dry run says the same: it does not preview an import that would fail.
    let file = tmp.path().join("ds2.csv");
    let map = r#"{"A": "full_name", "B": "sex"}"#;
    let (code, out, err) = import(&dir, &file, &["--batch", &batch, "--map", map, "--dry-run"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        err.contains(&format!("reception record {}", number.trim())),
        "{err}"
    );

    // Nor does a single case saved into the batch.
    let mut v = unlock(&dir, "admin");
    let mut late = case_with("Lò Văn Páo", |c| {
        c.batch_id = Some(id.clone());
        c.identity.age_estimate = Some(30);
    });
    let r = v.create_case(&mut late);
    assert!(
        matches!(r, Err(tiepnhan::vault::VaultError::ReceptionIssued { .. })),
        "{r:?}"
    );
    v.close_quietly();

    // A batch that took someone after its record (before the rule): the
    // record does not name them, and the batch says so.
    let v = unlock(&dir, "admin");
    v.conn()
        .execute(
            "UPDATE papers SET data = json_set(data, '$.people[0].case_number', 'MB-0000-00000')",
            [],
        )
        .unwrap();
    let issued = tiepnhan::app::batches::issued_reception(&v, &id)
        .unwrap()
        .unwrap();
    assert_eq!(issued.missing([first.as_str()]), [first.as_str()]);
    v.close_quietly();
}
