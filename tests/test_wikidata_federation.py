"""The federated named queries, with the endpoint parameter pointed at the local Oxigraph server
loaded with the Wikidata-shaped fixture (planted populations and P463 memberships)."""

from __future__ import annotations

import pandas as pd
import pytest

from kg.errors import QueryError


def test_recognisers_with_their_population(graph, wikidata_endpoint: str, held_today) -> None:  # noqa: ANN001
    got = graph.query("recognisers-population", endpoint=wikidata_endpoint)
    assert len(got) == len(held_today["kosovo"])
    top = got.head(2)
    assert list(zip(top.recognizer, top.population, strict=True)) == [("USA", 3333333), ("ALB", 1111111)]
    assert top.recognised_on.tolist() == [pd.Timestamp("2008-02-18"), pd.Timestamp("2008-02-18")]
    assert got.population.isna().sum() == len(got) - 2  # the fixture has no other populations


def test_bloc_members_here_and_on_wikidata(graph, wikidata_endpoint: str) -> None:  # noqa: ANN001
    got = graph.query("bloc-members-wikidata", endpoint=wikidata_endpoint, as_of="2025-01-01").set_index("organisation")
    assert got.dipkg_members.to_dict() == {"COE": 46, "EU": 27, "NATO": 32, "OSCE": 57, "UN": 193}
    assert got.loc[["COE", "EU", "NATO", "UN"], "wikidata_members"].tolist() == [1, 1, 3, 2]
    assert pd.isna(got.loc["OSCE", "wikidata_members"])  # no OSCE member on the fixture
    assert got.on_both_sides.to_dict() == {"COE": 1, "EU": 1, "NATO": 3, "OSCE": 0, "UN": 2}


def test_the_endpoint_must_be_an_iri(graph) -> None:  # noqa: ANN001
    with pytest.raises(QueryError, match='parameter endpoint: "localhost:7878" is not an http\\(s\\) IRI'):
        graph.query("bloc-members-wikidata", endpoint="localhost:7878")
