"""Deep linking: a teacher picks a kit or module in a language; the platform validates our answer."""

import re

from lti_tool.models import LtiUser

from modules.models import ModulePage

from .platform import INSTRUCTOR


def open_picker(platform, client, locale=None):
    response = platform.launch(client, user_id="teacher-1", roles=(INSTRUCTOR,), deep_linking=True, locale=locale)
    assert response.status_code == 302
    return response["Location"]


def answer_token(response):
    body = response.content.decode()
    return re.search(r'name="JWT" value="([^"]+)"', body).group(1), re.search(r'id="lti-deep-link-return" method="post" action="([^"]+)"', body).group(1)


def test_teacher_picks_a_module_and_the_platform_accepts_the_link_with_a_line_item(registered, client, kit_t1):
    picker = open_picker(registered, client)
    assert picker == "/lti/deep-link/"
    page = client.get(picker)
    assert page.status_code == 200
    module = ModulePage.objects.get(code="SH-1")
    value = f"module:{kit_t1.translation_key}:{module.translation_key}"
    assert value in page.content.decode()

    response = client.post(picker, {"item": value, "language": "it"})

    assert response.status_code == 200
    token, action = answer_token(response)
    assert action == registered.url("/deep-link-return")
    assert f"form-action 'self' http://127.0.0.1:{registered.port}" in response["Content-Security-Policy"]
    [item] = registered.validate_deep_linking_response(token)
    # The library checks the signature against our key set; the addressing is checked here (LTI-DL 2.0 §4.2).
    import jwt

    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["iss"] == registered.client_id and claims["aud"] == [registered.issuer]
    assert claims["https://purl.imsglobal.org/spec/lti/claim/deployment_id"] == registered.deployment_id
    assert claims["https://purl.imsglobal.org/spec/lti-dl/claim/data"] == {"opaque": "d-1"}
    assert item["type"] == "ltiResourceLink" and item["title"] == module.title
    assert item["lineItem"] == {"scoreMaximum": 100, "label": module.title, "resourceId": str(module.translation_key)}
    assert item["custom"] == {"kit": str(kit_t1.translation_key), "module": str(module.translation_key), "lang": "it"}
    assert item["url"].endswith(f"/it{kit_t1.url}{module.slug}/")
    assert LtiUser.objects.get(sub="teacher-1").auth_user.is_staff is False
    # One answer per request: the picker is closed afterwards.
    assert client.get(picker).status_code == 403


def test_the_placed_module_launches_the_learner_onto_it(registered, client, kit_t1):
    picker = open_picker(registered, client)
    module = ModulePage.objects.get(code="SH-1")
    token, _action = answer_token(client.post(picker, {"item": f"module:{kit_t1.translation_key}:{module.translation_key}", "language": "de"}))
    [item] = registered.validate_deep_linking_response(token)
    client.logout()
    response = registered.launch(client, custom=item["custom"])
    assert response["Location"] == f"/de{kit_t1.url}{module.slug}/"


def test_teacher_picks_a_kit_without_a_line_item(registered, client, kit_t2):
    picker = open_picker(registered, client, locale="fr-FR")
    assert picker == "/fr/lti/deep-link/"
    token, _action = answer_token(client.post(picker, {"item": f"kit:{kit_t2.translation_key}", "language": "fr"}))
    [item] = registered.validate_deep_linking_response(token)
    assert "lineItem" not in item and item["custom"] == {"kit": str(kit_t2.translation_key), "lang": "fr"}


def test_a_bad_choice_is_refused_on_the_picker(registered, client):
    picker = open_picker(registered, client)
    response = client.post(picker, {"item": "module:not-a-uuid", "language": "en"})
    assert response.status_code == 400
    assert "Choose a kit or a module" in response.content.decode()
    response = client.post(picker, {"item": "kit:00000000-0000-0000-0000-000000000000", "language": "xx"})
    assert response.status_code == 400


def test_picker_posts_need_the_csrf_token(registered, client, kit_t1):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    picker = open_picker(registered, csrf_client)
    assert csrf_client.post(picker, {"item": f"kit:{kit_t1.translation_key}", "language": "en"}).status_code == 403


def test_picker_is_translated(registered, client):
    picker = open_picker(registered, client, locale="sl")
    assert picker == "/sl/lti/deep-link/"
    body = client.get(picker).content.decode()
    assert 'lang="sl"' in body and "Add an activity to your course" not in body


def test_picker_reads_the_catalogue_in_a_fixed_number_of_queries(registered, client, kit_t1, django_assert_max_num_queries):
    from modules.lti.targets import deep_link_catalogue

    picker = open_picker(registered, client)
    # Session, account, registration, key, the kits, their module links, permissions, site settings:
    # none per kit or module (12 entries here). The first page a site serves also creates its settings
    # rows (site identity, funding logo): measured from the second.
    client.get(picker)
    with django_assert_max_num_queries(14):
        response = client.get(picker)
    entries = deep_link_catalogue()
    assert len(entries) >= 10 and response.content.decode().count('name="item"') == len(entries)
