//! Attachments of a case or a batch: photos of the person, ID papers, the
//! foreign side's handover list, medical papers. The rules of what is kept:
//! JPEG, PNG or PDF only (told from the bytes, never the name), at most
//! 20 MB, and the metadata of images (EXIF with GPS, XMP, IPTC, comments,
//! embedded thumbnails, anything after the image's end) dropped before the
//! file is stored. Pure: bytes in, bytes out.

use serde::{Deserialize, Serialize};

use super::fields::{Sensitive, Sensitivity};
use super::referral::Referral;

/// The largest attachment accepted: 20 MB (checked before a file is read).
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// The size of the pieces an attachment is stored in.
pub const CHUNK_BYTES: usize = 512 * 1024;

/// What an attachment shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    /// A photo of the person (for identification; also injuries are "medical").
    PersonPhoto,
    /// A photo or scan of an ID card, passport or other identity paper.
    IdDocument,
    /// The handover list of the foreign authority.
    HandoverList,
    /// Medical papers, photos of injuries.
    Medical,
    #[default]
    Other,
}

impl AttachmentKind {
    pub const ALL: [AttachmentKind; 5] = [
        AttachmentKind::PersonPhoto,
        AttachmentKind::IdDocument,
        AttachmentKind::HandoverList,
        AttachmentKind::Medical,
        AttachmentKind::Other,
    ];

    /// The stable key (`tiepnhan attach --kind`, the store, the window's
    /// `attachment-kind-<key>` labels).
    pub fn key(self) -> &'static str {
        match self {
            AttachmentKind::PersonPhoto => "person_photo",
            AttachmentKind::IdDocument => "id_document",
            AttachmentKind::HandoverList => "handover_list",
            AttachmentKind::Medical => "medical",
            AttachmentKind::Other => "other",
        }
    }

    pub fn from_key(s: &str) -> Option<AttachmentKind> {
        AttachmentKind::ALL.into_iter().find(|k| k.key() == s)
    }

    /// How sensitive what it shows is: a face (a photo of the person, the
    /// portrait on an ID paper) is biometric data, medical papers are health
    /// data (Decree 356/2025 art. 3).
    pub fn sensitivity(self) -> Sensitivity {
        match self {
            AttachmentKind::PersonPhoto | AttachmentKind::IdDocument => {
                Sensitivity::Sensitive(Sensitive::Biometric)
            }
            AttachmentKind::Medical => Sensitivity::Sensitive(Sensitive::Health),
            AttachmentKind::HandoverList | AttachmentKind::Other => Sensitivity::Basic,
        }
    }
}

/// The formats accepted, told from the first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentType {
    Jpeg,
    Png,
    Pdf,
}

impl ContentType {
    pub fn mime(self) -> &'static str {
        match self {
            ContentType::Jpeg => "image/jpeg",
            ContentType::Png => "image/png",
            ContentType::Pdf => "application/pdf",
        }
    }

    pub fn from_mime(s: &str) -> Option<ContentType> {
        [ContentType::Jpeg, ContentType::Png, ContentType::Pdf]
            .into_iter()
            .find(|c| c.mime() == s)
    }

    /// The file name extension of a copy.
    pub fn ext(self) -> &'static str {
        match self {
            ContentType::Jpeg => "jpg",
            ContentType::Png => "png",
            ContentType::Pdf => "pdf",
        }
    }

    pub fn is_image(self) -> bool {
        self != ContentType::Pdf
    }
}

const PNG_SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// The format of a file from its first bytes; `None` for anything else
/// (whatever its name says).
pub fn sniff(bytes: &[u8]) -> Option<ContentType> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ContentType::Jpeg)
    } else if bytes.starts_with(PNG_SIGNATURE) {
        Some(ContentType::Png)
    } else if bytes.starts_with(b"%PDF-") {
        Some(ContentType::Pdf)
    } else {
        None
    }
}

/// Why a file is not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttachmentProblem {
    #[error("the file is larger than 20 MB ({0} bytes)")]
    TooLarge(u64),
    #[error("the file is empty")]
    Empty,
    #[error("only JPEG, PNG or PDF files can be attached (this file is none of them)")]
    NotAccepted,
    #[error("the {0} file is damaged or incomplete ({1})")]
    Damaged(&'static str, &'static str),
}

/// A file as it is stored: its format and the bytes with the metadata gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    pub content_type: ContentType,
    pub bytes: Vec<u8>,
    /// How many metadata segments or chunks were dropped (0 for a PDF).
    pub dropped: usize,
}

