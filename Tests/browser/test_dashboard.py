"""The web dashboard in a real browser (SPEC §14): headless Chromium against `tollgate demo`.

Every test makes its own accounts (unique emails), so the tests are independent and may run in any order.
"""

from __future__ import annotations

import random
import re
import time

import pytest
import requests
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from conftest import (
    PASSWORD,
    assert_no_error_page,
    fill,
    http_session,
    login,
    make_admin,
    number_of,
    open_page,
    pay_with_yookassa,
    signup,
    start_demo,
    stop_demo,
    submit_with,
    text_of,
    unique_email,
    wait,
    wait_for,
    wait_for_path,
)

SIGNED_IN_PAGES = [
    "/dashboard", "/dashboard/keys", "/dashboard/history", "/dashboard/playground", "/dashboard/billing",
    "/dashboard/settings", "/docs", "/docs/quickstart", "/",
]
SIGNED_OUT_PAGES = ["/", "/login", "/signup", "/forgot-password", "/docs"]


def api(server, key: str) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {key}"
    return session


def token_balance(server, key: str) -> int:
    response = api(server, key).get(server.url("/api/v2/balance"), timeout=30)
    assert response.status_code == 200, response.text
    return response.json()["token_balance"]


def create_key(browser, server, name: str) -> str:
    """Creates a key on /dashboard/keys and returns the secret the page shows once."""
    open_page(browser, server.url("/dashboard/keys"))
    fill(browser, "#key-name", name)
    submit_with(browser, "#create-key-submit")
    return text_of(browser, "#new-key")


def poll_until(condition, timeout: float, message: str, interval: float = 0.5):
    """Calls `condition` until it returns something truthy (that value is returned) or `timeout` passes."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = condition()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"{message} (last: {last!r})")


def account_id_from_admin(browser) -> int:
    match = re.search(r"/admin/accounts/(\d+)", browser.current_url)
    assert match, browser.current_url
    return int(match.group(1))


def open_admin_account(admin_browser, server, email: str) -> int:
    """As an admin: searches `email` on /admin and opens that account's page. Returns its id."""
    open_page(admin_browser, server.url("/admin"))
    fill(admin_browser, "#q", email)
    submit_with(admin_browser, "#account-search button")
    link = wait(admin_browser).until(
        EC.presence_of_element_located((By.XPATH, f'//table[@id="accounts"]//a[normalize-space()="{email}"]')),
        f"{email} not among the search results")
    assert len(admin_browser.find_elements(By.CSS_SELECTOR, "#accounts tbody tr")) == 1
    html = admin_browser.find_element(By.TAG_NAME, "html")
    link.click()
    wait(admin_browser).until(EC.staleness_of(html))
    wait_for(admin_browser, "#account-email")
    assert email in text_of(admin_browser, "#account-email")
    return account_id_from_admin(admin_browser)


# --------------------------------------------------------------------------------------------------------------


def test_signup_lands_on_dashboard_with_starter_grant(server, browser):
    email = unique_email("signup")
    signup(browser, server.base_url, email)
    assert number_of(browser, "#balance-available") == 50
    assert text_of(browser, "#plan") == "Starter"
    assert text_of(browser, "#me") == email
    assert_no_error_page(browser)


def test_every_page_answers_signed_in(server, browser):
    signup(browser, server.base_url, unique_email("pages"))
    session = http_session(browser)
    problems = []
    for path in SIGNED_IN_PAGES:
        open_page(browser, server.url(path))
        current = browser.current_url
        if browser.find_elements(By.ID, "error-message") or not browser.title.strip():
            problems.append(f"{path}: browser shows an error page or no title ({current}, title {browser.title!r})")
        if "/login" in current:
            problems.append(f"{path}: sent to {current} although signed in")
        response = session.get(server.url(path), timeout=30, allow_redirects=False)
        if response.status_code != 200:
            problems.append(f"{path}: HTTP {response.status_code}")
    assert not problems, "\n".join(problems)


def test_every_public_page_answers_signed_out(server, browser):
    problems = []
    for path in SIGNED_OUT_PAGES:
        open_page(browser, server.url(path))
        if browser.find_elements(By.ID, "error-message") or not browser.title.strip():
            problems.append(f"{path}: browser shows an error page or no title (title {browser.title!r})")
        response = requests.get(server.url(path), timeout=30, allow_redirects=False)
        if response.status_code != 200:
            problems.append(f"{path}: HTTP {response.status_code}")
    assert not problems, "\n".join(problems)


