import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearn.settings.production")
application = get_wsgi_application()

# What start-up made (settings, models, Wagtail's registries, every view through the URLconf) lives as
# long as the process: freezing it keeps the cyclic garbage collector from walking it again on every
# collection, which on a page request costs about 7 % (bench/pages.py). Objects made later are
# collected as usual.
get_resolver().url_patterns
gc.freeze()