/// Check a file and drop its metadata: JPEG and PNG keep only what draws
/// the picture (and a JPEG's orientation, so it is not shown on its side);
/// a PDF is kept as it is (see `strip_pdf`).
pub fn clean(bytes: &[u8]) -> Result<Cleaned, AttachmentProblem> {
    if bytes.is_empty() {
        return Err(AttachmentProblem::Empty);
    }
    if bytes.len() as u64 > MAX_BYTES {
        return Err(AttachmentProblem::TooLarge(bytes.len() as u64));
    }
    let ct = sniff(bytes).ok_or(AttachmentProblem::NotAccepted)?;
    let (bytes, dropped) = match ct {
        ContentType::Jpeg => strip_jpeg(bytes)?,
        ContentType::Png => strip_png(bytes)?,
        ContentType::Pdf => strip_pdf(bytes)?,
    };
    Ok(Cleaned {
        content_type: ct,
        bytes,
        dropped,
    })
}

fn be16(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]) as usize)
}

/// The orientation (1–8) in an APP1 EXIF payload, if it says one.
fn exif_orientation(payload: &[u8]) -> Option<u16> {
    let tiff = payload.strip_prefix(b"Exif\0\0")?;
    let exif = exif::Reader::new().read_raw(tiff.to_vec()).ok()?;
    let o = exif
        .get_field(exif::Tag::Orientation, exif::In::PRIMARY)?
        .value
        .get_uint(0)?;
    (2..=8).contains(&o).then_some(o as u16)
}

/// A minimal EXIF segment holding only the orientation.
fn orientation_segment(o: u16) -> Vec<u8> {
    let mut s = vec![0xFF, 0xE1, 0x00, 34];
    s.extend_from_slice(b"Exif\0\0");
    // Big-endian TIFF header, IFD0 at offset 8 with one entry.
    s.extend_from_slice(b"MM\0\x2a\0\0\0\x08");
    s.extend_from_slice(&[0x00, 0x01]);
    s.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01]);
    s.extend_from_slice(&o.to_be_bytes());
    s.extend_from_slice(&[0x00, 0x00]);
    s.extend_from_slice(&[0x00, 0x00, 0x00, 0x00]);
    s
}

/// Keep a JPEG's coding segments and entropy-coded data; drop APP1–APP15
/// (EXIF with GPS, XMP, ICC, IPTC…) except Adobe's colour transform, the
/// comments, the JFIF thumbnail and the bytes after the end of the image
/// (where phones put videos and editors put more metadata). Lossless: the
/// picture is not re-encoded.
pub fn strip_jpeg(b: &[u8]) -> Result<(Vec<u8>, usize), AttachmentProblem> {
    let bad = |why| AttachmentProblem::Damaged("JPEG", why);
    if !b.starts_with(&[0xFF, 0xD8]) {
        return Err(bad("no start of image"));
    }
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    let mut orientation = None;
    let mut dropped = 0;
    let (mut frame, mut scan) = (false, false);
    let mut pos = 2;
    loop {
        if b.get(pos) != Some(&0xFF) {
            return Err(bad(if pos >= b.len() {
                "no end of image"
            } else {
                "a segment is out of place"
            }));
        }
        while b.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let marker = *b.get(pos).ok_or_else(|| bad("no end of image"))?;
        pos += 1;
        match marker {
            0xD9 => {
                if !frame || !scan {
                    return Err(bad("no picture data"));
                }
                out.extend_from_slice(&[0xFF, 0xD9]);
                if let Some(o) = orientation {
                    let seg = orientation_segment(o);
                    out.splice(2..2, seg);
                }
                return Ok((out, dropped + usize::from(pos < b.len())));
            }
            0x01 | 0xD0..=0xD7 => {
                out.extend_from_slice(&[0xFF, marker]);
                continue;
            }
            _ => {}
        }
        let len = be16(b, pos).ok_or_else(|| bad("cut inside a segment"))?;
        if len < 2 || pos + len > b.len() {
            return Err(bad("a segment runs past the end"));
        }
        let payload = &b[pos + 2..pos + len];
        let whole = &b[pos - 2..pos + len];
        match marker {
            0xE0 if payload.starts_with(b"JFIF\0") && payload.len() >= 14 => {
                // JFIF without its thumbnail.
                out.extend_from_slice(&[0xFF, 0xE0, 0x00, 16]);
                out.extend_from_slice(&payload[..12]);
                out.extend_from_slice(&[0, 0]);
                dropped += usize::from(payload.len() > 14);
            }
            0xEE if payload.starts_with(b"Adobe") && payload.len() <= 12 => {
                out.extend_from_slice(whole);
            }
            0xE0..=0xEF | 0xFE => {
                if marker == 0xE1 && orientation.is_none() {
                    orientation = exif_orientation(payload);
                }
                dropped += 1;
            }
            _ => {
                if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
                    frame = true;
                }
                out.extend_from_slice(whole);
            }
        }
        pos += len;
        if marker == 0xDA {
            scan = true;
            // Entropy-coded data runs to the next marker that is not a
            // stuffed zero or a restart marker.
            let start = pos;
            while pos < b.len() {
                if b[pos] == 0xFF
                    && let Some(&next) = b.get(pos + 1)
                    && next != 0x00
                    && !(0xD0..=0xD7).contains(&next)
                {
                    break;
                }
                pos += 1;
            }
            out.extend_from_slice(&b[start..pos]);
        }
    }
}

