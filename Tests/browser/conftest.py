"""Fixtures and helpers for Tollgate's real-browser tests (SPEC §14).

The suite drives Debian's headless Chromium through Selenium against `tollgate demo` (SQLite in a temporary
folder, every provider, YooKassa and the Telegram Bot API simulated in-process). Nothing is downloaded: the
driver's path is given to Selenium, so Selenium Manager never runs.

Environment:
  TOLLGATE_BIN            the tollgate binary (default: <repo>/.build/debug/tollgate)
  TOLLGATE_CHROMIUM       the browser (default /usr/bin/chromium)
  TOLLGATE_CHROMEDRIVER   its driver (default /usr/bin/chromedriver)
  TOLLGATE_BROWSER_ARTIFACTS  a folder for a screenshot and the page source of each failed test
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("SE_OFFLINE", "true")  # belt and braces: Selenium Manager never reaches the network

import pytest
import requests
from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

REPO_ROOT = Path(__file__).resolve().parents[2]
TOLLGATE_BIN = os.environ.get("TOLLGATE_BIN") or str(REPO_ROOT / ".build" / "debug" / "tollgate")
CHROMIUM = os.environ.get("TOLLGATE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("TOLLGATE_CHROMEDRIVER", "/usr/bin/chromedriver")

# This VM is slow and shared with a Swift build: waits are generous, and never used as assertions.
PAGE_TIMEOUT = 45
SERVER_START_TIMEOUT = 180
BINARY_WAIT = 600  # the binary is rebuilt from time to time; wait for it to come back

PASSWORD = "correct horse battery staple"


# --------------------------------------------------------------------------------------------------------------
# The server


def wait_for_binary(path: str = TOLLGATE_BIN, timeout: float = BINARY_WAIT) -> str:
    """The binary's path once it exists and is executable (a rebuild replaces it for a moment)."""
    deadline = time.monotonic() + timeout
    while True:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
        if time.monotonic() > deadline:
            raise RuntimeError(f"tollgate binary not found at {path} (set TOLLGATE_BIN)")
        time.sleep(2)


@dataclass
class DemoServer:
    base_url: str
    data_dir: str
    log_path: str
    api_key: str | None = None
    process: subprocess.Popen | None = field(default=None, repr=False)

    def cli(self, *args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
        """Runs `tollgate <args> --data <data_dir>` (the demo's SQLite, in WAL mode, is shared safely).

        The binary is rebuilt from time to time: while it is missing, being written (ETXTBSY) or half-written
        (killed by a signal at start), this waits and tries again, up to BINARY_WAIT seconds."""
        deadline = time.monotonic() + BINARY_WAIT
        while True:
            binary = wait_for_binary()
            try:
                result = subprocess.run(
                    [binary, *args, "--data", self.data_dir],
                    capture_output=True, text=True, timeout=timeout, check=False)
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(2)
                continue
            if result.returncode < 0 and time.monotonic() < deadline:
                time.sleep(2)
                continue
            break
        if check and result.returncode != 0:
            raise AssertionError(
                f"tollgate {' '.join(args)} exited {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}")
        return result

    def url(self, path: str) -> str:
        return self.base_url + path

    def log_tail(self, lines: int = 60) -> str:
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""


def free_port() -> int:
    """A port nobody listens on right now (the kernel's pick, released for the server to take)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_demo(data_dir: str, log_path: str, port: int | None = None) -> DemoServer:
    """Starts `tollgate demo` on a free port and waits until it answers (its ready line, then GET / = 200).

    `port` None picks a free port here and passes it (a few tries, in case another process takes it first);
    0 lets the server pick. bcrypt runs at its lowest cost so that sign-ups do not dominate the suite's time."""
    attempts = 3 if port is None else 1
    for attempt in range(attempts):
        try:
            return _start_demo(data_dir, log_path, free_port() if port is None else port)
        except _AddressInUse:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


class _AddressInUse(RuntimeError):
    pass


def _start_demo(data_dir: str, log_path: str, port: int) -> DemoServer:
    env = dict(os.environ)
    env.setdefault("TOLLGATE_BCRYPT_COST", "4")
    spawn_deadline = time.monotonic() + BINARY_WAIT
    while True:
        binary = wait_for_binary()
        log = open(log_path, "w", encoding="utf-8")
        try:
            process = subprocess.Popen(
                [binary, "demo", "--port", str(port), "--data", data_dir],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True)
            break
        except OSError:  # the binary is being replaced by a rebuild
            if time.monotonic() > spawn_deadline:
                raise
            time.sleep(2)
        finally:
            log.close()
    server = DemoServer(base_url="", data_dir=data_dir, log_path=log_path, process=process)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    ready = re.compile(r"Tollgate demo on (http://[0-9.]+:\d+)")
    key_line = re.compile(r"^key: (\S+)", re.M)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = server.log_tail()
            if "in use" in tail.lower():
                raise _AddressInUse(tail)
            raise RuntimeError(f"tollgate demo exited with {process.returncode}:\n{tail}")
        text = Path(log_path).read_text(encoding="utf-8", errors="replace")
        match = ready.search(text)
        if match and not server.base_url:
            server.base_url = match.group(1)
        if server.base_url:
            key = key_line.search(text)
            if key:
                server.api_key = key.group(1)
            try:
                if requests.get(server.base_url + "/", timeout=5).status_code == 200 and server.api_key:
                    return server
            except requests.RequestException:
                pass
        time.sleep(0.25)
    stop_demo(server)
    raise RuntimeError(f"tollgate demo did not become ready in {SERVER_START_TIMEOUT} s:\n{server.log_tail()}")


def stop_demo(server: DemoServer) -> None:
    process = server.process
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # only the process this fixture started
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("tollgate-demo")
    demo = start_demo(str(data_dir), str(data_dir / "server.log"))
    try:
        yield demo
    finally:
        stop_demo(demo)


# --------------------------------------------------------------------------------------------------------------
# The browser


def chrome_options(language: str | None = None) -> Options:
    opts = Options()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-sync",
                "--disable-component-update", "--disable-features=Translate,MediaRouter,OptimizationHints",
                "--password-store=basic"):
        opts.add_argument(arg)
    lang = language or "en-US"
    opts.add_argument(f"--lang={lang}")
    opts.add_experimental_option("prefs", {"intl.accept_languages": lang})
    return opts


