//! Reading the QR code from a photo of a CCCD's back (PNG or JPEG): bytes
//! in, the code's text out (then `domain::identity::parse_cccd`). Decoded
//! with `rqrr` (pure Rust). Bounded: files over 30 MB or images over 40
//! megapixels are refused before they are decoded; large photos are first
//! searched at a reduced size, then at full size.

use std::io::Cursor;

use image::{DynamicImage, GrayImage, ImageFormat, ImageReader, Limits};

pub const MAX_BYTES: usize = 30 * 1024 * 1024;
pub const MAX_PIXELS: u64 = 40_000_000;
/// The longest side of the first, reduced search.
const REDUCED_SIDE: u32 = 1600;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    #[error("the image is too large (over 30 MB or 40 megapixels)")]
    TooLarge,
    #[error("not a PNG or JPEG image")]
    NotAnImage,
    #[error("the image could not be read: {0}")]
    Unreadable(String),
    #[error("no QR code was found in the image")]
    NoCode,
    #[error("a QR code was found but could not be read: {0}")]
    Damaged(String),
}

/// The text of the first QR code found in a PNG or JPEG image.
pub fn decode_qr(bytes: &[u8]) -> Result<String, QrError> {
    if bytes.len() > MAX_BYTES {
        return Err(QrError::TooLarge);
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| QrError::Unreadable(e.to_string()))?;
    if !matches!(reader.format(), Some(ImageFormat::Png | ImageFormat::Jpeg)) {
        return Err(QrError::NotAnImage);
    }
    let (w, h) = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| QrError::Unreadable(e.to_string()))?
        .into_dimensions()
        .map_err(|e| QrError::Unreadable(e.to_string()))?;
    if w as u64 * h as u64 > MAX_PIXELS {
        return Err(QrError::TooLarge);
    }
    let mut reader = reader;
    let mut limits = Limits::default();
    limits.max_image_width = Some(w);
    limits.max_image_height = Some(h);
    limits.max_alloc = Some(MAX_PIXELS * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    let img = reader
        .decode()
        .map_err(|e| QrError::Unreadable(e.to_string()))?;
    let grey = img.to_luma8();
    let mut last_err = None;
    let longest = grey.width().max(grey.height());
    if longest > REDUCED_SIDE {
        let scale = REDUCED_SIDE as f32 / longest as f32;
        let small = DynamicImage::ImageLuma8(grey.clone())
            .resize(
                ((grey.width() as f32 * scale) as u32).max(1),
                ((grey.height() as f32 * scale) as u32).max(1),
                image::imageops::FilterType::Triangle,
            )
            .to_luma8();
        match find(&small) {
            Ok(t) => return Ok(t),
            Err(e) => last_err = Some(e),
        }
    }
    match find(&grey) {
        Ok(t) => Ok(t),
        Err(QrError::NoCode) => Err(last_err.unwrap_or(QrError::NoCode)),
        Err(e) => Err(e),
    }
}

fn find(img: &GrayImage) -> Result<String, QrError> {
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(
        img.width() as usize,
        img.height() as usize,
        |x, y| img.get_pixel(x as u32, y as u32).0[0],
    );
    let grids = prepared.detect_grids();
    let mut damaged = None;
    for g in grids {
        let mut out = Vec::new();
        match g.decode_to(&mut out) {
            Ok(_) => {
                return Ok(match String::from_utf8(out) {
                    Ok(s) => s,
                    // Some encoders write Latin-1 byte mode; read it as such.
                    Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
                });
            }
            Err(e) => damaged = Some(QrError::Damaged(e.to_string())),
        }
    }
    Err(damaged.unwrap_or(QrError::NoCode))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_an_image() {
        assert_eq!(decode_qr(b"not an image"), Err(QrError::NotAnImage));
        let mut gif = b"GIF89a".to_vec();
        gif.extend_from_slice(&[1, 0, 1, 0, 0, 0, 0]);
        assert_eq!(decode_qr(&gif), Err(QrError::NotAnImage));
    }

    #[test]
    fn a_blank_image_has_no_code() {
        let img = GrayImage::from_pixel(200, 120, image::Luma([255]));
        let mut png = Vec::new();
        DynamicImage::ImageLuma8(img)
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        assert_eq!(decode_qr(&png), Err(QrError::NoCode));
    }
}
