"""Settings, all from environment variables (see README, "Drift").

SAMVERKAN_ENV=production switches to the hardened profile that passes `check --deploy`;
everything else defaults to a safe local demo on SQLite in SAMVERKAN_DATA_DIR.
"""

from pathlib import Path

import environ
import plotly
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
env = environ.Env()

PRODUCTION = env.str("SAMVERKAN_ENV", default="demo") == "production"
# A source checkout keeps its data next to the code (./data); an installed copy cannot write into
# site-packages, so it uses the XDG data folder of the user it runs as.
if (BASE_DIR.parent / "pyproject.toml").exists():
    _DEFAULT_DATA_DIR = BASE_DIR.parent / "data"
else:
    _DEFAULT_DATA_DIR = Path(env.str("XDG_DATA_HOME", default=str(Path.home() / ".local" / "share"))) \
        / "samverkan"
DATA_DIR = Path(env.str("SAMVERKAN_DATA_DIR", default=str(_DEFAULT_DATA_DIR))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="demo-only-not-secret-samverkan-local-key-0123456789")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    # Django would start and answer every request with 400; say why at start-up instead.
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS saknas: i produktion (SAMVERKAN_ENV=production) måste ALLOWED_HOSTS ange "
        "värdnamnen Samverkan svarar på, t.ex. ALLOWED_HOSTS=samverkan.kommun.se.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "simple_history",
    "axes",
    "bootstrap",
    "samverkan.core",  # before django_tasks_db: its db_worker command replaces that one
    "django_tasks_db",
    "samverkan.core.scheduling",
    "samverkan.organisations",
    "samverkan.portfolio",
    "samverkan.contracts",
    "samverkan.ledger",
    "samverkan.finance",
    "samverkan.planning",
    "samverkan.initiatives",
    "samverkan.assessments",
    "samverkan.analysis",
    "samverkan.reports",
    "samverkan.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samverkan.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samverkan.urls"
WSGI_APPLICATION = "samverkan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'samverkan.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker write while pages read; busy timeout rides out short locks.
    # A 32 MB page cache (the default is 2 MB) keeps a request's index probes in memory: a
    # national-scale page reads more than 2 MB of index in an order unlike the file's.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                         "PRAGMA cache_size=-32000;"),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "samverkan.core.authentication.PasswordBackend",
    "samverkan.organisations.oidc.ProviderBackend",
]
# Local passwords (login page, API token by password); off when everyone signs in through a
# provider below.
SAMVERKAN_PASSWORD_LOGIN = env.bool("SAMVERKAN_PASSWORD_LOGIN", default=True)

# -- single sign-on (README, "Inloggning med kommunens konto") --------------------------------
# One OpenID Connect provider per municipality: OIDC_PROVIDERS=laxa,hallsberg and for each the
# variables OIDC_<NAMN>_<FIELD>; the older single-provider variables (OIDC_RP_CLIENT_ID, …) still
# give one provider named "kommun". samverkan.organisations.oidc reads and checks them.
OIDC_PROVIDER_FIELDS = (
    "LABEL", "CLIENT_ID", "CLIENT_SECRET", "AUTHORIZATION_ENDPOINT", "TOKEN_ENDPOINT",
    "USER_ENDPOINT", "JWKS_ENDPOINT", "END_SESSION_ENDPOINT", "SIGN_ALGO", "SCOPES",
    "USERNAME_CLAIM", "ROLES_CLAIM", "ROLE_MAP",
)
SAMVERKAN_OIDC_PROVIDERS = {
    name.lower(): {field: env.str(f"OIDC_{name.upper()}_{field}", default="")
                   for field in OIDC_PROVIDER_FIELDS}
    for name in env.list("OIDC_PROVIDERS", default=[])
}
if env.str("OIDC_RP_CLIENT_ID", default=""):
    SAMVERKAN_OIDC_PROVIDERS.setdefault("kommun", {
        "CLIENT_ID": env.str("OIDC_RP_CLIENT_ID"),
        "CLIENT_SECRET": env.str("OIDC_RP_CLIENT_SECRET", default=""),
        "AUTHORIZATION_ENDPOINT": env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default=""),
        "TOKEN_ENDPOINT": env.str("OIDC_OP_TOKEN_ENDPOINT", default=""),
        "USER_ENDPOINT": env.str("OIDC_OP_USER_ENDPOINT", default=""),
        "JWKS_ENDPOINT": env.str("OIDC_OP_JWKS_ENDPOINT", default=""),
        "END_SESSION_ENDPOINT": env.str("OIDC_OP_END_SESSION_ENDPOINT", default=""),
        "SIGN_ALGO": env.str("OIDC_RP_SIGN_ALGO", default="RS256"),
        "LABEL": "kommunens konto",
    })
