"""Build the compact communes file shipped in the repository: ``territories/data/communes.json.gz``.

The data comes from the Etalab npm package ``@etalab/decoupage-administratif`` (data under Licence Ouverte 2.0).
The script downloads the package tarball with ``npm pack`` in a temporary directory (or reads a local tarball given
with ``--tarball``), keeps every current commune ("commune-actuelle", metropolitan and overseas) and the 45 municipal
arrondissements of Paris, Lyon and Marseille, and writes a gzip-compressed JSON file:

    {
      "source": {"package": ..., "version": ..., "licence": ..., "url": ...},
      "regions": {"11": "Île-de-France", ...},
      "departments": {"01": {"name": "Ain", "region": "84"}, ...},
      "epcis": {"200000172": "CC Faucigny - Glières", ...},
      "communes": [[insee_code, name, kind, postal_codes, department, region, epci_siren, population, parent], ...]
    }

``kind`` is "commune" or "arrondissement"; an arrondissement gets the EPCI of its parent commune; ``epci_siren`` is ""
for communes outside any EPCI; ``population`` is 0 when unknown; ``parent`` is the INSEE code of an arrondissement's
commune ("" for a commune). The output is deterministic (sorted keys, communes
sorted by INSEE code, gzip header without timestamp): rebuilding from the same version gives identical bytes.

Usage (from the repository root, Python standard library only, needs ``npm`` unless ``--tarball`` is given):

    python scripts/build_communes.py [--version X] [--tarball PATH] [--output PATH]
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "@etalab/decoupage-administratif"
DEFAULT_VERSION = "6.0.0"
LICENCE = "Licence Ouverte 2.0"
PACKAGE_URL = "https://www.npmjs.com/package/@etalab/decoupage-administratif"

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "territories" / "data" / "communes.json.gz"

COMMUNE_TYPE = "commune-actuelle"
ARRONDISSEMENT_TYPE = "arrondissement-municipal"
EXPECTED_ARRONDISSEMENTS = 45  # Paris 20, Lyon 9, Marseille 16.
MIN_COMMUNES = 30_000  # Sanity floor: France has about 35,000 communes.

DATA_FILES = ("communes", "departements", "regions", "epci")

Record = dict[str, Any]
CommuneRow = list[Any]


def download_tarball(version: str, destination: Path) -> Path:
    """Download the package tarball with ``npm pack`` into ``destination`` and return its path."""
    subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{version}", "--pack-destination", str(destination), "--silent"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    tarballs = sorted(destination.glob("*.tgz"))
    if len(tarballs) != 1:
        raise RuntimeError(f"expected one tarball in {destination}, found {len(tarballs)}")
    return tarballs[0]


def read_package(tarball: Path) -> tuple[str, dict[str, list[Record]]]:
    """Return the package version and the parsed ``data/*.json`` files we need from the tarball."""
    with tarfile.open(tarball, "r:gz") as archive:

        def load(member: str) -> Any:
            extracted = archive.extractfile(f"package/{member}")
            if extracted is None:
                raise RuntimeError(f"{member} is not a regular file in {tarball}")
            with extracted:
                return json.load(extracted)

        version = load("package.json")["version"]
        data = {name: load(f"data/{name}.json") for name in DATA_FILES}
    return version, data


def build_regions(regions: list[Record]) -> dict[str, str]:
    """Map region code to name."""
    return {region["code"]: region["nom"] for region in regions}


def build_departments(departements: list[Record]) -> dict[str, dict[str, str]]:
    """Map département code to its name and region code."""
    return {dep["code"]: {"name": dep["nom"], "region": dep["region"]} for dep in departements}


def build_epci_membership(epcis: list[Record]) -> tuple[dict[str, str], dict[str, str]]:
    """Return (EPCI SIREN -> name, commune INSEE code -> EPCI SIREN)."""
    names: dict[str, str] = {}
    membership: dict[str, str] = {}
    for epci in epcis:
        names[epci["code"]] = epci["nom"]
        for member in epci["membres"]:
            previous = membership.setdefault(member["code"], epci["code"])
            if previous != epci["code"]:
                raise RuntimeError(f"commune {member['code']} belongs to EPCIs {previous} and {epci['code']}")
    return names, membership


def build_communes(communes: list[Record], epci_of: dict[str, str]) -> list[CommuneRow]:
    """Keep current communes and municipal arrondissements as compact rows sorted by INSEE code."""
    rows: dict[str, CommuneRow] = {}
    for entry in communes:
        if entry["type"] == COMMUNE_TYPE:
            kind, parent, epci = "commune", "", epci_of.get(entry["code"], "")
        elif entry["type"] == ARRONDISSEMENT_TYPE:
            kind, parent, epci = "arrondissement", entry["commune"], epci_of.get(entry["commune"], "")
        else:
            continue
        if entry["code"] in rows:
            raise RuntimeError(f"duplicate INSEE code {entry['code']} among kept entries")
        rows[entry["code"]] = [
            entry["code"],
            entry["nom"],
            kind,
            sorted(entry.get("codesPostaux") or []),
            entry["departement"],
            entry["region"],
            epci,
            int(entry.get("population") or 0),
            parent,
        ]
    return [rows[code] for code in sorted(rows)]


def complete_references(
    rows: list[CommuneRow], departments: dict[str, dict[str, str]], regions: dict[str, str]
) -> list[str]:
    """Add départements and regions used by communes but missing from the source lists; return warnings.

    A missing département takes the name of the region (or overseas collectivity) with the same code if there is one,
    otherwise the name of the commune's region. A missing region takes the name of the département with the same code.
    """
    warnings: list[str] = []
    for _, _, _, _, dep_code, region_code, *_ in rows:
        if region_code not in regions:
            name = departments.get(region_code, {}).get("name", region_code)
            regions[region_code] = name
            warnings.append(f"region {region_code} missing from regions.json, named {name!r}")
        if dep_code not in departments:
            name = regions.get(dep_code) or regions[region_code]
            departments[dep_code] = {"name": name, "region": region_code}
            warnings.append(f"département {dep_code} missing from departements.json, named {name!r}")
    for dep_code, department in departments.items():
        if department["region"] not in regions:
            raise RuntimeError(f"département {dep_code} refers to unknown region {department['region']}")
    return warnings


def check(rows: list[CommuneRow], epci_names: dict[str, str]) -> None:
    """Fail loudly if the source data no longer looks like what this script expects."""
    arrondissements = sum(1 for row in rows if row[2] == "arrondissement")
    if arrondissements != EXPECTED_ARRONDISSEMENTS:
        raise RuntimeError(f"expected {EXPECTED_ARRONDISSEMENTS} arrondissements, found {arrondissements}")
    if len(rows) - arrondissements < MIN_COMMUNES:
        raise RuntimeError(f"only {len(rows) - arrondissements} communes, expected at least {MIN_COMMUNES}")
    unknown = {row[6] for row in rows if row[6] and row[6] not in epci_names}
    if unknown:
        raise RuntimeError(f"unknown EPCI codes: {sorted(unknown)}")


def serialize(payload: dict[str, Any]) -> bytes:
    """Compact JSON, gzip-compressed with a fixed header so identical input gives identical bytes."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as compressed:
        compressed.write(text.encode("utf-8"))
    return buffer.getvalue()


def build(tarball: Path) -> tuple[dict[str, Any], list[str]]:
    """Build the output payload from a package tarball; return it with data warnings."""
    version, data = read_package(tarball)
    regions = build_regions(data["regions"])
    departments = build_departments(data["departements"])
    epci_names, epci_of = build_epci_membership(data["epci"])
    rows = build_communes(data["communes"], epci_of)
    warnings = complete_references(rows, departments, regions)
    check(rows, epci_names)
    payload = {
        "source": {"package": PACKAGE, "version": version, "licence": LICENCE, "url": PACKAGE_URL},
        "regions": dict(sorted(regions.items())),
        "departments": dict(sorted(departments.items())),
        "epcis": dict(sorted(epci_names.items())),
        "communes": rows,
    }
    return payload, warnings


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", default=DEFAULT_VERSION, help=f"package version (default: {DEFAULT_VERSION})")
    parser.add_argument("--tarball", type=Path, help="use this local package tarball instead of running npm pack")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="output file (default: %(default)s)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.tarball:
        payload, warnings = build(args.tarball)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            payload, warnings = build(download_tarball(args.version, Path(tmp)))
    if not args.tarball and payload["source"]["version"] != args.version:
        raise RuntimeError(f"asked for version {args.version}, npm gave {payload['source']['version']}")

    content = serialize(payload)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(content)

    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    rows = payload["communes"]
    arrondissements = sum(1 for row in rows if row[2] == "arrondissement")
    print(f"{PACKAGE}@{payload['source']['version']} -> {args.output}")
    print(f"communes:        {len(rows) - arrondissements}")
    print(f"arrondissements: {arrondissements}")
    print(f"departments:     {len(payload['departments'])}")
    print(f"regions:         {len(payload['regions'])}")
    print(f"EPCIs:           {len(payload['epcis'])}")
    print(f"without EPCI:    {sum(1 for row in rows if not row[6])}")
    print(f"without postal:  {sum(1 for row in rows if not row[3])}")
    print(f"file size:       {len(content):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
