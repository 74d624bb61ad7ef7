"""Every phone number a youth reads can be called with a tap: the numbers in the texts professionals write."""

import pytest

from core.phones import link_phone_numbers, number_to_call

pytestmark = pytest.mark.django_db


def link(href: str, number: str) -> str:
    return f'<a class="boussole-nowrap" href="{href}">{number}</a>'


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("Appelle le 0 800 235 236.", f"Appelle le {link('tel:0800235236', '0 800 235 236')}."),
        ("Tél. 03 26 00 11 20", f"Tél. {link('tel:0326001120', '03 26 00 11 20')}"),
        (
            "au 03.26.00.11.20 ou au 0326001120",
            f"au {link('tel:0326001120', '03.26.00.11.20')} ou au {link('tel:0326001120', '0326001120')}",
        ),
        ("+33 3 26 00 11 20", f"{link('tel:+33326001120', '+33 3 26 00 11 20')}"),
        (
            "Si c’est pour ce soir, appelle le 115 : c’est gratuit.",
            f"Si c’est pour ce soir, appelle le {link('tel:115', '115')} : c’est gratuit.",
        ),
        ("Écris au 114.", f"Écris au {link('sms:114', '114')}."),
        # Dates, ages, addresses, identifiers stay text.
        ("le 15 mars, les 15 ans, le 15 à 10 h, au 112 avenue Foch", None),
        ("SIRET 12345678901234, 51100 Reims", None),
    ],
)
def test_phone_numbers_in_a_text_become_links(text, linked):
    assert link_phone_numbers(text) == (linked or text)


def test_the_text_around_the_numbers_is_escaped():
    assert link_phone_numbers('<script>alert("x")</script> 03 26 00 11 20 & co') == (
        f"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; {link('tel:0326001120', '03 26 00 11 20')} &amp; co"
    )


def test_a_text_that_invites_to_call_names_the_number_to_call():
    assert number_to_call("Un suivi.", "Tu peux aussi appeler directement le 0 800 235 236.") == "0 800 235 236"
    assert number_to_call("Si c’est pour ce soir, appelle le 115 : c’est gratuit.") == "115"
    # A number given to reach the office, or a callback, is no hotline.
    assert number_to_call("On te rappelle le 15 à 10 h.", "Accueil : 03 26 00 11 20.") is None
