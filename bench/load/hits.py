"""CPU per request of a cache hit and of the plain 10 KB view, in one process, through Django's
WSGI handler (the whole middleware stack, no server, no network but the cache's):

    DATABASE_URL=postgres://.../DB REDIS_URL=redis://127.0.0.1:6379/N .venv/bin/python bench/load/hits.py

Rounds alternate plain, cached article and cached home, N requests each, timed with
time.process_time(); the ratio is CPU per plain request over CPU per hit (higher is cheaper hits).
"""

import argparse
import io
import json
import time

from run import environment, setup_django


def call(application, path):
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    seen = {}
    body = application(environ, lambda status, headers: seen.update(status=status, headers=dict(headers)))
    b"".join(body)
    body.close()
    return seen


def cpu_per_request(application, path, count):
    started = time.process_time()
    for _ in range(count):
        call(application, path)
    return (time.process_time() - started) / count * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    setup_django(environment(0))
    from django.core.wsgi import get_wsgi_application

    from articles.models import Article

    application = get_wsgi_application()
    slug = Article.objects.edition("en").newest().values_list("slug", flat=True).first()
    paths = {"plain": "/bench/plain/", "article": f"/en/articles/{slug}/", "home": "/en/"}
    for name, path in paths.items():
        call(application, path)
        print(name, path, call(application, path)["headers"].get("X-Cache"))
    for _ in range(args.rounds):
        ms = {name: cpu_per_request(application, path, args.requests) for name, path in paths.items()}
        ratios = {name: round(ms["plain"] / ms[name], 2) for name in ("article", "home")}
        print(json.dumps({"cpu_ms": {k: round(v, 3) for k, v in ms.items()}, "ratio": ratios}))


if __name__ == "__main__":
    main()
