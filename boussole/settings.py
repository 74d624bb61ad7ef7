"""Settings of the Boussole des jeunes, driven by environment variables (see README)."""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# The default key is only good for development and tests: `check --deploy` flags it (security.W009).
SECRET_KEY = env("SECRET_KEY", default="django-insecure-development-key-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    # The site's administration, whose people pickers show each person's e-mail beside their name.
    "boussole.admin_site.BoussoleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "dsfr",
    "widget_tweaks",
    "django_celery_beat",
    "anymail",
    "axes",
    "csp",
    "core",
    "boussole",
    "accounts",
    "questionnaires",
    "territories",
    "organisations",
    "offers",
    "notifications",
    "contact_requests",
    "backoffice",
    "stats",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "boussole.middleware.PermissionsPolicyMiddleware",
    "boussole.middleware.PrivateByDefaultMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside the CSP middleware: it adds to the policy of the administration's pages before the header is written.
    "boussole.middleware.AdminInlineStylesMiddleware",
    "accounts.middleware.ProConnectFormActionMiddleware",
    # Before anything reads the path or the query: no control character gets further.
    "boussole.middleware.RejectControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the public page cache, which builds its pages past the layers below it.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Pages only: whitenoise serves static files already compressed. Django's, with its random bytes against BREACH,
    # compressing a page with a window no larger than the page (core.compression).
    "core.compression.GZipMiddleware",
    # Public pages kept whole (core.cache.cached_page) are served from here, before sessions and routing.
    "core.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "boussole.middleware.MethodNotAllowedPageMiddleware",
    # After the messages middleware: it tells the person logged out for inactivity why.
    "accounts.middleware.IdleSessionMiddleware",
    # Last, as django-axes requires: it turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "boussole.urls"
WSGI_APPLICATION = "boussole.wsgi.application"

# Widgets are drawn from Django's templates, then the project's (core.forms.ProjectTemplates).
FORM_RENDERER = "core.forms.ProjectTemplates"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # The project's templates first, read without their indentation (core.template_loaders), then the apps'.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    ["core.template_loaders.Loader", "django.template.loaders.app_directories.Loader"],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "boussole.context_processors.site_config",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with a health check that asks the server only when the connection has news (core/postgresql).
    DATABASES["default"]["ENGINE"] = "core.postgresql"
    # No just-in-time compilation: it pays off on long analytical queries, not on ours, which take milliseconds; a
    # query whose cost the planner overestimates (a year of requests it will not read) spends up to a second
    # compiling (the statistics pages, measured by `bench_national`).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # The statements of the public pages read most (an offer, a commune search) are prepared on each connection and
    # planned once for every value (core.statements); the others are not prepared, and are planned at each run.
    # Behind a connection pooler in transaction mode that does not carry prepared statements (PgBouncer before
    # 1.21, or without max_prepared_statements), DATABASE_PREPARED_STATEMENTS=false.
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 0
        DATABASES["default"]["OPTIONS"]["options"] += " -c plan_cache_mode=force_generic_plan"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "backoffice:home"
# DSFR forms mark optional fields ("optionnel") rather than required ones, as the DSFR now recommends.
DSFR_MARK_OPTIONAL_FIELDS = True
LOGOUT_REDIRECT_URL = "home"
# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "accounts.proconnect.ProConnectBackend",
]
# AXES_FAILURE_LIMIT failed logins for one e-mail from one IP address block that pair for the cool-off time: an
# attacker trying many accounts from one place, or one account from many places, locks nobody else out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.http.client_address"
# Behind reverse proxies (TRUSTED_PROXY_COUNT of them, one by default), the visitor's address is read from the
# right of X-Forwarded-For (core.http.client_address); without BEHIND_PROXY that header is never trusted.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1) if BEHIND_PROXY else 0
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# ProConnect, the State's single sign-on for professionals (OpenID Connect: accounts/proconnect.py).
# The button shows once the service is registered: client id and secret, and the provider's discovery URL.
PROCONNECT_CLIENT_ID = env("PROCONNECT_CLIENT_ID", default="")
PROCONNECT_CLIENT_SECRET = env("PROCONNECT_CLIENT_SECRET", default="")
PROCONNECT_DISCOVERY_URL = env("PROCONNECT_DISCOVERY_URL", default="")
# Space-separated, e.g. "eidas1"; empty: ProConnect's default.
PROCONNECT_ACR_VALUES = env("PROCONNECT_ACR_VALUES", default="")
# The algorithm chosen when registering the service: RS256 or ES256 (keys from the provider's JWKS), or HS256.
PROCONNECT_SIGN_ALGO = env("PROCONNECT_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = "openid email given_name usual_name siret uid"
OIDC_AUTHENTICATION_CALLBACK_URL = "proconnect_callback"
# Kept in the session for the logout through ProConnect (id_token_hint); the access token is never kept.
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = env.int("PROCONNECT_TIMEOUT_SECONDS", default=10)
# A sign-in left unfinished at the provider for longer than this must start again.
PROCONNECT_STATE_MAX_AGE_SECONDS = 600
# Where a person ProConnect knows but the Boussole does not is told whom to ask (or offered their invitation).
PROCONNECT_UNKNOWN_IDENTITY_URL = "backoffice:proconnect_unknown"
# A logged-in person who does nothing for this long is logged out (accounts.middleware.IdleSessionMiddleware).
PROFESSIONAL_SESSION_IDLE_MINUTES = env.int("PROFESSIONAL_SESSION_IDLE_MINUTES", default=60)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production serves what collectstatic gathered when the image was built (STATIC_COLLECTED=true, set by the
# Dockerfile): hashed names, gzip and brotli copies, cached for a year. The choice never depends on whether a manifest
# already exists, since it does not yet while collectstatic runs. Without a build (quick start, tests), whitenoise
# serves the files from the apps as they are.
STATIC_COLLECTED = env.bool("STATIC_COLLECTED", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "core.static_storage.RememberingManifestStorage"
        if STATIC_COLLECTED
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_COLLECTED

# Redis: cache and Celery broker. Without it, tasks run eagerly in the web process (quick start).
REDIS_URL = env("REDIS_URL", default="")
# A hung Redis must not hang the pages: the cache answers within half a second or is skipped (core/cache.py),
# the broker within two (the outbox's requeue sweep sends what could not be handed over).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.ReusedClientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    # Each process keeps its own. Django's default of 300 entries is fewer than the public pages a single process
    # serves in ten minutes (offers, communes, searches typed): past it, the page cache would drop its oldest pages
    # one third at a time and miss nearly every page asked for in turn. 3,000 pages are at most about 60 MB.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 3000}}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The socket timeout stays above the worker's one-second BRPOP, which would otherwise time out while waiting.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 2, "max_retries": 1}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 2
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Every periodic job of every app, declared here only; beat copies them into django-celery-beat's tables at start.
CELERY_BEAT_SCHEDULE = {
    "requeue-unsent-emails": {"task": "notifications.tasks.requeue_unsent_emails", "schedule": 60.0},
    # Also sends, from 08:00, the SMS written at night.
    "requeue-unsent-sms": {"task": "notifications.tasks.requeue_unsent_sms", "schedule": 60.0},
    "sweep-contact-requests": {"task": "contact_requests.tasks.sweep_requests", "schedule": 600.0},
    "purge-contact-requests": {"task": "contact_requests.tasks.purge_requests", "schedule": crontab(hour=3, minute=30)},
    "purge-messages": {"task": "notifications.tasks.purge_messages", "schedule": crontab(hour=3, minute=45)},
    "sweep-offers": {"task": "offers.tasks.sweep_offers", "schedule": crontab(hour=8, minute=0)},
    "clear-expired-sessions": {"task": "boussole.tasks.clear_expired_sessions", "schedule": crontab(hour=4, minute=0)},
    # After the purge: the days it anonymised are counted again (to the same figures).
    "refresh-statistics": {"task": "stats.tasks.refresh_summary", "schedule": crontab(hour=4, minute=30)},
    "recount-changed-statistics": {"task": "stats.tasks.recount_changed_days", "schedule": 900.0},
}

# Email: console (default), file, smtp, or a django-anymail provider (brevo, mailjet, sendgrid…).
# Provider settings come from ANYMAIL_* variables, e.g. ANYMAIL_BREVO_API_KEY.
EMAIL_PROVIDER = env("EMAIL_PROVIDER", default="console")
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
EMAIL_BACKEND = _EMAIL_BACKENDS.get(EMAIL_PROVIDER, f"anymail.backends.{EMAIL_PROVIDER}.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent_emails"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 20
ANYMAIL = {key.removeprefix("ANYMAIL_"): value for key, value in env.ENVIRON.items() if key.startswith("ANYMAIL_")}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Boussole des jeunes <ne-pas-repondre@boussole.jeunes.gouv.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Outbox (notifications): a failing email is retried after a delay doubled at each attempt, then marked failed after
# EMAIL_MAX_ATTEMPTS; an email still queued this many minutes after its expected send is handed to Celery again.
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=5)
EMAIL_RETRY_DELAY_SECONDS = env.int("EMAIL_RETRY_DELAY_SECONDS", default=60)
EMAIL_REQUEUE_AFTER_MINUTES = env.int("EMAIL_REQUEUE_AFTER_MINUTES", default=5)

# SMS (notifications/sms.py): console (default, prints them), brevo, locmem (tests), or the dotted path of a backend
# class (notifications/sms_backends.py). The sender name is 3 to 11 letters or digits, approved by the provider.
SMS_PROVIDER = env("SMS_PROVIDER", default="console")
SMS_SENDER = env("SMS_SENDER", default="BOUSSOLE")
SMS_BREVO_API_URL = env("SMS_BREVO_API_URL", default="https://api.brevo.com/v3")
# Brevo's API key is the same for e-mails and SMS.
SMS_BREVO_API_KEY = env("SMS_BREVO_API_KEY", default=ANYMAIL.get("BREVO_API_KEY", ""))
SMS_TIMEOUT_SECONDS = env.int("SMS_TIMEOUT_SECONDS", default=10)
# As for e-mails: retried after a delay doubled at each attempt, failed after SMS_MAX_ATTEMPTS, handed again to Celery
# when still queued this many minutes after its expected send.
SMS_MAX_ATTEMPTS = env.int("SMS_MAX_ATTEMPTS", default=5)
SMS_RETRY_DELAY_SECONDS = env.int("SMS_RETRY_DELAY_SECONDS", default=60)
SMS_REQUEUE_AFTER_MINUTES = env.int("SMS_REQUEUE_AFTER_MINUTES", default=5)
# SMS written about one object (a youth's request) at most: the next ones are not written.
SMS_MAX_PER_RELATED = env.int("SMS_MAX_PER_RELATED", default=4)
# SMS segments a territory's youths may cost per month (billed segments, counted from the 1st): past it, only the
# acknowledgement of a request still goes by SMS, and national staff are told once that month.
SMS_MONTHLY_CAP_PER_TERRITORY = env.int("SMS_MONTHLY_CAP_PER_TERRITORY", default=2000)
# The secret in the address where the SMS provider reports deliveries (/webhooks/sms/brevo/<token>/); empty: none.
SMS_WEBHOOK_TOKEN = env("SMS_WEBHOOK_TOKEN", default="")

# Every e-mail and SMS (invitations, password resets, offers… and a request's, if its own purge has not come first):
# its recipients and words are erased this long after it was written.
MESSAGE_RETENTION_MONTHS = env.int("MESSAGE_RETENTION_MONTHS", default=12)

# Contact requests: how long personal data is kept once a request is over, how long the youth's private link works.
REQUEST_RETENTION_MONTHS = env.int("REQUEST_RETENTION_MONTHS", default=12)
REQUEST_LINK_MAX_AGE_DAYS = env.int("REQUEST_LINK_MAX_AGE_DAYS", default=90)
# "Prévenez-moi" registrations of a territory that does not open: how long the youth's address is kept.
OPENING_ALERT_RETENTION_MONTHS = env.int("OPENING_ALERT_RETENTION_MONTHS", default=12)
# Contact requests per hour: from one e-mail or mobile number, and from one address (a school, a kiosk: many youths).
REQUEST_RATE_LIMIT_PER_HOUR = env.int("REQUEST_RATE_LIMIT_PER_HOUR", default=5)
REQUEST_RATE_LIMIT_PER_ADDRESS_PER_HOUR = env.int("REQUEST_RATE_LIMIT_PER_ADDRESS_PER_HOUR", default=60)
# Youths one professional may orient to partners' offers in a day (from midnight, Paris time): a counsellor meets a
# few youths a day; more is a mass import, which the Boussole refuses.
ORIENTATIONS_PER_PROFESSIONAL_PER_DAY = env.int("ORIENTATIONS_PER_PROFESSIONAL_PER_DAY", default=20)
PHONENUMBER_DEFAULT_REGION = "FR"

# Offers: unreviewed by their organisation for OFFER_REVIEW_AFTER_MONTHS, they ask to be reviewed (an email, a reminder
# a month later); after OFFER_HIDDEN_AFTER_MONTHS, youths no longer see them until they are.
OFFER_REVIEW_AFTER_MONTHS = env.int("OFFER_REVIEW_AFTER_MONTHS", default=6)
OFFER_HIDDEN_AFTER_MONTHS = env.int("OFFER_HIDDEN_AFTER_MONTHS", default=9)

# Security: strict as soon as the site is served over HTTPS (TLS ends at the reverse proxy).
HTTPS = SITE_URL.startswith("https://")
# Only a proxy of ours may say the visitor came over HTTPS: anyone could send that header to the web process itself.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
# A youth's answers live in the session for two weeks at most, as the questionnaire and personal-data pages say;
# expired sessions are deleted every night (boussole.tasks.clear_expired_sessions).
SESSION_COOKIE_AGE = 14 * 24 * 3600
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "boussole.views.csrf_failure"
# No inline script or style: scripts and styles are files of the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Django's warnings (404, 405, CSRF, errors) and the development server write the path: no secret link in them.
    "filters": {"secret_paths": {"()": "boussole.access_log.MaskSecretPaths"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        name: {"filters": ["secret_paths"]} for name in ("django.request", "django.security.csrf", "django.server")
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
