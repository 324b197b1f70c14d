"""Settings for the portal: one module, every deploy-specific value from the environment.

Variables (see README.md and .env.example): DEBUG, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL,
MEDIA_ROOT, MEDIA_STORAGE (and the AWS_* variables of S3 storage), REDIS_URL, SITE_URL, HTTPS,
SERVE_MEDIA. A ``.env`` file beside manage.py is read first; real environment variables win
over it.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

from portal import media_storage

BASE_DIR = Path(__file__).resolve().parent.parent

load_dotenv(BASE_DIR / ".env", override=False)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Put it in the environment or in .env "
            "(`make install` writes a random one to .env)."
        )
    SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# The public address of the site, used for absolute links (feeds, sitemap, social previews).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
HTTPS = env_bool("HTTPS", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",
    "ckeditor",
    "axes",
    "csp",
    "reversion",
    # The staff's second factor (portal/staff.py): authenticator apps and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "portal",
    "news",
]

MIDDLEWARE = [
    # One JSON line per request (portal/logs.py): outermost, so it times everything.
    "portal.logs.RequestLogMiddleware",
    # HEAD: the headers of GET, no body (gunicorn warns about a body on every HEAD otherwise).
    "portal.middleware.HeadMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Rendered pages compressed (with Django's BREACH length randomisation); cache hits come
    # compressed already and static files from WhiteNoise's own compressed copies.
    "django.middleware.gzip.GZipMiddleware",
    "portal.middleware.RequestSizeLimitMiddleware",
    "portal.middleware.CleanQueryMiddleware",
    # An unreachable database answers a Vietnamese 503 page (portal/faults.py).
    "portal.faults.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache hits answered here, before sessions, CSRF, auth and messages (portal/pagecache.py).
    "portal.pagecache.PageCacheMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    # The admin's own policy, as strict as CKEditor 4 allows (portal/headers.py).
    "portal.headers.AdminPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An upload the storage could not write: the page again with the message (not a 500).
    "portal.middleware.StorageFaultMiddleware",
    # Staff sessions: the second factor, idle and absolute limits (portal/staff.py); requests
    # without a session cookie pass untouched.
    "django_otp.middleware.OTPMiddleware",
    "portal.staff.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it sees the authenticated user and the final response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
# Form widgets' templates are found like every other template (templates/portal/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.site",
                "portal.context_processors.languages",
                "news.articles.context_processors.most_read",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=0 if DEBUG else 60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while an editor saves; busy timeout avoids "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The shared cache: Redis when configured; otherwise a database table every worker shares;
# per-process memory only for the development server.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Short socket timeouts: a Redis that does not answer is skipped, not waited for.
REDIS_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache that serves as an empty cache while Redis is unreachable
            # (portal/faults.py): pages are rendered without it, the failure logged once a minute.
            "BACKEND": "portal.faults.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "TIMEOUT": 600,
            "OPTIONS": REDIS_OPTIONS,
        }
    }
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            "TIMEOUT": 600,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Rendered parts of the frame (header, menu, sidebar, footer: templates/includes, `{% cache %}`
# ... using="fragments"), kept in each worker's memory under the frame's build (portal/chrome.py),
# so a page that is not in the page cache still renders its frame only once per change.
FRAGMENT_CACHE = "fragments"
CACHES[FRAGMENT_CACHE] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "rendered-fragments",
    "TIMEOUT": 6 * 3600,
    "OPTIONS": {"MAX_ENTRIES": 2000},
}

# Visit statistics (portal/visits.py) keep each visitor's last minute and who is online in a
# cache of their own: Redis when configured, shared by every worker on every host; otherwise each
# worker's memory, never the database table (that would cost a write per page view).
if REDIS_URL:
    # Plain RedisCache: its users (portal/visits.py, news/articles/views_count.py) catch its
    # errors and count in this worker's memory meanwhile.
    CACHES["stats"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "portal-stats",
        "TIMEOUT": 3600,
        "OPTIONS": REDIS_OPTIONS,
    }
else:
    CACHES["stats"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "visit-statistics",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Every account is a staff account: at least 12 characters (README, "Staff accounts").
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one user from one address lock that pair for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "portal/lockout.html"
AXES_VERBOSE = False
# Its admin pages have no Vietnamese translation; `manage.py axes_reset` lifts locks instead.
AXES_ENABLE_ADMIN = False
# The visitor's address comes from portal/clients.py, which believes X-Forwarded-For only as far as
# TRUSTED_PROXIES says (a number of proxies, or their addresses/networks; empty: no proxy).
TRUSTED_PROXIES = os.environ.get("TRUSTED_PROXIES", "")
AXES_CLIENT_IP_CALLABLE = "portal.clients.client_ip"
# After logging in without a (safe) ?next=, staff land in the admin, not on a page that is not.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

LANGUAGE_CODE = "vi"
# English for the pages NĐ 42/2022 Điều 7 khoản 2 names, under /en/ (portal/i18n.py).
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Day-first date input in the admin (see portal/formats/vi/formats.py).
FORMAT_MODULE_PATH = ["portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# The apps' static files, less the parts of CKEditor never loaded (portal/staticfinders.py).
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "portal.staticfinders.AppDirectoriesFinder",
]
# Uploads (portal/media_storage.py, README "Several servers"): photos ("default") and attached
# files ("attachments") in MEDIA_ROOT, a folder every app server mounts (MEDIA_STORAGE=filesystem,
# the default), or in S3-compatible storage (MEDIA_STORAGE=s3 and the AWS_* variables): photos
# public at MEDIA_URL, attached files private, always downloaded through the checking view.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
# A file read back from a bucket: in memory up to FILE_UPLOAD_MAX_MEMORY_SIZE, then on disk.
MEDIA = media_storage.configure(os.environ, memory_bytes=2_621_440)
MEDIA_URL = MEDIA.media_url
# Serve uploads from Django when no web server in front does it (development, small installs);
# never with S3 storage, where browsers read photos from the bucket (or its CDN).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True) and MEDIA.kind == media_storage.FILESYSTEM

STORAGES = {
    **MEDIA.storages,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "portal.storage.StaticStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600
# Also serve straight from the source folders: needed in development, and a fallback in
# production if `collectstatic` has not run yet (portal/storage.py).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Whole public pages are kept this long at most in the shared cache (portal/pagecache.py);
# any change to what they show makes them stale at once. 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0" if DEBUG else "600"))
# Each worker also keeps the pages it served lately, up to this much memory (checked against the
# shared version tokens on every request, so never stale): a hit then reads two tokens, not the
# page, from the shared cache. 0 keeps none.
PAGE_CACHE_LOCAL_BYTES = int(os.environ.get("PAGE_CACHE_LOCAL_MB", "32")) * 1024 * 1024
# With Redis, each worker keeps the version tokens too, told of every change by Redis itself
# (CLIENT TRACKING, portal/versions.py): a hit on a worker's copy then makes no round trip.
# Never kept longer than VERSION_MEMO_SECONDS, in case that connection dies without a word.
VERSION_TRACKING = bool(REDIS_URL) and os.environ.get("VERSION_TRACKING", "1") != "0"
VERSION_MEMO_SECONDS = 2.0

# Uploads: photos up to 25 MB; anything larger than 2.5 MB is spooled to disk, not memory.
PHOTO_MAX_BYTES = 25 * 1024 * 1024
PHOTO_MAX_PIXELS = 128_000_000
# The decoded image may take at most this much memory (news/images.py): large JPEGs are decoded
# at a reduced scale, so only PNG and WebP meet it (about 48 megapixels in colour, 128 in grey or
# palette). With it, one upload peaks at about 250 MB of worker memory (README, "Writing").
PHOTO_MAX_DECODED_BYTES = 192 * 1024 * 1024
# Attached files (portal/files.py): PDF, Office, OpenDocument and ZIP, at most this large each;
# Office files with macros only if allowed.
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_MB", "50")) * 1024 * 1024
ATTACHMENT_ALLOW_MACROS = env_bool("ATTACHMENT_ALLOW_MACROS", False)
# A request body longer than this is refused before it is read (portal/middleware.py, 413):
# the largest file and room for the rest of the form.
MAX_REQUEST_BYTES = max(ATTACHMENT_MAX_BYTES, PHOTO_MAX_BYTES) + 10 * 1024 * 1024
# Set when a web server in front serves protected files (nginx: an internal location): the
# download view then answers with X-Accel-Redirect to this prefix + the file's name, and the
# server sends the file (with ranges). Empty: Django streams the file itself.
DOWNLOAD_ACCEL_PREFIX = os.environ.get("DOWNLOAD_ACCEL_PREFIX", "")
if DOWNLOAD_ACCEL_PREFIX and MEDIA.kind != media_storage.FILESYSTEM:
    raise ImproperlyConfigured(
        "DOWNLOAD_ACCEL_PREFIX names a folder nginx reads: it cannot be used with MEDIA_STORAGE="
        f"{MEDIA.kind} (the download view streams the files from the storage)."
    )
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# Forms anonymous visitors send (portal/guard.py): sent faster than this after opening, a form
# is a bot's and is dropped; each kind accepts (per address an hour, per address a day, from
# everyone an hour), "default" for kinds not listed.
FORM_MIN_SECONDS = float(os.environ.get("FORM_MIN_SECONDS", "3"))
SUBMISSION_LIMITS = {
    "default": (5, 20, 300),
    "question": (
        int(os.environ.get("QUESTIONS_PER_ADDRESS_HOUR", "3")),
        int(os.environ.get("QUESTIONS_PER_ADDRESS_DAY", "10")),
        int(os.environ.get("QUESTIONS_PER_HOUR", "200")),
    ),
    "comment": (
        int(os.environ.get("COMMENTS_PER_ADDRESS_HOUR", "5")),
        int(os.environ.get("COMMENTS_PER_ADDRESS_DAY", "20")),
        int(os.environ.get("COMMENTS_PER_HOUR", "300")),
    ),
    "lookup": (20, 60, 2000),  # status lookups by tracking code: guessing codes is slow
}
# Personal data (portal/privacy.py, NĐ 13/2023): askers' and commenters' contact details are
# erased this many days after their question is settled or the consultation closed
# (`manage.py personal_data erase`, run daily); the published questions and answers stay.
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "730"))
# Questions are answered within this many working days (Monday to Friday, but HOLIDAYS:
# ISO dates, comma-separated) before they show as overdue.
QUESTION_ANSWER_DAYS = int(os.environ.get("QUESTION_ANSWER_DAYS", "10"))
HOLIDAYS = env_list("HOLIDAYS", "")

# Public pages run only our own static scripts: no inline script, no outside host (django-csp).
# The admin gets its own policy from portal/headers.py (CKEditor 4 needs inline handlers and
# styles); uploads (/media/) get their own sandbox policy from portal/views.py.
CONTENT_SECURITY_POLICY = {
    # Feeds and sitemaps are XML, not pages: a page's policy would only break the browser's
    # own XML viewer (it styles the tree inline).
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/rss/", "/sitemap"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}


def outside_origin(name: str, url: str) -> str:
    """The origin of an outside address an operator configured, refused unless plain HTTPS."""
    parts = urlsplit(url)
    if (
        parts.scheme != "https"
        or not parts.hostname
        or "@" in parts.netloc
        or any(c.isspace() or c in "'\";,<>`" for c in url)
    ):
        raise ImproperlyConfigured(f"{name} must be an https:// address (got {url!r}).")
    return f"https://{parts.netloc.lower()}"


# The national monitoring script (EMC) and its badge, when the agency has joined it (README,
# "Thống kê truy cập"): the script, loaded from its own address (never inline), goes on every
# public page and its origin into script-src; EMC_CSP names the other directives it needs
# (img-src, connect-src, frame-src). Unset: nothing from outside is on any page.
EMC_SCRIPT_URL = os.environ.get("EMC_SCRIPT_URL", "").strip()
EMC_LABEL = os.environ.get("EMC_LABEL", "").strip()
EMC_BADGE_URL = os.environ.get("EMC_BADGE_URL", "").strip()
EMC_CSP = env_list("EMC_CSP", "")
EMC_CSP_DIRECTIVES = {"img-src", "connect-src", "frame-src"}
if EMC_BADGE_URL:
    outside_origin("EMC_BADGE_URL", EMC_BADGE_URL)
if EMC_SCRIPT_URL:
    _emc = outside_origin("EMC_SCRIPT_URL", EMC_SCRIPT_URL)
    if unknown := set(EMC_CSP) - EMC_CSP_DIRECTIVES:
        raise ImproperlyConfigured(
            f"EMC_CSP may name {', '.join(sorted(EMC_CSP_DIRECTIVES))}, not {', '.join(unknown)}."
        )
    for _directive in ["script-src", *EMC_CSP]:
        CONTENT_SECURITY_POLICY["DIRECTIVES"].setdefault(_directive, ["'self'"]).append(_emc)
elif EMC_CSP:
    raise ImproperlyConfigured("EMC_CSP is set without EMC_SCRIPT_URL.")

# Photos read from another origin (S3 storage, its CDN) are images of the pages too.
if MEDIA.origin:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(MEDIA.origin)

# Security: safe by default, HTTPS-only settings when the site is served over HTTPS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
# Staff accounts (portal/staff.py, README "Staff accounts"): a session also ends after this long
# without a request (SESSION_COOKIE_AGE stays the limit from the login, whatever the activity);
# superusers, administrators and approvers must give a second factor (STAFF_SECOND_FACTOR=0
# turns the second factor off: tests, or an emergency); the login log keeps this many days.
STAFF_IDLE_SECONDS = int(os.environ.get("STAFF_IDLE_MINUTES", "30")) * 60
STAFF_SECOND_FACTOR = env_bool("STAFF_SECOND_FACTOR", True)
STAFF_LOGIN_LOG_DAYS = int(os.environ.get("STAFF_LOGIN_LOG_DAYS", "365"))
# Authenticator apps show the account under the site's host name. Wrong codes wait 1, 2, 4, …
# seconds before the next try (django-otp's throttling), per device.
OTP_TOTP_ISSUER = urlsplit(SITE_URL).hostname or "portal"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Sessions (staff only: public pages set none) in the database, shared by every server: a Redis
# restart or eviction never logs the newsroom out, and a staff request costs one indexed query.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CSRF_TRUSTED_ORIGINS = [
    f"{urlsplit(SITE_URL).scheme}://{urlsplit(SITE_URL).netloc}",
    *env_list("CSRF_TRUSTED_ORIGINS", ""),
]
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = False
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The root health check must answer over plain HTTP for load balancers.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

SILENCED_SYSTEM_CHECKS = [
    # django-ckeditor bundles CKEditor 4.22.1 and warns that it is no longer maintained. The
    # server-side sanitiser (news/html.py) is the real guard and uploads use our own checked view;
    # the widget is chosen in one place (news/widgets.py) so a later switch touches little.
    "ckeditor.W001",
    # HSTS preload is an opt-in decision for the operator, not a default.
    "security.W021",
    # The article lists' covering indexes (news/articles/models.py) INCLUDE columns on
    # PostgreSQL; SQLite makes them plain indexes on the key columns, which is what it can do.
    "models.W040",
]

# CKEditor 4 configuration for a Vietnamese newsroom. The upload address and the CSRF header are
# added by news/widgets.py; everything typed is stored as UTF-8 text, not HTML entities.
CKEDITOR_CONFIGS = {
    "default": {
        "toolbar": "Newsroom",
        "toolbar_Newsroom": [
            ["Format", "Bold", "Italic", "Underline", "Strike", "Subscript", "Superscript"],
            ["NumberedList", "BulletedList", "Blockquote", "-", "JustifyLeft", "JustifyCenter"],
            ["Link", "Unlink"],
            ["Image", "Table", "HorizontalRule", "SpecialChar"],
            ["PasteFromWord", "PasteText", "RemoveFormat"],
            ["Undo", "Redo", "-", "Find", "Replace"],
            ["Source", "Maximize"],
        ],
        "format_tags": "p;h2;h3;h4",
        "height": 480,
        "width": "100%",
        "extraPlugins": "image2,uploadimage",
        # Off: what calls outside services (spell checking, PDF export), what the newsroom
        # does not use, and what would let a body hold more than the sanitiser keeps.
        "removePlugins": (
            "image,exportpdf,scayt,wsc,flash,iframe,forms,smiley,templates,save,newpage,about,"
            "preview,print,language,bidi,font,colorbutton,colordialog,div,pagebreak,showblocks,"
            "copyformatting,stylescombo"
        ),
        "image2_captionedClass": "image",
        "image2_alignClasses": ["image-left", "image-center", "image-right"],
        "image2_disableResizer": True,
        "image2_prefillDimensions": False,
        "filebrowserUploadMethod": "xhr",
        "entities": False,
        "entities_latin": False,
        "entities_greek": False,
        "basicEntities": True,
        "pasteFromWordRemoveFontStyles": True,
        "pasteFromWordRemoveStyles": True,
        "disableNativeSpellChecker": False,
        "removeDialogTabs": "link:advanced;table:advanced",
        "contentsCss": ["/static/editor/css/editor-content.css"],
        "linkDefaultProtocol": "https://",
    }
}

# E-mail: approvers hear of submissions, authors of send-backs and publications. SMTP when
# EMAIL_HOST is set (EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS,
# EMAIL_USE_SSL), else the console (development, or until the operator sets it up).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587" if env_bool("EMAIL_USE_TLS", True) else "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL) and not EMAIL_USE_SSL
EMAIL_TIMEOUT = 10
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", f"Cổng thông tin <no-reply@{urlsplit(SITE_URL).hostname or 'localhost'}>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Logs (portal/logs.py, README "Running in production"): one line of JSON per record on
# stderr (LOG_FORMAT=json, the default without DEBUG) or plain text (LOG_FORMAT=text): one line
# per request, per error (with a short traceback), per refused Host header (no traceback).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "portal.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {
        "short": {"()": "portal.logs.ShortSecurityFilter"},
        "database_down": {"()": "portal.logs.DatabaseDownFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        },
        # Django's security loggers (a forged Host header, above all): one short line, no
        # traceback, so that forged requests cannot flood the log.
        "security": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["short"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # 4xx are in the request lines already; 5xx with their traceback, but not once per
        # request while the database is down.
        "django.request": {
            "handlers": ["console"],
            "level": "ERROR",
            "filters": ["database_down"],
            "propagate": False,
        },
        "django.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
        "portal": {"level": LOG_LEVEL},
        "news": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
