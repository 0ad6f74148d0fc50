"""gunicorn settings for production: `gunicorn -c newsroom/gunicorn.conf.py newsroom.wsgi`."""

import multiprocessing
import os


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number; got {value!r}.") from None


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = env_int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = env_int("GUNICORN_THREADS", 2)
# Workers silent this long are killed and restarted. Public pages cannot come near it: PostgreSQL
# cancels their statements after NEWSROOM_STATEMENT_TIMEOUT_MS (5 s) and the reader gets a 503.
timeout = env_int("GUNICORN_TIMEOUT", 30)
# Recycle workers now and then so a slow leak never takes a server down (GUNICORN_MAX_REQUESTS;
# 0: never). A busy server serving cached pages may raise it: each restart re-imports Django.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# GUNICORN_ACCESS_LOG= (empty) turns the access log off (benchmarks: a line per request costs CPU).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# The reverse proxy terminates TLS and sets X-Forwarded-Proto (see SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# No runtime control socket (gunicorn 25.1+ opens one in $HOME by default): the process
# manager starts, stops and scales gunicorn, and a read-only home directory stays read-only.
control_socket_disable = True