def test_signed_out_dashboard_goes_to_login(server, browser):
    open_page(browser, server.url("/dashboard/keys"))
    wait_for_path(browser, "/login")
    assert "next=%2Fdashboard%2Fkeys" in browser.current_url
    wait_for(browser, "#login-form")


def test_pay_for_vip_with_yookassa_then_use_the_api(server, browser):
    signup(browser, server.base_url, unique_email("vip"))
    payment = pay_with_yookassa(browser, server.base_url, "plan:vip")

    # The notification is asynchronous: reload until the payment row says `succeeded` and the plan is VIP.
    def settled(_):
        browser.refresh()
        rows = browser.find_elements(By.CSS_SELECTOR, "#payments tbody tr")
        if not rows:
            return False
        row = browser.find_element(By.ID, f"payment-{payment}") if payment else rows[0]
        return "succeeded" in row.text and text_of(browser, "#current-plan") == "VIP"

    wait(browser, 30).until(settled, "the VIP payment did not show as succeeded with the plan VIP")
    row = browser.find_element(By.CSS_SELECTOR, "#payments tbody tr")
    assert "VIP" in row.text and "YooKassa" in row.text

    key = create_key(browser, server, "browser test")
    assert key.startswith("nb_"), key
    assert not browser.find_elements(By.ID, "no-api"), "VIP includes API access, yet the keys page says it does not"
    before = token_balance(server, key)
    response = api(server, key).post(
        server.url("/api/v2/generate"), json={"model": "gpt-5-nano", "prompt": "hi"}, timeout=60)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "completed"
    assert token_balance(server, key) < before

    # Key use is recorded in batches: reload until the key shows a time.
    def used(_):
        open_page(browser, server.url("/dashboard/keys"))  # a GET: reloading the POST would make another key
        return re.search(r"\d{4}-\d{2}-\d{2}", last_used_cell(browser))

    wait(browser, 30).until(used, "the key's last use never showed on /dashboard/keys")


def test_keys_page_lists_a_new_key_as_never_used(server, browser):
    signup(browser, server.base_url, unique_email("keys"))
    key = create_key(browser, server, "laptop")
    assert key.startswith("nb_")
    # Starter has no API access: the page says so, and the key is refused by the API.
    assert browser.find_elements(By.ID, "no-api")
    assert api(server, key).get(server.url("/api/v2/balance"), timeout=30).status_code == 403
    row = wait_for(browser, "#keys tbody tr")
    assert row.find_element(By.CSS_SELECTOR, "code").text in key
    last_used = last_used_cell(browser)
    assert last_used == "never", f"/dashboard/keys shows {last_used!r} as the last use of a key never used"


def last_used_cell(browser) -> str:
    """The "last used" cell of the first key on /dashboard/keys."""
    return wait_for(browser, "#keys tbody tr td:nth-child(4)").text.strip()


