"""End to end in a real headless Chromium: search as a person would, click a facet, open the pages.

Screenshots go to tests/output/screenshots/. Skipped when no Chromium is installed, except in CI
(SAIDWHAT_REQUIRE_BROWSER=1), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parent / "output" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(app):
    """The app served by waitress on a loopback port, as `saidwhat serve` does."""
    from waitress.server import create_server

    port = _free_port()
    httpd = create_server(app, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=httpd.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    httpd.close()


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and CHROMEDRIVER):
        message = "Chromium and chromedriver are not installed (Debian: chromium chromium-driver)"
        if os.environ.get("SAIDWHAT_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-quic", "--window-size=1280,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.get_log("browser")  # start with an empty log
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def shot(driver, name: str, full: bool = True) -> None:
    """Save a screenshot of the whole page (not only the window) as tests/output/screenshots/NAME.png."""
    import base64

    path = SCREENSHOTS / f"{name}.png"
    if not full:
        driver.save_screenshot(str(path))
        return
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    width = driver.execute_script("return document.documentElement.clientWidth")
    image = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": min(size["height"], 6000), "scale": 1},
    })
    path.write_bytes(base64.b64decode(image["data"]))


def console_errors(driver) -> list[str]:
    """Errors the page logged since the last call: CSP violations, missing files, script errors."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def no_sideways_scroll(driver) -> None:
    width = driver.execute_script("return document.documentElement.scrollWidth")
    window = driver.execute_script("return document.documentElement.clientWidth")  # less the scroll bar
    assert width <= window, f"{driver.current_url} scrolls sideways: {width}px in a {window}px window"


def test_search_facet_speaker_and_article(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(server + "/")
    assert "saidwhat" in browser.title
    shot(browser, "home")
    box = browser.find_element(By.ID, "q")
    box.send_keys("what did Wang Yi say about supply chains", Keys.ENTER)
    first = browser.find_element(By.CSS_SELECTOR, "ol.hits > li:first-child article.card")
    assert first.find_element(By.CSS_SELECTOR, ".speaker").text == "Wang Yi"
    assert "jointly oppose" in first.text and "Xinhua" in first.text and "2025-07-28" in first.text
    assert "Partial quote" in first.text
    assert "q=what+did+Wang+Yi" in browser.current_url
    assert browser.find_element(By.ID, "q-top").get_attribute("value") == "what did Wang Yi say about supply chains"
    shot(browser, "results")

    browser.find_element(By.CSS_SELECTOR, ".facet-kind a").click()
    wait_for_url(browser, "kind=")
    assert browser.find_elements(By.CSS_SELECTOR, ".active-filters li")
    shot(browser, "facet")

    browser.find_element(By.CSS_SELECTOR, "ol.hits article.card .speaker").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Wang Yi"
    assert "Chinese Foreign Minister" in browser.page_source
    shot(browser, "speaker")

    link = browser.find_element(By.PARTIAL_LINK_TEXT, "in the article")
    target = link.get_attribute("href").split("#", 1)[1]
    link.click()
    marked = browser.find_element(By.ID, target)
    assert marked.tag_name == "mark" and marked.is_displayed() and "Wang Yi" in marked.text
    assert "South Korea" in browser.find_element(By.TAG_NAME, "h1").text
    shot(browser, "article")


def test_keyboard_only_search(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/")
    # the search box has focus on arrival (autofocus, applied once the page has loaded)
    WebDriverWait(browser, 10).until(lambda driver: driver.switch_to.active_element.get_attribute("id") == "q")
    active = browser.switch_to.active_element
    active.send_keys("Cho Hyun on free trade")
    active.send_keys(Keys.ENTER)
    wait_for_url(browser, "q=Cho")
    first = browser.find_element(By.CSS_SELECTOR, "ol.hits > li:first-child .speaker")
    assert first.text == "Cho Hyun"


def test_statement_page_and_citation(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server + "/search?q=what+did+Wang+Yi+say+about+supply+chains")
    first = browser.find_element(By.CSS_SELECTOR, "ol.hits > li:first-child article.card")
    words = first.find_element(By.CSS_SELECTOR, ".words").text
    first.find_element(By.LINK_TEXT, "cite").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Statement by Wang Yi"
    assert browser.find_element(By.CSS_SELECTOR, "article.card .words").text == words
    assert "Wang stressed" in browser.find_element(By.CSS_SELECTOR, ".context").text
    citation = browser.find_element(By.ID, "citation")
    assert citation.get_attribute("value").startswith("Wang Yi, Chinese Foreign Minister, partly quoted in")
    assert citation.get_attribute("readonly")
    browser.execute_cdp_cmd("Browser.grantPermissions", {
        "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"], "origin": server})
    copy = browser.find_element(By.CSS_SELECTOR, "button.copy")
    copy.click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 5).until(lambda driver: copy.text == "Copied")
    copied = browser.execute_async_script("navigator.clipboard.readText().then(arguments[0])")
    assert copied == citation.get_attribute("value")
    shot(browser, "statement")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Read it in the article").click()
    target = browser.current_url.split("#", 1)[1]
    marked = browser.find_element(By.ID, target)
    assert marked.is_displayed() and browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight;", marked)
    assert not console_errors(browser)


