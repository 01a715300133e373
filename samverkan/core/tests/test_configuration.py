"""Every environment variable the code reads, and every management command, is in the README;
the start-up an installation sees: quiet checks, plain refusals, one-line logs."""

import io
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# env.str("NAME"…), env("NAME"…), os.environ.get("NAME"), os.environ["NAME"], os.getenv("NAME"):
# what the code reads (a variable it only sets, e.g. for Django's own use, is not configuration)
READS = re.compile(r'(?:\benv(?:\.\w+)?\(\s*|os\.environ(?:\.get\(|\[)\s*|os\.getenv\(\s*)'
                   r'f?"([A-Z][A-Z0-9_{}.()]+)"')
# set by the code for Django itself, not read as configuration
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_RUNSERVER_HIDE_WARNING"}


def environment_variables() -> set[str]:
    names = set()
    for path in (ROOT / "samverkan").rglob("*.py"):
        if path == Path(__file__):
            continue
        for name in READS.findall(path.read_text(encoding="utf-8")):
            names.add(name)
    return names - NOT_SETTINGS


def test_every_environment_variable_is_documented():
    names = environment_variables()
    assert "SAMVERKAN_BASE_URL" in names and "EMAIL_BACKEND" in names  # the scan finds them
    literal = {name for name in names if "{" not in name}
    missing = sorted(name for name in literal
                     if f"`{name}`" not in README and f"`{name}=" not in README)
    per_provider = [f"OIDC_<NAMN>_{field}" for field in settings.OIDC_PROVIDER_FIELDS]
    missing += [name for name in per_provider if f"`{name}`" not in README]
    assert not missing, f"saknas i README:s tabell över miljövariabler: {missing}"


def test_every_management_command_is_documented():
    commands = {path.stem for path in (ROOT / "samverkan").glob("*/management/commands/*.py")
                if not path.stem.startswith("_")}
    missing = sorted(name for name in commands if f"`{name}" not in README)
    assert not missing, f"kommandon som README inte nämner: {missing}"


# -- start-up, as a fresh process with the environment an installation has -----------------------

PRODUCTION = {"SAMVERKAN_ENV": "production", "ALLOWED_HOSTS": "samverkan.kommun.se",
              "SECRET_KEY": "x" * 20 + "production-like-secret-key-for-the-check-0123456789",
              "DATABASE_URL": "sqlite:///:memory:"}


def run(args, tmp_path, pythonpath=None, **environment):
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path / "home"),
           "SAMVERKAN_DATA_DIR": str(tmp_path / "data"), **environment}
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run([sys.executable, "-W", "error", *args], capture_output=True, text=True,
                          env={k: v for k, v in env.items() if v is not None}, timeout=120,
                          cwd=tmp_path)


def test_check_deploy_with_the_production_profile_reports_nothing(tmp_path):
    result = run(["-m", "samverkan.cli", "check", "--deploy"], tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = run(["-m", "samverkan.cli", "check"], tmp_path,
                 **{**PRODUCTION, "ALLOWED_HOSTS": None})
    assert result.returncode != 0
    assert result.stderr.strip().startswith("samverkan: ALLOWED_HOSTS saknas")
    assert "Traceback" not in result.stderr


def test_the_demo_profile_starts_without_a_warning(tmp_path):
    result = run(["-c", "from samverkan.wsgi import application"], tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_an_installed_copy_keeps_its_data_in_the_xdg_data_folder(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT / "samverkan", site / "samverkan",
                    ignore=shutil.ignore_patterns("node_modules", "__pycache__", "tests"))
    show = "from django.conf import settings; print(settings.DATA_DIR)"
    environment = {"DJANGO_SETTINGS_MODULE": "samverkan.settings", "SAMVERKAN_DATA_DIR": None}
    result = run(["-c", show], tmp_path, pythonpath=site, **environment)
    assert result.stdout.strip() == str(tmp_path / "home" / ".local" / "share" / "samverkan")
    result = run(["-c", show], tmp_path, pythonpath=site, XDG_DATA_HOME=str(tmp_path / "xdg"),
                 **environment)
    assert result.stdout.strip() == str(tmp_path / "xdg" / "samverkan")


def test_a_bad_host_header_is_logged_in_one_line(client):
    handler = next(h for h in logging.getLogger("django.security.DisallowedHost").handlers)
    stream, handler.stream = handler.stream, io.StringIO()
    try:
        response = client.get("/", HTTP_HOST="angripare.example")
        logged = handler.stream.getvalue()
    finally:
        handler.stream = stream
    assert response.status_code == 400
    assert logged.count("\n") == 1 and "angripare.example" in logged
