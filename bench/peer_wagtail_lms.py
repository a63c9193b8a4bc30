#!/usr/bin/env python
"""The peer of issue 19: wagtail-lms 0.11.1 (PyPI), the nearest Wagtail e-learning package, in a
minimal Wagtail project with production-like settings, seeded with one course of 10 lessons and one
enrolled learner, served by gunicorn with sync workers, so bench/pages.py --peer measures its course
page (anonymous) and lesson page (signed-in learner) in the same run as ours, interleaved.

    .venv/bin/python bench/peer_wagtail_lms.py [--dir /tmp/elearn-peer] [--port 8162] [--workers 2]

standalone: sets up (once) and serves in the foreground until Ctrl-C, printing the URLs and the
learner's cookie. Nothing of wagtail-lms is in this repository: it is installed into a private venv
under /tmp (--venv, default /tmp/elearn-peer-venv; never the project's .venv) with
`pip install wagtail-lms==0.11.1 gunicorn whitenoise -c constraints.txt`, so Django, Wagtail, gunicorn
and whitenoise are the very versions elearn runs on.

The project follows wagtail-lms's README (INSTALLED_APPS, `path("lms/", include("wagtail_lms.urls"))`,
migrate, collectstatic) with the settings a production site would have, as close to elearn's
production settings as a minimal project gets: DEBUG off (so Django's cached template loader),
whitenoise with CompressedManifestStaticFilesStorage, SQLite with CONN_MAX_AGE=60, database sessions,
secure cookies behind the TLS proxy's X-Forwarded-Proto, LocaleMiddleware. Its base template is a
small page of our own (wagtail-lms ships none). The lessons are H5PLessonPages with an intro and five
rich-text paragraphs (about 4 KB of text, no H5P activity: elearn's measured lesson has none either);
the learner is enrolled in the course (else wagtail-lms redirects lesson pages) and has completed the
first lesson."""

import argparse
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = "0.11.1"
DEFAULT_VENV = Path("/tmp/elearn-peer-venv")

SETTINGS = '''
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = os.environ["PEER_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "wagtail_lms",
    "wagtail.contrib.forms", "wagtail.contrib.redirects", "wagtail.embeds", "wagtail.sites", "wagtail.users",
    "wagtail.snippets", "wagtail.documents", "wagtail.images", "wagtail.search", "wagtail.admin", "wagtail",
    "modelcluster", "taggit",
    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
    "django.contrib.messages", "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]
ROOT_URLCONF = "peer_urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [BASE_DIR / "templates"],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
WSGI_APPLICATION = "peer_wsgi.application"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3",
                         "CONN_MAX_AGE": 60, "OPTIONS": {"timeout": 20}}}
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
LOGIN_URL = "/accounts/login/"
WAGTAIL_SITE_NAME = "wagtail-lms peer"
WAGTAILADMIN_BASE_URL = "https://127.0.0.1"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGGING = {"version": 1, "disable_existing_loggers": False, "handlers": {"console": {"class": "logging.StreamHandler"}},
           "root": {"handlers": ["console"], "level": "WARNING"}}
'''

URLS = '''
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("lms/", include("wagtail_lms.urls")),
    path("", include(wagtail_urls)),
]
'''

WSGI = '''
import os
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_settings")
application = get_wsgi_application()
'''

BASE_HTML = '''{% load static %}<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{% block title %}{{ page.title }}{% endblock %} · Cluster policy courses</title>
  <link rel="stylesheet" href="{% static 'wagtail_lms/css/course.css' %}">
</head>
<body>
  <header><a href="/">Cluster policy courses</a>
    {% if user.is_authenticated %}<span>{{ user.get_username }}</span>
      <form method="post" action="{% url 'logout' %}">{% csrf_token %}<button>Sign out</button></form>
    {% else %}<a href="{% url 'login' %}">Sign in</a>{% endif %}
  </header>
  {% for message in messages %}<p class="message">{{ message }}</p>{% endfor %}
  <main>{% block content %}{% endblock %}</main>
  <footer><p>A minimal Wagtail project with wagtail-lms, for elearn's bench/pages.py.</p></footer>
</body>
</html>
'''

PARAGRAPH = ("<p>Clusters help regions implement smart specialisation strategies: they bring together firms, research "
             "organisations, public authorities and civil society around shared priorities, and turn the regional "
             "innovation strategy into projects. This paragraph stands for the body of a lesson; its length is about "
             "that of a paragraph in the elearn kits, so the two pages render comparable amounts of rich text.</p>")