def test_checking_a_quote_from_the_menu(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.set_window_size(1280, 900)
    browser.get(server + "/")
    browser.find_element(By.LINK_TEXT, "Check a quote").click()
    box = browser.find_element(By.ID, "quote")
    box.send_keys("Wang Yi said China always attaches huge importance to its ties with the ROK, and is ready to work "
                  "with the ROK")
    box.send_keys(Keys.TAB, Keys.ENTER)  # to the button, and press it
    wait_for_url(browser, "quote=")
    verdict = browser.find_element(By.CSS_SELECTOR, ".verdict")
    assert verdict.text == "The closest statement, with words changed, is by Wang Yi."
    changed = browser.find_elements(By.CSS_SELECTOR, ".check-match .comparison ins")
    assert "huge" in [element.text for element in changed]
    shot(browser, "check")
    assert not console_errors(browser)


def wait_for_url(browser, part: str, seconds: float = 10) -> None:
    """Wait until a navigation (a form sent with Enter) has reached a URL containing `part`."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, seconds).until(lambda driver: part in driver.current_url)


def test_speakers_index_and_json_twin(server, browser):
    import json

    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(server + "/")
    browser.find_element(By.CSS_SELECTOR, "nav[aria-label=Main]").find_element(By.LINK_TEXT, "Speakers").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Speakers"
    rows = browser.find_elements(By.CSS_SELECTOR, "table.list tbody tr")
    assert len(rows) >= 2 and rows[0].find_element(By.TAG_NAME, "a").text == "Wang Yi"
    shot(browser, "speakers")
    box = browser.find_element(By.ID, "speaker-q")
    box.send_keys("cho", Keys.ENTER)
    wait_for_url(browser, "q=cho")
    browser.find_element(By.LINK_TEXT, "Cho Hyun").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Cho Hyun"
    browser.find_element(By.ID, "speaker-search").send_keys("trade", Keys.ENTER)
    wait_for_url(browser, "q=trade")
    assert "speaker=cho-hyun" in browser.current_url
    speakers = {el.text for el in browser.find_elements(By.CSS_SELECTOR, "ol.hits .speaker")}
    assert speakers == {"Cho Hyun"}
    assert browser.find_element(By.CSS_SELECTOR, "p.twin a[type='application/atom+xml']").text == "Feed"
    assert browser.find_element(By.LINK_TEXT, "CSV").get_attribute("href").endswith(
        "/api/v1/search.csv?speaker=cho-hyun&q=trade")

    browser.find_element(By.CSS_SELECTOR, "p.twin a[type='application/json']").click()  # the JSON twin
    wait_for_url(browser, "/api/v1/search?")
    body = json.loads(browser.find_element(By.TAG_NAME, "body").text)
    assert body["filters"] == {"speaker": "cho-hyun"} and body["results"][0]["speaker"]["slug"] == "cho-hyun"
    assert not console_errors(browser)


def test_keyboard_skip_link_and_focus_ring(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(server + "/speakers/wang-yi")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    skip = browser.switch_to.active_element
    assert skip.text == "Skip to content" and skip.is_displayed()
    outline = browser.execute_script("return getComputedStyle(arguments[0]).outlineStyle", skip)
    assert outline == "solid", "no visible focus ring"
    shot(browser, "keyboard-skip-link", full=False)


def every_page(server) -> dict[str, str]:
    """A name (for its screenshot) and the address of one page of each kind."""
    import json
    from urllib.request import urlopen

    with urlopen(server + "/api/v1/search?q=what+did+Wang+Yi+say+about+supply+chains") as response:
        hit = json.load(response)["results"][0]
    return {
        "home": "/", "results": "/search?q=what+did+Wang+Yi+say+about+supply+chains",
        "no-results": "/search?q=suply+chanes", "speakers": "/speakers", "speaker": "/speakers/wang-yi",
        "articles": "/articles", "article": f"/articles/{hit['article']['slug']}#s-{hit['id']}",
        "statement": f"/statements/{hit['id']}", "about": "/about", "not-found": "/speakers/nobody",
        "check": "/check?quote=Scott+Bessent+said+China+always+attaches+huge+importance+to+its+ties+with+the+ROK",
    }


def test_every_page_fits_a_phone_and_logs_no_errors(server, browser):
    from selenium.webdriver.common.by import By

    browser.set_window_size(390, 844)
    try:
        for name, path in every_page(server).items():
            browser.get(server + path)
            no_sideways_scroll(browser)
            assert browser.find_element(By.TAG_NAME, "h1").is_displayed()
            errors = [e for e in console_errors(browser) if "404" not in e or name != "not-found"]
            assert not errors, (path, errors)
            shot(browser, f"phone-{name}")
        browser.get(server + "/search?q=Wang+Yi")
        assert browser.find_element(By.CSS_SELECTOR, "article.card").is_displayed()
        browser.find_element(By.LINK_TEXT, "Narrow the results ↓").click()  # the facets are below on a phone
        facet = browser.find_element(By.CSS_SELECTOR, ".facet-kind a")
        assert browser.execute_script("return arguments[0].getBoundingClientRect().top < window.innerHeight", facet)
    finally:
        browser.set_window_size(1280, 1000)


def test_desktop_pages_log_no_errors(server, browser):
    for name, path in every_page(server).items():
        browser.get(server + path)
        no_sideways_scroll(browser)
        errors = [e for e in console_errors(browser) if "404" not in e or name != "not-found"]
        assert not errors, (path, errors)
        if name in ("no-results", "articles", "about", "not-found"):
            shot(browser, name)


@pytest.fixture(scope="module")
def grouped_server(tmp_path_factory, extractor):
    """A server over an index where one statement was reported by three outlets."""
    from waitress.server import create_server

    from search import IndexStore, build_index
    from web import create_app

    from .test_groups import REPORTS, write_reports

    root = tmp_path_factory.mktemp("grouped")
    write_reports(root / "news.jsonl", REPORTS)
    build_index([root / "news.jsonl"], IndexStore(root / "index"), extractor)
    port = _free_port()
    httpd = create_server(create_app(root / "index"), host="127.0.0.1", port=port, threads=2)
    threading.Thread(target=httpd.run, daemon=True).start()
    yield f"http://127.0.0.1:{port}"
    httpd.close()


def test_grouped_results_feeds_and_exports(grouped_server, browser):
    from urllib.request import urlopen

    from selenium.webdriver.common.by import By

    browser.set_window_size(1280, 1000)
    browser.get(grouped_server + "/search?q=jobs+coast")
    cards = browser.find_elements(By.CSS_SELECTOR, "ol.hits article.card")
    sorensen = [card for card in cards if "Anita Sorensen" in card.text]
    assert len(sorensen) == 1 and "also reported by 2 other articles" in sorensen[0].text
    assert "earliest: Coast Wire, 2025-03-03" in sorensen[0].text
    feed = browser.find_element(By.CSS_SELECTOR, 'link[rel="alternate"][type="application/atom+xml"]')
    with urlopen(feed.get_attribute("href")) as response:
        assert b"<feed" in response.read()
    csv_link = browser.find_element(By.PARTIAL_LINK_TEXT, "CSV")
    with urlopen(csv_link.get_attribute("href")) as response:
        rows = response.read().decode().splitlines()
    assert rows[0].startswith("id,speaker") and len(rows) == 1 + len(cards)
    shot(browser, "grouped-results")
    assert not console_errors(browser)

    browser.find_element(By.LINK_TEXT, "Show every report").click()
    wait_for_url(browser, "group=false")
    every = browser.find_elements(By.CSS_SELECTOR, "ol.hits article.card")
    assert len([card for card in every if "Anita Sorensen" in card.text]) == 3
    shot(browser, "every-report")

    browser.back()
    sorensen = [c for c in browser.find_elements(By.CSS_SELECTOR, "ol.hits article.card") if "Sorensen" in c.text]
    sorensen[0].find_element(By.CSS_SELECTOR, "details.reports summary").click()  # the other reports, opened
    others = sorensen[0].find_elements(By.CSS_SELECTOR, "details.reports li .outlet")
    assert [other.text for other in others] == ["Coastal Times", "Harbour Radio"]
    shot(browser, "grouped-card-open")
    sorensen[0].find_element(By.PARTIAL_LINK_TEXT, "every report, earliest first").click()
    wait_for_url(browser, "#reports")
    reports = browser.find_elements(By.CSS_SELECTOR, "ol.report-list > li")
    assert [r.find_element(By.CSS_SELECTOR, ".outlet").text for r in reports] == [
        "Coast Wire", "Coastal Times", "Harbour Radio"]
    assert browser.find_element(By.ID, "reports").is_displayed()
    shot(browser, "statement-reports")
    assert not console_errors(browser)
