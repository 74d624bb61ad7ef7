"""Where the Boussole runs: the open and engaged territories, by region and as a map of départements drawn on the
server.

The shapes of the départements come from `territories/data/department_shapes.json`, built by
`scripts/build_department_shapes.py` from the PyPI package `pygal_maps_fr` (GNU LGPL v3 or later): metropolitan
France with Corsica, an inset of Paris and its inner suburbs, and the overseas départements as insets. A département
is drawn with the status of the territories that hold some of its communes (open first): a page of a few dozen
kilobytes, no map tiles and no script.
"""

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Count

from territories.enums import TerritoryStatus
from territories.models import Territory
from territories.search import normalize

SHAPES_FILE = Path(__file__).resolve().parent / "data" / "department_shapes.json"
SHOWN_STATUSES = [TerritoryStatus.OPEN, TerritoryStatus.ENGAGED]
# What a youth reads for each status, in the legend, the list and the drawing's description.
STATUS_WORDS = {TerritoryStatus.OPEN: "ouverte", TerritoryStatus.ENGAGED: "bientôt ouverte"}
OVERSEAS_REGION = "Outre-mer"
# The insets of the drawing, named under their shapes: the overseas départements and Paris with its inner suburbs.
INSET_NAMES = {
    "971": "Guadeloupe",
    "972": "Martinique",
    "973": "Guyane",
    "974": "La Réunion",
    "976": "Mayotte",
    "paris": "Paris et petite couronne",
}


@functools.cache
def shapes() -> dict:
    return json.loads(SHAPES_FILE.read_text())


def public_territories():
    """The territories a youth may look up: those open and those engaged to open soon."""
    return Territory.objects.filter(status__in=SHOWN_STATUSES)


@dataclass
class Shape:
    code: str
    path: str
    status: str = ""  # "open", "engaged", or empty where the Boussole does not run
    territories: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{', '.join(self.territories)} : {STATUS_WORDS[self.status]}" if self.status else ""


LABEL_HEIGHT = 30
# Room on each side for the names of the insets at the edges, wider than their frames.
SIDE_ROOM = 50


def box(paths) -> tuple[int, int, int, int]:
    """The smallest rectangle (x, y, width, height) around the points of these paths (whole numbers, "M1 2L3 4Z")."""
    numbers = [int(number) for path in paths for number in re.findall(r"-?\d+", path)]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


@dataclass
class Inset:
    name: str
    x: int
    y: int
    width: int
    height: int

    @property
    def label_x(self) -> int:
        return self.x + self.width // 2

    @property
    def label_y(self) -> int:
        return self.y + self.height + LABEL_HEIGHT


@functools.cache
def view_box() -> str:
    """The drawing's frame: the shapes, the frames of the insets and their names below them."""
    x, y, width, height = (int(number) for number in shapes()["view_box"].split())
    left = min([x, *(inset.x for inset in insets())]) - SIDE_ROOM
    top = min([y, *(inset.y for inset in insets())]) - 4
    right = max([x + width, *(inset.x + inset.width for inset in insets())]) + SIDE_ROOM
    bottom = max([y + height, *(inset.label_y for inset in insets())]) + 10
    return f"{left} {top} {right - left} {bottom - top}"


@functools.cache
def insets() -> list[Inset]:
    geometry = shapes()
    paths = {code: [geometry["departments"][code]] for code in INSET_NAMES if code in geometry["departments"]}
    paths["paris"] = list(geometry["paris_inset"].values())
    margin = 8
    return [
        Inset(INSET_NAMES[code], x - margin, y - margin, width + 2 * margin, height + 2 * margin)
        for code, (x, y, width, height) in ((code, box(found)) for code, found in paths.items())
    ]


@dataclass
class Region:
    name: str
    territories: list[Territory]


@dataclass
class BoussoleMap:
    shapes: list[Shape]
    paris_inset: list[Shape]
    view_box: str
    insets: list[Inset]
    regions: list[Region]
    open_count: int
    engaged_count: int


def boussole_map() -> BoussoleMap:
    """The drawing and the list by region of the public territories: two queries whatever their number."""
    territories = {
        territory.pk: territory
        for territory in public_territories().annotate(commune_count=Count("communes")).order_by("name")
    }
    links = (
        Territory.communes.through.objects.filter(territory__in=list(territories))
        .values_list("territory_id", "commune__department_id", "commune__department__region__name")
        .distinct()
        .order_by()
    )
    departments: dict[str, dict[str, list[str]]] = {}
    regions: dict[str, set[int]] = {}
    for territory_id, department, region in links:
        territory = territories[territory_id]
        departments.setdefault(department, {}).setdefault(territory.status, []).append(territory.name)
        regions.setdefault(OVERSEAS_REGION if len(department) == 3 else region, set()).add(territory_id)

    def shape(code, path):
        found = departments.get(code, {})
        status = next((status for status in SHOWN_STATUSES if status in found), "")
        return Shape(code, path, status, sorted({name for names in found.values() for name in names}))

    geometry = shapes()
    statuses = [territory.status for territory in territories.values()]
    return BoussoleMap(
        shapes=[shape(code, path) for code, path in sorted(geometry["departments"].items())],
        paris_inset=[shape(code, path) for code, path in sorted(geometry["paris_inset"].items())],
        view_box=view_box(),
        insets=insets(),
        regions=[
            Region(name, [territories[pk] for pk in territories if pk in ids])
            for name, ids in sorted(regions.items(), key=lambda item: (item[0] == OVERSEAS_REGION, normalize(item[0])))
        ],
        open_count=statuses.count(TerritoryStatus.OPEN),
        engaged_count=statuses.count(TerritoryStatus.ENGAGED),
    )
