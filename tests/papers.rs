//! Papers a records office accepts (Decree 30/2020/NĐ-CP), checked as a
//! records officer would: pdffonts (only the bundled serif), pdftotext
//! (Decree 30 dates, "Nơi nhận", page numbers from page 2), a paper issued
//! in 03/2024 reprinted identically with the 2011 regime and the agency of
//! its time, a retired agency refused for new referrals, and `export
//! handover` opened by 7-Zip with the printed passphrase.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use common::*;
use tiepnhan::app::documents::{Doc, build};
use tiepnhan::domain::papers::Letterhead;
use tiepnhan::domain::referral::{Consent, Handover, Referral, ReferralStatus};
use tiepnhan::vault::Vault;

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// A PDF's text, after writing it to `path`.
fn text_of(pdf: &[u8], path: &Path) -> String {
    std::fs::write(path, pdf).unwrap();
    pdftotext(path)
}

/// The fonts of a PDF as `pdffonts` lists them: (name, embedded).
fn fonts(pdf: &Path) -> Vec<(String, bool)> {
    let out = Command::new("pdffonts").arg(pdf).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            // name type [encoding] emb sub uni object ID: "emb" is the
            // fifth field from the end.
            let emb = cols[cols.len() - 5] == "yes";
            (cols[0].to_string(), emb)
        })
        .collect()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a paper's text holds a phrase, wherever its lines break.
fn has(text: &str, needle: &str) -> bool {
    let nows = |s: &str| s.split_whitespace().collect::<String>();
    squash(text).contains(needle) || nows(text).contains(&nows(needle))
}

fn demo(dir: &Path) -> serde_json::Value {
    demo_cli(dir, 300, 5)
}

/// Check one paper as a records officer would and keep it for viewing.
fn check_paper(pdf: &[u8], path: &Path, letter: bool) -> String {
    std::fs::write(path, pdf).unwrap();
    let f = fonts(path);
    assert!(!f.is_empty(), "no font in {}", path.display());
    for (name, emb) in &f {
        assert!(
            name.contains("LiberationSerif"),
            "{name} in {}",
            path.display()
        );
        assert!(emb, "{name} is not embedded in {}", path.display());
    }
    let text = pdftotext(path);
    let flat = squash(&text);
    assert!(flat.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    assert!(flat.contains("Độc lập - Tự do - Hạnh phúc"));
    if !path.ends_with("recovery.pdf") {
        assert!(flat.contains("Số:"), "{}", path.display());
    }
    // Decree 30 dates: "ngày 05 tháng 3 năm 2024", never "tháng 03".
    let re_bad = (3..=9)
        .map(|m| format!("tháng 0{m} năm"))
        .collect::<Vec<_>>();
    for bad in &re_bad {
        assert!(!flat.contains(bad), "{bad} in {}", path.display());
    }
    assert!(
        flat.contains(", ngày ") && flat.contains(" năm 20"),
        "no place-and-date line in {}",
        path.display()
    );
    if letter {
        assert!(flat.contains("Kính gửi:"), "{}", path.display());
        assert!(flat.contains("Nơi nhận:"), "{}", path.display());
        assert!(flat.contains("- Như trên;"), "{}", path.display());
        assert!(flat.contains("- Lưu: VT"), "{}", path.display());
    }
    // Page numbers at the top from page 2; none on page 1.
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    let first_line = |p: &str| {
        p.lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim()
            .to_string()
    };
    assert!(
        first_line(pages[0]).parse::<u32>().is_err(),
        "page 1 of {} is numbered",
        path.display()
    );
    // No page holds only its number and the audit checkpoint (a landscape
    // annex once pushed the checkpoint onto a blank portrait page).
    for (i, p) in pages.iter().enumerate() {
        let content = p
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("Kiểm chứng nhật ký:"))
            .filter(|l| l.parse::<u32>().is_err())
            .count();
        assert!(content > 0, "page {} of {} is blank", i + 1, path.display());
    }
    for (i, p) in pages.iter().enumerate().skip(1) {
        assert_eq!(
            first_line(p),
            (i + 1).to_string(),
            "page {} of {}",
            i + 1,
            path.display()
        );
    }
    text
}

