from __future__ import annotations

import pytest
from pyoxigraph import NamedNode

from kg import iris


def test_mint_is_deterministic_and_reversible() -> None:
    assert iris.mint("state", "XKX") == NamedNode("https://w3id.org/dipkg/id/state/XKX")
    assert iris.mint("recognition", "USA-XKX").value == "https://w3id.org/dipkg/id/recognition/USA-XKX"
    assert iris.key_of(iris.mint("withdrawal-claim", "wc-SUR"), "withdrawal-claim") == "wc-SUR"


def test_mint_escapes_keys() -> None:
    assert iris.mint("source", "a b/c").value == "https://w3id.org/dipkg/id/source/a%20b%2Fc"


def test_mint_rejects_unknown_kinds_and_empty_keys() -> None:
    with pytest.raises(ValueError, match="unknown IRI kind 'country'"):
        iris.mint("country", "XKX")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="empty key for a state IRI"):
        iris.mint("state", "  ")


def test_graph_and_wikidata_iris() -> None:
    assert iris.graph("recognitions").value == "https://w3id.org/dipkg/graph/recognitions"
    assert iris.wikidata("Q1246").value == "http://www.wikidata.org/entity/Q1246"
    with pytest.raises(ValueError, match="'Q0' is not a Wikidata item id"):
        iris.wikidata("Q0")


def test_slug() -> None:
    assert iris.slug("Latin America and the Caribbean") == "latin-america-and-the-caribbean"


def test_fast_observation_iris_are_the_minted_ones() -> None:
    mint = iris.observations("follower-observation", "import-my counts")
    assert mint("x-ediramaal", "2019-01") == iris.observation(
        "follower-observation", "import-my counts", "x-ediramaal", "2019-01").value
    assert mint("x-ediramaal", "2019-01") == \
        "https://w3id.org/dipkg/id/follower-observation/import-my%20counts.x-ediramaal.2019-01"
