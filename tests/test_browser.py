"""The query page of `dipkg serve` in a real browser (Debian's headless Chromium, driven by
Selenium): it loads, runs a named query, and its result table shows the query's answer."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kg import KnowledgeGraph, queries
from tests.servers import free_port, wait_until_up

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
selenium = pytest.importorskip("selenium")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="chromium and chromium-driver are not installed (make test installs them)")


def test_the_query_page_runs_a_named_query(store_path: Path) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", "--store",
                               str(store_path), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    options.binary_location = CHROMIUM  # type: ignore[assignment]
    browser = None
    try:
        wait_until_up(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", server)
        browser = webdriver.Chrome(service=Service(DRIVER), options=options)
        browser.get(f"http://127.0.0.1:{port}/")
        assert browser.title == "Oxigraph server"
        WebDriverWait(browser, 30).until(lambda b: b.execute_script("return !!document.querySelector('.CodeMirror')"))
        text = queries.instantiate(queries.resolve("recognitions-by-region"), {"as_of": "2020-01-01"})
        browser.execute_script("document.querySelector('.CodeMirror').CodeMirror.setValue(arguments[0])", text)
        browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
        WebDriverWait(browser, 30).until(
            lambda b: b.execute_script("return document.querySelectorAll('.yasr table tbody tr').length > 0"))
        cells = browser.execute_script(
            "return [...document.querySelectorAll('.yasr table tbody tr')]"
            ".map(r => [...r.querySelectorAll('td')].slice(1).map(c => c.innerText))")
    finally:
        if browser is not None:
            browser.quit()
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)
    expected = KnowledgeGraph.open(store_path).query("recognitions-by-region", as_of="2020-01-01")
    assert [row[0] for row in cells] == expected.region.tolist()
    assert [row[2] for row in cells] == [f'"{n}"^^xsd:integer' for n in expected.un_members]
    assert [row[3] for row in cells] == [f'"{n}"^^xsd:integer' for n in expected.recognising_members]
