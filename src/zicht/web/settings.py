"""Django settings. SQLite at var/zicht.sqlite3 by default; ZICHT_DB=postgres for PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from pathlib import Path

from zicht.vertrouwen import geheimen as _geheimen

# src/zicht/web/settings.py -> the repository root (an editable install, as `make` sets it up)
ROOT = Path(__file__).resolve().parents[3]


def _vlag(naam: str, standaard: str = "") -> bool:
    return os.environ.get(naam, standaard).lower() in {"1", "true", "ja", "yes", "on"}


DEBUG = _vlag("ZICHT_DEBUG")
SECRET_KEY = _geheimen.secret_key(DEBUG)  # fails closed outside DEBUG and the tests
# The key of the BSN search index (an HMAC, casusbeheer/zoekindex.py); changing it needs a reindex.
ZICHT_BSN_SLEUTEL = os.environ.get("ZICHT_BSN_SLEUTEL", SECRET_KEY)
# Keys of the hash chains (events, access log), never in the database: zicht/vertrouwen/keten.py
ZICHT_KETEN_SLEUTELS = _geheimen.ketensleutels(DEBUG)
# The access log's hash chains (zicht.vertrouwen.keten): a look locks the head of one chain
# until it commits, so this many looks can commit at once. PostgreSQL only (SQLite has one
# writer anyway and always uses the first chain).
ZICHT_TOEGANGSLOG_KETENS = int(os.environ.get("ZICHT_TOEGANGSLOG_KETENS", "16"))
ALLOWED_HOSTS = os.environ.get("ZICHT_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "zicht.web",
    "zicht.store",
    "zicht.casuswerk",
    "zicht.casusbeheer",
    "zicht.toegangslog",
    "zicht.vertrouwen",
    "zicht.signalering",
    "zicht.regie",
    "zicht.beheer",
]

MIDDLEWARE = [
    "zicht.web.beveiliging.TraceMiddleware",  # first: every response, errors too, has a trace id
    "zicht.web.beveiliging.BeveiligingskoppenMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # /static/ under gunicorn, without DEBUG
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zicht.web.beveiliging.SessieVerlengenMiddleware",  # inside SessionMiddleware: it saves
    # A change and its access-log row in one transaction: everything below runs inside it.
    "zicht.web.beveiliging.EenTransactieMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zicht.web.beveiliging.OTPMiddleware",  # django-otp's, the device read as a fixed query
    "zicht.web.beveiliging.TweedeFactorMiddleware",
    "zicht.vertrouwen.formulieren.FormuliertokenMiddleware",  # a form is recorded once
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "zicht.web.urls"
WSGI_APPLICATION = "zicht.web.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zicht.vertrouwen.formulieren.formuliertoken",
            ]
        },
    }
]

if os.environ.get("ZICHT_DB", "sqlite") == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": os.environ.get("ZICHT_PG_HOST", "127.0.0.1"),
            "PORT": os.environ.get("ZICHT_PG_PORT", "5432"),
            # Least privilege (issue #16): outside development and the tests the application
            # connects as the role that owns nothing (`zicht db-rollen`), unless told otherwise.
            "USER": os.environ.get(
                "ZICHT_PG_USER", "postgres" if _geheimen.ontwikkeling(DEBUG) else "zicht_app"
            ),
            "NAME": os.environ.get("ZICHT_PG_NAME", "zicht"),
            # Keep a worker's connection between requests: a new PostgreSQL backend per request
            # cost more CPU than the worklist's queries (bench/schaal.py, issue #6).
            "CONN_MAX_AGE": int(os.environ.get("ZICHT_PG_CONN_MAX_AGE", "300")),
            "CONN_HEALTH_CHECKS": True,
        }
    }
    # A PostgreSQL hot standby for reads that may lag (issue #17; docs/schaal.md): only code
    # inside `zicht.toepassing.lezen.leest_mag_achterlopen()` reads there, everything else stays on
    # the primary; when the standby is down or too far behind, the primary serves.
    if os.environ.get("ZICHT_PG_REPLICA_HOST"):
        DATABASES["replica"] = {
            **DATABASES["default"],
            "HOST": os.environ["ZICHT_PG_REPLICA_HOST"],
            "PORT": os.environ.get("ZICHT_PG_REPLICA_PORT", "5432"),
            "OPTIONS": {"connect_timeout": 2},
            "MAX_ACHTERSTAND": float(os.environ.get("ZICHT_PG_REPLICA_MAX_ACHTERSTAND", "30")),
            "PAUZE": float(os.environ.get("ZICHT_PG_REPLICA_PAUZE", "30")),
            "TEST": {"MIRROR": "default"},
        }
    DATABASE_ROUTERS = ["zicht.toepassing.lezen.LeesRouter"]
else:
    _sqlite = Path(os.environ.get("ZICHT_SQLITE", ROOT / "var" / "zicht.sqlite3"))
    _kenmerk = hashlib.sha1(str(_sqlite.resolve()).encode()).hexdigest()[:10]  # one per checkout
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": _sqlite,
            # Take the write lock at BEGIN, so concurrent appends queue instead of failing late.
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
            # A file, not the in-memory default: threads in the race tests share one database.
            "TEST": {"NAME": Path(tempfile.gettempdir()) / f"zicht-test-{_kenmerk}.sqlite3"},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("ZICHT_STATIC_ROOT", ROOT / "var" / "static"))
# WhiteNoise serves the app's static files itself (after `zicht beheer collectstatic` from
# STATIC_ROOT; without it straight from the apps), so gunicorn without DEBUG has its CSS and JS.
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
LOGIN_URL = "casuswerk:inloggen"
LOGIN_REDIRECT_URL = "casuswerk:werkvoorraad"
LOGOUT_REDIRECT_URL = "casuswerk:inloggen"

# ---- Login (OWASP ASVS L2 V2, V3; BIO 2 9.4) ----------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # only to read older hashes
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out username before checking
    # Django's ModelBackend, loading the user's Medewerker with the user (one query).
    "zicht.casuswerk.toegang.MedewerkerBackend",
]
# django-axes: five wrong passwords lock the username; the sixth try is refused, even a right one.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username"]
# W006 wants the IP in the lockout key; we lock the account from any address on purpose (staff
# share one NAT address: an IP lock would lock out a whole municipality).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "casuswerk/geblokkeerd.html"
AXES_VERBOSE = False
# django-otp: the issuer shown in the authenticator app.
OTP_TOTP_ISSUER = "Zicht"
# The second factor's pages (zicht.web.beveiliging.TweedeFactorMiddleware lets these through).
TWEEDE_STAP_URL = "casuswerk:tweede_stap"
KOPPELEN_URL = "casuswerk:koppelen"

# Sessions: idle for 15 minutes ends the session. Requests renew it, but at most once a minute
# (SessieVerlengenMiddleware): saving it on every request cost an UPDATE and commit per page.
SESSION_COOKIE_AGE = 900
SESSION_ENGINE = "zicht.web.sessie"  # Django's database sessions, read without the ORM
SESSION_SAVE_EVERY_REQUEST = False
SESSIE_VERLENGEN_NA = 60  # seconds
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# Secure cookies, HTTPS redirect and HSTS behind TLS. Plain http on localhost keeps working;
# over TLS the cookies are marked Secure per response (BeveiligingskoppenMiddleware) anyway.
ZICHT_SECURE = _vlag("ZICHT_SECURE")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = ZICHT_SECURE
SECURE_SSL_REDIRECT = ZICHT_SECURE
if ZICHT_SECURE:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000  # sent by SecurityMiddleware on https responses only
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: templates use static files only.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# ---- Tasks: the retention job runs on the database queue (`zicht beheer db_worker`) ----------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# ---- Trust (issue 16): how long a form stays valid, how long a retry gets the first answer --
ZICHT_VERTROUWEN = {
    # A form left open longer is refused (shown again, fresh); a used token is kept this long
    # (plus a margin for clocks), then the cleanup job deletes it: it could not be accepted.
    "FORMULIER_GELDIG_SECONDEN": int(os.environ.get("ZICHT_FORMULIER_GELDIG_SECONDEN", "43200")),
    # An API POST retried with the same Idempotency-Key within this window gets the first
    # answer; after it the stored answer is deleted and the key may be used anew.
    "IDEMPOTENTIE_BEWAREN_SECONDEN": int(
        os.environ.get("ZICHT_IDEMPOTENTIE_BEWAREN_SECONDEN", "86400")
    ),
}

# The region this installation serves: its agreement is zicht/afspraken/<ZICHT_REGIO>/.
ZICHT_REGIO = os.environ.get("ZICHT_REGIO", "zuid-limburg")

# ---- Agreement versions and decree days stored by beheer (issue 13): each app server looks at
# the database's change counter at most this often (seconds); a version is scheduled from a day
# after today, so this only bounds how soon another server shows it on the beheer screen.
ZICHT_AFSPRAKEN_HERLADEN_SECONDEN = float(os.environ.get("ZICHT_AFSPRAKEN_HERLADEN_SECONDEN", "30"))

# ---- Signalering (issue 14): the deadline sweep, the bell, the e-mail digest, the calendar --
ZICHT_SIGNALERING = {
    # A first sweep also fires terms an append made overdue in the last days (verloop.py).
    "INHAALDAGEN": int(os.environ.get("ZICHT_INHAALDAGEN", "7")),
    # Due cases per transaction of the sweep: fewer commits and one write per batch.
    "VEEG_PARTIJ": int(os.environ.get("ZICHT_VEEG_PARTIJ", "100")),
    # Where the digest's link points (the worklist); set per installation.
    "BASIS_URL": os.environ.get("ZICHT_BASIS_URL", "http://127.0.0.1:8000"),
    "DIGEST_MAX_POGINGEN": int(os.environ.get("ZICHT_DIGEST_MAX_POGINGEN", "8")),
    "DIGEST_BACKOFF_SECONDEN": int(os.environ.get("ZICHT_DIGEST_BACKOFF_SECONDEN", "60")),
}
# SMTP for the digest (no personal data in it: counts and a link).
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("ZICHT_SMTP_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("ZICHT_SMTP_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("ZICHT_SMTP_GEBRUIKER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ZICHT_SMTP_WACHTWOORD", "")
EMAIL_USE_TLS = _vlag("ZICHT_SMTP_STARTTLS")
EMAIL_USE_SSL = _vlag("ZICHT_SMTP_SSL")
EMAIL_TIMEOUT = int(os.environ.get("ZICHT_SMTP_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("ZICHT_MAIL_VAN", "zicht@zicht.invalid")

# ---- Logging: no case content, names or BSN in the application log ----------------------------
from zicht.web.logboek import installeer as _zonder_bsn_in_logs  # noqa: E402

_zonder_bsn_in_logs()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "zonder_persoonsgegevens": {"()": "zicht.web.logboek.ZonderPersoonsgegevens"},
        "trace": {"()": "zicht.web.logboek.TraceFilter"},
    },
    "formatters": {
        "zicht": {"format": "%(asctime)s %(levelname)s %(name)s [%(trace_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "zicht.web.logboek.Console",
            "filters": ["trace", "zonder_persoonsgegevens"],
            "formatter": "zicht",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("ZICHT_LOGNIVEAU", "INFO")},
    "loggers": {
        # SQL with its parameters (names) only at DEBUG: never let it through.
        "django.db.backends": {"level": "WARNING", "propagate": True},
    },
}
LANGUAGE_CODE = "nl"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# ---- REST API for systems (issue #5): values in zicht/api/instellingen.py ---------------------
from zicht.api import instellingen as _api  # noqa: E402

INSTALLED_APPS += [app for app in _api.APPS if app not in INSTALLED_APPS]
INSTALLED_APPS += ["zicht.jzv"]  # JZV Meldingen in and out (issue #15), on top of the API
MIDDLEWARE += _api.MIDDLEWARE  # innermost: the security headers above wrap the API too
# Inside the API middleware: a retried POST with the same Idempotency-Key gets the first answer.
MIDDLEWARE += ["zicht.api.idempotentie.IdempotentieMiddleware"]
REST_FRAMEWORK = _api.REST_FRAMEWORK
SPECTACULAR_SETTINGS = _api.SPECTACULAR_SETTINGS
ZICHT_API = _api.zicht_api()
