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
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-quic", "--window-size=1280,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def shot(driver, name: str) -> None:
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


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
    assert "kind=" in browser.current_url
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

    browser.get(server + "/")
    active = browser.switch_to.active_element
    assert active.get_attribute("id") == "q"  # the search box has focus on arrival
    active.send_keys("Cho Hyun on free trade")
    active.send_keys(Keys.ENTER)
    first = browser.find_element(By.CSS_SELECTOR, "ol.hits > li:first-child .speaker")
    assert first.text == "Cho Hyun"


def test_phone_width_layout(server, browser):
    from selenium.webdriver.common.by import By

    browser.set_window_size(390, 844)
    try:
        browser.get(server + "/search?q=Wang+Yi")
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 400, "the page scrolls sideways on a phone"
        assert browser.find_element(By.CSS_SELECTOR, "article.card").is_displayed()
        shot(browser, "phone-results")
    finally:
        browser.set_window_size(1280, 1000)
