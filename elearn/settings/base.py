"""Settings shared by every environment. Every option is read from the environment here, once.

dev.py, test.py and production.py only supply defaults for those variables or tighten what
production needs; `.env.example` lists every variable.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def gettext_noop(message):
    """Marks a string for the catalogues (makemessages knows this name) without translating it.
    Django's own gettext_noop reads settings.USE_I18N, which cannot be read while settings load: it
    hid every ImproperlyConfigured raised below and broke a bare `import elearn.settings.production`."""
    return message


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it in the environment (see .env.example); "
        "only the dev and test settings provide a throwaway key."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# The public base URL: links in the admin's e-mails (WAGTAILADMIN_BASE_URL), the xAPI ids of H5P
# activities and the frame-ancestors of the H5P player when it runs on its own origin.
SITE_BASE_URL = os.environ.get("ELEARN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_BASE_URL
# The Atom feed's own id (RFC 4287 section 4.2.6: permanent, universally unique), never taken from the
# request's Host header. Empty: a UUID URN derived from ELEARN_BASE_URL (modules/packs/views.py). Set it
# to an absolute IRI (urn:uuid:…, tag:…) to keep the feed's id when the site moves to another host name.
ELEARN_FEED_ID = os.environ.get("ELEARN_FEED_ID", "").strip()
if ELEARN_FEED_ID and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", ELEARN_FEED_ID):
    raise ImproperlyConfigured("ELEARN_FEED_ID must be an absolute IRI, e.g. urn:uuid:… or tag:example.org,2026:packs.")

INSTALLED_APPS = [
    "elearn.accounts",
    "elearn.site",
    "modules",
    # Content translation (issue 12): segment editor, PO download/upload, stale segments; its locales
    # app replaces Wagtail's own locale admin.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "axes",
    "csp",
    # LTI 1.3 tool (modules/lti, issue 17): django-lti's platforms, deployments, keys and platform users.
    "lti_tool",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: runserver leaves /static/ to whitenoise, which sends the CORS header that
    # the sandboxed H5P player (an opaque origin) needs for h5p-standalone's fonts.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Background jobs (issue 19.4): the queue table of django-tasks' database backend.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost after security: a lost database becomes a friendly 503 page, whatever view was running.
    "elearn.site.middleware.DatabaseUnavailableMiddleware",
    # Refuses oversized request bodies (413) before Django reads or spools them.
    "elearn.site.security.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # With H5P_CONTENT_ORIGIN set: its host serves only the H5P player and files, the site never them.
    "modules.h5p.player.ContentOriginMiddleware",
    # A framed LTI launch's session: its cookies SameSite=None; Secure; Partitioned (modules/lti/framing.py).
    "modules.lti.framing.ThirdPartyCookieMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After auth: a signed-in learner's profile language counts when no cookie says otherwise.
    "elearn.site.language.PreferredLanguageMiddleware",
    # Kit, module and lesson pages as anonymous visitors see them, from the cache (elearn/site/page_cache.py).
    "elearn.site.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A domain error (modules.errors.ElearnError) a view lets through: its status and message, as HTML or JSON.
    "elearn.site.errors.ElearnErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "elearn.site.security.SiteCSPMiddleware",
    # Inside the two above: a framed LTI launch's pages may be framed by its platform only.
    "modules.lti.framing.FrameAncestorsMiddleware",
    "elearn.site.security.PermissionsPolicyMiddleware",
    # An incomplete Wagtail admin form POST (no `body-count`) is a 400, not a 500.
    "elearn.site.incomplete_forms.IncompleteAdminFormMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "elearn.urls"
WSGI_APPLICATION = "elearn.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "elearn.site.context_processors.funding",
                "elearn.site.context_processors.admin_link",
                "elearn.site.identity.site_identity",
            ],
        },
    },
]

# SQLite (WAL) is the embedded default so one command runs the site; PostgreSQL comes through
# DATABASE_URL, e.g. postgres://elearn:secret@db.example.org:5432/elearn
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer commits; IMMEDIATE takes the write lock at BEGIN
        # so two concurrent writers queue instead of failing with "database is locked" mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # First: refuses every login (site, Wagtail admin) from an address that failed too often.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth): e-mail + password, no third-party providers.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ELEARN_EMAIL_VERIFICATION", "optional")
ACCOUNT_SIGNUP_FORM_CLASS = "elearn.accounts.forms.ProfileSignupForm"
# E-mails name the site by its SiteIdentity setting, not by the request's host name.
ACCOUNT_ADAPTER = "elearn.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
# Credential stuffing: one login policy for every login form (site and Wagtail admin), in
# elearn/accounts/throttling.py on top of django-axes: per address, ELEARN_LOCKOUT_FAILURES wrong
# passwords lock it out for ELEARN_LOCKOUT_MINUTES; per account from anywhere, ELEARN_ACCOUNT_FREE_FAILURES
# free failures, then delays that double from one minute up to the cool-off. The counts live in the
# database, where every app server sees them.
ACCOUNT_RATE_LIMITS = {
    # The login policy above replaces allauth's own failed-login throttle (it covered one form only).
    "login_failed": None,
    # Generous: a classroom behind one NAT address signs in together (the load test found 30/m too few).
    "login": os.environ.get("ELEARN_LOGIN_RATE", "120/m/ip"),
}
AXES_FAILURE_LIMIT = env_int("ELEARN_LOCKOUT_FAILURES", 20)
# Certificate verification: an address may look up this many codes that match no certificate per
# 10 minutes, then waits (codes carry about 59 bits, so this only stops scripted guessing).
ELEARN_CERTIFICATE_LOOKUP_MISSES = env_int("ELEARN_CERTIFICATE_LOOKUP_MISSES", 20)
AXES_COOLOFF_TIME = env_int("ELEARN_LOCKOUT_MINUTES", 15) / 60  # hours
ELEARN_ACCOUNT_FREE_FAILURES = env_int("ELEARN_ACCOUNT_FREE_FAILURES", 5)
AXES_LOCKOUT_PARAMETERS = ["ip_address"]  # what axes' own counts and reset commands use
AXES_HANDLER = "elearn.accounts.throttling.LoginPolicyHandler"
AXES_LOCKOUT_CALLABLE = "elearn.accounts.throttling.lockout_response"
# Refused attempts during a lockout are not counted: retrying cannot keep an address locked forever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
AXES_RESET_ON_SUCCESS = False
AXES_USERNAME_CALLABLE = "elearn.accounts.throttling.login_name"
# Behind N trusted proxies (load balancer, TLS terminator) set ELEARN_PROXY_COUNT=N: the client address
# is then read from X-Forwarded-For, by allauth's rule, for both throttles. 0 = REMOTE_ADDR.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("ELEARN_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "elearn.accounts.throttling.client_ip"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "my_learning"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "elearn <noreply@localhost>")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

LANGUAGE_CODE = "en"
# The languages of the Alpine Space. English is the source language and lives at "/", the others under
# their prefix (elearn/urls.py, elearn/site/language.py).
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("fr", _("French")),
    ("it", _("Italian")),
    ("sl", _("Slovenian")),
]
# Pages are translated with Wagtail's localisation (one Locale per language, a translation shares its
# source's translation_key) and wagtail-localize. English (LANGUAGE_CODE) is the source language of
# the content; an untranslated page is served in English with a note (docs/translating.md).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Load the translations kept with the kits' sources (translations/<language>/<id>.po) with them.
ELEARN_KIT_TRANSLATIONS = env_bool("ELEARN_KIT_TRANSLATIONS", True)
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Zurich"
# Dates as each language writes them in running text (elearn/formats): "3. Dezember 2026", not "3 Dezember 2026".
FORMAT_MODULE_PATH = ["elearn.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("ELEARN_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# The H5P player (npm h5p-standalone, installed by ./dev.sh): served as static files under
# "h5p-standalone/" and copied into the offline copy of packs with H5P activities.
H5P_STANDALONE_DIST = BASE_DIR / "node_modules" / "h5p-standalone" / "dist"
if H5P_STANDALONE_DIST.exists():
    STATICFILES_DIRS.append(("h5p-standalone", H5P_STANDALONE_DIST))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("ELEARN_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": os.environ.get("ELEARN_DEFAULT_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# S3-compatible object storage (AWS, MinIO, Exoscale, OVH …) through django-storages: set
# ELEARN_DEFAULT_STORAGE=storages.backends.s3.S3Storage and the bucket below; the access keys come
# from boto3's usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or an instance role).
if STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage":
    STORAGES["default"]["OPTIONS"] = {
        "bucket_name": os.environ.get("ELEARN_S3_BUCKET", ""),
        "endpoint_url": os.environ.get("ELEARN_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("ELEARN_S3_REGION") or None,
        # A CDN or proxy that reads the private bucket; URLs through it are not signed.
        "custom_domain": os.environ.get("ELEARN_S3_CUSTOM_DOMAIN") or None,
        # "path" for endpoints without per-bucket hostnames (some MinIO set-ups); empty: boto3 decides.
        "addressing_style": os.environ.get("ELEARN_S3_ADDRESSING_STYLE") or None,
        # A key prefix, when several sites share one bucket.
        "location": os.environ.get("ELEARN_S3_PREFIX", ""),
        # A private bucket: media URLs are signed and expire (learners' uploads are not public).
        "querystring_auth": True,
        "querystring_expire": env_int("ELEARN_S3_URL_MAX_AGE", 3600),
        "default_acl": None,
        # Like FileSystemStorage: a new upload never silently replaces another file of the same name.
        "file_overwrite": False,
    }
    if not STORAGES["default"]["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("ELEARN_S3_BUCKET must name the bucket when ELEARN_DEFAULT_STORAGE is S3Storage.")
    _s3 = STORAGES["default"]["OPTIONS"]
    if _s3["custom_domain"]:
        _MEDIA_ORIGIN = f"https://{_s3['custom_domain']}"
    elif _s3["endpoint_url"]:
        # Path-style or virtual-hosted URLs, whichever addressing style boto3 picks for the endpoint.
        _MEDIA_ORIGIN = "{0.scheme}://{0.netloc} {0.scheme}://{1}.{0.netloc}".format(urlsplit(_s3["endpoint_url"]), _s3["bucket_name"])
    else:
        _MEDIA_ORIGIN = f"https://{_s3['bucket_name']}.s3.amazonaws.com https://{_s3['bucket_name']}.s3.{_s3['region_name'] or 'us-east-1'}.amazonaws.com"
else:
    _MEDIA_ORIGIN = ""

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("ELEARN_MAX_FORM_BYTES", 5 * 1024 * 1024)

# The admin's name for the site; the public name and logo are the SiteIdentity site setting.
WAGTAIL_SITE_NAME = "S3-4AlpClusters training kits"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "odp", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("ELEARN_MAX_DOCUMENT_BYTES", 20 * 1024 * 1024)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("ELEARN_MAX_IMAGE_BYTES", 10 * 1024 * 1024)
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No avatars from gravatar.com: it would tell a third party who uses the admin (and break the CSP).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# The funding statement is data, not decoration: one place, rendered on every page and certificate
# and written into every pack's manifest. The programme logo is a Wagtail site setting (FundingSettings).
# The English wording is marked for translation (gettext_noop: the setting itself stays a plain string);
# modules/funding.py gives it in the reader's language, in the glossary's wording (docs/glossary.md).
ELEARN_FUNDING = {
    "acronym": "S3-4AlpClusters",
    "programme": gettext_noop("Interreg Alpine Space"),
    "fund": gettext_noop("European Regional Development Fund (ERDF)"),
    "statement": gettext_noop(
        "The project S3-4AlpClusters was implemented with financial assistance from the "
        "European Regional Development Fund (ERDF) through the Interreg Alpine Space programme."
    ),
}

# Who runs this site, for the privacy notice, the imprint and the accessibility statement (GDPR
# art. 13: the controller and a contact; the EU Web Accessibility Directive: a feedback contact and
# the date of the last check). A real deployment sets them; the defaults say plainly they are unset
# (an unset name reads "The operator of this site (not configured)" in the reader's language).
ELEARN_OPERATOR = {
    "name": os.environ.get("ELEARN_OPERATOR_NAME", ""),
    "address": os.environ.get("ELEARN_OPERATOR_ADDRESS", ""),
    "email": os.environ.get("ELEARN_CONTACT_EMAIL", "contact@example.org"),
    "privacy_email": os.environ.get("ELEARN_PRIVACY_EMAIL", "") or os.environ.get("ELEARN_CONTACT_EMAIL", "contact@example.org"),
    "accessibility_checked": os.environ.get("ELEARN_ACCESSIBILITY_CHECKED", "2026-12-02"),
}
# Accounts whose e-mail address was never confirmed are deleted after this many days
# (`manage.py purge_unconfirmed_accounts`, run daily).
ELEARN_UNCONFIRMED_ACCOUNT_DAYS = env_int("ELEARN_UNCONFIRMED_ACCOUNT_DAYS", 30)

# Pack archives (import limits are checked before anything is unpacked).
ELEARN_PACK_MAX_BYTES = env_int("ELEARN_PACK_MAX_BYTES", 1024**3)
ELEARN_PACK_MAX_ENTRIES = env_int("ELEARN_PACK_MAX_ENTRIES", 20000)
ELEARN_PACK_MAX_UNPACKED_BYTES = env_int("ELEARN_PACK_MAX_UNPACKED_BYTES", 4 * 1024**3)
ELEARN_PACK_MAX_RATIO = env_int("ELEARN_PACK_MAX_RATIO", 200)
ELEARN_PACK_MAX_MANIFEST_BYTES = env_int("ELEARN_PACK_MAX_MANIFEST_BYTES", 32 * 1024**2)

# Uploaded H5P packages (modules/h5p/rules.py): checked on the zip's central directory before any
# entry is read, and handed to pyh5p as its explicit limits.
H5P_MAX_PACKAGE_BYTES = env_int("H5P_MAX_PACKAGE_BYTES", 100 * 1024**2)
H5P_MAX_FILES = env_int("H5P_MAX_FILES", 3000)
H5P_MAX_UNPACKED_BYTES = env_int("H5P_MAX_UNPACKED_BYTES", 300 * 1024**2)
H5P_MAX_FILE_BYTES = env_int("H5P_MAX_FILE_BYTES", 100 * 1024**2)
H5P_MAX_RATIO = env_int("H5P_MAX_RATIO", 100)

# Kit sources, loaded in this order by `load_kits` (ITG T2 reuses modules authored in ITG T1).
ELEARN_KIT_SOURCES = [BASE_DIR / "itg_t1" / "content", BASE_DIR / "itg_t2" / "content"]

# H5P playback (modules/h5p/player.py). Uploaded H5P libraries are untrusted code: they run only in
# iframes sandboxed without allow-same-origin, reached through signed URLs that expire after
# H5P_URL_MAX_AGE seconds. H5P_CONTENT_ORIGIN ("" = this site's own host, still sandboxed) moves the
# player and its files to a second hostname of this same app, e.g. https://elearn-h5p.example.net:
# a different registrable domain, so that not even a browser without sandbox support would send it
# the site's cookies. That hostname must also be in DJANGO_ALLOWED_HOSTS.
H5P_CONTENT_ORIGIN = os.environ.get("H5P_CONTENT_ORIGIN", "").strip().rstrip("/")
H5P_URL_MAX_AGE = env_int("H5P_URL_MAX_AGE", 3600)
# Learners' reports of translation errors (modules/translation_reports/): how many one user may send an hour.
ELEARN_TRANSLATION_REPORTS_PER_HOUR = env_int("ELEARN_TRANSLATION_REPORTS_PER_HOUR", 5)
if H5P_CONTENT_ORIGIN:
    _h5p_origin = urlsplit(H5P_CONTENT_ORIGIN)
    if _h5p_origin.scheme not in {"http", "https"} or not _h5p_origin.netloc or _h5p_origin.path or _h5p_origin.query:
        raise ImproperlyConfigured("H5P_CONTENT_ORIGIN must be an origin such as https://elearn-h5p.example.net (no path).")
    if _h5p_origin.netloc.lower() == urlsplit(SITE_BASE_URL).netloc.lower():
        raise ImproperlyConfigured("H5P_CONTENT_ORIGIN must be another hostname than ELEARN_BASE_URL's.")

# Sessions live in the database and the cache is shared by every app server (rate limits, Wagtail):
# "locmem" (one process, the dev default), "db" (a table, run `manage.py createcachetable`), or a
# redis:// URL (needs the `redis` package).
def cache_config(value):
    # Django's database and local-memory caches keep 300 entries by default and then cull a third of
    # them; sessions, routes, outlines, lesson bodies and rendered pages of a site with a few thousand
    # pages in five languages need far more (ELEARN_CACHE_MAX_ENTRIES). Redis evicts by its own policy.
    options = {"MAX_ENTRIES": env_int("ELEARN_CACHE_MAX_ENTRIES", 20000)}
    if options["MAX_ENTRIES"] < 1:
        raise ImproperlyConfigured("ELEARN_CACHE_MAX_ENTRIES is how many entries the cache keeps: 1 or more (default 20000).")
    if value == "db":
        return {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "elearn_cache", "OPTIONS": options}}
    if value.startswith(("redis://", "rediss://")):
        return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": value}}
    if value == "locmem":
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": options}}
    raise ImproperlyConfigured('ELEARN_CACHE must be "locmem", "db" or a redis:// URL.')


CACHES = cache_config(os.environ.get("ELEARN_CACHE", "locmem"))
# How long the anonymous page cache keeps a page at most (seconds; 0 = off). Any content change
# (publish, unpublish, move, delete, settings, releases) makes stored pages stale at once anyway.
ELEARN_PAGE_CACHE_SECONDS = env_int("ELEARN_PAGE_CACHE_SECONDS", 300)
# Sessions are read from the cache and written through to the database (issue 19.3: no session
# query per page). The cache must be shared by every process that serves the site: production's
# default (ELEARN_CACHE=db) or Redis is; locmem only suits one process (the development server, tests).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background jobs (modules/jobs, docs/background-jobs.md): release cutting and pack imports run in a
# worker (`manage.py db_worker --backend jobs --queue-name jobs`), queued in the database, so no
# other server is needed. Wagtail's own small tasks keep the default backend (run at once, in the
# request). ELEARN_JOBS=immediate runs the jobs inside the request too (tests, or a site without worker).
# The admin imports packs from public http(s) addresses only (modules/packs/urlcheck.py); 1 also allows
# loopback and private networks (a catalogue on the local network).
ELEARN_PACK_URL_ALLOW_PRIVATE = env_bool("ELEARN_PACK_URL_ALLOW_PRIVATE", False)
ELEARN_JOBS = (os.environ.get("ELEARN_JOBS") or "database").strip().lower()
if ELEARN_JOBS not in ("database", "immediate"):
    raise ImproperlyConfigured('ELEARN_JOBS must be "database" (the default: a worker runs them) or "immediate".')
# The admin's backup job (Backups, administrators only) writes its archives here: a folder only the
# site's user can read, never under the media folder (backups hold every learner's personal data).
ELEARN_BACKUP_ROOT = Path(os.environ.get("ELEARN_BACKUP_ROOT", BASE_DIR / "backups"))
# After each backup the admin's job makes, the folder keeps this many of the archives such jobs wrote
# (the newest) and deletes older ones (elearn/backup/folder.py); 0 keeps every archive.
ELEARN_BACKUP_KEEP = env_int("ELEARN_BACKUP_KEEP", 7)
if ELEARN_BACKUP_KEEP < 0:
    raise ImproperlyConfigured("ELEARN_BACKUP_KEEP is how many backups to keep: 0 (keep all) or more.")
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "jobs": {
        "BACKEND": "django_tasks_db.DatabaseBackend" if ELEARN_JOBS == "database" else "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["jobs"],
    },
}

# Largest request body accepted at all (the biggest upload limit plus form overhead); each upload
# form then checks its own limit with a clear message.
ELEARN_MAX_REQUEST_BYTES = env_int(
    "ELEARN_MAX_REQUEST_BYTES",
    max(ELEARN_PACK_MAX_BYTES, H5P_MAX_PACKAGE_BYTES, WAGTAILDOCS_MAX_UPLOAD_SIZE, WAGTAILIMAGES_MAX_UPLOAD_SIZE) + 1024**2,
)

# Content-Security-Policy for the site's own pages (django-csp; elearn/site/security.py picks the
# admin variant). The H5P player and files set their own, stricter policies. Media on object storage
# under another origin: list it in ELEARN_MEDIA_ORIGIN.
ELEARN_MEDIA_ORIGINS = env_list("ELEARN_MEDIA_ORIGIN") + _MEDIA_ORIGIN.split()
_frames = ["'self'"] + ([H5P_CONTENT_ORIGIN] if H5P_CONTENT_ORIGIN else [])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *ELEARN_MEDIA_ORIGINS],
        "media-src": ["'self'", *ELEARN_MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": _frames,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# The Wagtail admin (its editor sets inline styles and previews pages in frames of this site).
ELEARN_ADMIN_CSP = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", *ELEARN_MEDIA_ORIGINS],
    "frame-ancestors": ["'self'"],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Wagtail logs every page action and background task at INFO: too chatty for a console.
    "loggers": {name: {"level": "WARNING"} for name in ("wagtail", "django_tasks", "modelsearch", "axes")},
}

# Learning records sent to an external LRS (modules/interop, docs/interop-live.md): off while
# ELEARN_LRS_ENDPOINT is unset (then no statement is even stored). The endpoint is the LRS's xAPI
# base URL (…/xAPI/, the sender POSTs to …/statements). Learners are identified by their account
# on this site (ELEARN_BASE_URL + an opaque id); ELEARN_LRS_ACTOR=mbox sends their e-mail instead.
ELEARN_LRS_ENDPOINT = os.environ.get("ELEARN_LRS_ENDPOINT", "").strip()
ELEARN_LRS_USERNAME = os.environ.get("ELEARN_LRS_USERNAME", "")
ELEARN_LRS_PASSWORD = os.environ.get("ELEARN_LRS_PASSWORD", "")
ELEARN_LRS_ACTOR = (os.environ.get("ELEARN_LRS_ACTOR") or "account").strip().lower()
if ELEARN_LRS_ACTOR not in ("account", "mbox"):
    raise ImproperlyConfigured('ELEARN_LRS_ACTOR must be "account" (the default) or "mbox".')
if ELEARN_LRS_ENDPOINT and urlsplit(ELEARN_LRS_ENDPOINT).scheme not in ("http", "https"):
    raise ImproperlyConfigured("ELEARN_LRS_ENDPOINT must be an http:// or https:// URL.")
ELEARN_LRS_BATCH_SIZE = env_int("ELEARN_LRS_BATCH_SIZE", 50)
ELEARN_LRS_TIMEOUT = env_int("ELEARN_LRS_TIMEOUT", 10)
ELEARN_LRS_RETRY_BASE_SECONDS = env_int("ELEARN_LRS_RETRY_BASE_SECONDS", 30)
ELEARN_LRS_RETRY_MAX_SECONDS = env_int("ELEARN_LRS_RETRY_MAX_SECONDS", 3600)

# LTI 1.3 tool (modules/lti, docs/interop.md): scores for the platforms' gradebooks wait in an outbox
# and are sent by `manage.py send_lti_scores` with the same back-off as the LRS outbox; the tool's
# keys are rotated by `manage.py rotate_lti_keys`, the old key staying published for the grace period.
ELEARN_LTI_TIMEOUT = env_int("ELEARN_LTI_TIMEOUT", 10)
ELEARN_LTI_KEY_GRACE_DAYS = env_int("ELEARN_LTI_KEY_GRACE_DAYS", 7)
# LTI Dynamic Registration (modules/lti/registration.py): a maintainer's one-time registration link
# expires after this many days. Platforms are reached over https to public addresses only; the test
# settings also allow http to loopback, for the platform the test suite runs.
ELEARN_LTI_REGISTRATION_LINK_DAYS = env_int("ELEARN_LTI_REGISTRATION_LINK_DAYS", 7)
ELEARN_LTI_REGISTRATION_ALLOW_HTTP_LOOPBACK = False