def new_driver(language: str | None = None) -> webdriver.Chrome:
    """A fresh headless Chromium (its own profile, so its own cookie jar)."""
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=chrome_options(language))
    driver.set_page_load_timeout(90)
    driver.set_script_timeout(60)
    return driver


_live_drivers: list[webdriver.Chrome] = []


@pytest.fixture
def browser():
    driver = new_driver()
    _live_drivers.append(driver)
    try:
        yield driver
    finally:
        _live_drivers.remove(driver)
        driver.quit()


@pytest.fixture
def browser_factory():
    """More browsers for one test (an admin and a user side by side), each quit at the end."""
    made: list[webdriver.Chrome] = []

    def make(language: str | None = None) -> webdriver.Chrome:
        driver = new_driver(language)
        made.append(driver)
        _live_drivers.append(driver)
        return driver

    try:
        yield make
    finally:
        for driver in made:
            _live_drivers.remove(driver)
            driver.quit()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test leaves a screenshot and the page source of each of its browsers (TOLLGATE_BROWSER_ARTIFACTS
    or a temporary folder), and the path is added to the report."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed or not _live_drivers:
        return
    folder = Path(os.environ.get("TOLLGATE_BROWSER_ARTIFACTS") or Path(tempfile.gettempdir()) / "tollgate-browser")
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)
    saved = []
    for index, driver in enumerate(list(_live_drivers)):
        try:
            png = folder / f"{name}-{index}.png"
            driver.save_screenshot(str(png))
            (folder / f"{name}-{index}.html").write_text(
                f"<!-- {driver.current_url} -->\n" + driver.page_source, encoding="utf-8")
            saved.append(str(png))
        except Exception:  # the browser may be gone; the report matters more
            pass
    if saved:
        report.sections.append(("browser artifacts", "\n".join(saved)))


# --------------------------------------------------------------------------------------------------------------
# Helpers


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}@example.com"


def wait(driver, timeout: float = PAGE_TIMEOUT) -> WebDriverWait:
    """An explicit wait that polls through the moments a navigation makes the driver stumble (a stale element,
    a script run while the old document goes away): those are retried until the timeout, not failures."""
    return WebDriverWait(driver, timeout, poll_frequency=0.2, ignored_exceptions=(WebDriverException,))


def wait_for(driver, css: str, timeout: float = PAGE_TIMEOUT):
    """The element `css` names, once it is in the page."""
    return wait(driver, timeout).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)),
                                       f"no element {css!r} on {driver.current_url}")


def wait_for_path(driver, path: str, timeout: float = PAGE_TIMEOUT) -> None:
    """Waits until the browser is on `path` (the query is ignored)."""
    def on_path(d):
        current = re.sub(r"^https?://[^/]+", "", d.current_url).split("?")[0].split("#")[0]
        return current == path
    wait(driver, timeout).until(on_path, f"expected to reach {path}, still on {driver.current_url}")


