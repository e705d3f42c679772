//! Attachments: kept encrypted inside the vault (a marker in an attached
//! image is never readable in the vault folder, its WAL, the print folder
//! after lock, backups or bundles), EXIF with GPS gone after import, the
//! format told from the bytes, the 20 MB limit checked before reading,
//! carried by bundles and referral packages (only with consent), counted
//! and verified by `check`, and the `attach` command's contract.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::*;
use tiepnhan::domain::attachment::{AttachmentKind, ContentType};
use tiepnhan::domain::case::CaseRecord;
use tiepnhan::domain::referral::Referral;
use tiepnhan::domain::security::Role;
use tiepnhan::vault::Vault;
use tiepnhan::vault::attachments::Owner;

const CANARY: &[u8] = b"QXCANARY-ATTACH-7f3e";

fn new_case(v: &mut Vault, name: &str) -> (String, String) {
    let mut c = CaseRecord {
        received_on: Some(chrono::Local::now().date_naive()),
        ..Default::default()
    };
    c.identity.full_name = name.into();
    c.identity.age_estimate = Some(30);
    let saved = v.create_case(&mut c).unwrap();
    (saved.id, saved.number)
}

/// A PNG whose pixels spell the marker, stored without compression (so the
/// marker is in the file's bytes, as a photographed paper's text could
/// be), plus the marker in a text chunk and after the end (metadata the
/// store drops).
fn png_with_canary() -> Vec<u8> {
    let width = CANARY.len() as u32;
    let mut pixels = Vec::new();
    for _ in 0..8 {
        pixels.extend_from_slice(CANARY);
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, width, 8);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::NoCompression);
        enc.add_text_chunk("Comment".into(), "QXCANARY-in-text".into())
            .unwrap();
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&pixels).unwrap();
    }
    out.extend_from_slice(b"QXCANARY-after-end");
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn assert_clean(place: &Path, when: &str) {
    let hits = files_containing(place, CANARY);
    assert!(
        hits.is_empty(),
        "{when}: the marker is readable in {hits:?}"
    );
    let hits = files_containing(place, b"QXCANARY");
    assert!(
        hits.is_empty(),
        "{when}: part of the marker is readable in {hits:?}"
    );
}

/// A real JPEG with an EXIF block holding a GPS position, a camera model,
/// an orientation and a comment; the same picture without them.
fn jpeg_with_gps() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
    let mut jpeg = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut jpeg),
        image::ImageFormat::Jpeg,
    )
    .unwrap();
    use exif::{Field, In, Rational, Tag, Value};
    let fields = [
        Field {
            tag: Tag::Model,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"QXCANARY-camera".to_vec()]),
        },
        Field {
            tag: Tag::Orientation,
            ifd_num: In::PRIMARY,
            value: Value::Short(vec![1]),
        },
        Field {
            tag: Tag::GPSLatitudeRef,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"N".to_vec()]),
        },
        Field {
            tag: Tag::GPSLatitude,
            ifd_num: In::PRIMARY,
            value: Value::Rational(vec![
                Rational { num: 11, denom: 1 },
                Rational { num: 9, denom: 1 },
                Rational {
                    num: 4521,
                    denom: 100,
                },
            ]),
        },
        Field {
            tag: Tag::GPSLongitudeRef,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"E".to_vec()]),
        },
        Field {
            tag: Tag::GPSLongitude,
            ifd_num: In::PRIMARY,
            value: Value::Rational(vec![
                Rational { num: 106, denom: 1 },
                Rational { num: 18, denom: 1 },
                Rational {
                    num: 1234,
                    denom: 100,
                },
            ]),
        },
    ];
    let mut w = exif::experimental::Writer::new();
    for f in &fields {
        w.push_field(f);
    }
    let mut tiff = std::io::Cursor::new(Vec::new());
    w.write(&mut tiff, false).unwrap();
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(&tiff.into_inner());
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    app1.extend_from_slice(&payload);
    let com = b"\xFF\xFE\x00\x12QXCANARY-comment";
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&app1);
    out.extend_from_slice(com);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn gps_of(jpeg: &[u8]) -> Option<String> {
    let exif = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(jpeg))
        .ok()?;
    exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
        .map(|f| f.display_value().to_string())
}