def test_playground_streams_a_text_model(server, browser):
    signup(browser, server.base_url, unique_email("stream"))
    open_page(browser, server.url("/dashboard/playground?model=gpt-5-nano"))
    form = wait_for(browser, "#playground-form")
    assert form.get_attribute("data-streams") == "true"
    fill(browser, "#prompt", "Count to five")
    html = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.ID, "generate").click()
    wait_for(browser, "#result-status", timeout=60)
    wait(browser, 60).until(lambda d: d.find_element(By.ID, "result-text").text.strip(),
                            "the streamed text stayed empty")
    assert not browser.find_elements(By.ID, "playground-error")
    status = text_of(browser, "#result-status")
    assert "completed" in status and "balance 49" in status, status
    # The script streamed it through the API: the same document, the form was not posted.
    assert not EC.staleness_of(html)(browser), "the page was reloaded (the form was posted, not streamed)"
    # The generation is billed and listed like an API one.
    open_page(browser, server.url("/dashboard/history"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#history tbody tr")
    assert len(rows) == 1 and "completed" in rows[0].text, [row.text for row in rows]
    open_page(browser, server.url("/dashboard"))
    assert number_of(browser, "#balance-available") == 49


def test_playground_finishes_an_async_image(server, browser):
    models = requests.get(server.url("/api/v2/models"), params={"category": "image"}, timeout=30).json()["models"]
    candidates = [m for m in models if m["mode"] == "async" and m["tier"] == "starter" and m.get("available", True)]
    assert candidates, "no async Starter-tier image model in the catalog"
    slug = min(candidates, key=lambda m: m["token_cost"])["slug"]

    signup(browser, server.base_url, unique_email("image"))
    open_page(browser, server.url(f"/dashboard/playground?model={slug}"))
    form = wait_for(browser, "#playground-form")
    assert form.get_attribute("data-async") == "true"
    if browser.find_elements(By.ID, "prompt"):
        fill(browser, "#prompt", "a red fox in snow")
    html = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.ID, "generate").click()
    media = wait_for(browser, "#result-media", timeout=60)
    assert not EC.staleness_of(html)(browser), "the page was reloaded (the form was posted, not polled)"
    assert media.tag_name == "img", f"the result is a <{media.tag_name}>, not an image"
    assert media.get_attribute("src").startswith(server.base_url + "/files/")
    # The image really loaded.
    wait(browser, 30).until(lambda d: d.execute_script(
        "var i = document.getElementById('result-media'); return i.complete && i.naturalWidth > 0;"),
        "the result image did not load")
    assert "completed" in text_of(browser, "#result-status")


def test_playground_makes_a_video_from_text_with_its_first_frame_as_poster(server, browser):
    """Kling v2.1 from a prompt alone: its duration (a numeric choice) goes out as a number, the finished video
    shows its first frame (cut by ffmpeg) as its poster, and the balance beside the price is what is left."""
    email = unique_email("video")
    signup(browser, server.base_url, email)
    server.cli("accounts", "set-plan", "--account", email, "--plan", "elite")
    open_page(browser, server.url("/dashboard/playground?model=kling-v2.1"))
    wait_for(browser, "#playground-form")
    fill(browser, "#prompt", "a fox running through snow")
    Select(browser.find_element(By.ID, "p-duration")).select_by_visible_text("10")
    balance = number_of(browser, "#balance-now")
    browser.find_element(By.ID, "generate").click()
    media = wait_for(browser, "#result-media", timeout=120)
    assert not browser.find_elements(By.ID, "playground-error")
    assert media.tag_name == "video", f"the result is a <{media.tag_name}>, not a video"
    assert "52 tokens" in text_of(browser, "#result-status")
    poster = media.get_attribute("poster")
    assert poster.startswith(server.base_url + "/files/") and poster.endswith(".jpg"), poster
    frame = requests.get(poster, timeout=30)
    assert frame.status_code == 200 and frame.headers["content-type"] == "image/jpeg"
    assert frame.content[:3] == b"\xff\xd8\xff"
    assert number_of(browser, "#balance-now") == balance - 52


def test_language_setting_and_accept_language(server, browser, browser_factory):
    signup(browser, server.base_url, unique_email("lang"))
    open_page(browser, server.url("/dashboard/settings"))
    Select(wait_for(browser, "#language")).select_by_visible_text("Русский")
    submit_with(browser, "#settings-save")
    wait_for(browser, "#saved")
    nav = browser.find_element(By.CSS_SELECTOR, "header.site nav").text
    assert "Обзор" in nav, nav
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ru"
    open_page(browser, server.url("/dashboard"))
    assert "Обзор" in browser.find_element(By.TAG_NAME, "h1").text

    # Before sign-in the browser's Accept-Language decides.
    response = requests.get(server.url("/login"), headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}, timeout=30)
    assert response.status_code == 200
    assert 'lang="ru"' in response.text and "Вход" in response.text
    response = requests.get(server.url("/login"), headers={"Accept-Language": "en-US,en;q=0.9"}, timeout=30)
    assert 'lang="en"' in response.text and "Вход" not in response.text
    russian = browser_factory("ru")
    open_page(russian, server.url("/login"))
    assert russian.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ru"
    assert "Вход" in russian.find_element(By.TAG_NAME, "h1").text