/// The PNG chunks that draw the picture (or say how its colours are meant);
/// every other chunk — text, EXIF, time, ICC profile, private chunks,
/// animation — is dropped, and so are the bytes after the end.
const PNG_KEEP: [&[u8; 4]; 11] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"sBIT", b"pHYs",
    b"bKGD",
];

pub fn strip_png(b: &[u8]) -> Result<(Vec<u8>, usize), AttachmentProblem> {
    let bad = |why| AttachmentProblem::Damaged("PNG", why);
    if !b.starts_with(PNG_SIGNATURE) {
        return Err(bad("no signature"));
    }
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(PNG_SIGNATURE);
    let mut pos = 8;
    let mut dropped = 0;
    let mut first = true;
    let mut data = false;
    loop {
        let head = b.get(pos..pos + 8).ok_or_else(|| bad("no end chunk"))?;
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind: [u8; 4] = [head[4], head[5], head[6], head[7]];
        let end = pos
            .checked_add(12)
            .and_then(|e| e.checked_add(len))
            .filter(|e| *e <= b.len())
            .ok_or_else(|| bad("a chunk runs past the end"))?;
        if first && &kind != b"IHDR" {
            return Err(bad("the header chunk is not first"));
        }
        first = false;
        if PNG_KEEP.contains(&&kind) {
            out.extend_from_slice(&b[pos..end]);
            data |= &kind == b"IDAT";
        } else {
            dropped += 1;
        }
        pos = end;
        if &kind == b"IEND" {
            if !data {
                return Err(bad("no picture data"));
            }
            return Ok((out, dropped + usize::from(pos < b.len())));
        }
    }
}

/// A PDF is checked for its header and end-of-file marker and kept as it
/// is: its document information (author, producer, dates) is not removed
/// (rewriting a PDF needs a PDF writer this program does not have).
pub fn strip_pdf(b: &[u8]) -> Result<(Vec<u8>, usize), AttachmentProblem> {
    let tail = &b[b.len().saturating_sub(1024)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(AttachmentProblem::Damaged("PDF", "no end-of-file marker"));
    }
    Ok((b.to_vec(), 0))
}