#[test]
fn exif_gps_is_gone_after_import_and_the_picture_is_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    let (case_id, _) = new_case(&mut v, "Trần Văn Ảnh");
    let src = jpeg_with_gps();
    assert!(gps_of(&src).is_some(), "the sample carries a GPS position");
    let meta = v
        .add_attachment(
            &Owner::Case(case_id.clone()),
            AttachmentKind::PersonPhoto,
            &src,
        )
        .unwrap();
    assert_eq!(meta.content_type, ContentType::Jpeg);
    assert!(meta.is_sensitive());
    let (_, stored) = v.open_attachment(&meta.id, "view").unwrap();
    assert_eq!(gps_of(&stored), None, "GPS is gone");
    assert!(
        exif::Reader::new()
            .read_from_container(&mut std::io::Cursor::new(&stored))
            .is_err(),
        "no EXIF at all is left (orientation 1 needs none)"
    );
    assert!(
        !contains(&stored, b"QXCANARY"),
        "camera model and comment gone"
    );
    // The same pixels: the picture was not re-encoded.
    let a = image::load_from_memory(&src).unwrap().to_rgb8();
    let b = image::load_from_memory(&stored).unwrap().to_rgb8();
    assert_eq!(a, b);
    assert!(stored.len() < src.len());
    // Listed with its record; audited without its content.
    let list = v.attachments_of(&Owner::Case(case_id.clone())).unwrap();
    assert_eq!(list, vec![meta.clone()]);
    let events: Vec<(String, String)> = v
        .conn()
        .prepare("SELECT action, details FROM audit WHERE target = ?1")
        .unwrap()
        .query_map([&case_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(
        events
            .iter()
            .any(|(a, d)| a == "attachment_added" && d.contains(&meta.id))
    );
    assert!(
        events
            .iter()
            .any(|(a, d)| a == "attachment_opened" && d.contains("\"view\""))
    );
    v.close_quietly();
}

#[test]
fn only_jpeg_png_and_pdf_told_from_the_bytes_and_at_most_20_mb() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    let (case_id, _) = new_case(&mut v, "Lê Thị Giấy");
    let owner = Owner::Case(case_id);
    // A program named like a photo.
    let fake = tmp.path().join("anh.jpg");
    std::fs::write(&fake, b"MZ\x90\x00\x03 not a picture").unwrap();
    let e = tiepnhan::app::attachments::add_file(&mut v, &owner, AttachmentKind::Other, &fake)
        .unwrap_err()
        .to_string();
    assert!(e.contains("only JPEG, PNG or PDF"), "{e}");
    // A PNG named .pdf is stored as a PNG.
    let png = tmp.path().join("giay.pdf");
    std::fs::write(&png, png_with_canary()).unwrap();
    let m =
        tiepnhan::app::attachments::add_file(&mut v, &owner, AttachmentKind::Other, &png).unwrap();
    assert_eq!(m.content_type, ContentType::Png);
    // 21 MB (sparse: refused from its size, never read).
    let big = tmp.path().join("lon.jpg");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(21 * 1024 * 1024)
        .unwrap();
    let e = tiepnhan::app::attachments::add_file(&mut v, &owner, AttachmentKind::Other, &big)
        .unwrap_err()
        .to_string();
    assert!(e.contains("larger than 20 MB"), "{e}");
    // Removing: the person who added it (or a supervisor), audited.
    v.create_user("canbo2", "Cán bộ Hai", Role::Officer, PASSWORD)
        .unwrap();
    v.close_quietly();
    let mut officer = unlock(&dir, "canbo2");
    assert!(officer.remove_attachment(&m.id).is_err(), "not theirs");
    officer.close_quietly();
    let mut v = unlock(&dir, "admin");
    v.remove_attachment(&m.id).unwrap();
    assert!(v.attachments_of(&owner).unwrap().is_empty());
    assert_eq!(v.attachment_totals().unwrap().count, 0);
    v.close_quietly();
}

