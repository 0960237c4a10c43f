"""follower_observations.csv -> dk:FollowerObservation in the curated followers dataset."""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode

from kg import iris
from kg.load import Triple, register
from kg.load.cube import FOLLOWERS, dataset, follower_observation
from kg.namespaces import DK, PROV
from kg.schema import PartialDate, Row


def _date(row: Row) -> PartialDate:
    when = row.date("date")
    assert when is not None, "the schema requires a date"
    return when


def _subject(row: Row) -> NamedNode:
    return iris.observation("follower-observation", FOLLOWERS, row.get("account") or "", _date(row).text)


@register("follower_observations", subject=_subject, columns={
    DK.account: "account", DK.refDate: "date", DK.datePrecision: "date", DK.followers: "followers",
    PROV.wasDerivedFrom: "sources"})
def map_follower_observation(row: Row) -> Iterator[Triple]:
    yield from dataset(FOLLOWERS, DK.FollowerStructure, "Follower counts curated by dipkg")
    yield from follower_observation(FOLLOWERS, row.get("account") or "", _date(row), int(row.get("followers") or 0),
                                    row.list("sources"), row.get("notes"))
