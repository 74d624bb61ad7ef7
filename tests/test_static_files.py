import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from boussole.management.commands.build_dsfr import CSS_BUNDLE, DSFR_STATIC, build, used_icons

ROOT = Path(__file__).resolve().parent.parent
CLASS = re.compile(r"(?<![\w-])fr-[a-z0-9_-]*[a-z0-9]")
# Styled by the DSFR only inside a component the site does not use (the search bar).
STYLED_ELSEWHERE_ONLY = {"fr-input--error"}


def _styled(css: str, name: str) -> bool:
    return re.search(rf"\.{re.escape(name)}(?![\w-])", css) is not None


def test_committed_dsfr_bundle_is_up_to_date():
    call_command("build_dsfr", check=True)


def test_every_icon_the_site_names_is_drawn_by_the_bundle():
    bundle = (ROOT / "static" / CSS_BUNDLE).read_text()

    undrawn = sorted(icon for icon in used_icons(ROOT) if not _styled(bundle, f"{icon}:before"))

    assert not undrawn, f"icônes sans dessin (absentes du DSFR ou du DSFR du site) : {undrawn}"


def test_an_icon_the_dsfr_does_not_have_stops_the_build(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text('<a class="fr-btn fr-icon-file-copy-line">Dupliquer</a>')

    with pytest.raises(CommandError, match="icônes absentes du DSFR : fr-icon-file-copy-line"):
        build(tmp_path)


def test_dsfr_bundle_styles_every_class_the_templates_use():
    bundle = (ROOT / "static" / CSS_BUNDLE).read_text()
    full_dsfr = "".join(
        (DSFR_STATIC / path).read_text()
        for path in ["dsfr/dist/dsfr/dsfr.main.min.css", "dsfr/dist/utility/utility.main.min.css"]
    )
    used = {name for path in (ROOT / "templates").rglob("*.html") for name in CLASS.findall(path.read_text())}

    missing = sorted(name for name in used if _styled(full_dsfr, name) and not _styled(bundle, name))
    missing = [name for name in missing if name not in STYLED_ELSEWHERE_ONLY]

    assert not missing, f"classes DSFR absentes du DSFR du site (python manage.py build_dsfr) : {missing}"
    assert len(bundle.encode()) < 0.7 * len(full_dsfr.encode())


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/suivi/eyJpZCI6MTJ9:1tXyZ:abcdef/", "/suivi/[masqué]/"),
        ("/suivi/eyJpZCI6MTJ9:1tXyZ:abcdef/retirer/", "/suivi/[masqué]/retirer/"),
        ("/demande/eyJpZCI6MTJ9:1tXyZ:abcdef/envoyee/", "/demande/[masqué]/envoyee/"),
        ("/s/Xq3_kP9-vL2mN8rT5wYz1A", "/s/[masqué]"),
        ("Not Found: /s/Xq3_kP9-vL2mN8rT5wYz1A/", "Not Found: /s/[masqué]/"),
        ("https://boussole.jeunes.gouv.fr/s/Xq3_kP9-vL2mN8rT5wYz1A", "https://boussole.jeunes.gouv.fr/s/[masqué]"),
        ("/static/boussole/s/logo.svg", "/static/boussole/s/logo.svg"),
        ("/espace-pro/invitation/Zx8sK2m0qL/", "/espace-pro/invitation/[masqué]/"),
        ("/espace-pro/mot-de-passe/nouveau/MQ/cl1x2b-9a8f7e6d5c/", "/espace-pro/mot-de-passe/nouveau/[masqué]/"),
        ("/espace-pro/mot-de-passe/nouveau/termine/", "/espace-pro/mot-de-passe/nouveau/termine/"),
        ("/offres/12-aide-au-permis/", "/offres/12-aide-au-permis/"),
    ],
)
def test_access_log_hides_the_secrets_of_urls(path, logged):
    from boussole.access_log import masked_path

    assert masked_path(path) == logged


def test_access_log_line_has_no_query_string_nor_visitor_address():
    import datetime
    from types import SimpleNamespace

    from gunicorn.config import Config

    from boussole.access_log import AccessLogger

    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", '%(h)s "%(r)s" %(U)s %(q)s %(f)s')
    logger = AccessLogger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/suivi/secret-token/",
        "RAW_URI": "/suivi/secret-token/?commune=51454",
        "QUERY_STRING": "commune=51454",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": "https://boussole.example/suivi/secret-token/",
    }
    request = SimpleNamespace(headers=[], method="GET", path="/suivi/secret-token/", query="commune=51454")
    response = SimpleNamespace(status="200 OK", headers=[], sent=10, response_length=10)
    atoms = logger.atoms(response, request, environ, datetime.timedelta(milliseconds=3))
    line = config.access_log_format % atoms

    assert "secret-token" not in line
    assert "51454" not in line
    assert '"GET /suivi/[masqué]/ HTTP/1.1"' in line
