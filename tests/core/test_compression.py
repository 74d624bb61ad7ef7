"""Pages reach the browser in gzip as Django compresses them, random name against BREACH included, at half the cost."""

import gzip

import pytest
from django.urls import reverse
from django.utils.text import compress_string

from core.compression import gzip_page

pytestmark = pytest.mark.django_db

TEXT = "<li>Une offre près de chez toi, 03 26 00 11 20.</li>\n".encode()


def without_name(compressed: bytes) -> bytes:
    """The gzip stream without its file name, which the compressor writes of random length."""
    return compressed[:10] + compressed[10:][compressed[10:].index(b"\x00") + 1 :]


@pytest.mark.parametrize("size", [200, 3_000, 9_000, 40_000, 200_000])
def test_a_page_is_compressed_to_the_bytes_django_writes(size):
    content = (TEXT * (size // len(TEXT) + 1))[:size]

    compressed = gzip_page(content, max_random_bytes=100)

    assert gzip.decompress(compressed) == content
    assert without_name(compressed) == without_name(compress_string(content, max_random_bytes=100))


def test_the_length_of_a_compressed_page_varies_against_breach():
    lengths = {len(gzip_page(TEXT * 100, max_random_bytes=100)) for _ in range(30)}

    assert len(lengths) > 1


def test_a_browser_that_accepts_gzip_gets_the_page_compressed(client):
    plain = client.get(reverse("home"))
    compressed = client.get(reverse("home"), headers={"accept-encoding": "gzip, deflate, br"})

    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert compressed["Vary"] == plain["Vary"] and "Accept-Encoding" in compressed["Vary"]
    assert compressed["ETag"] == f"W/{plain['ETag']}"
    assert int(compressed["Content-Length"]) == len(compressed.content) < len(plain.content)
    assert gzip.decompress(compressed.content) == plain.content
