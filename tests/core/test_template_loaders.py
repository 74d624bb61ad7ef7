"""The project's HTML templates reach the browser without their indentation; what they write of their values, and
the texts of emails and SMS, are untouched."""

import copy
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

pytestmark = pytest.mark.django_db

INDENTED = re.compile(r"^[ \t]+\S", re.MULTILINE)


@pytest.fixture
def templates_dir(tmp_path, settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates
    return tmp_path


def test_an_html_template_loses_its_indentation_not_its_line_breaks_nor_its_values(templates_dir):
    (templates_dir / "essai.html").write_text(
        "<ul>\n  <li>\n    {{ text }}\n  </li>\n\t<li>Deux\n      mots</li>\n</ul>\n"
    )

    html = render_to_string("essai.html", {"text": "Étape 1\n    puis l’étape 2"})

    assert html == "<ul>\n<li>\nÉtape 1\n    puis l’étape 2\n</li>\n<li>Deux\nmots</li>\n</ul>\n"


def test_a_text_template_keeps_its_indentation(templates_dir):
    (templates_dir / "essai.txt").write_text("Bonjour,\n\n  - ta demande\n  - ton rappel\n")

    assert render_to_string("essai.txt") == "Bonjour,\n\n  - ta demande\n  - ton rappel\n"


def test_the_project_s_part_of_a_page_has_no_indented_line(client):
    html = client.get(reverse("home")).content.decode()
    body = html[html.index("<body>") : html.index("</body>")]

    assert 'class="fr-skiplinks"' in body and "<main" in body
    assert not INDENTED.search(body)
