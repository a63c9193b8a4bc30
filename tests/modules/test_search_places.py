"""A search hit names each kit that holds it once, even where the kit's translations link the module
too (as they do after load_kits with translations), linking the kit in the reader's language."""

import re

import pytest

from tests.modules.helpers import translate_kits

pytestmark = pytest.mark.django_db


@pytest.fixture
def translated_kits():
    translate_kits("de", "fr")


@pytest.mark.parametrize("prefix", ["", "/de"])
def test_each_kit_is_named_once_per_hit(client, translated_kits, prefix):
    html = client.get(f"{prefix}/search/", {"q": "quadruple helix"}).content.decode()
    places = re.findall(r'<p class="meta"[^>]*>[^<]*((?:<a href="[^"]+">[^<]+</a>(?:, )?)+)</p>', html)
    assert places
    for line in places:
        labels = re.findall(r">([^<]+)</a>", line)
        assert len(labels) == len(set(labels)), labels
    assert f'href="{prefix}/itg-t2/sh-2/from-triple-to-quadruple-helix/"' in html
