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
from collections.abc import Iterator
from pathlib import Path

from pyoxigraph import NamedNode, Store

from kg import imports
from kg.errors import InvalidDataError, Problem
from kg.imports import CsvFile, ImportResult
from kg.load._rdf import string, term
from kg.namespaces import DK, RDFS
from kg.values import Row, Triple
from kg.vocab import series_concept

HEADER = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
_YEAR = re.compile(r"^\d{4}$")


def unit_of(code: str, name: str) -> str | None:
    """The unit a World Bank series is published in, read from its name."""
    if "current US$" in name:
        return "usd_current"
    if "%" in name:
        return "percent"
    if code == "SM.POP.NETM":
        return "persons"
    return None


def read(file: CsvFile, states: set[str], source: str | None = None
         ) -> tuple[list[Row], list[Problem], dict[str, str], dict[str, str]]:
    """The values of ``file`` (each a row of indicators.csv citing ``source``, or the file and its
    preamble, in words), problems, skipped areas (code -> name) and each series' name (code -> name)."""
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
                                 "World Bank bulk CSV (download one from data.worldbank.org, CSV format)")], {}, {}
    header_line, header = file.records[start]
    problems: list[Problem] = []
    if header[:4] != HEADER:
        problems.append(file.problem(header_line, None, "expected the columns " + ", ".join(HEADER)
                                     + " before the years; found " + ", ".join(header[:4])))
    years = {i: int(h) for i, h in enumerate(header) if i >= 4 and _YEAR.match(h)}
    for i, h in enumerate(header):
        if i >= 4 and h and i not in years:
            problems.append(file.problem(header_line, i + 1, f'"{h}" in the header is not a year'))
    rules = {year: imports.rule("indicators", "value", str(year)) for year in years.values()}
    citation = ", ".join(f"{k}: {v}" for k, v in preamble.items() if v) or file.path.name
    cited = source or f"World Bank bulk CSV {file.path.name} ({citation})"
    values: list[Row] = []
    names: dict[str, str] = {}
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
            values.append(Row(file.display, line, {"state": country, "year": str(year), "value": cell, "code": code,
                                                   "unit": unit_of(code, name) or "", "sources": cited}))
            names[code] = name
    return values, problems, skipped, names


def load(store: Store, path: Path, *, name: str | None = None, source: str | None = None,
         replace_file: bool = False) -> ImportResult:
    """Check ``path`` against ``store`` and write its values as the graph ``import-<name>``
    (``replace_file``: even if that name holds another file's import)."""
    file = CsvFile(path)
    dataset = imports.dataset_name(path, name)
    imports.claim(store, dataset, path, replace=replace_file)
    values, problems, skipped, names = read(file, set(imports.lookup(store, "states")["state"]), source)
    problems = file.control_characters() + problems
    if problems:
        raise InvalidDataError(problems)

    def named(observed: list[tuple[NamedNode, Row]]) -> Iterator[Triple]:
        """Each value's series name, and the indicator its code measures (the row names none)."""
        for s, row in observed:
            yield s, term(RDFS.label), string(names[row.values["code"]])
            if (measured := series_concept(row.values["code"])) is not None:
                yield s, term(DK.indicator), measured

    notes = [f"skipped {len(skipped)} areas that are not states of the graph: {', '.join(sorted(skipped))}"] \
        if skipped else []
    return imports.write(store, file, dataset, "indicators", values, "values for states of the graph",
                         f"Indicators imported from {path.name}", named, notes)
