//! The referral package and the printed documents, opened as a user would:
//! 7-Zip with the passphrase, sha256 against the manifest, pdftotext.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use tiepnhan::domain::referral::{Referral, ReferralStatus};
use tiepnhan::vault::Vault;

fn demo(dir: &Path) -> serde_json::Value {
    demo_cli(dir, 400, 11)
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn u16_at(b: &[u8], i: usize) -> u16 {
    u16::from_le_bytes([b[i], b[i + 1]])
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

/// The WinZip AES extra field (0x9901) in a run of extra fields:
/// (vendor version, vendor id, strength, actual method).
fn aes_extra(extra: &[u8]) -> Option<(u16, [u8; 2], u8, u16)> {
    let mut i = 0;
    while i + 4 <= extra.len() {
        let (id, len) = (u16_at(extra, i), u16_at(extra, i + 2) as usize);
        if id == 0x9901 && len == 7 && i + 4 + 7 <= extra.len() {
            let d = &extra[i + 4..];
            return Some((u16_at(d, 0), [d[2], d[3]], d[4], u16_at(d, 5)));
        }
        i += 4 + len;
    }
    None
}

/// Check every entry of an AES zip, from the central directory to its local
/// header and data descriptor: method 99, AES-256, WinZip vendor version 2
/// (AE-2) and a CRC-32 of zero everywhere. Returns the number of entries.
fn ae2_entries(zip: &[u8]) -> usize {
    let eocd = zip
        .windows(4)
        .rposition(|w| w == [0x50, 0x4b, 0x05, 0x06])
        .expect("end of central directory");
    let entries = u16_at(zip, eocd + 10) as usize;
    let mut at = u32_at(zip, eocd + 16) as usize;
    for _ in 0..entries {
        assert_eq!(u32_at(zip, at), 0x0201_4b50, "central directory header");
        let flags = u16_at(zip, at + 8);
        let method = u16_at(zip, at + 10);
        let crc = u32_at(zip, at + 16);
        let csize = u32_at(zip, at + 20) as usize;
        let (n, e, c) = (
            u16_at(zip, at + 28) as usize,
            u16_at(zip, at + 30) as usize,
            u16_at(zip, at + 32) as usize,
        );
        let local = u32_at(zip, at + 42) as usize;
        let name = String::from_utf8_lossy(&zip[at + 46..at + 46 + n]).to_string();
        assert_eq!(flags & 1, 1, "{name}: encrypted");
        assert_eq!(method, 99, "{name}: AES method");
        assert_eq!(crc, 0, "{name}: the central directory holds a CRC");
        let (version, vendor, strength, inner) =
            aes_extra(&zip[at + 46 + n..at + 46 + n + e]).expect("AES extra field");
        assert_eq!(version, 2, "{name}: AE-{version} in the central directory");
        assert_eq!(&vendor, b"AE");
        assert_eq!(strength, 3, "{name}: AES-256");
        assert_eq!(inner, 8, "{name}: deflated inside");
        // The local header says the same.
        assert_eq!(u32_at(zip, local), 0x0403_4b50, "{name}: local header");
        assert_eq!(
            u32_at(zip, local + 14),
            0,
            "{name}: the local header holds a CRC"
        );
        let (ln, le) = (
            u16_at(zip, local + 26) as usize,
            u16_at(zip, local + 28) as usize,
        );
        let (lv, ..) = aes_extra(&zip[local + 30 + ln..local + 30 + ln + le])
            .expect("AES extra field in the local header");
        assert_eq!(lv, 2, "{name}: AE-{lv} in the local header");
        // And its data descriptor, if it has one.
        if flags & 8 != 0 {
            let mut d = local + 30 + ln + le + csize;
            if u32_at(zip, d) == 0x0807_4b50 {
                d += 4;
            }
            assert_eq!(u32_at(zip, d), 0, "{name}: the data descriptor holds a CRC");
        }
        at += 46 + n + e + c;
    }
    entries
}

/// Every entry of a package is AE-2, whatever its size (the zip crate picks
/// AE-1 for 20 bytes or more when it can seek), and 7-Zip tests and extracts
/// them all with the passphrase.
#[test]
fn package_zips_are_ae2_and_7zip_opens_them() {
    use tiepnhan::export::package::encrypted_zip;
    need("7z");
    let big: Vec<u8> = (0..300_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let text = "Nguyễn Thị Hoà – phiếu chuyển gửi\n".repeat(500);
    let files: Vec<(&str, &[u8])> = vec![
        ("empty.txt", b""),
        ("short.txt", b"abc"),
        ("nineteen.txt", b"0123456789012345678"),
        ("twenty.txt", b"01234567890123456789"),
        ("random.bin", &big),
        ("van-ban.txt", text.as_bytes()),
    ];
    let pass = "ABCDE-FGHJK-MNPQR-STVWX";
    let zip = encrypted_zip(&files, pass).unwrap();
    assert_eq!(ae2_entries(&zip), files.len());
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("p.zip");
    std::fs::write(&path, &zip).unwrap();
    let o = Command::new("7z")
        .args(["t", &format!("-p{pass}"), path.to_str().unwrap()])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        o.status.success() && said.contains("Everything is Ok"),
        "{said}"
    );
    let o = Command::new("7z")
        .args(["t", "-pWRONG", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!o.status.success(), "7z accepted a wrong passphrase");
    let out = tmp.path().join("out");
    unzip_7z(&path, pass, &out);
    for (name, bytes) in &files {
        assert_eq!(&std::fs::read(out.join(name)).unwrap(), bytes, "{name}");
    }
}

#[test]
fn referral_package_opens_with_7zip_and_matches_its_manifest() {
    need("7z");
    need("pdftotext");
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    let summary = demo(&vault);
    let number = summary["sample_case_numbers"][0]
        .as_str()
        .unwrap()
        .to_string();
    let zip = tmp.path().join("goi.zip");
    let out = as_demo_ok(
        &vault,
        &[
            "export",
            "referral",
            "--case",
            &number,
            "--out",
            zip.to_str().unwrap(),
        ],
    );
    let pass = stdout(&out).trim().to_string();
    // At least 80 bits: 20 Crockford base32 characters in groups of 5.
    assert_eq!(pass.len(), 23, "{pass}");
    assert!(
        tiepnhan::domain::security::parse_recovery_code(&format!("{pass}-00000-00000")).is_some()
    );

    // The person's name, read from the vault.
    let v = Vault::unlock(&vault, "demo", DEMO_PASS, chrono::Utc::now()).unwrap();
    let name = v
        .read_case(&v.case_id_by_number(&number).unwrap())
        .unwrap()
        .record
        .identity
        .full_name;
    v.close_quietly();
    // Nothing readable in the package file itself, and no plaintext CRC.
    let bytes = std::fs::read(&zip).unwrap();
    assert_eq!(ae2_entries(&bytes), 4, "every entry is AE-2");
    assert!(!bytes.windows(name.len()).any(|w| w == name.as_bytes()));
    assert!(!bytes.windows(number.len()).any(|w| w == number.as_bytes()));

    // The wrong passphrase fails.
    let bad = tmp.path().join("bad");
    let o = Command::new("7z")
        .args([
            "x",
            "-y",
            "-pSAI-MAT-KHAU",
            &format!("-o{}", bad.display()),
            zip.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        !o.status.success(),
        "7z opened the package with a wrong passphrase"
    );

    // The right one opens it; every file matches the manifest.
    let outdir = tmp.path().join("out");
    unzip_7z(&zip, &pass, &outdir);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(outdir.join("manifest.json")).unwrap()).unwrap();
    let files = manifest["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    for f in files {
        let name = f["name"].as_str().unwrap();
        let o = Command::new("sha256sum")
            .arg(outdir.join(name))
            .output()
            .unwrap();
        let sum = String::from_utf8(o.stdout).unwrap();
        assert_eq!(
            sum.split_whitespace().next().unwrap(),
            f["sha256"].as_str().unwrap(),
            "{name}"
        );
    }
    assert_eq!(manifest["case_number"], number.as_str());
    assert!(manifest["audit_anchor"]["seq"].as_i64().unwrap() > 0);

    // The PDFs show the name in NFC with every diacritic.
    let text = pdftotext(&outdir.join("phieu-chuyen-gui.pdf"));
    assert!(
        text.contains(&name),
        "the referral form lacks {name}:\n{text}"
    );
    assert!(
        text.contains("PHIẾU CHUYỂN GỬI") && text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    );
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd(name.as_str()).collect();
    assert!(
        nfd == name || !text.contains(&nfd),
        "the PDF carries decomposed text"
    );
    let text = pdftotext(&outdir.join("bien-ban-ban-giao.pdf"));
    assert!(text.contains(&name) && text.contains("BIÊN BẢN BÀN GIAO"));

    // referral.json uses HTCDS names.
    let j: serde_json::Value =
        serde_json::from_slice(&std::fs::read(outdir.join("referral.json")).unwrap()).unwrap();
    assert_eq!(j["vic_TraffickingStatus"], "Possible");
    assert_eq!(j["tn_CaseNumber"], number.as_str());
    assert!(
        j["prs_SecondName"]
            .as_str()
            .is_some_and(|s| name.starts_with(s))
    );
    assert!(
        j.get("tn_RecruiterContacts").is_none(),
        "recruiter contacts are not the agency's business"
    );

    // The export is audited.
    let v = Vault::unlock(&vault, "demo", DEMO_PASS, chrono::Utc::now()).unwrap();
    let n: i64 = count(
        &v,
        "SELECT count(*) FROM audit WHERE action = 'export' AND details LIKE '%referral_package%'",
    );
    assert_eq!(n, 1);
}

#[test]
fn a_case_without_an_approved_referral_cannot_be_exported() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    let mut v = new_vault(&vault);
    let mut c = tiepnhan::domain::case::CaseRecord {
        received_on: Some(chrono::Local::now().date_naive()),
        ..Default::default()
    };
    c.identity.full_name = "Hồ Văn Thử".into();
    c.identity.age_estimate = Some(30);
    let saved = v.create_case(&mut c).unwrap();
    let mut r = Referral {
        case_id: saved.id.clone(),
        agency_id: Some(1),
        ..Referral::default()
    };
    v.save_referral(&mut r).unwrap();
    v.close_quietly();
    let out = run(
        &[
            "export",
            "referral",
            "--vault",
            vault.to_str().unwrap(),
            "--user",
            "admin",
            "--case",
            &saved.number,
            "--out",
            tmp.path().join("x.zip").to_str().unwrap(),
        ],
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no approved referral"),
        "{}",
        stderr(&out)
    );
    assert!(!tmp.path().join("x.zip").exists());
}

#[test]
fn approval_needs_consent_or_a_reason_and_another_supervisor() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut admin = new_vault_with_staff(&dir);
    let mut c = tiepnhan::domain::case::CaseRecord {
        received_on: Some(chrono::Local::now().date_naive()),
        ..Default::default()
    };
    c.identity.full_name = "Đỗ Thị Em".into();
    c.identity.age_estimate = Some(15);
    let case = admin.create_case(&mut c).unwrap();
    admin.close_quietly();

    let mut officer = unlock(&dir, "canbo");
    let mut r = Referral {
        case_id: case.id.clone(),
        agency_id: Some(1),
        services: vec!["shelter".into()],
        ..Referral::default()
    };
    officer.save_referral(&mut r).unwrap();
    assert!(
        officer.approve_referral(&r.id).is_err(),
        "an officer cannot approve"
    );
    officer.close_quietly();

    let mut sup = unlock(&dir, "chihuy");
    let e = sup.approve_referral(&r.id).unwrap_err().to_string();
    assert!(e.contains("no_consent_or_reason"), "{e}");
    // Consent given, but a child needs the guardian.
    r.consent.given = true;
    r.consent.told = "Mục đích, cơ quan nhận, thông tin chia sẻ".into();
    r.consent.language = "Tiếng Việt".into();
    sup.save_referral(&mut r).unwrap();
    let e = sup.approve_referral(&r.id).unwrap_err().to_string();
    assert!(e.contains("guardian_required"), "{e}");
    r.consent.guardian_name = "Đỗ Văn Bố".into();
    r.consent.guardian_relation = "Bố".into();
    sup.save_referral(&mut r).unwrap();
    // A child of 7 or more must agree too (Law 91/2025 art. 24).
    let e = sup.approve_referral(&r.id).unwrap_err().to_string();
    assert!(e.contains("child_consent"), "{e}");
    r.consent.child_agreed = true;
    sup.save_referral(&mut r).unwrap();
    let ok = sup.approve_referral(&r.id).unwrap();
    assert_eq!(ok.status, ReferralStatus::Approved);
    // A supervisor who drafted a referral cannot approve it either.
    let mut own = Referral {
        case_id: case.id.clone(),
        agency_id: Some(1),
        no_consent_reason: "Khẩn cấp".into(),
        ..Referral::default()
    };
    sup.save_referral(&mut own).unwrap();
    assert!(
        sup.approve_referral(&own.id)
            .unwrap_err()
            .to_string()
            .contains("own_approval")
    );
    // Handover and acknowledgement follow, in order.
    assert!(
        sup.acknowledge_referral(&ok.id, chrono::Local::now().date_naive(), "")
            .is_err()
    );
    let h = tiepnhan::domain::referral::Handover {
        at: chrono::Local::now().naive_local().into(),
        receiver_name: "Nguyễn Thị Lan".into(),
        ..Default::default()
    };
    assert_eq!(
        sup.hand_over_referral(&ok.id, h).unwrap().status,
        ReferralStatus::HandedOver
    );
    assert_eq!(
        sup.acknowledge_referral(&ok.id, chrono::Local::now().date_naive(), "Đã nhận")
            .unwrap()
            .status,
        ReferralStatus::Acknowledged
    );
    assert_eq!(
        sup.read_case(&case.id).unwrap().record.status,
        tiepnhan::domain::case::Status::HandedOver
    );
}

#[test]
fn every_document_renders_with_its_header_and_long_tables_repeat_their_header() {
    need("pdftotext");
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    demo(&vault);
    let mut v = Vault::unlock(&vault, "demo", DEMO_PASS, chrono::Utc::now()).unwrap();
    // The largest batch, for a reception record longer than a page.
    let (batches, _) = v.list_batches(0, 100).unwrap();
    let big = batches.iter().max_by_key(|b| b.people).unwrap().clone();
    assert!(
        big.people >= 30,
        "largest demo batch has {} people",
        big.people
    );
    let screened: String = value(
        &v,
        "SELECT id FROM screenings WHERE decision = 'suspected_victim' LIMIT 1",
    );
    let referral: String = value(&v, "SELECT id FROM referrals LIMIT 1");
    use tiepnhan::app::documents::{Doc, build};
    for (doc, title) in [
        (Doc::Reception(big.id.clone()), "BIÊN BẢN TIẾP NHẬN"),
        (Doc::Screening(screened), "PHIẾU SÀNG LỌC"),
        (Doc::Referral(referral.clone()), "PHIẾU CHUYỂN GỬI"),
        (Doc::Handover(referral), "BIÊN BẢN BÀN GIAO"),
    ] {
        let pdf = build(&mut v, &doc, false).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        let path = tmp.path().join("doc.pdf");
        std::fs::write(&path, &pdf).unwrap();
        let text = pdftotext(&path);
        assert!(text.contains(title), "{title} missing");
        assert!(
            text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
                && text.contains("Độc lập - Tự do - Hạnh phúc")
        );
        if matches!(doc, Doc::Reception(_)) {
            // The annex table spans pages and repeats its header on each.
            let pages = text.split('\u{c}').filter(|p| !p.trim().is_empty()).count();
            assert!(pages >= 3, "{pages} pages");
            std::fs::copy(&path, "/tmp/reception-test.pdf").ok();
            let headers = text.matches("Họ và tên").count();
            assert!(
                headers >= pages - 1,
                "the table header is not repeated: {headers} headers on {pages} pages"
            );
        }
    }
    let prints: i64 = count(&v, "SELECT count(*) FROM audit WHERE action = 'export'");
    assert!(prints >= 4, "every document is audited");
}

#[test]
fn a_handed_over_referral_is_numbered_in_the_year_of_its_handover() {
    use chrono::Datelike;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    tiepnhan::demo::create_demo_vault(&dir, DEMO_PASS, 400, 3).unwrap();
    let v = Vault::unlock(&dir, "demo", DEMO_PASS, chrono::Utc::now()).unwrap();
    let mut s = v
        .conn()
        .prepare("SELECT number, year, tn_json(data) FROM referrals")
        .unwrap();
    let rows: Vec<(String, i32, String)> = s
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut handed = 0;
    for (number, year, data) in rows {
        let r: Referral = serde_json::from_str(&data).unwrap();
        if let Some(at) = r.handover.at {
            handed += 1;
            assert_eq!(year, at.year(), "{number}");
            assert!(
                number.starts_with(&format!("CG-{}-", at.year())),
                "{number}"
            );
        }
    }
    assert!(handed > 0, "the demo has handed-over referrals");
}

/// The printed screening record says the answers will not be used to punish
/// the person, and shows the elements of Law 53/2024; a record saved under
/// catalog v1 prints its own result and says the elements were not assessed.
#[test]
fn the_screening_record_states_non_punishment_and_the_legal_elements() {
    use std::collections::BTreeMap;
    use tiepnhan::domain::case::Sex;
    use tiepnhan::domain::screening::{
        Answer, Catalog, Evidence, Exploitation, Purpose, ScreeningInput,
    };
    use tiepnhan::export::{docs, pdf};
    need("pdftotext");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    let case_id = batch_of(&mut v, &[("Trần Văn Bốn", Sex::Male, "1999")])[0]
        .id
        .clone();
    let answers: BTreeMap<String, Answer> =
        ["DR01", "EX01", "EX02", "CD01", "CD03", "CD04", "CD06"]
            .iter()
            .map(|c| (c.to_string(), Answer::Yes))
            .collect();
    let input = ScreeningInput {
        age_years: Some(27),
        age_uncertain: false,
        exploitation: Exploitation::Labour,
        moved_by_someone: None,
        answers,
        purposes: [Purpose::ForcedLabour].into(),
    };
    let s = v
        .save_screening(
            &case_id,
            None,
            &input,
            &BTreeMap::new(),
            &Evidence::default(),
        )
        .unwrap();
    let case = v.read_case(&case_id).unwrap().record;
    let unit = v.unit().unwrap();
    let catalog = Catalog::builtin().unwrap();
    let text_of = |data: &serde_json::Value, name: &str| {
        let bytes = pdf::render(pdf::Template::Screening, data).unwrap();
        let path = tmp.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        pdftotext(&path)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };

    let letterhead = tiepnhan::export::docs::unit_letterhead(&unit);
    let head = docs::PaperHead {
        letterhead: &letterhead,
        number: "01/PSL-MB".into(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
    };
    let tam = tiepnhan::domain::papers::Person {
        name: "Lê Văn Tâm".into(),
        ..Default::default()
    };
    let nobody = tiepnhan::domain::papers::Person::default();
    let data = docs::screening(&head, &case, &s, &tam, &nobody, catalog);
    assert_eq!(data["legal"]["signs"], "present");
    let text = text_of(&data, "v2.pdf");
    for needle in [
        "không được dùng để xử lý, xử phạt người đó",
        "CÁC YẾU TỐ CỦA HÀNH VI MUA BÁN NGƯỜI (khoản 1 Điều 2 Luật Phòng, chống mua bán người số 53/2024/QH15)",
        "Có dấu hiệu mua bán người theo Luật Phòng, chống mua bán người năm 2024 (hành vi, mục đích, thủ đoạn)",
        "Hành vi (tuyển mộ, vận",
        "Thủ đoạn (vũ lực, đe dọa,",
        "Cưỡng bức lao động",
        "Cần phỏng vấn thêm",
        "Từ đủ 18 tuổi trở lên",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }

    // No purpose named by the officer, but EX passes its threshold: the
    // interview section says what the legal elements' "purpose: yes" rests on.
    let mut unnamed = s.clone();
    unnamed.input.purposes.clear();
    let data = docs::screening(&head, &case, &unnamed, &tam, &nobody, catalog);
    let purpose_row = data["interview"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[0] == "Mục đích bóc lột đã ghi nhận")
        .unwrap()
        .clone();
    assert_eq!(data["legal"]["rows"][1][1], "Có");
    assert!(
        purpose_row[1]
            .as_str()
            .unwrap()
            .contains("theo nhóm dấu hiệu EX"),
        "{purpose_row}"
    );

    // The same screening as v1 stored it: its result, no legal elements.
    let mut old = s.clone();
    old.catalog_version = "ilo2009-vn-1".into();
    old.result.legal = None;
    old.result.age_band = None;
    old.input.purposes.clear();
    let data = docs::screening(&head, &case, &old, &tam, &nobody, catalog);
    assert!(data["legal"].is_null());
    let text = text_of(&data, "v1.pdf");
    assert!(text.contains("không được dùng để xử lý, xử phạt người đó"));
    assert!(
        text.contains("theo bộ chỉ số ilo2009-vn-1, chưa xét các yếu tố theo Luật"),
        "{text}"
    );
    assert!(!text.contains("Có dấu hiệu mua bán người theo Luật"));
}
