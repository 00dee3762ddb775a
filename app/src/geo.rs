//! Map geometry: a simple projection for the prefecture, and SVG path data.

/// Longitude/latitude of the prefecture's bounding box (with a margin).
const WEST: f64 = 139.10;
const EAST: f64 = 141.10;
const NORTH: f64 = 38.02;
const SOUTH: f64 = 36.74;
/// cos(37.4°): shrinks longitude so that the map is not stretched at this latitude.
const LON_SCALE: f64 = 0.794;
/// SVG units per degree of latitude.
const SCALE: f64 = 420.0;

/// Width and height of the map's viewBox.
pub fn view_box() -> (f64, f64) {
    ((EAST - WEST) * LON_SCALE * SCALE, (NORTH - SOUTH) * SCALE)
}

/// Projects a position to SVG coordinates (equirectangular, fine at prefecture scale).
pub fn project(lat: f64, lon: f64) -> (f64, f64) {
    ((lon - WEST) * LON_SCALE * SCALE, (NORTH - lat) * SCALE)
}

/// A coordinate with one decimal (`12.3`, `-0.5`). Integer formatting only: core's
/// fixed-precision float formatting would add its own code to the WebAssembly for this alone.
pub fn coordinate(value: f64) -> String {
    let tenths = (value * 10.0).round();
    if !tenths.is_finite() {
        return "0.0".into();
    }
    let tenths = tenths as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let tenths = tenths.unsigned_abs();
    format!("{sign}{}.{}", tenths / 10, tenths % 10)
}

/// SVG path data of a closed polygon.
pub fn path_data(polygon: &[(f64, f64)]) -> String {
    let mut d = String::new();
    for (i, (x, y)) in polygon.iter().enumerate() {
        d.push_str(if i == 0 { "M" } else { "L" });
        d.push_str(&coordinate(*x));
        d.push(',');
        d.push_str(&coordinate(*y));
    }
    if !polygon.is_empty() {
        d.push('Z');
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projects_the_coast_east_of_the_mountains() {
        let (koriyama_x, _) = project(37.4, 140.35);
        let (iwaki_x, iwaki_y) = project(37.05, 140.8833);
        let (_, fukushima_y) = project(37.75, 140.4667);
        assert!(iwaki_x > koriyama_x);
        assert!(fukushima_y < iwaki_y, "north is up");
        let (w, h) = view_box();
        for (x, y) in [project(37.05, 140.88), project(37.97, 140.9), project(37.2, 139.2)] {
            assert!((0.0..=w).contains(&x) && (0.0..=h).contains(&y));
        }
    }

    #[test]
    fn paths_close_their_polygon() {
        assert_eq!(path_data(&[(0.0, 0.0), (1.0, 0.0)]), "M0.0,0.0L1.0,0.0Z");
        assert_eq!(path_data(&[(12.34, 5.06)]), "M12.3,5.1Z");
        assert_eq!(path_data(&[]), "");
    }

    #[test]
    fn coordinates_have_one_decimal_like_fixed_precision_formatting() {
        for value in [0.0, 0.04, 0.05, 0.96, 1.0, 12.34, 419.99, 420.0, -0.5, -3.26, 1e6 + 0.25] {
            assert_eq!(coordinate(value), format!("{:.1}", (value * 10.0_f64).round() / 10.0), "{value}");
        }
        assert_eq!(coordinate(-0.5), "-0.5");
        assert_eq!(coordinate(-0.04), "0.0", "no negative zero");
        assert_eq!(coordinate(f64::NAN), "0.0");
    }
}
