"""The shipped data: cited, consistent, and honest about what it claims."""

from __future__ import annotations

import json

import pandas as pd

from kg.paths import DATA_DIR

KOSOVO_DECLARED = "2008-02-17"


def test_the_package_declares_every_csv_and_a_licence() -> None:
    package = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in package["resources"]} == {p.name for p in DATA_DIR.glob("*.csv")}
    assert package["licenses"][0]["name"] == "CC-BY-4.0"


def _tables() -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted(DATA_DIR.glob("*.csv"))}


def test_every_source_is_cited_and_every_citation_resolves(csv_sources) -> None:  # noqa: ANN001
    cited: set[str] = set()
    for name, frame in _tables().items():
        for column in frame.columns:
            if name != "sources" and (column == "sources" or column.endswith("_sources")):
                cited |= {s for cell in frame[column] for s in cell.split(";") if s}
    assert cited == set(csv_sources.id)
    # a source is a public address, or a bibliographic reference (a paper) with its publisher
    online = csv_sources.url != ""
    assert csv_sources[online].url.str.match(r"^https?://").all()
    assert set(csv_sources[~online].id) == {"gogercin-2026-digital-diplomacy"}
    assert (csv_sources[~online].publisher != "").all()


def test_every_fact_row_cites_a_source() -> None:
    for name, frame in _tables().items():
        if name not in ("sources", "withdrawal_claims", "recognition_claims"):
            assert (frame.sources != "").all(), name


def test_states(csv_states) -> None:  # noqa: ANN001
    assert (csv_states.un_status == "member").sum() == 193
    assert set(csv_states[csv_states.un_status == "observer_state"].id) == {"VAT", "PSE"}
    kosovo = csv_states.set_index("id").loc["XKX"]
    assert (kosovo.iso_alpha2, kosovo.iso_alpha3, kosovo.wikidata, kosovo.limited_recognition) == ("XK", "XKX", "Q1246", "true")
    assert csv_states.set_index("id").loc["SSD", "un_admission_date"] == "2011-07-14"
    assert csv_states.set_index("id").loc["ALB", "un_admission_date"] == "1955-12-14"
    assert csv_states.wikidata.is_unique


def test_recognitions_of_kosovo(csv_recognitions) -> None:  # noqa: ANN001
    assert set(csv_recognitions.recognized) == {"XKX"}
    assert csv_recognitions.recognizer.is_unique
    assert (csv_recognitions.date >= KOSOVO_DECLARED).all()
    by_id = csv_recognitions.set_index("id")
    assert by_id.loc["CRI-XKX", "date"] == "2008-02-17"   # the first
    assert by_id.loc["ISR-XKX", "date"] == "2021-02-01"
    assert {"SRB", "ESP", "RUS", "CHN", "GRC", "CYP", "ROU", "SVK"}.isdisjoint(csv_recognitions.recognizer)
    eu_recognisers = {"AUT", "BEL", "BGR", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "HUN", "IRL", "ITA",
                      "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "SVN", "SWE"}
    assert eu_recognisers <= set(csv_recognitions.recognizer)   # 22 of the 27


def test_no_date_is_silently_padded(csv_recognitions) -> None:  # noqa: ANN001
    # Reduced-precision dates are written as such and explained in the notes.
    partial = csv_recognitions[csv_recognitions.date.str.len() < 10]
    assert len(partial) > 0
    assert partial.notes.str.len().gt(0).all()


def test_withdrawal_claims(csv_claims, csv_recognitions) -> None:  # noqa: ANN001
    assert set(csv_claims.claimed_by) == {"SRB"}
    assert set(csv_claims.recognition) <= set(csv_recognitions.id)
    for side, sources in (("disputed_by", "dispute_sources"), ("confirmed_by", "confirm_sources")):
        assert ((csv_claims[side] == "") == (csv_claims[sources] == "")).all()
    dates = pd.Series(csv_claims.claim_date)
    assert (dates >= "2017").all()
