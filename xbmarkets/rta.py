"""Which economy pairs a regional trade agreement covers, from the WTO RTA-IS export.

The export (raw/rta/RTA.xlsx, one row per agreement) names its parties in
English and mixes three kinds of party: countries ("Korea, Republic of"),
blocs that are agreements of their own ("ASEAN Free Trade Area (AFTA)",
"European Union") and former members that only appear in the "Specific
Entry/Exit dates" column ("United Kingdom( - 31-Jan-2020)").  A pair is
covered on a date D by an agreement in force on D when its two economies sit
on two different sides of it, each side being a party active on D: a
country, or the members on D of the bloc the party names.

How the rows are read (all of it from the file, nothing typed in):

- **In force on D** (`as_of` given, D = 31 December of that year): the entry
  into force (G) date, or (S) when G is blank, is on or before D and the
  Inactive Date, if any, is after D.  Rows the file only announces ("Early
  announcement-Signed", such as ECFA, dated 2010) are never in force.  With
  `as_of=None` the file's own Status decides ("In Force" / "In force for at
  least one Party") and D is the export's date (the latest real date in the
  file, 5 March 2021), used for memberships.
- **A party's dates**: its Specific Entry/Exit dates when given (the exit day
  is its last day in; 01-Jan-9999 means "not yet in force for it", as for
  four CPTPP parties), else the date of a row "<agreement> - Accession of
  <party>" that names it (CACM - Accession of Panama), else the agreement's.
- **Parties** are the Current signatories (the Original ones when a row has
  none, as inactive rows do) plus the former members the Specific column
  lists.  In an agreement with a bloc party those former members, and the
  member dates the column gives (ASEAN - Japan: Indonesia from 2010), are
  read inside the bloc's side.
- **A bloc** is a party named like an agreement of the file; its members on D
  are the active parties of its own rows in force on D.  "European Union" is
  the file's name for the party whose own row is "EU Treaty" (that row lists
  every accession with its date and the UK's exit on 31-Jan-2020).
- **Which pairs**: an agreement of countries covers every pair of its
  parties; one with a bloc party covers the pairs between the bloc and each
  other party (EU - Central America does not cover Honduras - El Salvador);
  one that lists every member a bloc had when it was signed (older EC
  agreements recorded by member state) reads those members as the bloc.

Known limits, as the file records them: the export is of March 2021, so RCEP
(2022), AfCFTA trading and every later agreement or membership change are
absent; the UK is an EU member until 31 January 2020 and the EU-UK agreement
starts on 1 January 2021, so 2020 is a gap; a bloc member's start is the bloc
row's unless the file gives a member date (AFTA's 1993 for Viet Nam, which
joined in 1995); a few old EC agreements list only some member states and
then also name pairs inside the EC in past-year snapshots.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

__all__ = [
    "IN_FORCE_STATUSES",
    "Agreement",
    "RtaCoverage",
    "read_agreements",
    "rta_coverage",
]

RTA_FILE = "rta/RTA.xlsx"
IN_FORCE_STATUSES = ("In Force", "In force for at least one Party")
INACTIVE_STATUS = "Inactive"
SOURCE = "wto_rta"

_BLOC_OWN_ROW = {"European Union": "EU Treaty"}
"""Bloc party name -> the name of its own row, where the file names them differently."""

_NAME, _STATUS, _ACCESSION = "RTA Name", "Status", "Accession?"
_ENTRY_G, _ENTRY_S, _INACTIVE = "Date of Entry into Force (G)", "Date of Entry into Force (S)", "Inactive Date"
_SIGNED_G, _SIGNED_S = "Date of Signature (G)", "Date of Signature (S)"
_CURRENT, _ORIGINAL, _SPECIFIC = "Current signatories", "Original signatories", "Specific Entry/Exit dates"
COLUMNS = (
    _NAME,
    _STATUS,
    _SIGNED_G,
    _SIGNED_S,
    _ENTRY_G,
    _ENTRY_S,
    _INACTIVE,
    _ACCESSION,
    _CURRENT,
    _ORIGINAL,
    _SPECIFIC,
)

_SPECIFIC_ITEM = re.compile(
    r"^(?P<name>.+?)\s*\(\s*(?P<start>\d{1,2}-[A-Za-z]{3}-\d{4})?\s*-\s*(?P<end>\d{1,2}-[A-Za-z]{3}-\d{4})?\s*\)$"
)
_ACCESSION_NAME = re.compile(r"^(?P<base>.+?) - Accession of (?P<who>.+)$")
_NOT_YET_YEAR = 9000  # 01-Jan-9999 marks "not yet in force for this party"

Resolve = Callable[[str, pd.Series | None, pd.Series | None, str], pd.Series]
"""`build._Resolver.resolve`: (source, codes, names, kind) -> iso3 per row, None where unplaced."""


def _error(message: str) -> Exception:
    # Imported late: build.py imports this module, so a top-level import would be circular.
    from xbmarkets.build import BuildError

    return BuildError(message)


@dataclass(frozen=True)
class Agreement:
    """One row of the export, with its dates parsed."""

    name: str
    status: str
    entry: dt.date | None
    inactive: dt.date | None
    accession: bool
    parties: tuple[str, ...]
    """Sides as listed: Current signatories, else Original ones."""
    specific: Mapping[str, tuple[dt.date | None, dt.date | None]] = field(default_factory=dict)
    """party -> (entry, last day) from the Specific Entry/Exit dates column."""
    signed: dt.date | None = None


@dataclass(frozen=True)
class RtaCoverage:
    """Pairs covered on the reference date, one row per ordered pair covered."""

    pairs: pd.DataFrame
    """origin, destination, agreements (';'-joined), agreement_year (int)."""
    reference_date: dt.date
    export_date: dt.date
    notes: tuple[str, ...]


# --------------------------------------------------------------------------- reading


def _date(value: object, where: str) -> dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d-%b-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise _error(f"raw file malformed: {where}: unreadable date {text!r}")


def _names(cell: object) -> tuple[str, ...]:
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return ()
    return tuple(p.strip() for p in str(cell).split(";") if p.strip())


def _specific(cell: object, where: str) -> dict[str, tuple[dt.date | None, dt.date | None]]:
    out: dict[str, tuple[dt.date | None, dt.date | None]] = {}
    for item in _names(cell):
        match = _SPECIFIC_ITEM.match(item)
        if match is None:
            raise _error(f"raw file malformed: {where}: unreadable entry/exit item {item!r}")
        out[match["name"].strip()] = (_date(match["start"], where), _date(match["end"], where))
    return out


def read_agreements(raw_dir: Path) -> tuple[Agreement, ...]:
    """Every row of the export, in file order (read once per file version: builds for several years share it)."""
    path = raw_dir / RTA_FILE
    if not path.is_file():
        raise _error(f"raw file missing: {path}")
    stat = path.stat()
    return _read_agreements(path.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _read_agreements(path: Path, mtime_ns: int, size: int) -> tuple[Agreement, ...]:
    try:
        frame = pd.read_excel(path, dtype=object, engine="openpyxl")
    except (ValueError, OSError, KeyError) as exc:
        raise _error(f"raw file malformed: {path}: {exc}") from None
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise _error(f"raw file malformed: {path}: missing columns {', '.join(missing)}")
    rows: list[Agreement] = []
    for number, record in enumerate(frame[list(COLUMNS)].itertuples(index=False, name=None), start=2):
        name, status, signed_g, signed_s, entry_g, entry_s, inactive, accession, current, original, specific = record
        if not isinstance(name, str) or not name.strip():
            continue
        where = f"{path} row {number}"
        rows.append(
            Agreement(
                name=name.strip(),
                status=str(status).strip() if isinstance(status, str) else "",
                entry=_date(entry_g, where) or _date(entry_s, where),
                signed=_date(signed_g, where) or _date(signed_s, where),
                inactive=_date(inactive, where),
                accession=str(accession).strip().lower() == "yes",
                parties=_names(current) or _names(original),
                specific=_specific(specific, where),
            )
        )
    return tuple(rows)


def export_date(rows: Iterable[Agreement]) -> dt.date:
    """The latest real date the file records: the state `as_of=None` describes."""
    dates = [d for a in rows for d in (a.entry, a.inactive) if d is not None and d.year < _NOT_YET_YEAR]
    dates += [d for a in rows for pair in a.specific.values() for d in pair if d and d.year < _NOT_YET_YEAR]
    if not dates:
        raise _error(f"raw file malformed: {RTA_FILE}: no dates")
    return max(dates)


# --------------------------------------------------------------------------- membership

_Members = dict[str, dt.date]  # iso3 -> day it joined


@dataclass(frozen=True)
class _Side:
    """One side of an agreement: a listed party, or a bloc's member states listed one by one."""

    party: str
    group: tuple[str, ...] = ()
    """For a group side: the listed parties that stand for bloc `party`."""


