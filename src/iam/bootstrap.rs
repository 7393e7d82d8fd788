//! What a new virtual MFA device hands to its user: the `otpauth://` URI an
//! authenticator app reads, and a real, scannable PNG of its QR code.

use std::fmt::Write as _;

use qrcode::{Color, EcLevel, QrCode};

use crate::error::{Error, Result};

const ISSUER: &str = "Amazon%20Web%20Services";
/// Pixels per QR module.
const SCALE: usize = 6;
/// The white border, in modules, that scanners need.
const QUIET_ZONE: usize = 4;

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// The URI AWS puts in its QR codes:
/// `otpauth://totp/Amazon%20Web%20Services:<name>@<account>?secret=<base32>&issuer=Amazon%20Web%20Services`.
#[must_use]
pub fn otpauth_uri(device_name: &str, account: &str, base32_secret: &str) -> String {
    format!(
        "otpauth://totp/{ISSUER}:{}@{}?secret={base32_secret}&issuer={ISSUER}",
        encode_component(device_name),
        encode_component(account),
    )
}

/// A black-and-white PNG of the QR code of `text`.
///
/// One bit per pixel and fast compression: a new device costs a few tens
/// of microseconds for its picture, not milliseconds.
///
/// # Errors
///
/// `ServiceFailure` when the text does not fit a QR code or the PNG encoder
/// fails; neither happens for the URIs above.
pub fn qr_png(text: &str) -> Result<Vec<u8>> {
    let code = QrCode::with_error_correction_level(text, EcLevel::M).map_err(Error::internal)?;
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET_ZONE) * SCALE;
    let row_bytes = side.div_ceil(8);
    // 1 is white in a one-bit grayscale PNG; dark modules clear their bits.
    let mut pixels = vec![0xFFu8; row_bytes * side];
    for (index, color) in colors.iter().enumerate() {
        if *color != Color::Dark {
            continue;
        }
        let (mx, my) = (index % modules + QUIET_ZONE, index / modules + QUIET_ZONE);
        for y in my * SCALE..(my + 1) * SCALE {
            for x in mx * SCALE..(mx + 1) * SCALE {
                pixels[y * row_bytes + x / 8] &= !(0x80 >> (x % 8));
            }
        }
    }
    let side = u32::try_from(side).map_err(Error::internal)?;
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().map_err(Error::internal)?;
    writer.write_image_data(&pixels).map_err(Error::internal)?;
    writer.finish().map_err(Error::internal)?;
    Ok(png)
}

#[cfg(test)]
mod tests;
