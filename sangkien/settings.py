"""One settings module for every deployment, driven by the environment.

Embedded default: SQLite in var/, one process, nothing else to install.
Beyond one machine: DATABASE_URL (PostgreSQL), REDIS_URL (cache and sessions),
TASKS_BACKEND=database with `manage.py db_worker` processes.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    """A setting from NAME, or from the file named by NAME_FILE (for secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def envbool(name, default="False"):
    return str(env(name, default)).strip().lower() in ("1", "true", "yes", "on")


def envint(name, default):
    return int(env(name, str(default)))


def envlist(name, default=""):
    return [item.strip() for item in str(env(name, default)).split(",") if item.strip()]


# Tests run under pytest with DEBUG off; they get a throwaway key, never a deployment.
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]

DEBUG = envbool("DEBUG", "False")
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-key-for-development-and-tests-only"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off: set SECRET_KEY or SECRET_KEY_FILE."
        )

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "sangkien.core",
    "sangkien.accounts",
    "sangkien.orgs",
    "sangkien.initiatives",
    "sangkien.progress",
    "sangkien.api",
    "sangkien.kit",
    "sangkien.comms",
    # Wagtail (communications site)
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.typed_table_block",
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
    # Django and friends
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "treebeard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sangkien.core.middleware.ChosenLanguageMiddleware",  # LocaleMiddleware, no Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sangkien.accounts.middleware.ConsentRequiredMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "sangkien.urls"
WSGI_APPLICATION = "sangkien.wsgi.application"

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
                "sangkien.core.context_processors.navigation",
            ],
        },
    },
]

# Database: PostgreSQL when DATABASE_URL is set, else the embedded SQLite file.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Django's own, with a health check that asks the socket, not the server (core/db).
        DATABASES["default"]["ENGINE"] = "sangkien.core.db.postgresql"
        # The queries of every request are prepared once per connection; 0 for a
        # transaction-pooling PgBouncer that keeps none (core/db/postgresql/base.py).
        DATABASES["default"].setdefault("OPTIONS", {})["prepared_statements"] = envbool("DB_PREPARED_STATEMENTS", "1")
    DATABASES["default"].setdefault("TEST", {})
    if env("DATABASE_TEST_NAME"):
        DATABASES["default"]["TEST"]["NAME"] = env("DATABASE_TEST_NAME")
else:
    DATABASES = {
        "default": {
            # Django's, with writers queued on a file lock instead of SQLite's sleeps (core/db).
            "ENGINE": "sangkien.core.db.sqlite3",
            "NAME": env("SQLITE_PATH", str(BASE_DIR / "var" / "sangkien.sqlite3")),
            "OPTIONS": {
                # WAL lets readers run beside the one writer; the busy timeout makes a
                # second writer wait instead of failing at once.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
            # Tests use a file too, not shared-cache memory: concurrent-connection tests need
            # SQLite's real locking (WAL + busy timeout), which shared cache replaces with
            # immediate "table is locked" errors.
            "TEST": {"NAME": env("DATABASE_TEST_NAME", str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3"))},
        }
    }
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
# Connections persist between requests (opening one costs a round-trip and, on SQLite, the
# PRAGMAs above: the signed-in floor went from 313 to 492 req/s in docs/benchmarks.md);
# DB_CONN_MAX_AGE=0 closes each one after its request. The health check replaces a
# connection the database closed while it sat idle instead of failing the next request.
DATABASES["default"]["CONN_MAX_AGE"] = envint("DB_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every app server), else local memory.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "sangkien"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database beside their users: one query reads both (accounts/sessions.py).
SESSION_ENGINE = "sangkien.accounts.sessions"

# Background work (django-tasks). "immediate" runs a task in the request that enqueues it,
# which suits the one-process embedded mode; servers set TASKS_BACKEND=database and run
# `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "sangkien.core.tasks.DatabaseBackend",
        }[env("TASKS_BACKEND", "immediate")]
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "sangkien.accounts.backends.EmailOrPhoneBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; the suite creates thousands of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Sáng kiến <no-reply@sangkien.local>")
# Days an initiative may wait at one level before `send_reminders` reminds its officers.
REMINDER_AFTER_DAYS = envint("REMINDER_AFTER_DAYS", 7)
# How long each server process reuses the anonymous home page it served last, on top of the
# figures' own 10 s in the shared cache (core.views.home). 0 in tests, which move the cache's clock.
HOME_PAGE_MEMO_SECONDS = 0 if TESTING else envint("HOME_PAGE_MEMO_SECONDS", 1)
# How long each process reuses a unit's cluster standings (progress.clusters): the ranking of
# hundreds of members is read again at most this often, not on every move below the unit.
CLUSTER_STANDINGS_SECONDS = 0 if TESTING else envint("CLUSTER_STANDINGS_SECONDS", 60)

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_PROXY") else None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Wagtail
WAGTAIL_SITE_NAME = "Sáng kiến"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The admin speaks Vietnamese (Wagtail ships a vi catalogue); English for those who pick it.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# One sign-in: the admin sends people to the project's own login page; passwords are managed there.
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILADMIN_PAGE_SEARCH_FILTER_BY_PERMISSIONS = True
# Uploads: images checked by Wagtail (opened by the image library, size below); documents
# by their content too (sangkien/comms/uploads.py).
WAGTAILIMAGES_MAX_UPLOAD_SIZE = envint("WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "zip", "mp4", "webm"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "sangkien.comms.uploads.CheckedDocumentForm"
COMMS_DOCUMENT_MAX_UPLOAD_SIZE = envint("COMMS_DOCUMENT_MAX_UPLOAD_SIZE", 200 * 1024 * 1024)
# Documents go out through Wagtail's view, which checks a document's collection privacy.
WAGTAILDOCS_SERVE_METHOD = "serve_view"


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
