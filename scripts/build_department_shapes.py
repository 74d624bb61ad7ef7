"""Build the département shapes shipped in the repository: ``territories/data/department_shapes.json``.

The shapes come from the PyPI package ``pygal_maps_fr`` (Kozea, GNU LGPL v3 or later), file ``fr.departments.svg``:
metropolitan France with Corsica, an inset of Paris and its inner suburbs, and the overseas départements as insets.
The script downloads the wheel with ``pip download`` in a temporary directory (or reads a local wheel given with
``--wheel``), turns every outline into a polygon (the end points of its curves, rounded to whole units, points closer
than ``--tolerance`` to the previous one dropped) and writes one absolute SVG path per département: about 90 KB instead
of the 600 KB of the original drawing, with no visible difference at the size of a page.

    python scripts/build_department_shapes.py [--wheel pygal_maps_fr-1.1.0-py3-none-any.whl]
"""

import argparse
import json
import math
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "territories" / "data" / "department_shapes.json"
SVG_NAME = "pygal_maps_fr/fr.departments.svg"
NS = "{http://www.w3.org/2000/svg}"
# Saint-Pierre-et-Miquelon is a collectivity, not a département: the service does not run there.
SKIPPED = {"975"}
TOKEN = re.compile(r"[MmLlCcZzHhVv]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
ARGUMENTS = {"m": 2, "l": 2, "c": 6, "h": 1, "v": 1, "z": 0}


def rings(d: str, offset: tuple[float, float]) -> list[list[tuple[float, float]]]:
    """The closed outlines of an SVG path, as the end points of its segments (curves' control points dropped)."""
    tokens = TOKEN.findall(d)
    found, ring = [], []
    x = y = start_x = start_y = 0.0
    command, index = None, 0
    while index < len(tokens):
        if tokens[index].isalpha():
            command = tokens[index]
            index += 1
            if command in "zZ":
                x, y = start_x, start_y
                if ring:
                    found.append(ring)
                ring = []
                continue
        count = ARGUMENTS[command.lower()]
        values = [float(token) for token in tokens[index : index + count]]
        index += count
        relative = command.islower()
        if command in "hH":
            x = x + values[0] if relative else values[0]
        elif command in "vV":
            y = y + values[0] if relative else values[0]
        else:
            end_x, end_y = values[-2], values[-1]
            x, y = (x + end_x, y + end_y) if relative else (end_x, end_y)
        if command in "mM":
            if ring:
                found.append(ring)
            ring, start_x, start_y = [], x, y
            command = "l" if relative else "L"  # further pairs are lines
        ring.append((x + offset[0], y + offset[1]))
    if ring:
        found.append(ring)
    return found


def simplified(ring, tolerance: float) -> list[tuple[int, int]]:
    kept = [ring[0]]
    for point in ring[1:]:
        if math.dist(point, kept[-1]) >= tolerance:
            kept.append(point)
    return [(round(px), round(py)) for px, py in kept]


def path_of(polygons) -> str:
    return "".join("M" + "L".join(f"{px} {py}" for px, py in polygon) + "Z" for polygon in polygons)


def shapes(svg: bytes, tolerance: float) -> dict:
    root = ElementTree.fromstring(svg)
    result: dict[str, dict[str, str]] = {"departments": {}, "paris_inset": {}}
    bounds = [math.inf, math.inf, -math.inf, -math.inf]
    for group in root.iter(f"{NS}g"):
        match = re.search(r"translate\(([-\d.]+),([-\d.]+)\)", group.get("transform", ""))
        offset = (float(match[1]), float(match[2])) if match else (0.0, 0.0)
        target = result["paris_inset"] if group.get("id") == "paris-petite-couronne" else result["departments"]
        for element in group.findall(f"{NS}g"):
            classes = element.get("class", "").split()
            if "departement" not in classes:
                continue
            code = classes[0][1:]
            if code in SKIPPED:
                continue
            polygons = []
            for path in element.iter(f"{NS}path"):
                for ring in rings(path.get("d"), offset):
                    polygon = simplified(ring, tolerance)
                    if len(set(polygon)) >= 3:
                        polygons.append(polygon)
            if not polygons:  # an island smaller than the tolerance: keep it as drawn
                polygons = [
                    [(round(px), round(py)) for px, py in ring]
                    for path in element.iter(f"{NS}path")
                    for ring in rings(path.get("d"), offset)
                ]
            for polygon in polygons:
                for px, py in polygon:
                    bounds = [min(bounds[0], px), min(bounds[1], py), max(bounds[2], px), max(bounds[3], py)]
            target[code] = path_of(polygons)
    margin = 4
    left, top, width, height = bounds[0] - margin, bounds[1] - margin, bounds[2] - bounds[0], bounds[3] - bounds[1]
    result["view_box"] = f"{left} {top} {width + 2 * margin} {height + 2 * margin}"
    return result


def wheel_svg(wheel: Path | None) -> bytes:
    if wheel is None:
        folder = Path(tempfile.mkdtemp())
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "pygal_maps_fr==1.1.0", "--no-deps", "-d", str(folder)],
            check=True,
        )
        wheel = next(folder.glob("pygal_maps_fr-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        return archive.read(SVG_NAME)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a local pygal_maps_fr wheel")
    parser.add_argument("--tolerance", type=float, default=3.0, help="smallest distance kept between two points")
    arguments = parser.parse_args()
    result = shapes(wheel_svg(arguments.wheel), arguments.tolerance)
    OUTPUT.write_text(json.dumps(result, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"{len(result['departments'])} départements écrits dans {OUTPUT} ({OUTPUT.stat().st_size // 1024} Ko)")


if __name__ == "__main__":
    main()
