//! `tiepnhan id parse`: a CCCD's QR line, a passport's MRZ with every check
//! digit verified, and the QR code read from a photo of a card's back.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Cursor;

use common::*;
use image::{DynamicImage, ImageFormat, Luma};
use serde_json::Value;
use tiepnhan::domain::identity::{self, Td3};

const LINE: &str =
    "001090123456|012345678|Nguyễn Văn A|01011990|Nam|Thôn 3, Xã Tân Lập, Tỉnh Tây Ninh|15042021";

fn parse_ok(stdin: &str, args: &[&str]) -> Value {
    let mut all = vec!["id", "parse"];
    all.extend_from_slice(args);
    let o = run(&all, stdin);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("JSON on stdout")
}

fn parse_err(stdin: &str) -> String {
    let o = run(&["id", "parse"], stdin);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).is_empty());
    let e = stderr(&o);
    assert_eq!(e.trim_end().lines().count(), 1, "one line: {e}");
    e
}

#[test]
fn cccd_line_with_the_old_number() {
    let j = parse_ok(&format!("{LINE}\n"), &[]);
    assert_eq!(j["kind"], "cccd");
    assert_eq!(j["id_number"], "001090123456");
    assert_eq!(j["old_id_number"], "012345678");
    assert_eq!(j["full_name"], "Nguyễn Văn A");
    assert_eq!(j["birth_date"], "1990-01-01");
    assert_eq!(j["sex"], "male");
    assert_eq!(j["address"], "Thôn 3, Xã Tân Lập, Tỉnh Tây Ninh");
    assert_eq!(j["issued_on"], "2021-04-15");
    assert_eq!(j["warnings"], serde_json::json!([]));
    assert!(j.get("nationality").is_none() && j.get("expires_on").is_none());
}

#[test]
fn cccd_line_without_the_old_number_and_name_in_capitals() {
    let line = "079305004321||TRẦN THỊ NGỌC ÁNH|05092005|Nữ|Phường Bến Thành, Thành phố Hồ Chí Minh|01032022";
    let j = parse_ok(line, &[]);
    assert!(j.get("old_id_number").is_none(), "{j}");
    assert_eq!(j["full_name"], "Trần Thị Ngọc Ánh");
    assert_eq!(j["sex"], "female");
    assert_eq!(j["birth_date"], "2005-09-05");
}

#[test]
fn cccd_line_with_another_field_count_is_refused() {
    let e = parse_err("001090123456|012345678|Nguyễn Văn A|01011990|Nam|15042021");
    assert!(e.contains("7 fields") && e.contains("6"), "{e}");
    let e = parse_err(&format!("{LINE}|extra"));
    assert!(e.contains("8"), "{e}");
}

