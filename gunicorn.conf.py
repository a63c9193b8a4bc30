"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py elearn.wsgi`.

Every value can be overridden with gunicorn's own environment variables or flags; the app servers
keep no state of their own (sessions, cache, files and rate limits live in the database and storage),
so any number of them can run behind one load balancer.
"""

import multiprocessing
import os

bind = os.environ.get("ELEARN_BIND", "127.0.0.1:8000")
# WEB_CONCURRENCY (gunicorn's variable) wins; otherwise the classic 2 x cores + 1.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Pack imports and exports stream large archives: give them time before a worker is declared stuck.
timeout = int(os.environ.get("ELEARN_WORKER_TIMEOUT", 180))
graceful_timeout = 30
# Recycle workers now and then so a slow leak in any library cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# The TLS proxy in front sets X-Forwarded-Proto; trust it only from the proxy's own address.
forwarded_allow_ips = os.environ.get("ELEARN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
