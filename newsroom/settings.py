"""Settings for newsroom, read from the environment (12-factor).

Every variable is listed with its default in README.md. The defaults are for a developer's
machine (SQLite, a per-process cache); production sets DJANGO_DEBUG=0, a secret key, hosts,
DATABASE_URL and REDIS_URL.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}.")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. It is required when DJANGO_DEBUG is off: set it to a long "
            'random string (python -c "import secrets; print(secrets.token_urlsafe(50))"), or set '
            "DJANGO_DEBUG=1 on a developer's machine."
        )
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "django-insecure-local-development-only-never-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # First, so that its loaddata (see editorial/management/commands/) wins over modeltranslation's.
    "editorial",
    "newsroom.apps.NewsroomConfig",
    # modeltranslation must come before the admin so its admin classes patch the right forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "reversion",
    "axes",
    "tinymce",
    "rest_framework",
    "drf_spectacular",
    "taxonomy",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the path, the query or a form (400 for a NUL or bytes that are not UTF-8).
    "newsroom.middleware.RejectBadBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers anonymous cache hits before the session, locale, CSRF and auth middleware (articles.cache).
    "newsroom.pagecache.EarlyHitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.ContentSecurityPolicyMiddleware",
    # Last, as django-axes requires: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"


def without_password(url):
    """The URL as it may appear in an error message: any password replaced by ***."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    # The last @ ends the credentials even when an unencoded password holds / or @.
    userinfo, at, host = rest.rpartition("@")
    if not (at and ":" in userinfo):
        return url
    return f"{scheme}{sep}{userinfo.split(':', 1)[0]}:***@{host}"


def database_from_url(url, conn_max_age):
    try:
        database = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    except dj_database_url.UnknownSchemeError:
        raise ImproperlyConfigured(
            "DATABASE_URL must start with postgres:// (or sqlite:// on a developer's machine); "
            f"got {without_password(url)!r}."
        ) from None
    except ValueError:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a valid URL: {without_password(url)!r}. Check that the port is a number and "
            "that special characters in the user name and password are percent-encoded."
        ) from None
    if not database.get("NAME"):
        raise ImproperlyConfigured(
            f"DATABASE_URL names no database: {without_password(url)!r} (the name goes last: .../name)."
        )
    return database


# Database: a SQLite file by default (an empty DATABASE_URL counts as unset);
# postgres://user:pass@host:5432/name in production.
DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent connections buy nothing with SQLite and keep files open in tests.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Two editors saving at once: a transaction that read and then writes would fail with
    # "database is locked" the moment another one writes. Taking the write lock when the
    # transaction begins makes the second wait its turn instead, and then find it is stale.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
else:
    options = DATABASES["default"].setdefault("OPTIONS", {})
    if not env_bool("NEWSROOM_PG_JIT"):
        # PostgreSQL compiles a query whose estimated cost is high to machine code: 70-80 ms for
        # the search's query at 1,000,000 articles, whose costly branches mostly never run, against
        # 12 ms of execution. A page's queries are all short. NEWSROOM_PG_JIT=1 leaves the server's.
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    if work_mem := os.environ.get("NEWSROOM_PG_WORK_MEM", "16MB").strip():
        if not re.fullmatch(r"[0-9]+(kB|MB|GB)", work_mem):
            raise ImproperlyConfigured(f"NEWSROOM_PG_WORK_MEM must be like 16MB; got {work_mem!r}.")
        # The search's bitmaps of a window of 100,000 articles stay exact (PostgreSQL's 4MB
        # default makes them lossy: every row of those pages is checked again, its vector read).
        options["options"] = f"{options.get('options', '')} -c work_mem={work_mem}".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: per-process memory by default. Production must use Redis: a per-process cache
# cannot be invalidated across gunicorn workers when an article is published.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            "TIMEOUT": env_int("CACHE_TIMEOUT", 600),
        }
    }
elif CACHE_URL in ("", "locmem://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsroom",
            "TIMEOUT": env_int("CACHE_TIMEOUT", 600),
        }
    }
elif CACHE_URL == "dummy://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    raise ImproperlyConfigured(
        f"CACHE_URL/REDIS_URL must start with redis://, rediss://, unix://, locmem:// or dummy://; got {CACHE_URL!r}."
    )

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login before any password is checked (it authenticates no one).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English and Arabic editions, /en/... and /ar/...
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["newsroom.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Kuwait")
USE_I18N = True
USE_TZ = True