@dataclass(frozen=True)
class _Layout:
    sides: tuple[_Side, ...]
    loose: tuple[str, ...]
    """Former members of a bloc side (Specific column only): read through that bloc on the day."""


class _Reader:
    """Answers 'who is in agreement X on date D' for the rows of one export."""

    def __init__(self, rows: Sequence[Agreement], placed: Mapping[str, str | None], by_status: bool) -> None:
        self.rows = rows
        self.placed = placed
        self.by_status = by_status
        by_name: dict[str, list[Agreement]] = {}
        for a in rows:
            if not a.accession:
                by_name.setdefault(a.name, []).append(a)
        self.own_rows = dict(by_name)
        self.own_rows.update({bloc: by_name[row] for bloc, row in _BLOC_OWN_ROW.items() if row in by_name})
        self.acceded = _accession_dates(rows)
        self.blocs = tuple(sorted({p for a in rows for p in a.parties if self.is_bloc(p)}))
        self._bloc_cache: dict[tuple[str, dt.date, bool], _Members] = {}
        self._layouts: dict[int, _Layout] = {}

    def is_bloc(self, party: str) -> bool:
        return party in self.own_rows

    def in_force(self, a: Agreement, on: dt.date, by_status: bool | None = None) -> bool:
        if self.by_status if by_status is None else by_status:
            return a.status in IN_FORCE_STATUSES
        if a.status not in (*IN_FORCE_STATUSES, INACTIVE_STATUS):  # announced, never notified in force
            return False
        return a.entry is not None and a.entry <= on and (a.inactive is None or on < a.inactive)

    def party_start(self, a: Agreement, party: str, on: dt.date) -> dt.date | None:
        """The day `party` joined `a`, if it is in `a` on `on`; else None."""
        start, last = a.specific.get(party, (None, None))
        start = start or self.acceded.get((a.name, party)) or a.entry
        if start is None or start > on or (last is not None and on > last):
            return None
        return start

    def bloc_members(self, bloc: str, on: dt.date, by_status: bool | None = None, depth: int = 0) -> _Members:
        """Economies in `bloc` on `on` (its own rows in force that day), each with the day it joined."""
        status = self.by_status if by_status is None else by_status
        key = (bloc, on, status)
        if key in self._bloc_cache:
            return self._bloc_cache[key]
        found: _Members = {}
        for own in self.own_rows.get(bloc, []):
            if depth > 3 or not self.in_force(own, on, status):  # a bloc of blocs of blocs: never loop
                continue
            for side in self.layout(own).sides:
                for iso3, since in self._party_members(own, side.party, on, status, depth + 1).items():
                    found[iso3] = min(found.get(iso3, since), since)
        self._bloc_cache[key] = found
        return found

    def _party_members(self, a: Agreement, party: str, on: dt.date, by_status: bool, depth: int) -> _Members:
        start = self.party_start(a, party, on)
        if start is None:
            return {}
        if not self.is_bloc(party):
            iso3 = self.placed.get(party)
            return {iso3: start} if iso3 else {}
        return {iso3: max(since, start) for iso3, since in self.bloc_members(party, on, by_status, depth).items()}

    def _member_names(self, bloc: str, on: dt.date) -> set[str]:
        """Names of the countries in `bloc` on `on`, placed on an economy or not."""
        names: set[str] = set()
        for own in self.own_rows.get(bloc, []):
            if self.in_force(own, on, by_status=False):
                sides = self.layout(own).sides
                names |= {s.party for s in sides if not self.is_bloc(s.party) and self.party_start(own, s.party, on)}
        return names

    def _ever_member(self, bloc: str, iso3: str | None, first: dt.date, end: dt.date | None) -> bool:
        """Whether `iso3` belongs to `bloc` at some day of [first, end) by the bloc's own rows."""
        if iso3 is None:
            return False
        for own in self.own_rows.get(bloc, []):
            for party in (*own.parties, *own.specific):
                if self.placed.get(party) != iso3:
                    continue
                start, last = own.specific.get(party, (None, None))
                start = start or self.acceded.get((own.name, party)) or own.entry
                stop = own.inactive if last is None else last + dt.timedelta(days=1)
                if start is not None and (end is None or start < end) and (stop is None or stop > first):
                    return True
        return False

    def layout(self, a: Agreement) -> _Layout:
        """The sides of `a`, once per agreement.

        An agreement with a bloc party keeps its listed parties as sides; the
        former members in its Specific column are read through that bloc.  An
        agreement without one that lists every member a bloc had when it was
        signed (EC agreements recorded by member state) takes those members as
        one side, so it never covers pairs inside the bloc; some members listed
        among others (4 of ASEAN's 10 in CPTPP) stay parties of their own.
        """
        if id(a) in self._layouts:
            return self._layouts[id(a)]
        extra = tuple(sorted(p for p in a.specific if p not in a.parties))
        if any(self.is_bloc(p) for p in a.parties):
            result = _Layout(tuple(_Side(p) for p in a.parties), extra)
        else:
            result = self._grouped(a, a.parties + extra)
        self._layouts[id(a)] = result
        return result

    def _grouped(self, a: Agreement, listed: tuple[str, ...]) -> _Layout:
        plain = _Layout(tuple(_Side(p) for p in listed), ())
        if a.entry is None:
            return plain
        listed_iso = {self.placed.get(p) for p in listed} - {None}
        for bloc in self.blocs:
            if a.name in {own.name for own in self.own_rows[bloc]}:
                continue
            members = self._member_names(bloc, a.signed or a.entry)
            if len(members) < 2 or not all(m in listed or self.placed.get(m) in listed_iso for m in members):
                continue
            group = tuple(p for p in listed if self._ever_member(bloc, self.placed.get(p), a.entry, a.inactive))
            rest = tuple(_Side(p) for p in listed if p not in group)
            return _Layout((_Side(bloc, group), *rest), ())
        return plain

    def side_members(self, a: Agreement, side: _Side, on: dt.date) -> _Members:
        if not side.group:
            return self._party_members(a, side.party, on, self.by_status, 0)
        bloc = self.bloc_members(side.party, on)
        found: _Members = {}
        for party in side.group:
            iso3, start = self.placed.get(party), self.party_start(a, party, on)
            if iso3 in bloc and start is not None:
                found[iso3] = max(start, bloc[iso3])
        return found

    def members_by_side(self, a: Agreement, on: dt.date) -> list[tuple[_Members, bool]]:
        """Members of each side on `on`, and whether the side is a bloc party (the hub of the agreement)."""
        lay = self.layout(a)
        sides = [self.side_members(a, side, on) for side in lay.sides]
        hubs = [not side.group and self.is_bloc(side.party) for side in lay.sides]
        for party in lay.loose:
            iso3 = self.placed.get(party)
            if iso3 is None:
                continue
            blocs = (m for s, m in zip(lay.sides, sides, strict=True) if self.is_bloc(s.party) and iso3 in m)
            home = next(blocs, None)
            start, last = a.specific[party]
            if home is None:
                own = self.party_start(a, party, on)
                if own is not None:
                    sides.append({iso3: own})
                    hubs.append(False)
            elif (start is not None and start > on) or (last is not None and on > last):
                del home[iso3]
            elif start is not None:
                home[iso3] = max(home[iso3], start)
        return list(zip(sides, hubs, strict=True))