#[test]
fn every_paper_uses_the_bundled_serif_decree_30_dates_and_page_numbers() {
    need("pdffonts");
    need("pdftotext");
    need("pdfinfo");
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = std::env::var_os("TIEPNHAN_PAPERS_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&out_dir).unwrap();
    let vault = tmp.path().join("v");
    demo(&vault);
    let mut v = Vault::unlock(&vault, "demo", DEMO_PASS, chrono::Utc::now()).unwrap();
    let (batches, _) = v.list_batches(0, 100).unwrap();
    let big = batches.iter().max_by_key(|b| b.people).unwrap().clone();
    let q = |v: &Vault, sql: &str| -> String { v.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    let screened = q(
        &v,
        "SELECT id FROM screenings WHERE decision = 'suspected_victim' AND tn_json(data) LIKE '%\"approval\":\"approved\"%' LIMIT 1",
    );
    let referral = q(
        &v,
        "SELECT id FROM referrals WHERE status = 'acknowledged' ORDER BY rid DESC LIMIT 1",
    );
    let citizens = q(&v, "SELECT id FROM citizen_handovers ORDER BY rid LIMIT 1");
    let first_screened = q(
        &v,
        "SELECT id FROM screenings WHERE decision = 'suspected_victim' ORDER BY updated_at LIMIT 1",
    );
    // A decision of 2024 in the words of Law 66/2011; of today, of Law 53/2024.
    let old = build(&mut v, &Doc::Screening(first_screened), false).unwrap();
    let old = check_paper(&old, &out_dir.join("screening-2024.pdf"), false);
    assert!(has(&old, "năm 2024"), "{}", squash(&old));
    assert!(
        has(&old, "Người có dấu hiệu là nạn nhân bị mua bán"),
        "{}",
        squash(&old)
    );
    assert!(!has(&old, "đang trong quá trình xác định"));
    // Its legal summary names the law of its day, never the 2024 law.
    assert!(
        !has(&old, "53/2024") && has(&old, "Luật Phòng, chống mua bán người năm 2011"),
        "{}",
        squash(&old)
    );
    // The citizen handover names the reception record of its batch (the
    // demo prints it at the gate, before the handover).
    let handed_batch = v.citizen_handover(&citizens).unwrap().batch_id;
    let reception_number = v
        .issued_paper(
            tiepnhan::domain::papers::PaperKind::Reception,
            &handed_batch,
        )
        .unwrap()
        .unwrap()
        .number;
    let docs = [
        ("reception", Doc::Reception(big.id.clone()), false),
        ("screening", Doc::Screening(screened), false),
        ("referral", Doc::Referral(referral.clone()), true),
        ("handover", Doc::Handover(referral), false),
        ("citizen-handover", Doc::CitizenHandover(citizens), false),
    ];
    for (name, doc, letter) in docs {
        let pdf = build(&mut v, &doc, false).unwrap();
        let text = check_paper(&pdf, &out_dir.join(format!("{name}.pdf")), letter);
        // A biên bản names its parties, its opening and closing and its copies.
        if !letter && name != "screening" {
            let flat = squash(&text);
            assert!(
                flat.contains("BÊN GIAO") && flat.contains("BÊN NHẬN"),
                "{name}"
            );
            assert!(
                flat.contains("Hồi ") && flat.contains("kết thúc hồi"),
                "{name}"
            );
            assert!(flat.contains("bản có giá trị như nhau"), "{name}");
        }
        // Counts name what is there: never "0 nam" or "trong đó 0 người".
        if name == "reception" || name == "citizen-handover" {
            let flat = squash(&text);
            for zero in ["(0 nam", " 0 nữ", "trong đó 0 "] {
                assert!(!flat.contains(zero), "{name}: {zero} in {flat}");
            }
            // The list names the paper it goes with: number, date, issuer.
            let caption = flat
                .split("(Kèm theo Biên bản")
                .nth(1)
                .and_then(|r| r.split(')').next())
                .unwrap_or_else(|| panic!("{name}: no caption in {flat}"));
            assert!(
                caption.contains(" ngày ") && caption.contains(" của Đồn Biên phòng"),
                "{name}: {caption}"
            );
        }
        // The reception names who came: the foreigners among them are
        // counted, and the list says each person's nationality; every case
        // and document number stands whole on its line.
        if name == "reception" {
            let (_, rows) = v.open_batch(&big.id).unwrap();
            let people: Vec<_> = rows
                .iter()
                .map(|r| v.read_case(&r.id).unwrap().record)
                .collect();
            let foreign = people.iter().filter(|c| c.is_foreign()).count();
            assert!(foreign > 0, "the demo's big batch has foreigners");
            let flat = squash(&text);
            assert!(
                flat.contains("Về việc tiếp nhận công dân Việt Nam và người nước ngoài"),
                "{flat}"
            );
            assert!(
                flat.contains(&format!(
                    "Trong số đó có {foreign} người mang quốc tịch nước ngoài"
                )),
                "{flat}"
            );
            assert!(flat.contains("DANH SÁCH NGƯỜI ĐƯỢC TIẾP NHẬN"), "{flat}");
            assert!(has(&text, "Quốc tịch") && has(&text, "Campuchia"), "{flat}");
            // A reception issued before the record named foreigners (its
            // data without them) reprints as first printed: a portrait list.
            let mut before = v
                .issued_paper(tiepnhan::domain::papers::PaperKind::Reception, &big.id)
                .unwrap()
                .unwrap()
                .data;
            for key in ["foreign", "counted"] {
                before.as_object_mut().unwrap().remove(key);
            }
            let old_pdf =
                tiepnhan::export::pdf::render(tiepnhan::export::pdf::Template::Reception, &before)
                    .unwrap();
            let old_path = out_dir.join("reception-before.pdf");
            std::fs::write(&old_path, &old_pdf).unwrap();
            let sizes = Command::new("pdfinfo")
                .args(["-f", "1", "-l", "9"])
                .arg(&old_path)
                .output()
                .unwrap();
            let sizes = String::from_utf8_lossy(&sizes.stdout).to_string();
            let portrait = sizes
                .lines()
                .filter(|l| l.starts_with("Page") && l.contains(" size: "))
                .all(|l| l.contains("595.") && l.contains("x 841."));
            assert!(portrait, "{sizes}");
            let now = Command::new("pdfinfo")
                .args(["-f", "2", "-l", "2"])
                .arg(out_dir.join("reception.pdf"))
                .output()
                .unwrap();
            assert!(
                String::from_utf8_lossy(&now.stdout).contains("841.89 x 595."),
                "the list of today is landscape"
            );
            let words: Vec<&str> = text.split_whitespace().collect();
            for c in &people {
                assert!(words.contains(&c.number.as_str()), "{} not whole", c.number);
                if !c.identity.id_number.is_empty() {
                    assert!(
                        words.contains(&c.identity.id_number.as_str()),
                        "{} not whole",
                        c.identity.id_number
                    );
                }
            }
        }
        // Inside an address the administrative words are lower case.
        if name == "citizen-handover" {
            assert!(has(&text, ", tỉnh "), "{name}: {}", squash(&text));
            assert!(
                squash(&text).contains(&format!(
                    "theo Biên bản tiếp nhận số {reception_number} ngày"
                )),
                "{}",
                squash(&text)
            );
            // A person handed over with nothing: "Không có", never a blank cell.
            assert!(has(&text, "Không có"), "{name}: {}", squash(&text));
        }
        // The audit checkpoint (sequence and full hash) is on the last page,
        // in a form `tiepnhan check --against` takes.
        let last = text.split('\u{c}').rfind(|p| !p.trim().is_empty()).unwrap();
        let flat: String = last.split_whitespace().collect();
        let cp = flat
            .split("Kiểmchứngnhậtký:")
            .nth(1)
            .unwrap_or_else(|| panic!("no checkpoint on the last page of {name}"));
        let (seq, hash) = cp.split_once(':').unwrap();
        assert!(seq.parse::<i64>().is_ok(), "{name}: {cp}");
        assert!(
            hash.len() >= 64 && hash[..64].chars().all(|c| c.is_ascii_hexdigit()),
            "{name}: {cp}"
        );
        assert!(
            tiepnhan::vault::check::Checkpoint::parse(&cp[..seq.len() + 65])
                .unwrap()
                .found_in(v.conn())
                .unwrap()
                .is_none(),
            "{name}: the vault holds the printed checkpoint"
        );
        if letter {
            assert!(
                has(&text, "7-Zip"),
                "{name} says which program opens the package"
            );
        }
        // A reprint is the same paper.
        let again = build(&mut v, &doc, false).unwrap();
        let p2 = out_dir.join(format!("{name}-reprint.pdf"));
        assert_eq!(text_of(&again, &p2), text, "{name} reprinted differently");
        std::fs::remove_file(&p2).unwrap();
    }
    // The signer block of the referral: "KT. ĐỒN TRƯỞNG / PHÓ ĐỒN TRƯỞNG", rank and name.
    let referral_text = squash(&pdftotext(&out_dir.join("referral.pdf")));
    assert!(referral_text.contains("KT. ĐỒN TRƯỞNG"), "{referral_text}");
    assert!(referral_text.contains("PHÓ ĐỒN TRƯỞNG"));
    assert!(referral_text.contains("Trung tá Trần Quốc Bảo"));
    assert!(
        referral_text.contains("BỘ CHỈ HUY BỘ ĐỘI BIÊN PHÒNG")
            && referral_text.contains("TỈNH TÂY NINH")
    );
    assert!(referral_text.contains("/PC-ĐMB"));
    // The recovery sheet and the report share the layout and the font.
    let unit = v.unit().unwrap();
    let sheet = tiepnhan::export::pdf::render(
        tiepnhan::export::pdf::Template::RecoverySheet,
        &tiepnhan::export::docs::recovery_sheet(
            &unit,
            "ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567",
            "Quản trị",
            NaiveDate::from_ymd_opt(2026, 2, 5).unwrap(),
        ),
    )
    .unwrap();
    let t = check_paper(&sheet, &out_dir.join("recovery.pdf"), false);
    assert!(squash(&t).contains("ngày 05 tháng 02 năm 2026"), "{t}");
}

fn referral_of_march_2024(v: &mut Vault, case_id: &str) -> String {
    let day = NaiveDate::from_ymd_opt(2024, 3, 15).unwrap();
    let mut refs = vec![Referral {
        case_id: case_id.to_string(),
        agency_id: Some(2),
        status: ReferralStatus::HandedOver,
        services: vec!["essential_needs".into(), "travel_home".into()],
        consent: Consent {
            given: true,
            told: "Mục đích chuyển gửi, cơ quan nhận, thông tin chia sẻ".into(),
            language: "Tiếng Việt".into(),
            recorded_on: Some(day),
            ..Consent::default()
        },
        handover: Handover {
            at: day.succ_opt().unwrap().and_hms_opt(9, 30, 0),
            place: "Trụ sở Đồn Biên phòng".into(),
            receiver_name: "Nguyễn Thị Lan".into(),
            receiver_title: "Chuyên viên".into(),
            documents: String::new(),
        },
        created_by: "admin".into(),
        approved_by: Some("chihuy".into()),
        approved_on: Some(day),
        ..Referral::default()
    }];
    v.insert_referrals(&mut refs).unwrap();
    refs[0].id.clone()
}

#[test]
fn a_paper_of_march_2024_reprints_identically_with_the_2011_regime_and_its_agency() {
    need("pdftotext");
    let tmp = tempfile::tempdir().unwrap();
    let (mut v, case_id) = vault_with_one_case(&tmp.path().join("v"));
    let rid = referral_of_march_2024(&mut v, &case_id);

    let first = build(&mut v, &Doc::Referral(rid.clone()), true).unwrap();
    let text = text_of(&first, &tmp.path().join("a.pdf"));
    let flat = squash(&text);
    assert!(flat.contains("ngày 15 tháng 3 năm 2024"), "{flat}");
    assert!(has(&text, "66/2011/QH12") && has(&text, "62/2012/NĐ-CP"));
    assert!(!has(&text, "53/2024") && !has(&text, "162/2025"), "{flat}");
    assert!(has(
        &text,
        "Sở Lao động – Thương binh và Xã hội tỉnh Tây Ninh"
    ));
    // No decision recorded: the subtitle says so, in the words of its time.
    assert!(
        has(&text, "Về việc chuyển gửi công dân để hỗ trợ"),
        "{flat}"
    );
    assert!(!has(&text, "đang trong quá trình xác định"), "{flat}");
    assert!(!flat.contains("Sở Y tế"));
    let handover = build(&mut v, &Doc::Handover(rid.clone()), true).unwrap();
    let ht = text_of(&handover, &tmp.path().join("h.pdf"));
    assert!(
        has(&ht, "ngày 16 tháng 3 năm 2024") && has(&ht, "01/2014/TTLT"),
        "{ht}"
    );
    assert!(!has(&ht, "162/2025"));

    // A superior typed in capitals would print "Kính gửi: BỘ CHỈ HUY …": refused.
    let capitals = v.set_letterhead(&Letterhead {
        superior: "BỘ CHỈ HUY QUÂN SỰ TỈNH TÂY NINH".into(),
        ..Letterhead::default()
    });
    assert!(
        capitals
            .unwrap_err()
            .to_string()
            .contains("typed in capitals")
    );
    // So is the unit's own name, which fills an empty letterhead's.
    let mut unit = v.unit().unwrap();
    unit.name = "ĐỒN BIÊN PHÒNG CỬA KHẨU XA MÁT".into();
    assert!(
        v.update_unit(&unit)
            .unwrap_err()
            .to_string()
            .contains("typed all in capitals")
    );
    assert_ne!(v.unit().unwrap().name, unit.name, "nothing was saved");
    // The letterhead changes afterwards; a reprint today is the same paper.
    v.set_letterhead(&Letterhead {
        superior: "Bộ Chỉ huy Quân sự tỉnh Tây Ninh".into(),
        abbreviation: "XM".into(),
        ..Letterhead::default()
    })
    .unwrap();
    let again = build(&mut v, &Doc::Referral(rid), true).unwrap();
    assert_eq!(
        text_of(&again, &tmp.path().join("b.pdf")),
        text,
        "the reprint differs"
    );
    assert_eq!(again, first, "the reprint is not byte-for-byte the same");
}

#[test]
fn a_notice_is_dated_the_day_it_was_given_and_cites_the_laws_of_that_day() {
    use tiepnhan::domain::privacy::{Choice, Notice, OptionalUse};
    need("pdftotext");
    let tmp = tempfile::tempdir().unwrap();
    let (mut v, case_id) = vault_with_one_case(&tmp.path().join("v"));
    v.set_letterhead(&Letterhead {
        superior: "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Tây Ninh".into(),
        ..Letterhead::default()
    })
    .unwrap();
    let text_given = |v: &mut Vault, day: NaiveDate, name: &str| {
        let mut n = Notice::renewed(None, &case_id);
        n.given_on = Some(day);
        n.language = "Tiếng Việt".into();
        n.uses.insert(OptionalUse::Photos, Choice::Refused);
        v.save_notice(&mut n).unwrap();
        let pdf = build(v, &Doc::Notice(case_id.clone()), false).unwrap();
        check_paper(&pdf, &tmp.path().join(name), false)
    };
    let t = text_given(
        &mut v,
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        "a.pdf",
    );
    assert!(has(&t, "ngày 20 tháng 11 năm 2026"), "{}", squash(&t));
    assert!(has(&t, "Luật Phòng, chống mua bán người số 53/2024/QH15"));
    assert!(has(&t, "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15"));
    // The unit's number is written by hand: never the case number.
    assert!(has(&t, "/TB-") && !has(&t, "TB-DLCN"), "{}", squash(&t));
    // The letterhead names the superior agency, as on every paper.
    assert!(has(&t, "BỘ ĐỘI BIÊN PHÒNG"), "{}", squash(&t));
    let t = text_given(
        &mut v,
        NaiveDate::from_ymd_opt(2024, 3, 12).unwrap(),
        "b.pdf",
    );
    assert!(has(&t, "ngày 12 tháng 3 năm 2024"), "{}", squash(&t));
    assert!(has(&t, "66/2011/QH12") && has(&t, "13/2023/NĐ-CP"));
    assert!(!has(&t, "53/2024") && !has(&t, "91/2025"), "{}", squash(&t));
    v.close_quietly();
}

/// A new vault with a supervisor and one case received in March 2024; the
/// case's id.
fn vault_with_one_case(dir: &Path) -> (Vault, String) {
    use tiepnhan::domain::case::{CaseRecord, Sex};
    let mut v = new_vault(dir);
    let mut c = CaseRecord {
        status: tiepnhan::domain::case::Status::Received,
        ..CaseRecord::default()
    };
    c.identity.full_name = "Trần Thị Ánh Tuyết".into();
    c.identity.sex = Sex::Female;
    c.identity.birth_year = Some(1999);
    c.received_on = NaiveDate::from_ymd_opt(2024, 3, 12);
    c.address.province_code = Some(80);
    v.create_user(
        "chihuy",
        "Phạm Văn Dũng",
        tiepnhan::domain::security::Role::Supervisor,
        PASSWORD,
    )
    .unwrap();
    let id = tiepnhan::app::cases::save(&mut v, c, None, tiepnhan::clock::today())
        .unwrap()
        .id;
    (v, id)
}

#[test]
fn a_retired_agency_cannot_be_chosen_for_a_new_referral_but_prints_on_old_papers() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut v, case_id) = vault_with_one_case(&tmp.path().join("v"));
    let today = tiepnhan::clock::today();
    let dolisa = v.agency(2).unwrap();
    assert!(dolisa.name.starts_with("Sở Lao động"));
    assert!(!dolisa.valid_on(today), "Sở LĐ-TB&XH is retired");
    assert!(
        !v.agencies_valid_on(today)
            .unwrap()
            .iter()
            .any(|a| a.id == 2),
        "a retired agency is offered"
    );
    let mut r = Referral {
        case_id: case_id.clone(),
        agency_id: Some(2),
        ..Referral::default()
    };
    let e = v.save_referral(&mut r).unwrap_err().to_string();
    assert!(e.contains("not in force"), "{e}");
    r.agency_id = Some(1);
    v.save_referral(&mut r).unwrap();
    // Before its approval the referral's paper prints as a draft: marked,
    // without a number, for the officer to read.
    let pdf = build(&mut v, &Doc::Referral(r.id.clone()), false).unwrap();
    let draft = text_of(&pdf, &tmp.path().join("draft.pdf"));
    assert!(has(&draft, "DỰ THẢO"), "{draft}");
    assert!(!has(&draft, "Số: 0"), "{draft}");

    // The old paper still names it.
    let rid = referral_of_march_2024(&mut v, &case_id);
    let pdf = build(&mut v, &Doc::Referral(rid), true).unwrap();
    let old = text_of(&pdf, &tmp.path().join("old.pdf"));
    assert!(has(
        &old,
        "Sở Lao động – Thương binh và Xã hội tỉnh Tây Ninh"
    ));
    assert!(!has(&old, "DỰ THẢO"), "an issued paper is no draft");

    // Organisations are an administrator's, audited.
    let id = v
        .save_agency(&tiepnhan::domain::org::Agency {
            name: "Hội Liên hiệp Phụ nữ xã Bến Cầu".into(),
            kind: "womens_union".into(),
            active: true,
            contact: "Lê Thị Hoa".into(),
            phone: "0276 3870 123".into(),
            valid_from: NaiveDate::from_ymd_opt(2025, 7, 1),
            ..Default::default()
        })
        .unwrap();
    assert!(v.agency(id).unwrap().valid_on(today));
    let bad = v.save_agency(&tiepnhan::domain::org::Agency {
        name: "X".into(),
        kind: "ministry".into(),
        ..Default::default()
    });
    assert!(bad.is_err());
    v.close_quietly();
    let mut officer = Vault::unlock(
        &tmp.path().join("v"),
        "chihuy",
        PASSWORD,
        chrono::Utc::now(),
    )
    .unwrap();
    let refused = officer.save_agency(&tiepnhan::domain::org::Agency {
        name: "Nhà tạm lánh".into(),
        kind: "ngo_shelter".into(),
        active: true,
        ..Default::default()
    });
    assert!(refused.is_err(), "a supervisor changed the agencies");
}