def wait_for_new_page(driver, old_html, timeout: float = PAGE_TIMEOUT) -> None:
    """After a click that submits a form: waits until the old document is gone and the new one loaded."""
    wait(driver, timeout).until(EC.staleness_of(old_html), f"the page did not change ({driver.current_url})")
    wait(driver, timeout).until(lambda d: d.execute_script("return document.readyState") == "complete")


def submit_with(driver, css: str, timeout: float = PAGE_TIMEOUT) -> None:
    """Clicks the button `css` names and waits for the page it leads to."""
    html = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, css).click()
    wait_for_new_page(driver, html, timeout)


def open_page(driver, url: str) -> None:
    driver.get(url)
    wait(driver).until(lambda d: d.execute_script("return document.readyState") == "complete")


def fill(driver, css: str, value: str) -> None:
    element = wait_for(driver, css)
    element.clear()
    element.send_keys(value)


def signup(browser, base: str, email: str, password: str = PASSWORD) -> None:
    """Creates an account through /signup and lands on /dashboard."""
    open_page(browser, base + "/signup")
    fill(browser, "#email", email)
    fill(browser, "#password", password)
    submit_with(browser, "#signup-submit")
    wait_for_path(browser, "/dashboard")
    wait_for(browser, "#balance-available")


def login(browser, base: str, email: str, password: str = PASSWORD, expect: str = "/dashboard") -> None:
    """Signs in through /login and lands on `expect`."""
    open_page(browser, base + "/login")
    fill(browser, "#email", email)
    fill(browser, "#password", password)
    submit_with(browser, "#login-submit")
    wait_for_path(browser, expect)


def logout(browser) -> None:
    submit_with(browser, "#logout")


def http_session(browser) -> requests.Session:
    """A `requests` session carrying the browser's cookies (the signed-in session among them)."""
    session = requests.Session()
    for cookie in browser.get_cookies():
        session.cookies.set(cookie["name"], cookie["value"], domain=cookie.get("domain"), path=cookie.get("path", "/"))
    return session


def csrf_token(browser) -> str:
    """The signed-in page's CSRF token (the layout's meta tag)."""
    return browser.find_element(By.CSS_SELECTOR, 'meta[name="csrf-token"]').get_attribute("content")


def assert_no_error_page(browser) -> None:
    """The page shown is not the server's error page, and it has a title."""
    errors = browser.find_elements(By.ID, "error-message")
    assert not errors, f"{browser.current_url} shows an error: {errors[0].text!r}"
    assert "HTTP 5" not in browser.find_element(By.TAG_NAME, "body").text, f"{browser.current_url} shows a 5xx"
    assert browser.title.strip(), f"{browser.current_url} has no title"


def text_of(browser, css: str) -> str:
    return wait_for(browser, css).text.strip()


def number_of(browser, css: str) -> int:
    text = text_of(browser, css)
    digits = re.sub(r"[^\d-]", "", text)
    assert digits, f"{css} holds no number: {text!r}"
    return int(digits)


def make_admin(server: DemoServer, email: str) -> None:
    server.cli("accounts", "set-role", "--account", email, "--role", "admin")


def pay_with_yookassa(browser, base: str, product_id: str) -> int:
    """On /dashboard/billing presses the card button of `product_id` (e.g. `plan:vip`), presses Pay on the
    simulator's confirmation page and comes back to /dashboard/billing. Returns the payment's id from the
    confirmation round trip when the page names it (else 0)."""
    open_page(browser, base + "/dashboard/billing")
    card = wait_for(browser, f'[id="product-{product_id}"]')
    html = browser.find_element(By.TAG_NAME, "html")
    card.find_element(By.CSS_SELECTOR, "button.pay-yookassa").click()
    wait_for_new_page(browser, html)
    assert "/yookassa/confirm/" in browser.current_url, f"not on the confirmation page: {browser.current_url}"
    submit_with(browser, "#pay")
    wait_for_path(browser, "/dashboard/billing")
    match = re.search(r"[?&]payment=(\d+)", browser.current_url)
    return int(match.group(1)) if match else 0


__all__ = [
    "PASSWORD", "REPO_ROOT", "TOLLGATE_BIN", "DemoServer", "free_port", "start_demo", "stop_demo", "new_driver", "unique_email",
    "wait", "wait_for", "wait_for_path", "wait_for_new_page", "submit_with", "open_page", "fill", "signup", "login",
    "logout", "http_session", "csrf_token", "assert_no_error_page", "text_of", "number_of", "make_admin",
    "pay_with_yookassa", "wait_for_binary", "By", "EC", "TimeoutException",
]
