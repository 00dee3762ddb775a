//! The prefecture's municipal and regional boundaries for the map (`app/map/boundaries.txt`,
//! simplified once by `app/map/simplify.py` from the Japan Meteorological Agency's
//! forecast-area GIS data; terms in `app/map/LICENSE-boundaries.md`). Only the page renderer
//! draws the map, so the browser app never carries these coordinates.

/// What a shape outlines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Municipality,
    Region,
}

/// One outline: its kind, vocabulary id and rings of (longitude, latitude).
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    pub kind: Kind,
    pub id: String,
    pub rings: Vec<Vec<(f64, f64)>>,
}

const BOUNDARIES: &str = include_str!("../map/boundaries.txt");

/// Every shape of the prefecture, rings of one id together, in file order.
pub fn all() -> Vec<Shape> {
    parse(BOUNDARIES).unwrap_or_default()
}

/// Parses `kind id lon,lat lon,lat …` lines (`#` starts a comment); a ring whose id repeats
/// joins that shape (a hole or an exclave). Errors name the line.
pub fn parse(text: &str) -> Result<Vec<Shape>, String> {
    let mut shapes: Vec<Shape> = Vec::new();
    for (number, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split_whitespace();
        let kind = match fields.next() {
            Some("municipality") => Kind::Municipality,
            Some("region") => Kind::Region,
            other => return Err(format!("line {number}: unknown kind {other:?}")),
        };
        let id = fields.next().ok_or(format!("line {number}: no id"))?.to_string();
        let ring = fields.map(|point| point_of(point).ok_or(format!("line {number}: bad point {point:?}")));
        let ring = ring.collect::<Result<Vec<_>, _>>()?;
        if ring.len() < 3 {
            return Err(format!("line {number}: a ring needs three points"));
        }
        match shapes.iter_mut().find(|s| s.kind == kind && s.id == id) {
            Some(shape) => shape.rings.push(ring),
            None => shapes.push(Shape { kind, id, rings: vec![ring] }),
        }
    }
    Ok(shapes)
}

fn point_of(text: &str) -> Option<(f64, f64)> {
    let (lon, lat) = text.split_once(',')?;
    let point: (f64, f64) = (lon.parse().ok()?, lat.parse().ok()?);
    (point.0.is_finite() && point.1.is_finite()).then_some(point)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_boundaries_cover_every_municipality_and_region_inside_the_map() {
        let shapes = parse(BOUNDARIES).expect("app/map/boundaries.txt parses");
        // The vocabulary's ids, one `id = "…"` line per term.
        let vocab = include_str!("../../content/vocab/municipalities.toml");
        let terms: Vec<&str> = vocab.lines().filter_map(|l| l.strip_prefix("id = \"")?.strip_suffix('"')).collect();
        assert_eq!(terms.len(), 59);
        for id in &terms {
            assert!(shapes.iter().any(|s| s.kind == Kind::Municipality && s.id == *id), "no boundary for {id}");
        }
        let municipalities = shapes.iter().filter(|s| s.kind == Kind::Municipality).count();
        assert_eq!(municipalities, terms.len(), "one shape per municipality");
        for region in ["hamadori", "nakadori", "aizu"] {
            assert!(shapes.iter().any(|s| s.kind == Kind::Region && s.id == region), "no outline for {region}");
        }
        let (width, height) = crate::geo::view_box();
        for (lon, lat) in shapes.iter().flat_map(|s| s.rings.iter().flatten()) {
            let (x, y) = crate::geo::project(*lat, *lon);
            assert!((0.0..=width).contains(&x) && (0.0..=height).contains(&y), "{lon},{lat} lies off the map");
        }
    }

    #[test]
    fn rings_of_one_id_form_one_shape_and_errors_name_the_line() {
        let shapes =
            parse("# c\nregion aizu 1,1 2,1 2,2\nregion aizu 5,5 6,5 6,6\nmunicipality x 0,0 1,0 1,1\n").unwrap();
        assert_eq!(shapes.len(), 2);
        assert_eq!(shapes[0].rings.len(), 2);
        assert_eq!(parse("town x 0,0 1,0 1,1").unwrap_err(), "line 1: unknown kind Some(\"town\")");
        assert!(parse("\nregion aizu 1,1 2,x 3,3").unwrap_err().starts_with("line 2: bad point"));
        assert!(parse("region aizu 1,1 2,2").unwrap_err().contains("three points"));
    }
}
