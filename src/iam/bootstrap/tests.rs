//! Unit tests of `bootstrap`.

use super::*;

#[test]
fn the_uri_has_aws_label_and_issuer() {
    assert_eq!(
        otpauth_uri("dev", "123456789012", "ABC"),
        "otpauth://totp/Amazon%20Web%20Services:dev@123456789012?secret=ABC&issuer=Amazon%20Web%20Services"
    );
    assert_eq!(
        otpauth_uri("a+b@c", "1", "S"),
        "otpauth://totp/Amazon%20Web%20Services:a%2Bb%40c@1?secret=S&issuer=Amazon%20Web%20Services"
    );
}

#[test]
fn the_png_decodes_back_to_the_uri() {
    let uri = otpauth_uri("dev", "123456789012", &"A".repeat(64));
    let png_bytes = qr_png(&uri).unwrap();
    assert_eq!(&png_bytes[..8], b"\x89PNG\r\n\x1a\n");
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1);
    let (_, content) = grids[0].decode().unwrap();
    assert_eq!(content, uri);
}
