"""The LRS settings refuse values that would send records somewhere unexpected or identify learners
in a way nobody chose."""

from tests.sites import manage

PRINT = "from django.conf import settings; print(repr(settings.ELEARN_LRS_ENDPOINT), settings.ELEARN_LRS_ACTOR)"


def test_lrs_is_off_and_learners_are_accounts_by_default():
    result = manage("shell", "--no-imports", "-c", PRINT, DJANGO_SETTINGS_MODULE="elearn.settings.test",
                    ELEARN_LRS_ENDPOINT="", ELEARN_LRS_ACTOR="")
    assert result.stdout.strip() == "'' account", result.stderr


def test_an_unknown_actor_mode_stops_start_up():
    result = manage("check", DJANGO_SETTINGS_MODULE="elearn.settings.test", ELEARN_LRS_ACTOR="email")
    assert result.returncode != 0 and "ELEARN_LRS_ACTOR" in result.stderr


def test_an_endpoint_that_is_not_http_stops_start_up():
    result = manage("check", DJANGO_SETTINGS_MODULE="elearn.settings.test", ELEARN_LRS_ENDPOINT="file:///etc/passwd")
    assert result.returncode != 0 and "ELEARN_LRS_ENDPOINT" in result.stderr
