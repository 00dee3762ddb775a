#!/usr/bin/env python3
"""Writes app/map/boundaries.txt: the municipal and regional boundaries of Fukushima
Prefecture for the site's map, simplified once from openly licensed data.

Source: the municipality polygons of the Japan Meteorological Agency's forecast-area GIS data
(気象庁 予報区等GISデータ, the areas of its landslide alerts: one per municipality, two
municipalities split in two), as shipped in the `data/landslides_*.json.zip` files of the
crates.io package `reversejp` 0.2.1 (MIT-licensed code; the package says its data comes from
the JMA website). See LICENSE-boundaries.md beside this script for the terms and credit.

Run it only when the boundaries change (it needs Python 3.11+ and shapely 2.1, which
brings GEOS 3.12+ for coverage simplification):

    pip install shapely==2.1.2
    cargo info reversejp@0.2.1          # puts the crate into ~/.cargo/registry/src/
    python3 app/map/simplify.py > app/map/boundaries.txt

What it does: joins each municipality's parts into one shape, matches it to its id in
content/vocab/municipalities.toml by its Japanese name, simplifies all shapes together so that
neighbours keep one shared border (no gaps, no overlaps), and derives each region's outline by
joining its municipalities (regions as in the vocabulary). Coordinates are longitude,latitude
with four decimals (about 10 m, far below one pixel of the map).
"""

import glob
import json
import os
import sys
import tomllib
import zipfile
from pathlib import Path

import shapely
from shapely.geometry import shape

PREFECTURE_CODE = "07"  # Fukushima in JMA's area codes
TOLERANCE = 0.008  # degrees: about 1.7 map units at the site's scale (420 units per degree)
MIN_RING_AREA = 5e-5  # square degrees
ROOT = Path(__file__).resolve().parents[2]


def crate_data_dir() -> Path:
    pattern = os.path.expanduser("~/.cargo/registry/src/*/reversejp-0.2.1/data")
    found = sorted(glob.glob(pattern))
    if not found:
        sys.exit("reversejp 0.2.1 not found: run `cargo info reversejp@0.2.1` first")
    return Path(found[0])


def jma_features(data: Path):
    for archive in sorted(data.glob("landslides_*.json.zip")):
        with zipfile.ZipFile(archive) as z:
            for name in z.namelist():
                for feature in json.loads(z.read(name))["features"]:
                    if str(feature["properties"]["code"]).startswith(PREFECTURE_CODE):
                        yield feature


def main() -> None:
    vocab = tomllib.loads((ROOT / "content/vocab/municipalities.toml").read_text(encoding="utf-8"))["term"]
    # Longest name first: 会津若松市 must not be taken for a shorter name it starts with.
    by_name = sorted(((t["ja"], t) for t in vocab), key=lambda p: -len(p[0]))
    parts: dict[str, list] = {}
    for feature in jma_features(crate_data_dir()):
        name = feature["properties"]["name"]
        term = next((t for ja, t in by_name if name.startswith(ja)), None)
        if term is None:
            sys.exit(f"no municipality in the vocabulary for JMA area {name}")
        parts.setdefault(term["id"], []).append(shapely.make_valid(shape(feature["geometry"])))
    missing = [t["id"] for t in vocab if t["id"] not in parts]
    if missing:
        sys.exit(f"no boundary for {missing}")
    ids = [t["id"] for t in vocab]
    joined = [shapely.union_all(parts[i]).buffer(0) for i in ids]
    simplified = shapely.coverage_simplify(joined, TOLERANCE)
    region_of = {t["id"]: t["region"] for t in vocab}
    print("# Boundaries of Fukushima Prefecture for the site's map, written by app/map/simplify.py.")
    print("# Source and terms: app/map/LICENSE-boundaries.md. One ring a line:")
    print("# municipality|region <id> lon,lat lon,lat ... (holes are rings of the same id)")
    for i, geometry in zip(ids, simplified):
        write("municipality", i, geometry)
    for region in dict.fromkeys(region_of.values()):
        members = [g for i, g in zip(ids, simplified) if region_of[i] == region]
        write("region", region, shapely.union_all(members).buffer(0))


def write(kind: str, id: str, geometry) -> None:
    polygons = getattr(geometry, "geoms", [geometry])
    for polygon in polygons:
        for ring in [polygon.exterior, *polygon.interiors]:
            # Slivers that simplification leaves where three shapes meet (< 0.5 km²).
            if shapely.Polygon(ring).area < MIN_RING_AREA:
                continue
            points = " ".join(f"{x:.4f},{y:.4f}" for x, y in list(ring.coords)[:-1])
            print(f"{kind} {id} {points}")


if __name__ == "__main__":
    main()