# The content languages are LANGUAGES, the one list (editorial.languages reads it too).
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
# modeltranslation's tabbed admin loads jQuery UI from a Google CDN unless told otherwise:
# both come from our own static files so the admin works offline.
JQUERY_URL = "admin/js/vendor/jquery/jquery.min.js"
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
# A section or tag without an Arabic name shows its English one rather than nothing.
MODELTRANSLATION_FALLBACK_LANGUAGES = MODELTRANSLATION_LANGUAGES

# `manage.py loaddata sample_content` finds the generated sample site here.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Static files and media.
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    # S3-compatible object storage keeps app servers stateless; credentials come from the
    # standard AWS_* variables that boto3 reads itself.
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": False,
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

# Hashed, compressed static files whatever DEBUG says: `collectstatic` must write the manifest
# that production reads even when run from a developer's shell. With DEBUG on, Django still
# serves the unhashed names, so development needs no collectstatic.
STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security. The reverse proxy terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
# Both commit every subdomain to HTTPS (preload: in browsers' built-in lists, for months, hard to
# undo), a decision for the whole domain, not for this app: opt-in. check --deploy would suggest
# them on every run, hence the silenced warnings.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Login throttling (django-axes). Failures are counted per username AND client address together:
# after NEWSROOM_LOGIN_FAILURE_LIMIT of them that username is refused from that address (the
# lockout page, 429) for NEWSROOM_LOGIN_COOLOFF_SECONDS, while the same person logs in from
# elsewhere and others log in from the same office. Locking a username everywhere would let anyone
# lock an editor out; locking an address would lock out a whole newsroom behind one NAT. An
# administrator unlocks sooner: the admin's "Access attempts" (delete them) or
# `manage.py axes_reset_username NAME`. A cool-off of 0 keeps a lockout until then.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("NEWSROOM_LOGIN_FAILURE_LIMIT", 5)
if AXES_FAILURE_LIMIT < 1:
    raise ImproperlyConfigured(f"NEWSROOM_LOGIN_FAILURE_LIMIT must be 1 or more; got {AXES_FAILURE_LIMIT}.")
_login_cooloff = env_int("NEWSROOM_LOGIN_COOLOFF_SECONDS", 3600)
if _login_cooloff < 0:
    raise ImproperlyConfigured(f"NEWSROOM_LOGIN_COOLOFF_SECONDS must be 0 or more; got {_login_cooloff}.")
AXES_COOLOFF_TIME = timedelta(seconds=_login_cooloff) if _login_cooloff else None
# A successful login forgets that username's earlier failures from that address.
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The client's address: REMOTE_ADDR (the reverse proxy's, behind one) unless NEWSROOM_PROXY_COUNT
# says how many proxies stand in front of the app; then the address the outermost one saw, from
# NEWSROOM_CLIENT_IP_HEADER. Never trusted by default: a client may send any header it likes.
AXES_CLIENT_IP_CALLABLE = "newsroom.middleware.client_ip"
NEWSROOM_PROXY_COUNT = env_int("NEWSROOM_PROXY_COUNT", 0)
if NEWSROOM_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"NEWSROOM_PROXY_COUNT must be 0 or more; got {NEWSROOM_PROXY_COUNT}.")
NEWSROOM_CLIENT_IP_HEADER = os.environ.get("NEWSROOM_CLIENT_IP_HEADER") or "X-Forwarded-For"

# Rich-text editor in the admin: TinyMCE, served from our own static files (no CDN).
# The editor offers, keeps and pastes only what articles/sanitize.py keeps (the server cleans
# again whatever arrives): what an editor sees while writing is what readers will get.
# No callback given as JavaScript source ("setup": "function (editor) {...}"): django-tinymce
# would eval it, which the admin's Content-Security-Policy forbids (newsroom/middleware.py).
TINYMCE_DEFAULT_CONFIG = {
    "menubar": False,
    "height": 480,
    "plugins": "lists link image autolink code",
    "toolbar": "undo redo | blocks | bold italic | bullist numlist blockquote | link unlink image | code",
    "block_formats": "Paragraph=p; Heading 2=h2; Heading 3=h3; Heading 4=h4",
    # "p/div" and "h2/h1": a pasted <div> becomes a paragraph and a pasted <h1> a heading 2
    # (unwrapped, their words would run into the next block's).
    "valid_elements": (
        "p/div,h2/h1,h3,h4,blockquote,ul,ol,li,a[href|title],strong,em,b,i,br,figure,figcaption,"
        "img[src|alt|width|height]"
    ),
    "invalid_elements": (
        "script,style,iframe,object,embed,svg,math,form,input,button,textarea,select,table,thead,tbody,tfoot,"
        "tr,th,td,caption,colgroup,col,span,font,h5,h6,u,s,strike,sub,sup,code,pre,hr"
    ),
    # Pasted content goes through the same element list; pasted images would arrive as data: URLs,
    # which the server drops, so they are refused at once.
    "paste_data_images": False,
    "paste_webkit_styles": "none",
    "link_target_list": False,
    "link_title": True,
    "image_caption": False,
    "image_advtab": False,
    "entity_encoding": "raw",
    "promotion": False,
    "branding": False,
    "license_key": "gpl",
    "relative_urls": False,
    "convert_urls": False,
    "directionality": "auto",
}

