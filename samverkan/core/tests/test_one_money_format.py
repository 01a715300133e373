"""One money format everywhere: `1 234 567,89 kr`, to the öre, from core's helpers only. The
scan fails on a page, export or module that formats money some other way."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template

from samverkan.core.formatting import format_ore, format_ore_signed

ROOT = Path(__file__).resolve().parents[2]  # samverkan/
TEMPLATES = sorted(ROOT.glob("*/templates/**/*.html"))
MODULES = sorted(p for p in ROOT.glob("**/*.py") if "/tests/" not in str(p)
                 and "/migrations/" not in str(p) and p.name != "formatting.py")


def test_the_format():
    assert format_ore(113_435_450) == "1\u00a0134\u00a0354,50\u00a0kr"
    assert format_ore(0) == "0,00\u00a0kr" and format_ore(None) == ""
    assert format_ore_signed(-12_50) == "\u221212,50\u00a0kr"
    assert format_ore_signed(12_50) == "+12,50\u00a0kr"
    text = Template("{% load samverkan %}{{ a|ore }} {{ b|money }} {{ c|ore_signed }}").render(
        Context({"a": 42_500_000, "b": 25.58, "c": -1}))
    assert text == "425\u00a0000,00\u00a0kr 25,58\u00a0kr \u22120,01\u00a0kr"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_formats_money_another_way(path):
    text = path.read_text(encoding="utf-8")
    odd = re.findall(r"\|(?:ore|ore_signed|money|kronor)\s*:|\|(?:floatformat|intcomma)\b"
                     r"|\|kronor\b", text)
    assert not odd, f"{path.name}: {odd} – use |ore, |ore_signed or |money without a precision"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_formats_money_another_way(path):
    text = path.read_text(encoding="utf-8")
    odd = re.findall(r"format_money\([^()\n]*(?:\([^()\n]*\))?[^()\n]*,\s*\d", text)
    odd += re.findall(r"""\}\s?kr["']""", text) if "charts" not in path.name else []
    if path.parent.name == "templatetags" and path.parent.parent.name != "core":
        odd += re.findall(r"def (?:ore|ore_signed|money|kronor)\(", text)
    assert not odd, f"{path.name}: {odd} – use core.formatting.format_ore / format_money"
