"""The workbench in a real browser (Debian's headless Chromium, driven by Selenium): a scholar
follows a research question to a named question, asks it with the form, opens an entity from the
answer, and runs SPARQL in the editor. Each test saves screenshots in its temporary folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.test_serve import serving

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
selenium = pytest.importorskip("selenium")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="chromium and chromium-driver are not installed (make test installs them)")


@pytest.fixture(scope="module")
def workbench(store_path: Path) -> Iterator[str]:
    with serving(store_path) as (base, _):
        yield base


@pytest.fixture
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1400,1600"):
        options.add_argument(argument)
    options.binary_location = CHROMIUM  # type: ignore[assignment]
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def cells(browser: Any, selector: str = "table.answer tbody tr") -> list[list[str]]:
    return browser.execute_script(  # type: ignore[no-any-return]
        f"return [...document.querySelectorAll('{selector}')]"
        ".map(r => [...r.querySelectorAll('td')].map(c => c.innerText.trim()))")


def test_a_research_question_to_bloc_recognition_and_on_to_france(workbench: str, browser: Any,
                                                                    tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(f"{workbench}/")
    assert browser.title == "dipkg workbench · dipkg"
    browser.save_screenshot(str(tmp_path / "home.png"))
    browser.find_element(By.CSS_SELECTOR, "#research-question-1").find_element(
        By.LINK_TEXT, "Recognition inside a bloc").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Recognition inside a bloc"
    Select(browser.find_element(By.ID, "p-bloc")).select_by_value("EU")
    browser.execute_script("document.getElementById('p-as_of').value = '2025-06-01'")
    browser.find_element(By.CSS_SELECTOR, "form.params button[type=submit]").click()
    WebDriverWait(browser, 30).until(lambda b: "as_of=2025-06-01" in b.current_url)
    assert "bloc=EU" in browser.current_url
    browser.save_screenshot(str(tmp_path / "bloc-recognition.png"))
    rows = cells(browser)
    assert len(rows) == 27
    assert sorted(row[1] for row in rows if row[4] == "no") == ["Cyprus", "Greece", "Romania", "Slovakia", "Spain"]
    browser.find_element(By.LINK_TEXT, "FRA").click()
    WebDriverWait(browser, 30).until(lambda b: b.current_url.endswith("/id/state/FRA"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "France"
    browser.find_element(By.CSS_SELECTOR, 'a[href="/id/recognition/FRA-XKX"]').click()
    WebDriverWait(browser, 30).until(lambda b: b.current_url.endswith("/id/recognition/FRA-XKX"))
    browser.save_screenshot(str(tmp_path / "recognition.png"))
    statements = {row.find_element(By.TAG_NAME, "th").text: row.find_element(By.TAG_NAME, "td").text
                  for row in browser.find_elements(By.CSS_SELECTOR, "section.about tr")}
    assert statements["start date"].startswith("2008-02-18")
    assert "International recognition of Kosovo (Wikipedia)" in statements["sources"]
    link = browser.find_element(By.CSS_SELECTOR, 'a[href="https://en.wikipedia.org/wiki/International_recognition_of_Kosovo"]')
    assert link.text == "en.wikipedia.org"


def test_the_editor_runs_a_query_with_a_prefix_it_did_not_declare(workbench: str, browser: Any, tmp_path: Path,
                                                                    csv_recognitions: pd.DataFrame,
                                                                    csv_states: pd.DataFrame) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from kg.web import vendor

    query = ("SELECT ?name WHERE { ?r dk:recognised state:XKX ; dk:recogniser/rdfs:label ?name ; "
             'dk:startDate "2008-02-18"^^xsd:date } ORDER BY ?name')
    browser.get(f"{workbench}/editor")
    if vendor.available():   # YASGUI, from its npm package
        WebDriverWait(browser, 30).until(lambda b: b.execute_script("return !!document.querySelector('.CodeMirror')"))
        assert not browser.find_element(By.ID, "plain-editor").is_displayed()
        browser.execute_script("document.querySelector('.CodeMirror').CodeMirror.setValue(arguments[0])", query)
        # the editor's checker knows the prefixes the endpoint declares: no "Prefix 'dk' is not defined"
        assert browser.execute_script("return document.querySelectorAll('.parseErrorIcon').length") == 0
        browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
        WebDriverWait(browser, 30).until(
            lambda b: b.execute_script("return document.querySelectorAll('.yasr table tbody tr').length > 0"))
        names = [row[1] for row in cells(browser, ".yasr table tbody tr")]
    else:                    # the plain form, without JavaScript
        area = browser.find_element(By.ID, "query")
        browser.execute_script("arguments[0].value = arguments[1]", area, query)
        browser.find_element(By.CSS_SELECTOR, "#plain-editor button[type=submit]").click()
        names = [row[0] for row in cells(browser)]
    browser.save_screenshot(str(tmp_path / "editor.png"))
    expected = csv_recognitions[(csv_recognitions.recognized == "XKX") & (csv_recognitions.date == "2008-02-18")]
    labels = dict(zip(csv_states.id, csv_states.name, strict=True))
    assert [n.strip('"') for n in names] == sorted(labels[r] for r in expected.recognizer)
    assert "France" in names
