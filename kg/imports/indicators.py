"""``dipkg import indicators``: World Bank bulk CSV files (``API_<code>_DS2_en_csv_v2_*.csv``).

The layout: a preamble (``"Data Source","World Development Indicators"``, ``"Last Updated
Date","2024-06-28"``), then a header ``Country Name, Country Code, Indicator Name, Indicator
Code, 1960, 1961, ...`` and one row per area and series, one column per year. Rows whose
``Country Code`` is not a state of the graph (the World Bank's aggregates such as ``WLD`` or
``EUU``) are skipped and reported; empty years are skipped; every other cell must be a number.
The series code decides the indicator (``dk:seriesCode`` in ontology/vocab/indicator.ttl);
a series dipkg does not classify keeps its code and name. The unit is read from the
indicator's name: ``%`` -> percent, ``current US$`` -> current US dollars, net migration ->
persons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Store

from kg.errors import DipkgError, InvalidDataError, Problem
from kg.imports import (
    CsvFile,
    ImportResult,
    claim,
    dataset_name,
    import_graph,
    lookup,
    mapping,
    provenance_of,
    replace,
    rule,
    sources,
)
from kg.load._rdf import string, term
from kg.namespaces import DK, RDFS
from kg.values import Row
from kg.vocab import series_concept

HEADER = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Value:
    state: str
    code: str
    name: str
    year: int
    value: str
    unit: str | None
    line: int


def unit_of(code: str, name: str) -> str | None:
    """The unit a World Bank series is published in, read from its name."""
    if "current US$" in name:
        return "usd_current"
    if "%" in name:
        return "percent"
    if code == "SM.POP.NETM":
        return "persons"
    return None


def read(file: CsvFile, states: set[str]) -> tuple[list[Value], list[Problem], dict[str, str], str]:
    """Values, problems, skipped areas (code -> name) and the preamble's citation."""
    preamble: dict[str, str] = {}
    start = None
    for index, (_line, record) in enumerate(file.records):
        if record[:2] == HEADER[:2]:
            start = index
            break
        if len(record) >= 2 and record[0]:
            preamble[record[0]] = record[1]
    if start is None:
        return [], [file.problem(1, None, "no header row starting with \"Country Name\",\"Country Code\": not a "
                                 "World Bank bulk CSV (download one from data.worldbank.org, CSV format)")], {}, ""
    header_line, header = file.records[start]
    problems: list[Problem] = []
    if header[:4] != HEADER:
        problems.append(file.problem(header_line, None, "expected the columns " + ", ".join(HEADER)
                                     + " before the years; found " + ", ".join(header[:4])))
    years = {i: int(h) for i, h in enumerate(header) if i >= 4 and _YEAR.match(h)}
    for i, h in enumerate(header):
        if i >= 4 and h and i not in years:
            problems.append(file.problem(header_line, i + 1, f'"{h}" in the header is not a year'))
    rules = {year: rule("indicators", "value", str(year)) for year in years.values()}
    values: list[Value] = []
    skipped: dict[str, str] = {}
    seen: dict[tuple[str, str], int] = {}
    for line, record in file.records[start + 1:]:
        if not any(record):
            continue
        area, country, name, code = (record + ["", "", "", ""])[:4]
        if country not in states:
            skipped[country] = area
            continue
        if not code:
            problems.append(file.problem(line, 4, 'empty cell in column "Indicator Code"'))
            continue
        first = seen.setdefault((country, code), line)
        if first != line:   # one value per state, series and year: a second row would silently win
            problems.append(file.problem(line, 2, f"a second row for {country} and {code} (the first is on line "
                                         f"{first}): one value per state, series and year"))
            continue
        for i, year in years.items():
            cell = record[i] if i < len(record) else ""
            if not cell:
                continue
            message = rules[year](cell)
            if message:
                problems.append(file.problem(line, i + 1, message))
                continue
            values.append(Value(country, code, name, year, cell, unit_of(code, name), line))
    citation = ", ".join(f"{k}: {v}" for k, v in preamble.items() if v) or file.path.name
    return values, problems, skipped, citation


def load(store: Store, path: Path, *, name: str | None = None, source: str | None = None,
         replace_file: bool = False) -> ImportResult:
    """Check ``path`` against ``store`` and write its values as the graph ``import-<name>``
    (``replace_file``: even if that name holds another file's import)."""
    file = CsvFile(path)
    dataset = dataset_name(path, name)
    claim(store, dataset, path, replace=replace_file)
    states = set(lookup(store, "states")["state"])
    values, problems, skipped, citation = read(file, states)
    problems = file.control_characters() + problems
    if problems:
        raise InvalidDataError(problems)
    if not values:
        raise DipkgError(f"{file.display} has no values for states of the graph to import")
    cited = source or f"World Bank bulk CSV {path.name} ({citation})"
    keys, triples = sources(dataset, [cited])
    triples += list(provenance_of(dataset, path, DK.IndicatorStructure, f"Indicators imported from {path.name}"))
    observations = mapping("indicators", dataset)
    lines: dict[str, int] = {}
    for v in values:
        row = Row(file.display, v.line, {"state": v.state, "year": str(v.year), "value": v.value, "unit": v.unit or "",
                                         "code": v.code, "sources": keys[cited]})
        obs = observations.subject(row)
        lines[obs.value] = v.line
        triples += [*observations.triples(row), (obs, term(RDFS.label), string(v.name))]
        if (measured := series_concept(v.code)) is not None:   # the row names no indicator: its code decides
            triples.append((obs, term(DK.indicator), measured))
    replace(store, dataset, triples, lines, file, "indicators")
    notes = [f"skipped {len(skipped)} areas that are not states of the graph: {', '.join(sorted(skipped))}"] \
        if skipped else []
    return ImportResult(dataset, import_graph(dataset).value, len(values), notes)
