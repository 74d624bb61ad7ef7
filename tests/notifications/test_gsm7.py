import pytest

from notifications import gsm7
from notifications.enums import SmsEncoding


def test_french_typography_is_written_with_what_gsm7_has():
    text = gsm7.encode(
        "Ta demande d’aide à l’Œuvre «\u00a0Logement\u00a0» est reçue\u00a0: tu seras contacté·e – vite…"
    )

    assert text.text == "Ta demande d'aide à l'OEuvre \" Logement \" est recue : tu seras contacté.e - vite..."
    assert text.encoding == SmsEncoding.GSM7


def test_accents_that_gsm7_lacks_are_dropped_and_the_others_kept():
    text = gsm7.encode("Fête, île, hôtel, août, Noël, maïs, ÀÈÊ, Nguyễn ; déjà où à là Ça Ñ ü")

    assert text.text == "Fete, ile, hotel, aout, Noel, mais, AEE, Nguyen ; déjà où à là Ça Ñ ü"
    assert text.encoding == SmsEncoding.GSM7


def test_narrow_and_thin_spaces_become_spaces_and_invisible_characters_go():
    assert gsm7.encode("Le\u202f12\u2009mars\u200b !").text == "Le 12 mars !"


def test_160_gsm7_characters_fit_one_segment_and_161_take_two():
    assert gsm7.encode("a" * 160).segments == 1
    assert gsm7.encode("a" * 161).segments == 2
    # Once split, each segment holds 153.
    assert gsm7.encode("a" * 306).segments == 2
    assert gsm7.encode("a" * 307).segments == 3


def test_the_extension_table_counts_twice():
    text = gsm7.encode("a" * 158 + "€")

    assert (text.length, text.segments) == (160, 1)
    assert gsm7.encode("a" * 159 + "€").segments == 2
    assert gsm7.encode("[x]").length == 5


@pytest.mark.parametrize("name", ["Анна", "فاطمة", "Ελένη", "Zoë 🙂"])
def test_a_name_gsm7_cannot_write_makes_the_sms_ucs2_and_is_kept_as_it_is(name):
    text = gsm7.encode(f"Bonjour {name}, ta demande d’aide est reçue.")

    assert text.encoding == SmsEncoding.UCS2
    assert text.text == f"Bonjour {name}, ta demande d’aide est reçue."


def test_ucs2_fits_70_characters_in_one_segment_and_an_emoji_takes_two():
    assert gsm7.encode("Ж" * 70).segments == 1
    assert gsm7.encode("Ж" * 71).segments == 2
    assert gsm7.encode("Ж" * 134).segments == 2
    assert gsm7.encode("Ж" * 68 + "🙂").length == 70
    assert gsm7.encode("Ж" * 69 + "🙂").segments == 2