#[test]
fn a_marker_in_an_attached_image_is_never_readable_on_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    let (case_id, _) = new_case(&mut v, "Phạm Văn Mật");
    let src = png_with_canary();
    assert!(contains(&src, CANARY));
    let meta = v
        .add_attachment(
            &Owner::Case(case_id.clone()),
            AttachmentKind::IdDocument,
            &src,
        )
        .unwrap();
    let stored = v.read_attachment(&meta.id).unwrap();
    assert!(contains(&stored, CANARY), "the picture itself is kept");
    assert!(
        !contains(&stored, b"QXCANARY-in-text"),
        "its text chunk is not"
    );
    assert!(!contains(&stored, b"QXCANARY-after-end"));
    // While the vault is open: the database and its WAL.
    assert!(dir.join("tiepnhan.db-wal").exists());
    assert_clean(&dir, "vault open");

    // A copy for the viewer or printer, then the lock wipes it.
    let (_, bytes) = v.open_attachment(&meta.id, "print").unwrap();
    let copy = tiepnhan::vault::print_copies::write_copy(&bytes, "png").unwrap();
    assert!(contains(&std::fs::read(&copy).unwrap(), CANARY));
    let print_folder = copy.parent().unwrap().to_path_buf();

    // A backup.
    let backups = tmp.path().join("usb");
    std::fs::create_dir(&backups).unwrap();
    let done = v.backup(&backups, chrono::Utc::now()).unwrap();
    assert_clean(&backups, "backup");

    // A bundle, to a desk that imports it.
    let bundle = tmp.path().join("goi.tnb");
    tiepnhan::app::transfer::export_to(
        &mut v,
        &bundle,
        tiepnhan::export::bundle::Seal::Passphrase("cụm mật khẩu gói 2026"),
        false,
    )
    .unwrap();
    assert!(!contains(&std::fs::read(&bundle).unwrap(), b"QXCANARY"));
    let key = v.unit_key_file().unwrap();

    // `check` counts and verifies the attachment.
    // What locking the window does: the vault closes, the copies are wiped.
    v.lock().unwrap();
    tiepnhan::vault::print_copies::wipe_own();
    assert_clean(&dir, "after lock");
    assert_clean(&print_folder, "print folder after lock");
    let report = tiepnhan::vault::check::run(&dir, "admin", PASSWORD, chrono::Utc::now()).unwrap();
    assert!(report.ok, "{:?}", report.findings);
    assert_eq!(report.attachments.count, 1);
    assert_eq!(report.attachments.bytes, stored.len() as i64);
    assert_eq!(report.attachments.sensitive, 1);

    // The backup holds the attachment (restored elsewhere, it reads back).
    let restored = tmp.path().join("restored");
    let plan =
        tiepnhan::vault::backup::plan_restore(&done.folder, &restored, "admin", PASSWORD).unwrap();
    tiepnhan::vault::backup::restore(&plan, "admin", PASSWORD, false, chrono::Utc::now()).unwrap();
    let r = unlock(&restored, "admin");
    assert_eq!(r.read_attachment(&meta.id).unwrap(), stored);
    r.close_quietly();

    let desk_dir = tmp.path().join("desk");
    let mut desk = new_vault(&desk_dir);
    desk.trust_unit(&key).unwrap();
    let preview = tiepnhan::app::transfer::import(
        &mut desk,
        &bundle,
        tiepnhan::export::bundle::Key::Passphrase("cụm mật khẩu gói 2026"),
        &tiepnhan::export::bundle::Limits::default(),
    )
    .unwrap();
    assert_eq!(preview.new, 1);
    let got = desk.attachments_of(&Owner::Case(case_id.clone())).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].id, meta.id);
    assert_eq!(got[0].kind, AttachmentKind::IdDocument);
    assert_eq!(got[0].added_by, "admin");
    assert_eq!(desk.read_attachment(&meta.id).unwrap(), stored);
    desk.lock().unwrap();
    assert_clean(&desk_dir, "desk after import");
}

