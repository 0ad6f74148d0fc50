"""Settings of the load test's site: the project's, with loadurls.py as its URLs (the project's
plus one plain view). Used only by bench/load/run.py (DJANGO_SETTINGS_MODULE, bench/load on the path)."""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "loadurls"
