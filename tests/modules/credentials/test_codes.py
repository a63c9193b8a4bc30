"""Certificate codes people can read off paper and type: no I, L, O, 0 or 1, grouped, forgiving input."""

import math

import pytest

from modules.learning.models import CODE_ALPHABET, certificate_code_candidates, find_certificate, new_certificate_code

from .builders import issued_certificate

pytestmark = pytest.mark.django_db


def test_new_codes_are_three_groups_of_four_without_look_alikes():
    codes = {new_certificate_code() for _ in range(300)}
    assert len(codes) == 300
    for code in codes:
        groups = code.split("-")
        assert [len(group) for group in groups] == [4, 4, 4]
        assert not set("".join(groups)) & set("IlLO01o")
        assert set("".join(groups)) <= set(CODE_ALPHABET)
    assert 12 * math.log2(len(CODE_ALPHABET)) > 59


@pytest.mark.parametrize("typed", ["7kqd-m3xa-rt9f", "7KQDM3XART9F", " 7KQD M3XA RT9F ", "7kqd--m3xa rt9f", "7KQD-M3XA-RT9F"])
def test_a_typed_code_is_found_whatever_its_case_dashes_or_spaces(learner, kit_t1, typed):
    certificate = issued_certificate(learner, kit_t1, code="7KQD-M3XA-RT9F")
    assert find_certificate(typed) == certificate


@pytest.mark.parametrize("typed", ["", "   ", "7KQD-M3XA-RT9", "7KQD-M3XA-RT9FF", "7KQD-M3XA-RT9O", "xxxxxxxxxxxxxxxxxxxx" * 10])
def test_a_wrong_code_finds_nothing(learner, kit_t1, typed):
    issued_certificate(learner, kit_t1, code="7KQD-M3XA-RT9F")
    assert find_certificate(typed) is None


def test_codes_issued_before_the_grouped_format_keep_working_exactly(learner, kit_t1):
    old = issued_certificate(learner, kit_t1, code="aB3_x-Yz9QrT0lOI")
    assert find_certificate("aB3_x-Yz9QrT0lOI") == old
    assert find_certificate("ab3_x-yz9qrt0loi") is None  # the old tokens were case-sensitive
    assert certificate_code_candidates("aB3_x-Yz9QrT0lOI") == ["aB3_x-Yz9QrT0lOI"]


def test_an_issued_certificate_gets_a_grouped_code(learner_client, learner, kit_t1):
    from tests.modules.helpers import complete_kit

    complete_kit(learner_client, kit_t1)
    assert learner_client.get("/itg-t1/certificate/").status_code == 200
    code = learner.certificates.get().code
    assert len(code) == 14 and code.count("-") == 2