# The read-only content API (/api/v1/, articles/api/): JSON only, no sessions (so no CSRF and
# no user lookups), the schema from drf-spectacular.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom content API",
    "DESCRIPTION": "Live articles, sections, tags and authors of each edition, read-only.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}
# Requests each client address may make to the API per window of seconds (429 beyond).
NEWSROOM_API_RATE_LIMIT = env_int("NEWSROOM_API_RATE_LIMIT", 120)
NEWSROOM_API_RATE_WINDOW = env_int("NEWSROOM_API_RATE_WINDOW", 60)

# Preview links shared with people without an account expire after this many seconds.
NEWSROOM_PREVIEW_MAX_AGE = env_int("NEWSROOM_PREVIEW_MAX_AGE", 3 * 24 * 3600)
# Publisher name used in feeds and structured data.
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")

# PostgreSQL cancels a statement of an anonymous public page's render after this many
# milliseconds (the page answers 503): well under gunicorn's timeout (GUNICORN_TIMEOUT, 30 s), so
# a runaway query never holds a worker until it is killed. 0 turns it off. The admin and logged-in
# users' pages are not limited.
NEWSROOM_STATEMENT_TIMEOUT_MS = env_int("NEWSROOM_STATEMENT_TIMEOUT_MS", 5000)
if NEWSROOM_STATEMENT_TIMEOUT_MS < 0:
    raise ImproperlyConfigured(f"NEWSROOM_STATEMENT_TIMEOUT_MS must be 0 or more; got {NEWSROOM_STATEMENT_TIMEOUT_MS}.")

# Each process keeps the anonymous pages it served from the cache in its own memory this long
# (newsroom.pagecache): a hit within it costs no round trip to Redis. Readers served by another
# process see a change up to this much later. 0 turns it off.
NEWSROOM_LOCAL_PAGE_MS = env_int("NEWSROOM_LOCAL_PAGE_MS", 1000)
# The most page bodies each process keeps so, in megabytes (the oldest are dropped first).
NEWSROOM_LOCAL_PAGE_MB = env_int("NEWSROOM_LOCAL_PAGE_MB", 32)
if NEWSROOM_LOCAL_PAGE_MS < 0 or NEWSROOM_LOCAL_PAGE_MB < 0:
    raise ImproperlyConfigured("NEWSROOM_LOCAL_PAGE_MS and NEWSROOM_LOCAL_PAGE_MB must be 0 or more.")

# Hours after publication during which a breaking article leads the home page with its label.
NEWSROOM_BREAKING_HOURS = env_int("NEWSROOM_BREAKING_HOURS", 12)

# The Content-Security-Policy of public pages (newsroom/middleware.py has the strict default);
# set it to allow, say, an analytics host, or to empty to send none.
if "NEWSROOM_CSP" in os.environ:
    NEWSROOM_CSP = os.environ["NEWSROOM_CSP"]
# The admin's own Content-Security-Policy (newsroom/middleware.py has the strict default, which
# its editor and tabs work under); empty sends none.
if "NEWSROOM_ADMIN_CSP" in os.environ:
    NEWSROOM_ADMIN_CSP = os.environ["NEWSROOM_ADMIN_CSP"]

# One console handler, on the root logger, with time, level and logger name on every line.
# Django's own "django" logger gets no handler of its own (it would print every line twice in
# development) and passes its records up to the root; "django.server" keeps Django's
# "[time] request" lines from runserver.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        # Configuring "django" resets its children, so runserver's request log is restated here.
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # django-axes logs failed logins and lockouts as warnings; its INFO lines (a banner at every
        # start, a line per attempt) say nothing an operator acts on.
        "axes": {"level": "WARNING"},
    },
}