SEED = '''
import json, os, sys
from pathlib import Path
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.staticfiles.storage import staticfiles_storage
from wagtail.models import Site
from wagtail_lms.models import CourseEnrollment, CoursePage, H5PLessonCompletion, H5PLessonPage

paragraph = os.environ["PEER_PARAGRAPH"]
home = Site.objects.get(is_default_site=True).root_page
course = CoursePage(title="Cluster policy basics", slug="course", description=paragraph * 2)
home.add_child(instance=course)
course.save_revision().publish()
lessons = []
for n in range(10):
    lesson = H5PLessonPage(title=f"Lesson {n + 1}: clusters and smart specialisation", slug=f"lesson-{n + 1}", intro=paragraph,
                           body=json.dumps([{"type": "paragraph", "value": paragraph} for _ in range(5)]))
    course.add_child(instance=lesson)
    lesson.save_revision().publish()
    lessons.append(lesson)
user = get_user_model().objects.create_user("peer-learner", "peer-learner@bench.example.org", "peer-learner-pass-2026")
CourseEnrollment.objects.create(user=user, course=course)
H5PLessonCompletion.objects.create(user=user, lesson=lessons[0])
store = SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.create()
Path(sys.argv[-1]).write_text(json.dumps({
    "static": staticfiles_storage.url("wagtail_lms/css/course.css"), "course": course.url, "lesson": lessons[0].url,
    "cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}",
}))
'''


def run(cmd, env, cwd):
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd[:4]))} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def ensure_venv(venv):
    """The private venv with wagtail-lms (made once; reused while it has the pinned version)."""
    python = venv / "bin" / "python"
    probe = f"import importlib.metadata as m; assert m.version('wagtail_lms') == '{VERSION}'; import gunicorn, whitenoise"
    check = [str(python), "-c", probe]
    if python.exists() and subprocess.run(check, capture_output=True, check=False).returncode == 0:
        return python
    print(f"installing wagtail-lms {VERSION} into {venv} ...", flush=True)
    run([sys.executable, "-m", "venv", "--clear", str(venv)], os.environ, ROOT)
    packages = [f"wagtail-lms=={VERSION}", "gunicorn", "whitenoise"]
    run([str(python), "-m", "pip", "install", "-q", *packages, "-c", str(ROOT / "constraints.txt")], os.environ, ROOT)
    return python


def project_env(project):
    return {**{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "ELEARN_"))},
            "DJANGO_SETTINGS_MODULE": "peer_settings", "PYTHONPATH": str(project),
            "PEER_SECRET_KEY": (project / "secret").read_text().strip(), "PEER_PARAGRAPH": PARAGRAPH}


def prepare(project, venv=DEFAULT_VENV):
    """Venv, project, database and seed, once per folder. Returns the site: its URLs and the learner's cookie."""
    project = Path(project)
    python = ensure_venv(Path(venv))
    site_file = project / "site.json"
    if site_file.exists():
        return python, json.loads(site_file.read_text())
    project.mkdir(parents=True, exist_ok=True)
    (project / "templates").mkdir(exist_ok=True)
    (project / "secret").write_text("peer-" + os.urandom(24).hex())
    for name, text in (("peer_settings.py", SETTINGS), ("peer_urls.py", URLS), ("peer_wsgi.py", WSGI), ("templates/base.html", BASE_HTML)):
        (project / name).write_text(textwrap.dedent(text).lstrip())
    (project / "seed.py").write_text(SEED)
    env = project_env(project)
    admin = [str(python), "-m", "django"]
    run(admin + ["migrate", "--no-input", "-v", "0"], env, project)
    run(admin + ["collectstatic", "--no-input", "-v", "0"], env, project)
    seed = f"import sys; sys.argv = ['seed', {str(site_file)!r}]; exec(open('seed.py').read())"
    run(admin + ["shell", "--no-imports", "-c", seed], env, project)
    return python, json.loads(site_file.read_text())


def start(project, python, port, workers, log):
    """gunicorn with `workers` sync workers on 127.0.0.1:port, in its own process group."""
    gunicorn = Path(python).parent / "gunicorn"
    return subprocess.Popen([str(gunicorn), "peer_wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"],
                            cwd=project, env=project_env(Path(project)), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/elearn-peer"), help="project folder (made once, reused)")
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV)
    parser.add_argument("--port", type=int, default=8162)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    t0 = time.time()
    python, site = prepare(args.dir, args.venv)
    print(f"prepared in {time.time() - t0:.0f} s: {json.dumps(site)}", flush=True)
    proc = start(args.dir, python, args.port, args.workers, None)
    print(f"serving on http://127.0.0.1:{args.port}{site['course']} (send X-Forwarded-Proto: https); Ctrl-C stops", flush=True)
    try:
        proc.wait()
    except KeyboardInterrupt:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)


if __name__ == "__main__":
    main()