def test_admin_adjusts_tokens_and_audit_records_it(server, browser, browser_factory):
    user_email, admin_email = unique_email("user"), unique_email("admin")
    signup(browser, server.base_url, user_email)
    admin_browser = browser_factory()
    signup(admin_browser, server.base_url, admin_email)
    make_admin(server, admin_email)

    account_id = open_admin_account(admin_browser, server, user_email)
    before = number_of(admin_browser, "#admin-packages")
    fill(admin_browser, "#tokens", "25")
    fill(admin_browser, "#reason", "browser test goodwill")
    submit_with(admin_browser, "#adjust-submit")
    wait_for_path(admin_browser, f"/admin/accounts/{account_id}")
    assert not admin_browser.find_elements(By.ID, "form-error")
    assert number_of(admin_browser, "#admin-packages") == before + 25
    assert "browser test goodwill" in text_of(admin_browser, "#ledger")

    open_page(admin_browser, server.url("/admin/audit"))
    rows = [row.text for row in admin_browser.find_elements(By.CSS_SELECTOR, "#audit tbody tr")]
    assert any(admin_email in row and ("25" in row or "browser test goodwill" in row) for row in rows), rows

    # The user sees the tokens, and is no admin: /admin is a 404 and the nav has no admin link.
    open_page(browser, server.url("/dashboard"))
    assert number_of(browser, "#balance-available") == 50 + 25
    assert not browser.find_elements(By.CSS_SELECTOR, 'header.site a[href="/admin"]')
    open_page(browser, server.url("/admin"))
    assert "404" in browser.find_element(By.TAG_NAME, "main").text
    for path in ("/admin", f"/admin/accounts/{account_id}", "/admin/audit", "/admin/payments"):
        response = http_session(browser).get(server.url(path), timeout=30, allow_redirects=False)
        assert response.status_code == 404, f"{path} answered {response.status_code} to a non-admin"


def test_csrf_is_required_and_session_cookie_flags(server, browser):
    signup(browser, server.base_url, unique_email("csrf"))
    cookies = {c["name"]: c for c in browser.get_cookies()}
    session_cookie = cookies.get("tollgate_session")
    assert session_cookie, cookies
    assert session_cookie["httpOnly"] is True
    assert session_cookie["sameSite"] == "Lax"
    assert not browser.execute_script("return document.cookie").count("tollgate_session")

    session = http_session(browser)
    response = session.post(server.url("/dashboard/keys"), data={"name": "no csrf"}, timeout=30,
                            allow_redirects=False)
    assert response.status_code == 403, response.status_code
    response = session.post(server.url("/dashboard/keys"), data={"name": "bad csrf", "_csrf": "x" * 43}, timeout=30,
                            allow_redirects=False)
    assert response.status_code == 403, response.status_code
    open_page(browser, server.url("/dashboard/keys"))
    assert not browser.find_elements(By.CSS_SELECTOR, "#keys tbody tr")
    assert "no csrf" not in browser.page_source

    # The API with the session cookie needs X-CSRF-Token on a write too.
    response = session.post(server.url("/api/v2/generate"), json={"model": "gpt-5-nano", "prompt": "hi"}, timeout=30)
    assert response.status_code == 403, response.text


def test_new_session_id_at_sign_in(server, browser):
    email = unique_email("rotate")
    signup(browser, server.base_url, email)
    first = {c["name"]: c["value"] for c in browser.get_cookies()}["tollgate_session"]
    submit_with(browser, "#logout")
    wait_for_path(browser, "/")
    open_page(browser, server.url("/login"))
    fill(browser, "#email", email)
    fill(browser, "#password", PASSWORD)
    submit_with(browser, "#login-submit")
    wait_for_path(browser, "/dashboard")
    second = {c["name"]: c["value"] for c in browser.get_cookies()}["tollgate_session"]
    assert first != second
    # The old session ended at sign-out.
    old = requests.get(server.url("/dashboard"), cookies={"tollgate_session": first}, timeout=30,
                       allow_redirects=False)
    assert old.status_code in (302, 303) and "/login" in old.headers.get("Location", "")