/// Whether a referral package may carry an attachment the officer chose:
/// the person (or guardian) consented to the referral and to sharing data.
/// A referral that proceeds without consent (a recorded reason) carries no
/// attachment. The place to extend when consent names what may be shared
/// (issue 17).
pub fn referral_may_carry(referral: &Referral, kind: AttachmentKind) -> bool {
    let _ = kind;
    referral.consent.given
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        s.extend_from_slice(payload);
        s
    }

    /// A structurally complete JPEG (not decodable, which the strip does not need).
    fn jpeg(extra: &[Vec<u8>], trailer: &[u8]) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        b.extend(seg(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
        for e in extra {
            b.extend_from_slice(e);
        }
        b.extend(seg(0xDB, &[0u8; 65]));
        b.extend(seg(0xC0, &[8, 0, 1, 0, 1, 1, 1, 0x11, 0]));
        b.extend(seg(0xDA, &[1, 1, 0, 0, 63, 0]));
        b.extend_from_slice(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]);
        b.extend_from_slice(&[0xFF, 0xD9]);
        b.extend_from_slice(trailer);
        b
    }

    #[test]
    fn formats_are_told_from_the_bytes() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0"), Some(ContentType::Jpeg));
        assert_eq!(sniff(PNG_SIGNATURE), Some(ContentType::Png));
        assert_eq!(sniff(b"%PDF-1.7\n"), Some(ContentType::Pdf));
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(b"<html>"), None);
        assert_eq!(clean(b"MZ\x90\0"), Err(AttachmentProblem::NotAccepted));
        assert_eq!(clean(b""), Err(AttachmentProblem::Empty));
    }

    #[test]
    fn jpeg_metadata_comments_and_trailer_are_dropped_losslessly() {
        let exif = seg(0xE1, b"Exif\0\0MM\0\x2a\0\0\0\x08\0\0\0\0\0\0SECRET-GPS");
        let xmp = seg(0xE1, b"http://ns.adobe.com/xap/1.0/\0SECRET-XMP");
        let com = seg(0xFE, b"SECRET-COMMENT");
        let iptc = seg(0xED, b"Photoshop 3.0\0SECRET-IPTC");
        let src = jpeg(&[exif, xmp, com, iptc], b"SECRET-TRAILER");
        let c = clean(&src).unwrap();
        assert_eq!(c.content_type, ContentType::Jpeg);
        assert!(!c.bytes.windows(6).any(|w| w == b"SECRET"));
        assert_eq!(c.dropped, 5);
        // What draws the picture is kept byte for byte.
        let plain = jpeg(&[], b"");
        assert_eq!(c.bytes, plain);
        // Stripping is idempotent.
        assert_eq!(clean(&c.bytes).unwrap().bytes, c.bytes);
    }

    #[test]
    fn a_jpeg_keeps_its_orientation() {
        let mut tiff = Vec::new();
        let f = exif::Field {
            tag: exif::Tag::Orientation,
            ifd_num: exif::In::PRIMARY,
            value: exif::Value::Short(vec![6]),
        };
        let mut w = exif::experimental::Writer::new();
        w.push_field(&f);
        w.write(&mut std::io::Cursor::new(&mut tiff), false)
            .unwrap();
        let mut payload = b"Exif\0\0".to_vec();
        payload.extend_from_slice(&tiff);
        let c = clean(&jpeg(&[seg(0xE1, &payload)], b"")).unwrap();
        let app1 = &c.bytes[2..2 + 36];
        assert_eq!(&app1[..2], &[0xFF, 0xE1]);
        assert_eq!(exif_orientation(&app1[4..]), Some(6));
    }

    #[test]
    fn damaged_files_are_refused() {
        let j = jpeg(&[], b"");
        assert!(matches!(
            clean(&j[..j.len() - 2]),
            Err(AttachmentProblem::Damaged("JPEG", _))
        ));
        let mut p = PNG_SIGNATURE.to_vec();
        p.extend_from_slice(&[0, 0, 0, 200, b'I', b'H', b'D', b'R']);
        assert!(matches!(
            clean(&p),
            Err(AttachmentProblem::Damaged("PNG", _))
        ));
        assert!(clean(b"%PDF-1.4\n1 0 obj").is_err());
        assert!(clean(b"%PDF-1.4\n1 0 obj\n%%EOF\n").is_ok());
    }

    #[test]
    fn png_text_and_exif_chunks_are_dropped() {
        fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
            let mut c = (data.len() as u32).to_be_bytes().to_vec();
            c.extend_from_slice(kind);
            c.extend_from_slice(data);
            c.extend_from_slice(&[0, 0, 0, 0]);
            c
        }
        let mut p = PNG_SIGNATURE.to_vec();
        p.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]));
        p.extend(chunk(b"tEXt", b"Author\0SECRET"));
        p.extend(chunk(b"eXIf", b"MM\0*SECRET"));
        p.extend(chunk(b"IDAT", b"pixels"));
        p.extend(chunk(b"iTXt", b"GPS\0SECRET"));
        p.extend(chunk(b"IEND", b""));
        p.extend_from_slice(b"SECRET");
        let c = clean(&p).unwrap();
        assert!(!c.bytes.windows(6).any(|w| w == b"SECRET"));
        assert!(c.bytes.windows(6).any(|w| w == b"pixels"));
        assert_eq!(c.dropped, 4);
    }

    #[test]
    fn kinds_and_sensitivity() {
        for k in AttachmentKind::ALL {
            assert_eq!(AttachmentKind::from_key(k.key()), Some(k));
        }
        assert!(AttachmentKind::IdDocument.sensitivity().is_sensitive());
        assert!(AttachmentKind::PersonPhoto.sensitivity().is_sensitive());
        assert!(AttachmentKind::Medical.sensitivity().is_sensitive());
        assert!(!AttachmentKind::HandoverList.sensitivity().is_sensitive());
    }

    #[test]
    fn only_consent_lets_an_attachment_into_a_referral() {
        let mut r = Referral::default();
        assert!(!referral_may_carry(&r, AttachmentKind::Medical));
        r.no_consent_reason = "trẻ em chưa liên lạc được người giám hộ".into();
        assert!(!referral_may_carry(&r, AttachmentKind::Medical));
        r.consent.given = true;
        assert!(referral_may_carry(&r, AttachmentKind::IdDocument));
    }
}
