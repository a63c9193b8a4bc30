"""The licences a kit may carry: the names people cite and the deeds they can read."""

from modules.licences import LICENCE_CHOICES, licence_name, licence_url, spdx_url
from modules.models import KitPage


def test_a_kit_offers_the_creative_commons_licences_in_one_order():
    assert KitPage._meta.get_field("licence").choices == LICENCE_CHOICES == [
        ("CC-BY-4.0", "CC BY 4.0"), ("CC-BY-SA-4.0", "CC BY-SA 4.0"), ("CC-BY-NC-4.0", "CC BY-NC 4.0"),
        ("CC-BY-NC-SA-4.0", "CC BY-NC-SA 4.0"), ("CC0-1.0", "CC0 1.0")]


def test_a_licence_links_to_the_deed_people_read():
    assert licence_url("CC-BY-SA-4.0") == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert licence_url("CC-BY-NC-SA-4.0") == "https://creativecommons.org/licenses/by-nc-sa/4.0/"
    assert licence_url("CC0-1.0") == "https://creativecommons.org/publicdomain/zero/1.0/"


def test_another_licence_is_cited_by_its_identifier_and_its_spdx_page():
    assert licence_name("MIT") == "MIT"
    assert licence_url("MIT") == spdx_url("MIT") == "https://spdx.org/licenses/MIT.html"