def test_key_name_is_escaped(server, browser):
    name = "<img src=x onerror=alert(1)>"
    signup(browser, server.base_url, unique_email("xss"))
    open_page(browser, server.url("/dashboard/keys"))
    fill(browser, "#key-name", name)
    submit_with(browser, "#create-key-submit")
    wait_for(browser, "#new-key")
    assert name in text_of(browser, "#created-key")
    values = [field.get_attribute("value") for field in browser.find_elements(By.CSS_SELECTOR, '#keys input[name="name"]')]
    assert name in values, values
    assert not browser.find_elements(By.CSS_SELECTOR, 'img[src="x"]')
    try:
        alert = browser.switch_to.alert
        text = alert.text
        alert.dismiss()
        pytest.fail(f"an alert opened: {text!r}")
    except NoAlertPresentException:
        pass
    assert "&lt;img" in browser.page_source
    raw = http_session(browser).get(server.url("/dashboard/keys"), timeout=30).text
    assert "<img src=x" not in raw and "&lt;img src=x" in raw


def test_blocked_account_is_signed_out_and_its_key_refused(server, browser, browser_factory):
    user_email, admin_email = unique_email("blocked"), unique_email("blocker")
    signup(browser, server.base_url, user_email)
    admin_browser = browser_factory()
    signup(admin_browser, server.base_url, admin_email)
    make_admin(server, admin_email)

    # The admin puts the user on VIP (API access), so the key works before the block.
    account_id = open_admin_account(admin_browser, server, user_email)
    plan_form = admin_browser.find_element(By.CSS_SELECTOR, f'form[action="/admin/accounts/{account_id}/plan"]')
    Select(plan_form.find_element(By.NAME, "plan")).select_by_value("vip")
    html = admin_browser.find_element(By.TAG_NAME, "html")
    plan_form.find_element(By.TAG_NAME, "button").click()
    wait(admin_browser).until(EC.staleness_of(html))
    wait_for(admin_browser, "#account-email")
    key = create_key(browser, server, "before the block")
    assert api(server, key).get(server.url("/api/v2/balance"), timeout=30).status_code == 200

    # Block (the form asks for confirmation first).
    html = admin_browser.find_element(By.TAG_NAME, "html")
    admin_browser.find_element(By.ID, "block").click()
    wait(admin_browser, 10).until(EC.alert_is_present(), "no confirmation asked before blocking").accept()
    wait(admin_browser).until(EC.staleness_of(html))
    wait_for(admin_browser, "#unblock")

    open_page(browser, server.url("/dashboard"))
    wait_for_path(browser, "/login", timeout=5)
    # The key cache holds a resolved key for `key_cache_seconds` (1 s by default).
    poll_until(lambda: api(server, key).get(server.url("/api/v2/balance"), timeout=30).status_code == 403,
               15, "the blocked account's key is still accepted")
    # The user cannot sign in again.
    fill(browser, "#email", user_email)
    fill(browser, "#password", PASSWORD)
    submit_with(browser, "#login-submit")
    wait_for_path(browser, "/login")
    wait_for(browser, "#form-error")

    open_page(admin_browser, server.url("/admin/audit"))
    assert any("block" in row.text for row in admin_browser.find_elements(By.CSS_SELECTOR, "#audit tbody tr"))


@pytest.mark.parametrize("path", ["/", "/login", "/dashboard", "/dashboard/playground"])
def test_content_security_policy_allows_no_inline_script(server, browser, path):
    signup(browser, server.base_url, unique_email("csp"))
    response = http_session(browser).get(server.url(path), timeout=30)
    assert response.status_code == 200
    policy = response.headers.get("Content-Security-Policy", "")
    assert policy, f"{path} has no Content-Security-Policy"
    directives = {part.strip().split(" ", 1)[0]: part.strip() for part in policy.split(";") if part.strip()}
    script = directives.get("script-src") or directives.get("default-src")
    assert script, policy
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, policy
    # And the page really has no inline script.
    open_page(browser, server.url(path))
    inline = browser.execute_script(
        "return Array.from(document.scripts).filter(function (s) { return !s.src && s.textContent.trim(); }).length")
    assert inline == 0


def test_links_name_the_real_port_when_started_on_port_0(browser, tmp_path):
    """`--port 0` picks a free port (README); the links the server makes without `public_url` (the YooKassa
    return URL, the email verification link) must name the port actually bound, not 0."""
    demo = start_demo(str(tmp_path), str(tmp_path / "server.log"), port=0)
    problems = []
    try:
        email = unique_email("port0")
        signup(browser, demo.base_url, email)
        link = poll_until(lambda: mailed_link(demo, email, "verify-email"), 15, "no verification link logged")
        if not link.startswith(demo.base_url + "/"):
            problems.append(f"the verification link is {link}, not on {demo.base_url}")
        pay_with_yookassa(browser, demo.base_url, "package:start")
        if not browser.current_url.startswith(demo.base_url + "/dashboard/billing"):
            problems.append(
                f"after paying, YooKassa sent the browser to {browser.current_url}, not {demo.base_url}/dashboard/billing")
    finally:
        stop_demo(demo)
    assert not problems, "\n".join(problems)


