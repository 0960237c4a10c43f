"""indicators.csv -> dk:IndicatorObservation in the curated indicators dataset."""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode

from kg.load import Triple, register
from kg.load.cube import INDICATORS, dataset, indicator_iri, indicator_observation
from kg.namespaces import DK, PROV
from kg.values import Row


def _subject(row: Row) -> NamedNode:
    return indicator_iri(INDICATORS, row.get("state") or "", row.get("year") or "", row.get("indicator"),
                         row.get("code") or "")


@register("indicators", subject=_subject, columns={
    DK.refArea: "state", DK.indicator: "indicator", DK.refYear: "year", DK.value: "value", DK.unit: "unit",
    DK.seriesCode: "code", PROV.wasDerivedFrom: "sources"})
def map_indicator(row: Row) -> Iterator[Triple]:
    yield from dataset(INDICATORS, DK.IndicatorStructure, "Socio-economic indicators curated by dipkg")
    yield from indicator_observation(INDICATORS, row.get("state") or "", row.get("indicator"),
                                     int(row.get("year") or 0), row.get("value") or "", row.get("unit"),
                                     row.get("code") or "", row.list("sources"), row.get("notes"))
