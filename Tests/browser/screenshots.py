"""Full-page screenshots of every dashboard page (SPEC §14), for review: run by scripts/screenshots.

    python Tests/browser/screenshots.py [FOLDER]     # default ./screenshots

Starts `tollgate demo` in a temporary folder (the fixtures' code), signs up a user, makes it an admin,
makes one key and one streamed generation (no payment), and saves a PNG of each page, named by its order
and page. Prints each file; exits non-zero if a page could not be captured or showed an error.
"""

from __future__ import annotations

import base64
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import (  # noqa: E402  (the fixtures' helpers, reused)
    By,
    fill,
    make_admin,
    new_driver,
    open_page,
    signup,
    start_demo,
    stop_demo,
    submit_with,
    unique_email,
    wait,
    wait_for,
)


def full_page_png(driver, path: Path) -> None:
    """The whole document, not only the 1280x900 viewport (Chrome DevTools' capture beyond the viewport)."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    width = max(int(size["width"]), 1280)
    height = max(int(size["height"]), 1)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True, "fromSurface": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
    })
    path.write_bytes(base64.b64decode(shot["data"]))


class Shooter:
    def __init__(self, driver, folder: Path):
        self.driver = driver
        self.folder = folder
        self.count = 0
        self.problems: list[str] = []

    def shot(self, name: str) -> None:
        """Saves the page the browser shows as NN-name.png."""
        self.count += 1
        if self.driver.find_elements(By.ID, "error-message"):
            self.problems.append(f"{name}: {self.driver.current_url} shows an error page")
        path = self.folder / f"{self.count:02d}-{name}.png"
        full_page_png(self.driver, path)
        print(path)

    def page(self, name: str, url: str) -> None:
        open_page(self.driver, url)
        self.shot(name)


def main(argv: list[str]) -> int:
    folder = Path(argv[1] if len(argv) > 1 else "screenshots").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    data_dir = tempfile.mkdtemp(prefix="tollgate-screenshots.")
    server = start_demo(data_dir, str(Path(data_dir) / "server.log"))
    driver = new_driver()
    try:
        s = Shooter(driver, folder)
        base = server.base_url

        # Signed out.
        s.page("landing", base + "/")
        s.page("login", base + "/login")
        s.page("signup", base + "/signup")
        s.page("forgot-password", base + "/forgot-password")

        # Signed in, as an admin (the role shows on the next page).
        email = unique_email("screens")
        signup(driver, base, email)
        make_admin(server, email)

        # The playground streaming a text model (this is also the generation the history shows).
        open_page(driver, base + "/dashboard/playground?model=gpt-5-nano")
        fill(driver, "#prompt", "Write a haiku about tollgates")
        driver.find_element(By.ID, "generate").click()
        wait_for(driver, "#result-status", timeout=60)
        wait(driver, 60).until(lambda d: d.find_element(By.ID, "result-text").text.strip())
        s.shot("playground")

        s.page("dashboard", base + "/dashboard")
        open_page(driver, base + "/dashboard/keys")
        fill(driver, "#key-name", "laptop")
        submit_with(driver, "#create-key-submit")
        wait_for(driver, "#new-key")
        s.shot("keys")
        s.page("history", base + "/dashboard/history")
        s.page("billing", base + "/dashboard/billing")
        s.page("settings", base + "/dashboard/settings")
        s.page("docs", base + "/docs")
        s.page("docs-quickstart", base + "/docs/quickstart")

        s.page("admin-accounts", base + "/admin")
        link = wait_for(driver, "#accounts tbody a")
        s.page("admin-account", link.get_attribute("href"))
        s.page("admin-payments", base + "/admin/payments")
        s.page("admin-models", base + "/admin/models")
        s.page("admin-providers", base + "/admin/providers")
        s.page("admin-audit", base + "/admin/audit")

        for problem in s.problems:
            print("problem:", problem, file=sys.stderr)
        print(f"{s.count} screenshots in {folder}")
        return 1 if s.problems else 0
    finally:
        driver.quit()
        stop_demo(server)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
