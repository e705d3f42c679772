//! Pictures of attachments: a small thumbnail decoded from a JPEG or PNG
//! (turned the way its orientation says), in memory only.

use image::{ImageDecoder, ImageReader, Limits};

use crate::domain::attachment::{ContentType, sniff};

/// A thumbnail as RGBA pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thumbnail {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// Why no thumbnail could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaError {
    #[error("a PDF has no thumbnail")]
    NotAnImage,
    #[error("the picture cannot be decoded: {0}")]
    Decode(String),
}

/// A thumbnail at most `max` pixels on its longer side. Decoding is bounded
/// (at most 12,000 pixels a side and 512 MiB of memory), so a hostile file
/// cannot exhaust memory.
pub fn thumbnail(bytes: &[u8], max: u32) -> Result<Thumbnail, MediaError> {
    let format = match sniff(bytes) {
        Some(ContentType::Jpeg) => image::ImageFormat::Jpeg,
        Some(ContentType::Png) => image::ImageFormat::Png,
        _ => return Err(MediaError::NotAnImage),
    };
    let err = |e: image::ImageError| MediaError::Decode(e.to_string());
    let mut limits = Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(512 << 20);
    let mut reader = ImageReader::with_format(std::io::Cursor::new(bytes), format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(err)?;
    let orientation = decoder.orientation().map_err(err)?;
    let mut img = image::DynamicImage::from_decoder(decoder).map_err(err)?;
    img.apply_orientation(orientation);
    let small = img.thumbnail(max, max).to_rgba8();
    Ok(Thumbnail {
        width: small.width(),
        height: small.height(),
        rgba: small.into_raw(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_png_becomes_a_small_thumbnail_and_a_pdf_none() {
        let img = image::RgbImage::from_fn(400, 200, |x, _| image::Rgb([(x % 256) as u8, 0, 0]));
        let mut png = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let t = thumbnail(&png, 100).unwrap();
        assert_eq!((t.width, t.height), (100, 50));
        assert_eq!(t.rgba.len(), 100 * 50 * 4);
        assert_eq!(
            thumbnail(b"%PDF-1.4\n%%EOF", 100),
            Err(MediaError::NotAnImage)
        );
        assert!(matches!(
            thumbnail(&png[..60], 100),
            Err(MediaError::Decode(_))
        ));
    }
}
