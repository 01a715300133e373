"""Screenshots of the main pages for the README, taken in Chromium from a fresh demo database.

Loads the Sydnärke demo into a temporary data folder, serves it on a free local port, logs in
as `laxa` and saves PNGs in docs/screenshots/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
SAMVERKAN = [sys.executable, "-m", "samverkan.cli"]
VIEWPORT = {"width": 1440, "height": 900}
MAX_BYTES = 300 * 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"Servern svarade inte på {url}")


def shoot(page, name: str, full_page: bool = False) -> None:
    path = OUT / f"{name}.png"
    page.screenshot(path=path, full_page=full_page, animations="disabled")
    size = path.stat().st_size
    print(f"  {path.relative_to(ROOT)}  {size // 1024} kB")
    if size > MAX_BYTES:
        print(f"  varning: {path.name} är större än {MAX_BYTES // 1024} kB")


def take(base_url: str, data_dir: Path) -> None:
    from playwright.sync_api import sync_playwright
    from samverkan.core.tests.browser import launch

    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(base_url=base_url, viewport=VIEWPORT, locale="sv-SE",
                                      device_scale_factor=1)
        page = context.new_page()
        page.goto("/konto/logga-in/")
        page.get_by_label("Användarnamn").fill("laxa")
        page.get_by_label("Lösenord").fill("demo")
        with page.expect_navigation():
            page.get_by_role("button", name="Logga in").click()

        page.locator("div.chart svg.main-svg").first.wait_for()
        page.wait_for_timeout(500)
        shoot(page, "oversikt")

        page.goto("/system/?used_by=&q=")
        shoot(page, "systemlista")

        page.goto("/system/?q=Unikum")
        page.locator("#results tbody").get_by_role("link", name="Unikum Laxå").click()
        page.wait_for_load_state()
        # one change by Lena Nyberg, so the history shows who changed what
        page.get_by_role("link", name="Ändra", exact=True).first.click()
        page.locator("#id_service_window").fill("Onsdagar 18–20")
        with page.expect_navigation():
            page.get_by_role("button", name="Spara").click()
        shoot(page, "system")

        page.goto("/objekt/?q=L%C3%A4rplattform")
        page.locator("#results tbody").get_by_role("link", name="Lärplattform", exact=True).click()
        page.wait_for_load_state()
        shoot(page, "forvaltningsobjekt-larplattform")

        example = next((data_dir / "exempel").glob("*.xlsx"), None)
        if example is None:
            raise SystemExit("Demons exempelfil för import saknas")
        page.goto("/system/import/")
        page.get_by_label("Fil").set_input_files(example)
        with page.expect_navigation():
            page.get_by_role("button", name="Förhandsgranska").click()
        page.get_by_role("heading", level=1).wait_for()
        shoot(page, "import-forhandsgranskning")
        browser.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="samverkan-screenshots-") as tmp:
        env = {**os.environ, "SAMVERKAN_DATA_DIR": tmp, "SAMVERKAN_ENV": "demo"}
        env.pop("DATABASE_URL", None)
        print("Laddar demodata …")
        subprocess.run([*SAMVERKAN, "demo", "--no-serve"], env=env, check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
        port = free_port()
        server = subprocess.Popen([*SAMVERKAN, "runserver", f"127.0.0.1:{port}", "--noreload"],
                                  env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_for(f"{base_url}/konto/logga-in/")
            print(f"Tar skärmbilder från {base_url}:")
            take(base_url, Path(tmp))
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
