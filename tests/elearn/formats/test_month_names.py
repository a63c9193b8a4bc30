"""Every month inside a date reads as the language writes it (elearn/formats/month_names.py): Italian in
lower case, where Django's own catalogue capitalises it; the other languages as Django has them."""

import datetime

import pytest
from django.utils import formats, translation

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "sl": "januar februar marec april maj junij julij avgust september oktober november december",
}
DAY = {"en": "4 {}", "de": "4. {}", "fr": "4 {}", "it": "4 {}", "sl": "4. {}"}


@pytest.mark.parametrize("language", sorted(MONTHS))
def test_every_month_in_a_date(language):
    with translation.override(language):
        written = [formats.date_format(datetime.date(2026, month, 4)) for month in range(1, 13)]
    assert written == [DAY[language].format(name) + " 2026" for name in MONTHS[language].split()]