#[test]
fn export_handover_opens_with_7zip_and_holds_the_record_and_the_list() {
    need("7z");
    need("pdftotext");
    need("pdffonts");
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    let summary = demo(&vault);
    let batches = summary["sample_batch_numbers"].as_array().unwrap();
    assert!(!batches.is_empty(), "{summary}");
    let batch = batches[0].as_str().unwrap();
    let zip = tmp.path().join("bg.zip");
    let out = as_demo_ok(
        &vault,
        &[
            "export",
            "handover",
            "--batch",
            batch,
            "--out",
            zip.to_str().unwrap(),
        ],
    );
    let pass = stdout(&out).lines().last().unwrap().trim().to_string();
    assert_eq!(pass.len(), 23, "the passphrase is printed last: {pass}");

    let outdir = tmp.path().join("out");
    unzip_7z(&zip, &pass, &outdir);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(outdir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["kind"], "citizen_handover");
    assert_eq!(manifest["case_number"], batch);
    let files = manifest["files"].as_array().unwrap();
    assert!(!files.is_empty());
    let v = Vault::unlock(&vault, "demo", DEMO_PASS, chrono::Utc::now()).unwrap();
    let bid = v.batch_id_by_number(batch).unwrap();
    let records = v.citizen_handovers_of(&bid).unwrap();
    assert_eq!(records.len(), files.len(), "one record per receiver");
    let first = &records[0];
    let person = v.read_case(&first.case_ids[0]).unwrap().record;
    let pdf = outdir.join(files[0]["name"].as_str().unwrap());
    let text = check_paper(&std::fs::read(&pdf).unwrap(), &pdf, false);
    let flat = squash(&text);
    assert!(flat.contains("BIÊN BẢN BÀN GIAO CÔNG DÂN"));
    assert!(flat.contains("DANH SÁCH CÔNG DÂN BÀN GIAO"));
    assert!(has(&text, &first.receiver.to_uppercase()), "{flat}");
    assert!(has(&text, &person.identity.full_name), "{flat}");
    for col in [
        "STT",
        "Họ và tên",
        "Giới",
        "Ngày sinh",
        "Nơi cư trú",
        "Ghi chú",
    ] {
        assert!(has(&text, col), "{col}");
    }
    // Only people who are not suspected victims are on it.
    for id in records.iter().flat_map(|r| &r.case_ids) {
        let d: Option<String> = v
            .conn()
            .query_row("SELECT decision FROM cases WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_ne!(d.as_deref(), Some("suspected_victim"));
    }
    // A second export gives the same numbers (fixed at issue).
    v.close_quietly();
    let zip2 = tmp.path().join("bg2.zip");
    let out2 = as_demo_ok(
        &vault,
        &[
            "export",
            "handover",
            "--batch",
            batch,
            "--out",
            zip2.to_str().unwrap(),
        ],
    );
    assert_eq!(
        stdout(&out2).lines().next().unwrap(),
        stdout(&out).lines().next().unwrap()
    );
    // An unknown receiver is refused with one line.
    let bad = as_demo(
        &vault,
        &[
            "export",
            "handover",
            "--batch",
            batch,
            "--to",
            "Không có cơ quan này",
            "--out",
            zip2.to_str().unwrap(),
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(stderr(&bad).lines().count(), 1);
}

/// The engine behind the window's handover form: a family named as typed
/// (no agency in the list) receives people, a retired agency and the
/// services for victims are not offered, the closing time cannot be before
/// the opening, a person is on one record only, and the paper names the
/// family, both parties and the times typed (closing on another day says
/// which).
#[test]
fn a_family_named_as_typed_receives_and_a_retired_agency_is_not_offered() {
    use tiepnhan::app::handovers::{self, NewHandover, Receiver};
    use tiepnhan::domain::org::Agency;
    use tiepnhan::domain::papers::Person;
    need("pdftotext");
    need("pdffonts");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    let today = chrono::Local::now().date_naive();
    let add = |v: &mut Vault, name: &str, kind: &str, province: Option<u32>, to| {
        v.save_agency(&Agency {
            name: name.into(),
            kind: kind.into(),
            active: true,
            province_code: province,
            valid_to: to,
            ..Agency::default()
        })
        .unwrap()
    };
    let police = add(&mut v, "Công an tỉnh An Giang", "police", Some(91), None);
    let commune = add(
        &mut v,
        "Ủy ban nhân dân xã Phước Chỉ",
        "commune_committee",
        Some(80),
        None,
    );
    let retired = add(
        &mut v,
        "Ủy ban nhân dân xã Cũ",
        "commune_committee",
        None,
        Some(today - chrono::Duration::days(10)),
    );
    let shelter = add(&mut v, "Nhà tạm lánh Hy Vọng", "ngo_shelter", None, None);
    let (bid, ids) = not_victims_batch(
        &mut v,
        &[("Lý Văn Một", 91), ("Lý Thị Hai", 91), ("Trần Văn Ba", 91)],
    );

    let offered: Vec<i64> = handovers::receivers_on(&v, today)
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert!(offered.contains(&police) && offered.contains(&commune));
    assert!(!offered.contains(&retired), "a retired agency is offered");
    assert!(!offered.contains(&shelter), "victim services take citizens");
    let form = handovers::form_data(&mut v, &bid).unwrap();
    assert_eq!(form.people.len(), 3);
    assert_eq!(form.receivers[0].id, police, "the home police come first");
    let proposal = form.proposal.unwrap();
    assert_eq!((proposal.agency.id, proposal.case_ids.len()), (police, 3));

    let yesterday = today - chrono::Duration::days(1);
    let at = |d: chrono::NaiveDate, h, m| d.and_hms_opt(h, m, 0).unwrap();
    let mut n = NewHandover {
        receiver: Receiver::Named("Gia đình ông Lý Văn Cha".into()),
        case_ids: vec![ids[0].clone()],
        receiver_person: Person {
            name: "Lý Văn Cha".into(),
            rank: String::new(),
            post: "Cha đẻ".into(),
        },
        giver_person: Person {
            name: "Lê Văn Tâm".into(),
            rank: "Đại úy".into(),
            post: "Trợ lý trinh sát".into(),
        },
        started_at: Some(at(yesterday, 23, 30)),
        ended_at: Some(at(today, 0, 15)),
        place: "Trụ sở Đồn Biên phòng Xa Mát".into(),
        notes: "01 giấy chứng minh nhân dân".into(),
    };
    // Refused: a blank name, a closing time before the opening, a retired agency.
    let blank = NewHandover {
        receiver: Receiver::Named("  ".into()),
        ..n.clone()
    };
    assert!(handovers::record_new(&mut v, &bid, &blank).is_err());
    let backwards = NewHandover {
        ended_at: Some(at(yesterday, 22, 0)),
        ..n.clone()
    };
    assert!(handovers::record_new(&mut v, &bid, &backwards).is_err());
    let old = NewHandover {
        receiver: Receiver::Agency(retired),
        ..n.clone()
    };
    assert!(handovers::record_new(&mut v, &bid, &old).is_err());
    assert_eq!(handovers::pending(&mut v, &bid).unwrap().len(), 3);

    let r = handovers::record_new(&mut v, &bid, &n).unwrap();
    assert_eq!(r.handover.agency_id, None);
    assert_eq!(r.handover.receiver, "Gia đình ông Lý Văn Cha");
    assert!(r.number.contains("/BB-"), "{}", r.number);
    // The same person cannot go to a second receiver.
    n.receiver = Receiver::Agency(police);
    assert!(handovers::record_new(&mut v, &bid, &n).is_err());
    assert_eq!(handovers::pending(&mut v, &bid).unwrap(), ids[1..]);

    let pdf = build(&mut v, &Doc::CitizenHandover(r.handover.id.clone()), false).unwrap();
    let path = tmp.path().join("family.pdf");
    let text = check_paper(&pdf, &path, false);
    let closing = format!(
        "kết thúc hồi 00 giờ 15 phút {}",
        tiepnhan::domain::dates::decree30(today)
    );
    for want in [
        "BÊN NHẬN: GIA ĐÌNH ÔNG LÝ VĂN CHA",
        "Lý Văn Cha, Cha đẻ",
        "Đại úy Lê Văn Tâm, Trợ lý trinh sát",
        "Hồi 23 giờ 30 phút",
        closing.as_str(),
        "Trụ sở Đồn Biên phòng Xa Mát",
        "01 giấy chứng minh nhân dân",
        "Lý Văn Một",
    ] {
        assert!(has(&text, want), "{want:?} not in {}", squash(&text));
    }
    assert!(
        !has(&text, "Lý Thị Hai"),
        "a person not handed over is listed"
    );
    v.close_quietly();
}

/// The person's own copy ends with the unit's closing (recipients and
/// signature); however long the copy, the closing never stands alone on
/// its last page: the last of the person's rights goes with it.
#[test]
fn the_closing_of_the_persons_copy_never_stands_alone_on_a_page() {
    need("pdftotext");
    use std::collections::HashMap;
    use tiepnhan::domain::papers::Person;
    use tiepnhan::domain::privacy::Notice;
    use tiepnhan::domain::screening::Catalog;
    use tiepnhan::export::pdf::{Template, render};
    use tiepnhan::export::privacy_docs::{SubjectCase, subject};

    let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let mut case = case_with("Lò Thị Mai", |c| c.received_on = Some(day));
    case.number = "MB-2026-00017".into();
    let mut notice = Notice::renewed(None, "c");
    notice.given_on = Some(day);
    let cases = [SubjectCase {
        case: &case,
        screenings: &[],
        notice: Some(&notice),
        requests: &[],
    }];
    let (data, _) = subject(
        &Letterhead::default(),
        &Person::default(),
        &cases,
        &HashMap::new(),
        Catalog::builtin().unwrap(),
        day,
    );
    let tmp = tempfile::tempdir().unwrap();
    let mut longest = 0;
    // One more line of answers at a time, over more than a page: the page
    // break falls at every place between the rights and the closing.
    for extra in (0..60).step_by(2) {
        let mut d = data.clone();
        let answers: Vec<serde_json::Value> = (0..extra)
            .map(|i| serde_json::json!([format!("Câu hỏi {i}"), "Không"]))
            .collect();
        d["cases"][0]["answers"] = serde_json::Value::Array(answers);
        let pdf = render(Template::Subject, &d).unwrap();
        let text = text_of(&pdf, &tmp.path().join("copy.pdf"));
        let pages: Vec<&str> = text
            .split('\x0c')
            .filter(|p| !p.trim().is_empty())
            .collect();
        longest = longest.max(pages.len());
        let last = pages.iter().find(|p| p.contains("Nơi nhận")).unwrap();
        assert!(
            last.contains("Gọi Tổng đài"),
            "{extra} more lines: the closing stands alone on page {}:\n{last}",
            pages.len()
        );
    }
    assert!(longest >= 3, "the copies reach a third page");
}
