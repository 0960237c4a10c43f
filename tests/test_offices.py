"""Offices and their holders (offices.csv, office_terms.csv): W3C ORG posts and dated terms, the
accounts of a holder in office on a date, and holder items for the accounts of persons."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from pyoxigraph import NamedNode

from kg import iris
from kg.namespaces import DK, ORG
from kg.paths import DATA_DIR


def _rows(table: str) -> list[dict[str, str]]:
    with (DATA_DIR / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_albanias_head_of_government_on_2015_06_01_is_edi_rama_with_his_accounts(graph) -> None:  # noqa: ANN001
    got = graph.query("accounts-in-office", state="ALB", office="head_of_government", as_of=dt.date(2015, 6, 1))
    assert set(got["holder"]) == {"Edi Rama"}
    assert set(got["holder_item"]) == {"http://www.wikidata.org/entity/Q316901"}
    assert got["term_start"].iloc[0].date() == dt.date(2013, 9, 15)
    assert sorted(got["account"]) == ["facebook-ediramaal", "instagram-ediramaal", "x-ediramaal"]
    assert set(got["held_as"]) == {"person"}


def test_an_office_account_passes_with_the_office(graph) -> None:  # noqa: ANN001
    """@PresidentKosovo is the presidency's account: it answers for whoever held the office."""
    jahjaga = graph.query("accounts-in-office", state="XKX", office="head_of_state", as_of="2013-06-01")
    assert list(zip(jahjaga["holder"], jahjaga["account"], jahjaga["held_as"], strict=True)) == [
        ("Atifete Jahjaga", "x-presidentkosovo", "office")]
    thaci = graph.query("accounts-in-office", state="XKX", office="head_of_state", as_of="2018-01-01")
    assert sorted(zip(thaci["account"], thaci["held_as"], strict=True)) == [
        ("x-hashimthacipm", "person"), ("x-hashimthacirks", "person"), ("x-presidentkosovo", "office")]


def test_an_end_day_is_the_first_day_out_of_office(graph) -> None:  # noqa: ANN001
    """Kosovo's presidency on the day Osmani was acting and on the day the Assembly's speaker
    took over (office_terms.csv: Osmani acting until 2021-03-22, Konjufca from that day)."""
    before = graph.query("accounts-in-office", state="XKX", office="head_of_state", as_of="2021-03-21")
    on = graph.query("accounts-in-office", state="XKX", office="head_of_state", as_of="2021-03-22")
    assert set(before["holder"]) == {"Vjosa Osmani"}
    assert set(on["holder"]) == {"Glauk Konjufca"}


def test_every_term_is_in_the_graph_with_org_holds(graph) -> None:  # noqa: ANN001
    terms = _rows("office_terms")
    held = {(q.subject.value, q.object.value) for q in graph.store.quads_for_pattern(None, NamedNode(str(ORG.holds)), None)}
    people = {t["person"] for t in terms}
    assert len(terms) == 48 and len(people) == 35
    assert (iris.mint("person", iris.slug("Edi Rama")).value, iris.mint("office", "ALB-head_of_government").value) in held
    assert len({office for _, office in held}) == 6
    assert len(held) == len({(t["person"], t["office"]) for t in terms})


def test_every_account_held_by_a_person_has_a_holder_item_where_one_is_known(graph) -> None:  # noqa: ANN001
    """A person's account gets the item office_terms.csv gives the person. Two foreign ministers of
    Kosovo have none in any source used (data/README.md, "Offices and their holders"): their
    accounts are the only ones without."""
    personal = [a for a in _rows("accounts") if a["person"]]
    items = {q.subject.value: q.object.value for q in graph.store.quads_for_pattern(
        None, NamedNode(str(DK.holderItem)), None)}
    assert len(personal) == 15
    assert {a["id"]: items.get(iris.mint("account", a["id"]).value) for a in personal}["x-albinkurti"] == \
        "http://www.wikidata.org/entity/Q441633"
    assert [a["id"] for a in personal if iris.mint("account", a["id"]).value not in items] == [
        "x-enver-hoxhaj", "x-melizaharadinaj"]
    assert items[iris.mint("account", "x-ditmirbushati").value] == "http://www.wikidata.org/entity/Q14941831"


def test_an_account_naming_no_office_holder_is_refused(data_copy: Path) -> None:
    from kg.build import validate
    from kg.errors import InvalidDataError

    path = data_copy / "accounts.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    at = next(n for n, r in enumerate(rows) if r[0] == "x-ediramaal")
    column = rows[0].index("person")
    rows[at][column] = "Edi Ramaa"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    try:
        validate(data_copy)
    except InvalidDataError as exc:
        problems = [str(p) for p in exc.problems]
    assert problems == [f'{data_copy.name}/accounts.csv:{at + 1}:{column + 1}: "Edi Ramaa" holds no office in '
                        "office_terms.csv; write the name as office_terms.csv does [account-holder-violation]"]