#[test]
fn a_referral_package_carries_a_chosen_attachment_only_with_consent() {
    use tiepnhan::domain::referral::ReferralStatus;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut admin = new_vault_with_staff(&dir);
    let (case_id, _) = new_case(&mut admin, "Vũ Thị Hồ Sơ");
    let (other_case, _) = new_case(&mut admin, "Người Khác");
    let att = admin
        .add_attachment(
            &Owner::Case(case_id.clone()),
            AttachmentKind::Medical,
            &png_with_canary(),
        )
        .unwrap();
    let foreign = admin
        .add_attachment(
            &Owner::Case(other_case.clone()),
            AttachmentKind::Other,
            &png_with_canary(),
        )
        .unwrap();
    admin.close_quietly();

    let mut officer = unlock(&dir, "canbo");
    let mut with_consent = Referral {
        case_id: case_id.clone(),
        agency_id: Some(1),
        services: vec!["medical".into()],
        ..Referral::default()
    };
    with_consent.consent.given = true;
    with_consent.consent.told = "Mục đích, cơ quan nhận, thông tin chia sẻ".into();
    with_consent.consent.language = "Tiếng Việt".into();
    officer.save_referral(&mut with_consent).unwrap();
    let mut without = Referral {
        case_id: case_id.clone(),
        agency_id: Some(1),
        services: vec!["shelter".into()],
        no_consent_reason: "Khẩn cấp".into(),
        ..Referral::default()
    };
    officer.save_referral(&mut without).unwrap();
    officer.close_quietly();

    let mut sup = unlock(&dir, "chihuy");
    assert_eq!(
        sup.approve_referral(&with_consent.id).unwrap().status,
        ReferralStatus::Approved
    );
    sup.approve_referral(&without.id).unwrap();
    // Not chosen: not in the package.
    let plain = tiepnhan::app::packages::referral(&mut sup, &with_consent.id).unwrap();
    assert!(
        !plain
            .manifest
            .files
            .iter()
            .any(|f| f.name.starts_with("dinh-kem/"))
    );
    // Chosen, with consent: in the package and its manifest, audited.
    let pkg = tiepnhan::app::packages::referral_with(
        &mut sup,
        &with_consent.id,
        std::slice::from_ref(&att.id),
    )
    .unwrap();
    let names: Vec<&str> = pkg.manifest.files.iter().map(|f| f.name.as_str()).collect();
    assert!(names.contains(&"dinh-kem/01-medical.png"), "{names:?}");
    let entry = pkg
        .manifest
        .files
        .iter()
        .find(|f| f.name == "dinh-kem/01-medical.png")
        .unwrap();
    assert_eq!(entry.sha256, att.sha256);
    assert!(!contains(&pkg.zip, b"QXCANARY"), "the package is encrypted");
    // Without consent, or another case's file: refused, nothing made.
    let e = tiepnhan::app::packages::referral_with(
        &mut sup,
        &without.id,
        std::slice::from_ref(&att.id),
    )
    .err()
    .unwrap()
    .to_string();
    assert!(e.contains("consent"), "{e}");
    let e = tiepnhan::app::packages::referral_with(
        &mut sup,
        &with_consent.id,
        std::slice::from_ref(&foreign.id),
    )
    .err()
    .unwrap()
    .to_string();
    assert!(e.contains("not one of this case's"), "{e}");
    let audited: String = value(
        &sup,
        "SELECT details FROM audit WHERE action = 'export' ORDER BY seq DESC LIMIT 1",
    );
    assert!(audited.contains(&att.id), "{audited}");
    sup.close_quietly();
}

#[test]
fn the_attach_command_prints_json_and_refuses_in_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    let mut v = new_vault(&dir);
    let (_, number) = new_case(&mut v, "Hoàng Văn Lệnh");
    v.close_quietly();
    let vault = dir.to_str().unwrap();
    let photo = tmp.path().join("anh.jpg");
    std::fs::write(&photo, jpeg_with_gps()).unwrap();
    let stdin = format!("{PASSWORD}\n");
    let out = run_ok(
        &[
            "attach",
            "--vault",
            vault,
            "--user",
            "admin",
            "--case",
            &number,
            "--file",
            photo.to_str().unwrap(),
            "--kind",
            "id_document",
        ],
        &stdin,
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["kind"], "id_document");
    assert_eq!(j["content_type"], "image/jpeg");
    assert_eq!(j["case"], number.as_str());
    assert_eq!(j["sensitive"], true);
    assert_eq!(j["added_by"], "admin");
    assert_eq!(j["sha256"].as_str().unwrap().len(), 64);
    assert!(j["bytes"].as_u64().unwrap() < std::fs::metadata(&photo).unwrap().len());
    // Nothing about the person or the file on stdout beyond the record.
    assert!(!stdout(&out).contains("QXCANARY"));

    // Refusals: exit 1, one line.
    let text = tmp.path().join("ghi-chu.png");
    std::fs::write(&text, "chỉ là chữ").unwrap();
    for (args, says) in [
        (
            vec!["--case", number.as_str(), "--file", text.to_str().unwrap()],
            "only JPEG, PNG or PDF",
        ),
        (
            vec!["--case", "XX-2026-99999", "--file", photo.to_str().unwrap()],
            "case XX-2026-99999",
        ),
        (
            vec!["--case", number.as_str(), "--file", "/nonexistent/anh.jpg"],
            "read the file",
        ),
    ] {
        let mut all = vec!["attach", "--vault", vault, "--user", "admin"];
        all.extend(args);
        let out = run(&all, &stdin);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains(says), "{err}");
    }
    // A kind that does not exist is a usage error.
    let out = run(
        &[
            "attach",
            "--vault",
            vault,
            "--user",
            "admin",
            "--case",
            &number,
            "--file",
            photo.to_str().unwrap(),
            "--kind",
            "selfie",
        ],
        &stdin,
    );
    assert_eq!(out.status.code(), Some(2));
    // `check` counts it.
    let out = run_ok(
        &["check", "--vault", vault, "--user", "admin", "--json"],
        &stdin,
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["attachments"]["count"], 1);
    assert_eq!(j["attachments"]["sensitive"], 1);
}
