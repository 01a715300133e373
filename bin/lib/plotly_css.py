"""Write the style rules plotly.js would inject into core/plotly.css and core/_plotly.html, so
charts need no 'unsafe-inline' in the Content Security Policy. Run after upgrading plotly."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from playwright.sync_api import sync_playwright
    from samverkan.core.tests.browser import (
        PLOTLY_CSS,
        PLOTLY_INCLUDE,
        include,
        injected_styles,
        launch,
        stylesheet,
    )

    with sync_playwright() as playwright:
        browser = launch(playwright)
        rules, other_ids = injected_styles(browser)
        browser.close()
    PLOTLY_CSS.write_text(stylesheet(rules), encoding="utf-8")
    PLOTLY_INCLUDE.write_text(include(other_ids), encoding="utf-8")
    print(f"{PLOTLY_CSS.relative_to(ROOT)}: {len(rules)} regler")
    print(f"{PLOTLY_INCLUDE.relative_to(ROOT)}: {len(other_ids)} blockerade stilmallar")


if __name__ == "__main__":
    main()
