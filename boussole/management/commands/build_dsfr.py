"""Writes the site's DSFR bundle: the core, the components and the icons the site uses, one stylesheet, one script.

The full DSFR is 1.2 MB of CSS and 110 KB of JavaScript; a youth on a phone should not pay for components the site
never shows. The bundle is committed (static/boussole/dsfr/) and rebuilt with this command when django-dsfr is
upgraded or a template starts using another component or icon; a test fails while the committed bundle is stale or
misses a class that a template uses.

The icons are written into the stylesheet as data URIs: each was a request of its own (seven more on a results page),
a few hundred bytes that brotli compresses to almost nothing once they sit beside each other.
"""

import posixpath
import re
from pathlib import Path
from urllib.parse import quote

import dsfr
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

DSFR_STATIC = Path(dsfr.__file__).parent / "static"
BUNDLE_DIR = "boussole/dsfr"
CSS_BUNDLE = f"{BUNDLE_DIR}/dsfr.min.css"
JS_BUNDLE = f"{BUNDLE_DIR}/dsfr.module.min.js"

# Components whose styles the site's templates use (DsfrBaseForm fields included), in the DSFR's own order.
CSS_COMPONENTS = [
    "link",
    "button",
    "connect",
    "tag",
    "badge",
    "alert",
    "notice",
    "breadcrumb",
    "callout",
    "form",
    "input",
    "select",
    "checkbox",
    "radio",
    "stepper",
    "sidemenu",
    "modal",
    "navigation",
    "pagination",
    "table",
    "skiplink",
    "card",
    "tile",
    "logo",
    "header",
    "footer",
]
# Components whose behaviour the site needs (mobile menu, collapsible breadcrumb and side menu, tables…), in the
# order of the DSFR's full bundle, after the core and the light/dark scheme.
JS_PARTS = [
    "core/core",
    "scheme/scheme",
    *(
        f"component/{name}/{name}"
        for name in ["button", "card", "checkbox", "breadcrumb", "sidemenu", "modal", "navigation", "tag", "tile"]
    ),
    "component/header/header",
    "component/table/table",
]
# Where icon classes may be written: templates, and Python code or data migrations that name a pictogram.
ICON_SOURCES = ["templates", "*/migrations", "*/*.py"]
ICON_CLASS = re.compile(r"\bfr-(?:icon|fi)-[a-z0-9-]+-(?:line|fill)\b")
CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
# Relative URLs only: data URIs, fragments, absolute and percent-encoded references stay as they are.
CSS_URL = re.compile(r"""url\(\s*(["']?)(?!data:|#|%|/|https?:)([^"')\s]+)\1\s*\)""")


def _rebase_urls(css: str, source: str) -> str:
    """Rewrites the relative URLs of a DSFR stylesheet (path under static/) as seen from the bundle's folder."""

    def rebase(match):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(source), match.group(2)))
        return f"url({match.group(1)}{posixpath.relpath(target, BUNDLE_DIR)}{match.group(1)})"

    return CSS_URL.sub(rebase, css)


ICON_URL = re.compile(r"""url\(\s*(["']?)((?:\.\./)*dsfr/dist/icons/[^"')\s]+\.svg)\1\s*\)""")


# Left as they are in a data URI, as the DSFR's own write them: the rest is percent-encoded.
DATA_URI_SAFE = " /:=';,.-_()"


def _inline_icons(css: str) -> str:
    """Replaces the bundle's URLs of DSFR icons by data URIs of the same SVG."""

    def data_uri(match):
        source = posixpath.normpath(posixpath.join(BUNDLE_DIR, match.group(2)))
        svg = re.sub(r"\s+", " ", (DSFR_STATIC / source).read_text(encoding="utf-8")).strip().replace('"', "'")
        return f'url("data:image/svg+xml;charset=utf-8,{quote(svg, safe=DATA_URI_SAFE)}")'

    return ICON_URL.sub(data_uri, css)


def _read(path: str) -> str:
    text = (DSFR_STATIC / path).read_text(encoding="utf-8")
    return text.removeprefix('@charset "UTF-8";').strip()


def used_icons(base_dir: Path) -> set[str]:
    found = set()
    for pattern in ICON_SOURCES:
        for folder_or_file in base_dir.glob(pattern):
            files = folder_or_file.rglob("*") if folder_or_file.is_dir() else [folder_or_file]
            for path in files:
                if path.suffix in {".html", ".py"} and not {".venv", "tests"} & set(path.relative_to(base_dir).parts):
                    found.update(ICON_CLASS.findall(path.read_text(encoding="utf-8")))
    return {name.replace("fr-fi-", "fr-icon-") for name in found}


def _icons_css(icons: set[str]) -> str:
    """The rules of the DSFR icon utility that draw these icons, and no other. An icon the DSFR does not have (a
    name from another icon set) would be an empty space beside its button's text: the build refuses it."""
    source = "dsfr/dist/utility/icons/icons.main.min.css"
    rules, drawn = [], set()
    for selector, body in CSS_RULE.findall(_read(source).split("*/", 1)[1]):
        classes = {name.replace("fr-fi-", "fr-icon-") for name in ICON_CLASS.findall(selector)}
        if classes and classes <= icons and "@media" not in selector:
            rules.append(f"{selector.strip()}{{{body}}}")
            drawn |= classes
    if unknown := sorted(icons - drawn):
        raise CommandError(f"icônes absentes du DSFR : {', '.join(unknown)}")
    return _rebase_urls("".join(rules), source)


def build(base_dir: Path) -> dict[str, str]:
    """The bundle's files, by path under static/."""
    parts = ["dsfr/dist/core/core.main.min.css"]
    parts += [f"dsfr/dist/component/{name}/{name}.main.min.css" for name in CSS_COMPONENTS]
    license_line = _read(parts[0]).split("*/", 1)[0] + "*/"
    css = [license_line]
    for part in parts:
        css.append(f"/* {part.removeprefix('dsfr/dist/')} */")
        css.append(_rebase_urls(_read(part).split("*/", 1)[1], part))
    css.append("/* utility/icons: " + ", ".join(sorted(used_icons(base_dir))) + " */")
    css.append(_icons_css(used_icons(base_dir)))
    css.append("/* django-dsfr overrides */")
    css.append(_read("css/dsfr-django-overrides.css"))
    # Each DSFR module declares top-level constants of the same names: a block gives each its own scope.
    js = [license_line]
    for part in JS_PARTS:
        body = _read(f"dsfr/dist/{part}.module.min.js").split("*/", 1)[1].strip()
        js.append(f"/* {part} */\n{{\n{body}\n}}")
    return {
        CSS_BUNDLE: '@charset "UTF-8";\n' + _inline_icons("\n".join(css)) + "\n",
        JS_BUNDLE: "\n".join(js) + "\n",
    }


class Command(BaseCommand):
    help = "Écrit le DSFR réduit aux composants et icônes utilisés (static/boussole/dsfr/)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="échoue si les fichiers écrits ne sont pas à jour")

    def handle(self, *args, check, **options):
        base_dir = Path(settings.BASE_DIR)
        static_dir = base_dir / "static"
        stale = []
        for path, content in build(base_dir).items():
            target = static_dir / path
            current = target.read_text(encoding="utf-8") if target.exists() else None
            if current == content:
                continue
            stale.append(path)
            if not check:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content, encoding="utf-8")
                self.stdout.write(f"{path} : {len(content.encode()) // 1024} Ko")
        if check and stale:
            raise CommandError(f"DSFR à reconstruire (python manage.py build_dsfr) : {', '.join(stale)}")
