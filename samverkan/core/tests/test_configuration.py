"""Every environment variable the code reads, and every management command, is in the README."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# env.str("NAME"…), env("NAME"…), os.environ.get("NAME"), os.environ["NAME"], os.getenv("NAME")
READS = re.compile(r'(?:\benv(?:\.\w+)?\(\s*|os\.environ(?:\.get\(|\.setdefault\(|\[)\s*|'
                   r'os\.getenv\(\s*)f?"([A-Z][A-Z0-9_{}.()]+)"')
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


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
