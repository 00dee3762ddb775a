//! QR codes (SVG) of every firm profile's address, for printed capability sheets at trade fairs.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An SVG QR code for `url`, or `None` if the URL is too long to encode.
pub fn svg_for(url: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    Some(code.render::<svg::Color<'_>>().min_dimensions(160, 160).quiet_zone(true).build())
}

/// `https://host` + `/base/` + `en/firms/x/` → the public address of a page.
pub fn public_url(origin: &str, base: &str, path: &str) -> String {
    format!("{}{}{}", origin.trim_end_matches('/'), base, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_svg() {
        let svg = svg_for("https://example.org/fukushima/en/firms/x/").unwrap_or_default();
        assert!(svg.starts_with("<?xml") || svg.starts_with("<svg"));
        assert!(svg.contains("<path") || svg.contains("<rect"));
    }

    #[test]
    fn joins_origin_base_and_path() {
        assert_eq!(public_url("https://a.org/", "/sub/", "en/"), "https://a.org/sub/en/");
        assert_eq!(public_url("https://a.org", "/", "en/firms/x/"), "https://a.org/en/firms/x/");
    }
}