def mailed_link(server, email: str, path: str) -> str | None:
    """The last `path` link mailed to `email` (without SMTP the server logs each mail's link)."""
    found = None
    for line in server.log_tail(100000).splitlines():
        if f"to={email}" in line and f"/{path}?token=" in line:
            match = re.search(r"link=(\S+)", line)
            if match:
                found = match.group(1)
    return found


def local(server, link: str) -> str:
    """A mailed link moved onto the server under test (the same path and query)."""
    return server.base_url + re.sub(r"^https?://[^/]+", "", link)


def test_email_verification_link(server, browser):
    email = unique_email("verify")
    signup(browser, server.base_url, email)
    link = poll_until(lambda: mailed_link(server, email, "verify-email"), 15, "no verification link logged")
    open_page(browser, local(server, link))
    assert_no_error_page(browser)
    submit_with(browser, "#verify-submit")
    wait_for(browser, "#verified")
    me = http_session(browser).get(server.url("/api/v2/user/me"), timeout=30)
    assert me.status_code == 200, me.text


def test_forgot_and_reset_password(server, browser, browser_factory):
    email = unique_email("reset")
    signup(browser, server.base_url, email)
    other = browser_factory()
    open_page(other, server.url("/forgot-password"))
    fill(other, "#email", email)
    submit_with(other, "form[action='/forgot-password'] button")
    wait_for(other, "#forgot-sent")
    link = poll_until(lambda: mailed_link(server, email, "reset-password"), 15, "no reset link logged")
    open_page(other, local(server, link))
    fill(other, "#password", "a brand new password 2")
    submit_with(other, "form[action='/reset-password'] button")
    wait_for_path(other, "/login")
    # A reset ends every session (as a password change does): the first browser is signed out. The redirect is
    # part of the page load, so the page open_page waited for is the final one.
    open_page(browser, server.url("/dashboard"))
    wait_for_path(browser, "/login", timeout=5)
    login(other, server.base_url, email, "a brand new password 2")
    assert text_of(other, "#me") == email


# --------------------------------------------------------------------------------------------------------------
# What the pages show when a value is absent (no cycle, never used, no rating, one page, no link)


def generate_in_playground(browser, server, prompt: str = "hi") -> None:
    open_page(browser, server.url("/dashboard/playground?model=gpt-5-nano"))
    fill(browser, "#prompt", prompt)
    browser.find_element(By.ID, "generate").click()
    wait_for(browser, "#result-status", timeout=60)


def test_starter_dashboard_says_there_is_no_monthly_cycle(server, browser):
    signup(browser, server.base_url, unique_email("cycle"))
    sub = browser.find_element(By.XPATH, '//*[@id="balance-subscription"]/following-sibling::div[@class="sub"]').text
    assert sub == "no monthly cycle", f"/dashboard shows {sub!r} under a Starter account's subscription tokens"


def test_history_page_with_one_generation(server, browser):
    signup(browser, server.base_url, unique_email("history"))
    generate_in_playground(browser, server, "a history entry")
    open_page(browser, server.url("/dashboard/history"))
    problems = []
    errors = browser.find_elements(By.ID, "form-error")
    if errors:
        problems.append(f"an error box shows on a plain GET: {errors[0].text!r}")
    rows = browser.find_elements(By.CSS_SELECTOR, "#history tbody tr")
    if len(rows) != 1:
        problems.append(f"{len(rows)} rows, expected 1")
    elif "nil" in rows[0].text.split() or "nil/5" in rows[0].text:
        problems.append(f"the unrated row shows 'nil': {rows[0].text!r}")
    for select in ("#f-category", "#f-status"):
        label = Select(browser.find_element(By.CSS_SELECTOR, select)).options[0].text.strip()
        if label != "any":
            problems.append(f"the blank choice of {select} is labelled {label!r}, expected 'any'")
    links = [(a.text, a.get_attribute("href")) for a in browser.find_elements(By.CSS_SELECTOR, ".pagination a")]
    if links:
        problems.append(f"page 1 of 1 offers {links}")
    assert not problems, "/dashboard/history:\n" + "\n".join(problems)
    # The filters and the CSV work.
    Select(browser.find_element(By.ID, "f-status")).select_by_value("failed")
    submit_with(browser, "#history-filters button[type=submit]")
    assert not browser.find_elements(By.CSS_SELECTOR, "#history tbody tr")
    csv = http_session(browser).get(server.url("/dashboard/history.csv"), timeout=30)
    assert csv.status_code == 200 and "a history entry" in csv.text