OIDC_TIMEOUT = 15  # seconds for each call to a provider

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portfolio:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Failed logins: five tries per username and address, then a 15-minute lock-out.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# The client's own address behind the reverse proxies (samverkan.core.authentication.client_ip),
# so a lock-out hits the attacker's address, not the proxy's (everyone's), and an address written
# into X-Forwarded-For by the client itself counts for nothing.
SAMVERKAN_PROXY_COUNT = env.int("SAMVERKAN_PROXY_COUNT", default=0)
SAMVERKAN_TRUSTED_PROXIES = env.list("SAMVERKAN_TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "samverkan.core.authentication.client_ip"

SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=60 * 60 * 2)
SESSION_SAVE_EVERY_REQUEST = True  # the age is an idle timeout, renewed on every request
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns at start-up about a missing one
STATICFILES_DIRS = [("plotly", Path(plotly.__file__).parent / "package_data")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = DATA_DIR / "files"
MEDIA_URL = "files/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
SAMVERKAN_MAX_IMPORT_BYTES = env.int("SAMVERKAN_MAX_IMPORT_BYTES", default=200 * 1024 * 1024)
SAMVERKAN_MAX_DOCUMENT_BYTES = env.int("SAMVERKAN_MAX_DOCUMENT_BYTES", default=50 * 1024 * 1024)
# Contracts: the direct-award threshold in kronor (flagged when exceeded without a procurement),
# reminder lead times in days before the owner's own deadline, the horizon of "notice deadline
# soon", and the site address used in links in e-mails.
SAMVERKAN_DIRECT_AWARD_THRESHOLD = env.int("SAMVERKAN_DIRECT_AWARD_THRESHOLD", default=700_000)
SAMVERKAN_CONTRACT_REMINDER_DAYS = env.list("SAMVERKAN_CONTRACT_REMINDER_DAYS", cast=int,
                                            default=[180, 90, 30])
SAMVERKAN_CONTRACT_HORIZON_DAYS = env.int("SAMVERKAN_CONTRACT_HORIZON_DAYS", default=180)
SAMVERKAN_BASE_URL = env.str("SAMVERKAN_BASE_URL", default="")
# how many days before a release the people around its systems are told
SAMVERKAN_RELEASE_NOTICE_DAYS = env.int("SAMVERKAN_RELEASE_NOTICE_DAYS", default=7)
# sannolikhet and påverkan of a risk on 1–4 (default) or 1–5
SAMVERKAN_RISK_SCALE = env.int("SAMVERKAN_RISK_SCALE", default=4)
if SAMVERKAN_RISK_SCALE not in (4, 5):
    raise ImproperlyConfigured("SAMVERKAN_RISK_SCALE ska vara 4 eller 5.")
# the PowerPoint template of report packs (an administrator uploads it at /rapporter/mall/)
SAMVERKAN_REPORT_TEMPLATE = env.str("SAMVERKAN_REPORT_TEMPLATE",
                                    default=str(DATA_DIR / "rapportmall.pptx"))

SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# E-mail in Django's MAILERS form; each backend takes only the options it knows.
_MAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
if _MAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
    _MAIL_OPTIONS = {
        "host": env.str("EMAIL_HOST", default="localhost"),
        "port": env.int("EMAIL_PORT", default=25),
        "username": env.str("EMAIL_HOST_USER", default=""),
        "password": env.str("EMAIL_HOST_PASSWORD", default=""),
        "use_tls": env.bool("EMAIL_USE_TLS", default=False),
    }
elif _MAIL_BACKEND == "django.core.mail.backends.filebased.EmailBackend":
    _MAIL_OPTIONS = {"file_path": str(DATA_DIR / "mail")}
else:
    _MAIL_OPTIONS = {}
MAILERS = {"default": {"BACKEND": _MAIL_BACKEND, "OPTIONS": _MAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="samverkan@localhost")

TASKS = {
    "default": {
        "BACKEND": env.str("SAMVERKAN_TASK_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

SAMVERKAN_API_TOKEN_DAYS = env.int("SAMVERKAN_API_TOKEN_DAYS", default=30)  # API tokens' lifetime

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "samverkan.core.authentication.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"token": "10/min"},
    "EXCEPTION_HANDLER": "samverkan.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samverkan API",
    "DESCRIPTION": "System, förvaltningsobjekt, organisationer, avtal och kostnader.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # like every other page and the API itself: signed-in users and token holders only
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # the API documentation page is served from local files: intranets are often closed
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # one name per shared choice set, so clients get one type for each
    "ENUM_NAME_OVERRIDES": {
        "CostCategoryEnum": "samverkan.ledger.models.CostCategory",
        "KlassaLevelEnum": "samverkan.portfolio.models.System.KLASSA_LEVELS",
        "OrganisationRoleEnum": "samverkan.core.permissions.Role",
        "ContractPartyRoleEnum": "samverkan.contracts.models.ContractParty.Role",
        "ObjectRoleKindEnum": "samverkan.portfolio.models.ObjectRole.Kind",
        "HourCategoryEnum": "samverkan.planning.models.HourCategory",
        "DispositionEnum": "samverkan.assessments.models.rounds.Disposition",
        "PlanStateEnum": "samverkan.planning.models.plans.Plan.State",
        "AssessmentStateEnum": "samverkan.assessments.models.rounds.Assessment.State",
        "DecisionBasisStateEnum": "samverkan.reports.models.DecisionBasis.State",
    },
}

DJANGO_TABLES2_TEMPLATE = "core/table.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line": {"()": "samverkan.core.logs.WithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "console_one_line": {"class": "logging.StreamHandler", "filters": ["one_line"]},
    },
    "loggers": {
        # a request for a host name not in ALLOWED_HOSTS is the client's mistake (or a scan),
        # worth one line in the log, not a traceback
        "django.security.DisallowedHost": {"handlers": ["console_one_line"], "propagate": False},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