def _accession_dates(rows: Sequence[Agreement]) -> dict[tuple[str, str], dt.date]:
    """(agreement, party) -> entry date of the row '<agreement> - Accession of <party>'."""
    names = {a.name for a in rows if not a.accession}
    out: dict[tuple[str, str], dt.date] = {}
    for a in rows:
        match = _ACCESSION_NAME.match(a.name)
        if not a.accession or match is None or match["base"] not in names or a.entry is None:
            continue
        who = match["who"].casefold()
        for party in a.parties:
            if party.casefold() in who:
                key = (match["base"], party)
                out[key] = min(out.get(key, a.entry), a.entry)
    return out


# --------------------------------------------------------------------------- coverage


_Cover = dict[tuple[str, str], list[tuple[dt.date, str, bool]]]  # (origin, destination) -> (since, name, accession)


def _covered(reader: _Reader, on: dt.date) -> _Cover:
    covered: _Cover = {}
    for a in reader.rows:
        if not reader.in_force(a, on):
            continue
        sides = reader.members_by_side(a, on)
        spokes_only = any(hub for _, hub in sides)  # EU - Central America: not Honduras - El Salvador
        for i, (left, left_hub) in enumerate(sides):
            for right, right_hub in sides[i + 1 :]:
                if spokes_only and not (left_hub or right_hub):
                    continue
                for x, since_x in left.items():
                    for y, since_y in right.items():
                        if x != y:
                            item = (max(since_x, since_y), a.name, a.accession)
                            covered.setdefault((x, y), []).append(item)
                            covered.setdefault((y, x), []).append(item)
    return covered


