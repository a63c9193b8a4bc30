"""Issue 15.7: the site looks like the programme's. Its name and logo are a site setting (SiteIdentity)
used by the header, every <title> and the e-mails; the footer's funding block shows the programme
logo or a clean text mark (never a dashed placeholder); kit pages name their languages."""

import io

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.images import ImageFile
from django.utils import translation
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Site

from elearn.site.identity import site_name
from elearn.site.models import FundingSettings, SiteIdentity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def an_image(title="Logo"):
    data = io.BytesIO()
    PILImage.new("RGB", (120, 40), "#0b4f7c").save(data, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(data, name="logo.png"))


def identity():
    return SiteIdentity.for_site(Site.objects.get(is_default_site=True))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_default_name_is_the_programmes_in_every_language(client, language):
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    html = client.get(prefix + "/itg-t1/").content.decode()
    with translation.override(language):
        name = translation.gettext("S3-4AlpClusters training kits")
    if language != "en":
        assert name != "S3-4AlpClusters training kits"
    assert f'<span class="brand-name">{name}</span>' in html
    assert f"· {name}</title>" in html
    assert ">elearn<" not in html and "elearn ·" not in html


def test_a_name_set_in_the_settings_replaces_it(client):
    setting = identity()
    setting.name = "Alpine cluster academy"
    setting.save()
    html = client.get("/itg-t1/").content.decode()
    assert '<span class="brand-name">Alpine cluster academy</span>' in html
    assert "· Alpine cluster academy</title>" in html


def test_an_uploaded_site_logo_is_shown_in_the_header(client):
    setting = identity()
    setting.logo = an_image()
    setting.save()
    html = client.get("/").content.decode()
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    assert 'class="brand-logo"' in header and "<img" in header
    assert "brand-mark" not in header


def test_without_a_programme_logo_the_footer_shows_a_text_mark_not_a_placeholder(client):
    html = client.get("/").content.decode()
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert '<span class="programme-mark"><span class="programme-mark-name">Interreg</span><span class="programme-mark-sub">Alpine Space</span></span>' in footer
    assert "logo-slot" not in html and "dashed" not in html


def test_an_uploaded_programme_logo_replaces_the_text_mark(client):
    funding = FundingSettings.for_site(Site.objects.get(is_default_site=True))
    funding.logo = an_image("Interreg Alpine Space")
    funding.save()
    footer = client.get("/").content.decode().split('<footer class="site-footer">', 1)[1]
    assert "<img" in footer and "programme-mark" not in footer


def test_the_site_css_draws_no_dashed_box():
    css = (settings.BASE_DIR / "static/css/site.css").read_text()
    assert "logo-slot" not in css
    mark = next(line for line in css.splitlines() if line.startswith(".programme-mark {"))
    assert "dashed" not in mark and "background: var(--brand)" in mark and "color: #fff" in mark


@pytest.mark.parametrize(("language", "names"), [
    ("en", "English, German, French, Italian, Slovenian"),
    ("de", "Englisch, Deutsch, Französisch, Italienisch, Slowenisch"),
    ("fr", "Anglais, Allemand, Français, Italien, Slovène"),
    ("it", "Inglese, Tedesco, Francese, Italiano, Sloveno"),
])
def test_kit_pages_name_their_languages_in_the_readers_language(client, kit_t1, language, names):
    kit_t1.languages = "en,de,fr,it,sl"
    kit_t1.save_revision().publish()
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    html = client.get(prefix + "/itg-t1/").content.decode()
    assert f"<dd>{names}</dd>" in html
    assert "<dd>en,de,fr,it,sl</dd>" not in html


def test_an_unknown_language_tag_is_shown_as_it_is():
    from elearn.site.language import language_names

    with translation.override("en"):
        assert language_names("de, xx-unknown") == ["German", "xx-unknown"]


def test_emails_name_the_site_by_its_setting(client, learner):
    client.post("/accounts/password/reset/", {"email": learner.email})
    message = mail.outbox[-1]
    assert message.subject.startswith("[S3-4AlpClusters training kits] ")
    assert "S3-4AlpClusters training kits" in message.body and "testserver" not in message.subject
    setting = identity()
    setting.name = "Alpine cluster academy"
    setting.save()
    client.post("/accounts/password/reset/", {"email": learner.email})
    assert mail.outbox[-1].subject.startswith("[Alpine cluster academy] ")


def test_outside_a_request_the_default_sites_name_is_used():
    assert site_name() == "S3-4AlpClusters training kits"


@pytest.mark.parametrize(("actor", "status"), [(None, 302), ("learner", 302), ("trainer", 302), ("administrator", 200)])
def test_only_people_allowed_to_change_settings_edit_the_name(client, request, actor, status):
    if actor:
        client.force_login(request.getfixturevalue(actor))
    site = Site.objects.get(is_default_site=True)
    response = client.get(f"/admin/settings/site/siteidentity/{site.pk}/")
    assert response.status_code == status
