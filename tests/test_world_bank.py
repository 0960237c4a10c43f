"""The World Bank's World Development Indicators beside dipkg's own values: `dipkg import
indicators` reads the long layout of the World Bank's data packages (the copies in
../shared/reference/wdi, read here as a scholar would read a download), each series cited as the
World Bank's; `conditions-compared` and `image-vs-conditions` read them. Expected values are read
from the files themselves."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from kg import KnowledgeGraph
from kg.errors import InvalidDataError
from kg.paths import DATA_DIR

WDI = Path(__file__).resolve().parents[2] / "shared" / "reference" / "wdi"
pytestmark = pytest.mark.skipif(not WDI.is_dir(), reason="../shared/reference/wdi is not beside this checkout")


def _published(series: str, country: str, year: int) -> float:
    with (WDI / series / "data.csv").open(encoding="utf-8", newline="") as fh:
        return next(float(r["Value"]) for r in csv.DictReader(fh) if r["Country Code"] == country
                    and r["Year"] == str(year))


@pytest.fixture(scope="module")
def wdi() -> KnowledgeGraph:
    graph = KnowledgeGraph.build(DATA_DIR)
    for series in ("ny.gdp.pcap.cd", "bx.klt.dinv.cd.wd"):
        graph.import_indicators(WDI / series / "data.csv", since=2000)
    return graph


def test_gdp_per_capita_of_kosovo_and_albania_is_the_world_banks(wdi: KnowledgeGraph) -> None:
    got = wdi.query("conditions-compared", indicator="NY.GDP.PCAP.CD", states=["XKX", "ALB"])
    wb = got[got["publisher"] == "World Bank"].set_index(["state", "year"])
    assert float(wb.loc[("XKX", 2019), "value"]) == pytest.approx(_published("ny.gdp.pcap.cd", "XKX", 2019))
    assert float(wb.loc[("ALB", 2010), "value"]) == pytest.approx(_published("ny.gdp.pcap.cd", "ALB", 2010))
    assert set(wb["dataset"]) == {"import-ny-gdp-pcap-cd"} and wb["preferred"].all()
    assert min(y for _, y in wb.index) == 2000
    # the curated copy of Kosovo's series stays beside it, marked not preferred
    curated = got[(got["dataset"] == "indicators") & (got["state"] == "XKX")]
    assert len(curated) > 0 and not curated["preferred"].any()


def test_the_western_balkans_by_default(wdi: KnowledgeGraph) -> None:
    got = wdi.query("conditions-compared", indicator="gdp_per_capita", from_year=2015, to_year=2015)
    wb = got[got["publisher"] == "World Bank"]
    assert sorted(wb["state"]) == ["ALB", "BIH", "MKD", "MNE", "SRB", "XKX"]


def test_invest_in_albania_beside_albanias_fdi_inflows(wdi: KnowledgeGraph) -> None:
    got = wdi.query("image-vs-conditions", states=["ALB"], fitting=True)
    aida = got[got["campaign"] == "invest-in-albania"]
    assert sorted(zip(aida["year"], aida["indicator_code"], aida["dataset"], strict=True)) == [
        (2010, "fdi_inflows", "import-bx-klt-dinv-cd-wd"), (2010, "gdp_per_capita", "import-ny-gdp-pcap-cd")]
    fdi = aida[aida["indicator_code"] == "fdi_inflows"]
    assert float(fdi["value"].iloc[0]) == pytest.approx(_published("bx.klt.dinv.cd.wd", "ALB", 2010))
    # a campaign gets the series set beside its themes only (here investment and tourism: no
    # unemployment, no population)
    assert set(got["indicator_code"]) == {"fdi_inflows", "gdp_per_capita"}


def test_each_series_is_cited_as_the_world_banks(wdi: KnowledgeGraph) -> None:
    graph = NamedNode("https://w3id.org/dipkg/graph/import-ny-gdp-pcap-cd")
    source = NamedNode("https://w3id.org/dipkg/id/source/import-ny-gdp-pcap-cd-1")
    said = {q.predicate.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]: q.object.value
            for q in wdi.store.quads_for_pattern(source, None, None, graph)}
    assert said == {"type": "https://w3id.org/dipkg/ontology#Source", "identifier": "import-ny-gdp-pcap-cd-1",
                    "title": "World Bank, World Development Indicators, series NY.GDP.PCAP.CD: GDP per capita "
                             "(current US$)",
                    "url": "https://data.worldbank.org/indicator/NY.GDP.PCAP.CD", "publisher": "World Bank"}
    dataset = NamedNode("https://w3id.org/dipkg/id/dataset/import-ny-gdp-pcap-cd")
    assert [q.object.value for q in wdi.store.quads_for_pattern(
        dataset, NamedNode("http://purl.org/dc/elements/1.1/publisher"), None, graph)] == ["World Bank"]


def test_the_long_layout_needs_to_know_its_series(wdi: KnowledgeGraph, tmp_path: Path) -> None:
    bare = tmp_path / "gdp.csv"
    bare.write_text("Country Name,Country Code,Year,Value\nAlbania,ALB,2020,5000.5\n", encoding="utf-8")
    with pytest.raises(InvalidDataError) as failure:
        wdi.import_indicators(bare)
    assert [str(p) for p in failure.value.problems] == [
        f"{bare}:1: a file in the long layout (Country Name, Country Code, Year, Value) holds one series, and this "
        "one does not say which: give its code with --code (e.g. --code NY.GDP.PCAP.CD)"]
    result = wdi.import_indicators(bare, code="NY.GDP.PCAP.CD", name="mine", source="My own reading")
    assert (result.name, result.observations) == ("mine", 1)
    twice = tmp_path / "API_SP.POP.TOTL_DS2_long.csv"
    twice.write_text("Country Name,Country Code,Year,Value\nAlbania,ALB,2020,2837849\nAlbania,ALB,2020,2837850\n",
                     encoding="utf-8")
    with pytest.raises(InvalidDataError) as failure:
        wdi.import_indicators(twice)
    assert [str(p) for p in failure.value.problems] == [
        f"{twice}:3:2: a second value for ALB, SP.POP.TOTL and 2020 (the first is on line 2): one value per state, "
        "series and year"]