def _summarise(covered: _Cover) -> pd.DataFrame:
    """One row per pair: the agreements' names in order of coverage, and the first year covered.

    An accession row ("EC (25) Enlargement") is named only when no agreement
    of its own covers the pair: "EU Treaty" says more than its enlargements.
    """
    rows = []
    for (origin, destination), items in sorted(covered.items()):
        items.sort()
        own = [(since, name) for since, name, accession in items if not accession]
        shown = own or [(since, name) for since, name, _ in items]
        names = list(dict.fromkeys(name for _, name in shown))
        rows.append((origin, destination, ";".join(names), items[0][0].year))
    frame = pd.DataFrame(rows, columns=["origin", "destination", "agreements", "agreement_year"])
    return frame.astype({"origin": object, "destination": object, "agreements": object, "agreement_year": "int64"})


def rta_coverage(raw_dir: Path, resolve: Resolve, as_of: int | None = None) -> RtaCoverage:
    """Pairs of economies covered by an agreement in force on 31 Dec `as_of` (or in the export's state).

    Party names go through `resolve(..., kind="name")` once each, so every
    name that places on no economy is reported by the caller's resolver;
    names of blocs never do (they are expanded instead).
    """
    rows = read_agreements(raw_dir)
    exported = export_date(rows)
    on = exported if as_of is None else dt.date(as_of, 12, 31)
    probe = _Reader(rows, {}, by_status=as_of is None)
    names = sorted({p for a in rows for p in (*a.parties, *a.specific) if not probe.is_bloc(p)})
    placed: dict[str, str | None] = {}
    if names:
        iso3 = resolve(SOURCE, None, pd.Series(names, dtype=object), "name")
        placed = {n: (c if isinstance(c, str) and c else None) for n, c in zip(names, iso3, strict=True)}
    reader = _Reader(rows, placed, by_status=as_of is None)
    notes = (f"state of the export taken on {exported.isoformat()}",) if as_of is None else ()
    pairs = _summarise(_covered(reader, on))
    return RtaCoverage(pairs=pairs, reference_date=on, export_date=exported, notes=notes)