def test_succeeded_payment_offers_no_continue_link(server, browser):
    signup(browser, server.base_url, unique_email("package"))
    pay_with_yookassa(browser, server.base_url, "package:start")

    def succeeded(_):
        open_page(browser, server.url("/dashboard/billing"))
        rows = browser.find_elements(By.CSS_SELECTOR, "#payments tbody tr")
        return rows and "succeeded" in rows[0].text

    wait(browser, 30).until(succeeded, "the package payment did not succeed")
    row = browser.find_element(By.CSS_SELECTOR, "#payments tbody tr")
    links = [(a.text, a.get_attribute("href")) for a in row.find_elements(By.TAG_NAME, "a")]
    assert not links, f"/dashboard/billing: a succeeded payment still offers {links}"
    open_page(browser, server.url("/dashboard"))
    assert number_of(browser, "#balance-available") == 50 + 50


def test_no_page_shows_a_missing_value_as_nil(server, browser):
    """After some activity (a generation, a key, a payment), no page shows Swift's `nil` for a value that is not
    there, in its text or in a link."""
    email = unique_email("absent")
    signup(browser, server.base_url, email)
    make_admin(server, email)
    generate_in_playground(browser, server)
    create_key(browser, server, "laptop")
    pay_with_yookassa(browser, server.base_url, "package:start")
    account = http_session(browser).get(server.url("/api/v2/user/me"), timeout=30).json()
    paths = SIGNED_IN_PAGES + ["/admin", "/admin/payments", "/admin/models", "/admin/providers", "/admin/audit"]
    if "id" in account:
        paths.append(f"/admin/accounts/{account['id']}")
    problems = []
    for path in paths:
        open_page(browser, server.url(path))
        text = browser.find_element(By.TAG_NAME, "main").text
        shown = [line for line in text.splitlines() if re.search(r"\bnil\b|Optional\(", line)]
        links = browser.find_elements(By.CSS_SELECTOR, 'a[href$="/nil"], a[href="nil"], img[src$="/nil"]')
        if shown:
            problems.append(f"{path}: shows {shown}")
        if links:
            problems.append(f"{path}: {len(links)} link(s) to 'nil'")
    assert not problems, "\n".join(problems)


def simulator_url(server) -> str:
    """The demo's simulator, as its ready text names it (the SMS fake's messages page)."""
    with open(server.log_path, encoding="utf-8") as log:
        found = re.search(r"(http://127\.0\.0\.1:\d+)/smsru/_sim/messages", log.read())
    assert found, "the demo did not name its simulator"
    return found.group(1)


def test_phone_signup_then_sign_in_with_the_number(server, browser, browser_factory):
    digits = "7999" + f"{random.randrange(10_000_000):07d}"
    open_page(browser, server.base_url + "/signup/phone")
    fill(browser, "#phone", "+" + digits)
    submit_with(browser, "#phone-submit")
    wait_for(browser, "#code-sent")

    def sms_code():
        messages = requests.get(simulator_url(server) + "/smsru/_sim/messages", params={"to": digits}, timeout=10)
        found = [re.search(r"\b(\d{6})\b", m["text"]) for m in messages.json()["messages"]]
        return next((m.group(1) for m in reversed(found) if m), None)

    code = poll_until(sms_code, 15, "no SMS reached the simulator")
    fill(browser, "#code", code)
    fill(browser, "#password", PASSWORD)
    submit_with(browser, "#phone-register-submit")
    wait_for_path(browser, "/dashboard")
    assert number_of(browser, "#balance-available") == 50
    assert_no_error_page(browser)

    # Another browser signs in with the number in the one field.
    other = browser_factory()
    login(other, server.base_url, "+" + digits)
    assert number_of(other, "#balance-available") == 50
