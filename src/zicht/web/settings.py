"""Django settings. SQLite at var/zicht.sqlite3 by default; ZICHT_DB=postgres for PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

# src/zicht/web/settings.py -> the repository root (an editable install, as `make` sets it up)
ROOT = Path(__file__).resolve().parents[3]


def _vlag(naam: str, standaard: str = "") -> bool:
    return os.environ.get(naam, standaard).lower() in {"1", "true", "ja", "yes", "on"}


SECRET_KEY = os.environ.get("ZICHT_SECRET_KEY", "dev-only-niet-voor-productie")
DEBUG = _vlag("ZICHT_DEBUG")
ALLOWED_HOSTS = os.environ.get("ZICHT_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "zicht.store",
    "zicht.casuswerk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
            "USER": os.environ.get("ZICHT_PG_USER", "postgres"),
            "NAME": os.environ.get("ZICHT_PG_NAME", "zicht"),
        }
    }
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
STATIC_ROOT = ROOT / "var" / "static"
LOGIN_URL = "casuswerk:inloggen"
LOGIN_REDIRECT_URL = "casuswerk:werkvoorraad"
LOGOUT_REDIRECT_URL = "casuswerk:inloggen"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_CODE = "nl"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