#[test]
fn number_disagreeing_with_sex_or_year_is_a_warning() {
    // Digit 4 = 1: a woman born 19xx; the card says Nam.
    let j = parse_ok(
        "001190123456||Nguyễn Văn A|01011990|Nam|Hà Nội|15042021",
        &[],
    );
    let codes: Vec<&str> = j["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["sex_digit"]);
    // Digits 5-6 = 91, the card says 1990.
    let j = parse_ok(
        "001091123456||Nguyễn Văn A|01011990|Nam|Hà Nội|15042021",
        &[],
    );
    assert_eq!(j["warnings"][0]["code"], "year_digits");
    assert!(
        j["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("1991")
    );
    // What the officer typed is compared too.
    let j = parse_ok(LINE, &["--typed-sex", "female", "--typed-year", "1992"]);
    let codes: Vec<&str> = j["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["sex_digit", "year_digits"]);
    // An unknown province code.
    let j = parse_ok(
        "003090123456||Nguyễn Văn A|01011990|Nam|Hà Nội|15042021",
        &[],
    );
    assert_eq!(j["warnings"][0]["code"], "unknown_province_code");
}

#[test]
fn unreadable_text_is_refused() {
    let e = parse_err("hello");
    assert!(e.contains("neither"), "{e}");
    let e = parse_err("00109012345|012345678|Nguyễn Văn A|01011990|Nam|Hà Nội|15042021");
    assert!(e.contains("12 digits"), "{e}");
    let e = parse_err("001090123456|012345678|Nguyễn Văn A|31021990|Nam|Hà Nội|15042021");
    assert!(e.contains("birth date"), "{e}");
}

fn sample_mrz() -> String {
    Td3 {
        surname: "NGUYEN",
        given_names: "THI HONG NHUNG",
        number: "C1234567",
        nationality: "VNM",
        birth_yymmdd: "980312",
        sex: 'F',
        expiry_yymmdd: "330115",
        personal: "080198000123",
    }
    .build()
}

#[test]
fn mrz_with_correct_check_digits() {
    let mrz = sample_mrz();
    let j = parse_ok(&mrz, &[]);
    assert_eq!(j["kind"], "mrz");
    assert_eq!(j["passport_number"], "C1234567");
    assert_eq!(j["full_name"], "NGUYEN THI HONG NHUNG");
    assert_eq!(j["surname"], "NGUYEN");
    assert_eq!(j["given_names"], "THI HONG NHUNG");
    assert_eq!(j["nationality"], "VNM");
    assert_eq!(j["birth_date"], "1998-03-12");
    assert_eq!(j["expires_on"], "2033-01-15");
    assert_eq!(j["sex"], "female");
    assert_eq!(j["id_number"], "080198000123");
    assert_eq!(j["warnings"], serde_json::json!([]));
    assert!(j.get("address").is_none() && j.get("issued_on").is_none());
    // The ICAO specimen, pasted with Windows line ends.
    let j = parse_ok(
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\r\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\r\n",
        &[],
    );
    assert_eq!(j["birth_date"], "1974-08-12");
    assert_eq!(j["warnings"][0]["code"], "passport_expired");
}

/// The MRZ with the character at `pos` of line 2 changed to another digit.
fn wrong_digit(pos: usize) -> String {
    let mrz = sample_mrz();
    let (l1, l2) = mrz.split_once('\n').unwrap();
    let mut b = l2.as_bytes().to_vec();
    b[pos] = if b[pos] == b'1' { b'2' } else { b'1' };
    format!("{l1}\n{}", String::from_utf8(b).unwrap())
}

#[test]
fn mrz_wrong_document_number_check_digit() {
    let e = parse_err(&wrong_digit(9));
    assert!(e.contains("check digit of the document number"), "{e}");
}

#[test]
fn mrz_wrong_birth_date_check_digit() {
    let e = parse_err(&wrong_digit(19));
    assert!(e.contains("check digit of the birth date"), "{e}");
}

#[test]
fn mrz_wrong_expiry_date_check_digit() {
    let e = parse_err(&wrong_digit(27));
    assert!(e.contains("check digit of the expiry date"), "{e}");
}

#[test]
fn mrz_wrong_personal_number_check_digit() {
    let e = parse_err(&wrong_digit(42));
    assert!(e.contains("check digit of the personal number"), "{e}");
}

#[test]
fn mrz_wrong_composite_check_digit() {
    let e = parse_err(&wrong_digit(43));
    assert!(e.contains("composite"), "{e}");
}

#[test]
fn mrz_of_the_wrong_length_is_refused() {
    let mrz = sample_mrz();
    let short = mrz.replacen("<<<", "<<", 1);
    let e = parse_err(&short);
    assert!(e.contains("43 characters instead of 44"), "{e}");
}

/// A card-sized picture (85.6 x 54 mm at ~12 px/mm) with printed "text"
/// bars and the QR code of `content` at the right, as a phone would see it.
fn card_back(content: &str, format: ImageFormat) -> Vec<u8> {
    let code = qrcode::QrCode::new(content.as_bytes()).unwrap();
    let n = code.width();
    let colors = code.to_colors();
    let (w, h) = (1030u32, 650u32);
    let mut img = image::GrayImage::from_pixel(w, h, Luma([226]));
    // Lines of "printing" on the left.
    for line in 0..8u32 {
        let y = 90 + line * 55;
        for x in 60..(420 + (line * 37) % 130) {
            for dy in 0..14 {
                if (x / 9) % 4 != 3 {
                    img.put_pixel(x, y + dy, Luma([40]));
                }
            }
        }
    }
    // The QR code: 6 px a module, with its quiet zone, on white.
    let scale = 6u32;
    let (ox, oy) = (w - (n as u32 + 8) * scale - 40, 60u32);
    for y in 0..(n as u32 + 8) * scale {
        for x in 0..(n as u32 + 8) * scale {
            img.put_pixel(ox + x, oy + y, Luma([255]));
        }
    }
    for (i, c) in colors.iter().enumerate() {
        if *c == qrcode::Color::Dark {
            let (mx, my) = ((i % n) as u32, (i / n) as u32);
            for y in 0..scale {
                for x in 0..scale {
                    img.put_pixel(
                        ox + (mx + 4) * scale + x,
                        oy + (my + 4) * scale + y,
                        Luma([15]),
                    );
                }
            }
        }
    }
    let mut out = Vec::new();
    DynamicImage::ImageLuma8(img)
        .write_to(&mut Cursor::new(&mut out), format)
        .unwrap();
    out
}

#[test]
fn qr_decoded_from_a_photo_of_the_card_back() {
    let tmp = tempfile::tempdir().unwrap();
    for (format, name) in [
        (ImageFormat::Png, "back.png"),
        (ImageFormat::Jpeg, "back.jpg"),
    ] {
        let bytes = card_back(LINE, format);
        assert_eq!(tiepnhan::export::qr::decode_qr(&bytes).unwrap(), LINE);
        let path = tmp.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let j = parse_ok("", &["--image", path.to_str().unwrap()]);
        assert_eq!(j["kind"], "cccd");
        assert_eq!(j["full_name"], "Nguyễn Văn A");
        assert_eq!(j["id_number"], "001090123456");
    }
    // A photo without a code: one line, exit 1.
    let blank = tmp.path().join("blank.png");
    let mut out = Vec::new();
    DynamicImage::ImageLuma8(image::GrayImage::from_pixel(300, 200, Luma([230])))
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .unwrap();
    std::fs::write(&blank, out).unwrap();
    let o = run(&["id", "parse", "--image", blank.to_str().unwrap()], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no QR code"), "{}", stderr(&o));
}

#[test]
fn recognise_tells_scanner_lines_from_typing() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    assert!(matches!(
        identity::recognise(LINE, today),
        Some(identity::Parsed::Cccd(_))
    ));
    assert!(matches!(
        identity::recognise(&sample_mrz(), today),
        Some(identity::Parsed::Passport(_))
    ));
    assert!(identity::recognise("Nguyễn Văn A", today).is_none());
    assert!(identity::recognise("079123456789", today).is_none());
    // Looks like a card line but is damaged: classify says so, recognise gives nothing.
    let damaged = "001090123456|012345678|Nguyễn Văn A|01011990|Nam|Hà Nội";
    assert_eq!(identity::classify(damaged), Some(identity::Kind::Cccd));
    assert!(identity::recognise(damaged, today).is_none());
}
