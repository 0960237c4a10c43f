"""``dipkg import indicators``: World Bank files, in either of the two layouts it publishes.

The long layout (the World Bank's data packages on datahub, API downloads): ``Country Name,
Country Code, Year, Value``, one row per area and year of one series, named by ``--code``, by the
``datapackage.json`` beside the file (``worldbank.indicator``, and its title) or by an
``API_<code>_...`` file name. The bulk layout (``API_<code>_DS2_en_csv_v2_*.csv``): a preamble
(``"Data Source","World Development Indicators"``, ``"Last Updated Date","2024-06-28"``), then a
header ``Country Name, Country Code, Indicator Name, Indicator Code, 1960, 1961, ...`` and one
row per area and series, one column per year.

Rows whose ``Country Code`` is not a state of the graph (the World Bank's aggregates such as
``WLD`` or ``EUU``) are skipped and reported; empty values are skipped; every other value must be
a number, one per state, series and year. The series code decides the indicator
(``dk:seriesCode`` in ontology/vocab/indicator.ttl); a series dipkg does not classify keeps its
code and name. The unit is read from the indicator's name: ``%`` -> percent, ``current US$`` ->
current US dollars, ``per 100 people`` -> per 100 people, net migration and population ->
persons. Each series is cited as the World Bank's (its indicator page, the World Bank as
publisher), and so is the import's dataset, unless ``--source`` says whose the values are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from pyoxigraph import NamedNode, Store

from kg import imports, iris
from kg.errors import DipkgError, InvalidDataError, Problem
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
    if "% of total exports" in name:
        return "percent_of_exports"
    if "%" in name:
        return "percent"
    if "per 100 people" in name:
        return "per_100_people"
    if code in ("SM.POP.NETM", "SP.POP.TOTL"):
        return "persons"
    return None


#: The World Bank's long layout (data.worldbank.org API files, datahub packages): one row per area and year.
LONG = ["country name", "country code", "year", "value"]
PUBLISHER = "World Bank"
_API_FILE = re.compile(r"^API_([A-Za-z0-9.]+)_DS2")
#: One value of a file: its line and column, area name, area code, series code and name, year, cell.
Cell = tuple[int, int, str, str, str, str, int, str]


def read(file: CsvFile, states: set[str], source: str | None = None, code: str | None = None,
         since: int | None = None) -> tuple[list[Row], list[Problem], dict[str, str], dict[str, str],
                                              dict[str, imports.Citation]]:
    """The values of ``file`` in either World Bank layout (each a row of indicators.csv citing its
    series, or ``source``), problems, skipped areas (code -> name), each series' name (code -> name),
    and how each citation is cited (title -> :class:`kg.imports.Citation`). ``code``: the series of
    a file in the long layout, if the file does not say; ``since``: the first year to import."""
    if not file.records:
        return [], [file.problem(1, None, "the file is empty; expected a header row")], {}, {}, {}
    if [h.lower() for h in file.records[0][1][:4]] == LONG:
        cells, problems, updated = _long(file, code)
    else:
        cells, problems, updated = _bulk(file)
    values: list[Row] = []
    names: dict[str, str] = {}
    skipped: dict[str, str] = {}
    cited: dict[str, imports.Citation] = {}
    seen: dict[tuple[str, str, int], int] = {}
    rules: dict[int, imports.CellCheck] = {}
    for line, column, area, country, series, name, year, cell in cells:
        if country not in states:
            skipped[country] = area
            continue
        if since is not None and year < since or not cell:
            continue
        first = seen.setdefault((country, series, year), line)
        if first != line:   # one value per state, series and year: a second one would silently win
            problems.append(file.problem(line, 2, f"a second value for {country}, {series} and {year} (the first is "
                                         f"on line {first}): one value per state, series and year"))
            continue
        check = rules.setdefault(year, imports.rule("indicators", "value", str(year) if column > 4 else "Value"))
        if message := check(cell):
            problems.append(file.problem(line, column, message))
            continue
        citation = imports.Citation(source) if source else imports.Citation(
            f"{PUBLISHER}, World Development Indicators, series {series}" + (f": {name}" if name else "")
            + (f" (last updated {updated})" if updated else ""), f"https://data.worldbank.org/indicator/{series}",
            PUBLISHER)
        cited[citation.title] = citation
        values.append(Row(file.display, line, {"state": country, "year": str(year), "value": cell, "code": series,
                                               "unit": unit_of(series, name) or "", "sources": citation.title}))
        names[series] = name
    return values, problems, skipped, names, cited


def _bulk(file: CsvFile) -> tuple[list[Cell], list[Problem], str]:
    """The bulk layout: a preamble, then ``Country Name, Country Code, Indicator Name, Indicator
    Code, 1960, 1961, ...``, one row per area and series."""
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
                                 "World Bank file (download one from data.worldbank.org, CSV format: the bulk layout "
                                 "with a column per year, or the long layout Country Name, Country Code, Year, "
                                 "Value)")], ""
    header_line, header = file.records[start]
    problems: list[Problem] = []
    if header[:4] != HEADER:
        problems.append(file.problem(header_line, None, "expected the columns " + ", ".join(HEADER)
                                     + " before the years; found " + ", ".join(header[:4])))
    years = {i: int(h) for i, h in enumerate(header) if i >= 4 and _YEAR.match(h)}
    for i, h in enumerate(header):
        if i >= 4 and h and i not in years:
            problems.append(file.problem(header_line, i + 1, f'"{h}" in the header is not a year'))
    cells: list[Cell] = []
    seen: dict[tuple[str, str], int] = {}
    for line, record in file.records[start + 1:]:
        if not any(record):
            continue
        area, country, name, code = (record + ["", "", "", ""])[:4]
        if not code:
            problems.append(file.problem(line, 4, 'empty cell in column "Indicator Code"'))
            continue
        first = seen.setdefault((country, code), line)
        if first != line:   # one value per state, series and year: a second row would silently win
            problems.append(file.problem(line, 2, f"a second row for {country} and {code} (the first is on line "
                                         f"{first}): one value per state, series and year"))
            continue
        cells += [(line, i + 1, area, country, code, name, year, record[i] if i < len(record) else "")
                  for i, year in years.items()]
    return cells, problems, preamble.get("Last Updated Date", "")


def _long(file: CsvFile, code: str | None) -> tuple[list[Cell], list[Problem], str]:
    """The long layout: ``Country Name, Country Code, Year, Value``, one row per area and year, of
    one series: ``code``, else the one the ``datapackage.json`` beside the file names (the World
    Bank's packages on datahub), else the one in an ``API_<code>_...`` file name."""
    name = ""
    beside = file.path.parent / "datapackage.json"
    if beside.is_file():
        import json

        try:
            described = json.loads(beside.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise DipkgError(f"{beside}: not a readable data package ({exc}); give the series with --code") from exc
        code = code or str((described.get("worldbank") or {}).get("indicator", "")).upper() or None
        name = str(described.get("title", ""))
    if code is None and (match := _API_FILE.match(file.path.name)):
        code = match.group(1)
    if not code:
        return [], [file.problem(1, None, "a file in the long layout (Country Name, Country Code, Year, Value) holds "
                                 "one series, and this one does not say which: give its code with --code "
                                 "(e.g. --code NY.GDP.PCAP.CD)")], ""
    cells: list[Cell] = []
    problems: list[Problem] = []
    for line, record in file.records[1:]:
        if not any(record):
            continue
        area, country, year, value = (record + ["", "", "", ""])[:4]
        if not _YEAR.match(year):
            problems.append(file.problem(line, 3, f'"{year}" in column "Year" is not a year'))
            continue
        cells.append((line, 4, area, country, code, name, int(year), value))
    return cells, [], ""


def load(store: Store, path: Path, *, name: str | None = None, source: str | None = None, code: str | None = None,
         since: int | None = None, replace_file: bool = False) -> ImportResult:
    """Check ``path`` against ``store`` and write its values as the graph ``import-<name>``
    (``replace_file``: even if that name holds another file's import). A file in the long layout
    is named after its series by default (``ny-gdp-pcap-cd``)."""
    file = CsvFile(path)
    values, problems, skipped, names, cited = read(file, set(imports.lookup(store, "states")["state"]), source,
                                                   code, since)
    problems = file.control_characters() + problems
    if problems:
        raise InvalidDataError(problems)
    long = file.records and [h.lower() for h in file.records[0][1][:4]] == LONG
    dataset = imports.dataset_name(path, name if name or not (long and names) else iris.slug(next(iter(names))))
    imports.claim(store, dataset, path, replace=replace_file)

    def named(observed: list[tuple[NamedNode, Row]]) -> Iterator[Triple]:
        """Each value's series name, and the indicator its code measures (the row names none)."""
        for s, row in observed:
            if names[row.values["code"]]:
                yield s, term(RDFS.label), string(names[row.values["code"]])
            if (measured := series_concept(row.values["code"])) is not None:
                yield s, term(DK.indicator), measured

    notes = [f"skipped {len(skipped)} areas that are not states of the graph: {', '.join(sorted(skipped))}"] \
        if skipped else []
    return imports.write(store, file, dataset, "indicators", values, "values for states of the graph",
                         f"Indicators imported from {path.name}", named, notes, cited,
                         None if source else PUBLISHER)
