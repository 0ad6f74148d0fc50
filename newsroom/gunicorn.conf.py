"""gunicorn settings for production: `gunicorn -c newsroom/gunicorn.conf.py newsroom.wsgi`."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Recycle workers now and then so a slow leak never takes a server down.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# The reverse proxy terminates TLS and sets X-Forwarded-Proto (see SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
