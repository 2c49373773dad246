"""Country name and code matching, on country_converter (coco) and CLDR.

Every source spells countries its own way (LPI has names only, the cyberlaw
tracker M49 numbers, the VAT file ISO2, founders whatever they type).  We never
keep a hand-typed alias list: coco's maintained regular expressions do the
matching, and whatever they cannot place is returned as unmatched so the caller
can report it instead of silently dropping it.

Official files are in English, so the build uses coco alone (`match_names`).
People write in their own language, so `match_spellings` (the founder's upload)
first looks the spelling up, ignoring case, accents and apostrophe style, in
CLDR's territory names in every locale babel ships (the Unicode consortium's
reviewed translations: "Deutschland", "México", "越南", "ベトナム") and in the
names the caller passes (the ones the app shows); coco's English patterns come
after, because a pattern search misplaces foreign names ("Pohjois-Korea", North
Korea in Finnish, contains "korea" and would become South Korea).
"""

from __future__ import annotations

import logging
import os
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

__all__ = ["CountryMatch", "match_names", "match_spellings", "fold", "region_name", "to_iso3", "numeric_to_iso3"]


@lru_cache(maxsize=1)
def _converter():
    """Build coco's converter once.

    coco 1.3.2 reads its table with pandas' default NA handling, which under
    pandas 3 turns Namibia's ISO2 code "NA" into a missing value and crashes.
    Reading the shipped table ourselves with every cell as text avoids that.
    """
    import country_converter as coco

    # coco logs a warning per unmatched name; callers report unmatched names themselves.
    for name in ("country_converter", "country_converter.country_converter"):
        logging.getLogger(name).setLevel(logging.ERROR)
    path = os.path.join(os.path.dirname(coco.__file__), "country_data.tsv")
    table = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    return coco.CountryConverter(country_data=table)


@dataclass(frozen=True)
class CountryMatch:
    """Outcome of matching a list of spellings to ISO 3166-1 alpha-3 codes."""

    iso3: dict[str, str] = field(default_factory=dict)
    """spelling -> ISO3 for every spelling that matched exactly one country."""
    unmatched: list[str] = field(default_factory=list)
    """spellings that matched no country (kept in input order, de-duplicated)."""
    ambiguous: dict[str, list[str]] = field(default_factory=dict)
    """spelling -> candidate ISO3 codes when more than one country matched (from
    `match_spellings`, also CLDR region codes such as "019" when the name is a region too)."""
    groups: list[str] = field(default_factory=list)
    """spellings that CLDR only knows as a region or group ("Welt", "欧盟"); `match_spellings` only."""


def match_names(names: Iterable[object]) -> CountryMatch:
    """Match names, ISO2 or ISO3 codes in any common spelling.

    Blank entries are ignored.  A spelling that coco places on more than one
    country is ambiguous, never guessed.
    """
    seen: list[str] = []
    for raw in names:
        if raw is None or (isinstance(raw, float) and pd.isna(raw)):
            continue
        text = str(raw).strip()
        if text and text not in seen:
            seen.append(text)
    if not seen:
        return CountryMatch()
    converted = _converter().convert(seen, to="ISO3", not_found=None)
    if not isinstance(converted, list) or len(seen) == 1:
        converted = [converted]
    iso3: dict[str, str] = {}
    unmatched: list[str] = []
    ambiguous: dict[str, list[str]] = {}
    for text, code in zip(seen, converted, strict=True):
        if isinstance(code, list):
            codes = sorted({c for c in code if isinstance(c, str) and c in _known_iso3()})
            if len(codes) == 1:
                iso3[text] = codes[0]
            elif codes:
                ambiguous[text] = codes
            else:
                unmatched.append(text)
        elif isinstance(code, str) and code in _known_iso3():
            # coco echoes unmatched input unchanged, so only a known ISO3 code counts as a match.
            iso3[text] = code
        else:
            unmatched.append(text)
    return CountryMatch(iso3=iso3, unmatched=unmatched, ambiguous=ambiguous)


@lru_cache(maxsize=1)
def _known_iso3() -> frozenset[str]:
    return frozenset(str(c) for c in _converter().data["ISO3"].dropna())


def to_iso3(name: object) -> str | None:
    """ISO3 for one spelling, or None when it is unknown or ambiguous."""
    return match_names([name]).iso3.get(str(name).strip()) if name is not None else None


def numeric_to_iso3(codes: Iterable[object]) -> dict[str, str]:
    """Map ISO 3166-1 numeric / UN M49 codes (int or zero-padded text) to ISO3.

    Returns {original text: ISO3}; codes coco does not know are left out, so a
    caller compares lengths to find what did not match.
    """
    data = _converter().data[["ISOnumeric", "ISO3"]].dropna()
    lookup = {int(float(n)): str(c) for n, c in zip(data["ISOnumeric"], data["ISO3"], strict=True)}
    out: dict[str, str] = {}
    for code in codes:
        try:
            key = int(str(code).strip())
        except ValueError:
            continue
        if key in lookup:
            out[str(code)] = lookup[key]
    return out


# --------------------------------------------------------------------------- names people type

_PUNCTUATION = str.maketrans(
    {
        "\u2019": "'",  # typographic apostrophe, as in CLDR's "Côte d’Ivoire"
        "\u2018": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "`": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)
_REGION_CODES = frozenset({"EU", "EZ", "UN", "QO"})  # CLDR's alphabetic codes for groups, not countries


def _strip_accents(text: str) -> str:
    """Drop Latin/Greek/Cyrillic combining accents only (U+0300-U+036F).

    Removing every combining mark would also strip the Japanese voicing marks
    (ベ -> ヘ) and Indic vowel signs, which change the word, not its accent.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not "\u0300" <= ch <= "\u036f"))


def fold(text: str) -> str:
    """The key two spellings share when they differ only in case, accents, apostrophes, dashes or spacing.

    NFKC first, so full-width letters typed with a Chinese input method equal
    their ASCII forms and "刚果（布）" equals "刚果(布)".
    """
    text = unicodedata.normalize("NFKC", str(text)).translate(_PUNCTUATION).casefold()
    return " ".join(_strip_accents(text).split())


@lru_cache(maxsize=1)
def _iso2_to_iso3() -> dict[str, str]:
    """ISO2 -> ISO3 from coco's table; a few ISO2 cells are patterns such as "^GB$|^UK$"."""
    data = _converter().data[["ISO2", "ISO3"]].dropna()
    out: dict[str, str] = {}
    for cell, iso3 in zip(data["ISO2"], data["ISO3"], strict=True):
        for part in str(cell).split("|"):
            out[part.strip("^$")] = str(iso3)
    return out


def _territory_names() -> Iterable[tuple[str, str]]:
    """(CLDR territory code, name) from each locale file babel ships, read unmerged and uncached.

    Inherited names are in the parent locale's own file anyway.  babel's
    `localedata.load` would keep all ~1,100 locales in memory for good
    (about 190 MB); reading each file once and keeping only its territory
    names costs the same time and lets the rest go.
    """
    import pickle

    from babel import localedata

    for locale in localedata.locale_identifiers():
        with open(localedata.resolve_locale_filename(locale), "rb") as handle:
            data = pickle.load(handle)  # babel's own package data, not user input
        yield from data.get("territories", {}).items()


@lru_cache(maxsize=1)
def _cldr_names() -> dict[str, frozenset[str]]:
    """Folded CLDR territory name, from every locale babel ships -> what it names.

    A meaning is an ISO3 code for a country, or CLDR's own code for a region
    or group ("001" World, "150" Europe, "EU").  Territories that are neither
    an ISO country nor a region (Canary Islands "IC", pseudo-locales, "ZZ"
    Unknown Region) are left out.  Built once per process (about 2 s of CPU).
    """
    iso3 = _iso2_to_iso3()
    found: dict[str, set[str]] = {}
    for code, name in _territory_names():
        meaning = iso3.get(code) if code.isalpha() and code not in _REGION_CODES else code
        if meaning is None or code == "ZZ":
            continue
        found.setdefault(fold(name), set()).add(meaning)
    return {key: frozenset(value) for key, value in found.items()}


def _is_region(meaning: str) -> bool:
    return meaning.isdigit() or meaning in _REGION_CODES


def region_name(code: str) -> str:
    """CLDR's English name of a region code ("019" -> "Americas"), for messages; the code itself if unknown."""
    from babel import Locale

    return str(Locale("en").territories.get(code, code))


def _distinct(names: Iterable[object]) -> list[str]:
    """Stripped, de-duplicated spellings in input order; blanks and NaN dropped."""
    seen: dict[str, None] = {}
    for raw in names:
        if raw is None or (isinstance(raw, float) and pd.isna(raw)):
            continue
        text = str(raw).strip()
        if text:
            seen.setdefault(text, None)
    return list(seen)


def _looks_like_code(text: str) -> bool:
    """Two or three ASCII letters: an ISO code comes first, so "AO" stays Angola.

    CLDR gives a few such strings as names in small locales ("AO" Austria,
    "NGA" Russia); a founder who types them means the code.
    """
    return 2 <= len(text) <= 3 and text.isascii() and text.isalpha()


def _by_caller_names(spellings: list[str], extra: Mapping[str, str] | None) -> dict[str, str]:
    """Spellings that are, ignoring case and accents, a name the caller gave (spelling -> ISO3).

    These are the names the app itself shows (English and Chinese), so they
    mean exactly what the app means by them and are tried before CLDR; a key
    the caller gave two codes is left to the next steps.
    """
    if not extra or not spellings:
        return {}
    codes: dict[str, set[str]] = {}
    for spelling, iso3 in extra.items():
        if fold(spelling) and iso3:
            codes.setdefault(fold(spelling), set()).add(str(iso3))
    unique = {key: next(iter(found)) for key, found in codes.items() if len(found) == 1}
    return {text: unique[fold(text)] for text in spellings if fold(text) in unique}


def _by_cldr_name(spellings: list[str]) -> tuple[dict[str, str], dict[str, list[str]], list[str], list[str]]:
    """Resolve spellings that are an exact (folded) CLDR territory name in some locale.

    One country -> matched.  Only regions -> a group.  Several meanings (a
    name two languages give to different territories, or to a country and a
    region) -> taken only when coco's English patterns pick the same one of
    the candidate countries, else ambiguous: never a guess.  Returns (matched,
    ambiguous, groups, the spellings CLDR does not know).
    """
    if not spellings:
        return {}, {}, [], []
    index = _cldr_names()
    matched: dict[str, str] = {}
    several: dict[str, list[str]] = {}
    groups: list[str] = []
    rest: list[str] = []
    for text in spellings:
        meanings = index.get(fold(text), frozenset())
        countries = sorted(m for m in meanings if not _is_region(m))
        if not meanings:
            rest.append(text)
        elif not countries:
            groups.append(text)
        elif len(meanings) == 1:
            matched[text] = countries[0]
        else:
            several[text] = sorted(meanings)
    confirmed = match_names(list(several)).iso3 if several else {}
    ambiguous: dict[str, list[str]] = {}
    for text, candidates in several.items():
        if confirmed.get(text) in candidates:
            matched[text] = confirmed[text]
        else:
            ambiguous[text] = candidates
    return matched, ambiguous, groups, rest


def _by_pattern(spellings: list[str]) -> CountryMatch:
    """coco's patterns on what is left, then again with accents dropped ("República de México")."""
    first = match_names(spellings) if spellings else CountryMatch()
    retry = {text: _strip_accents(text.translate(_PUNCTUATION)) for text in first.unmatched}
    retry = {text: plain for text, plain in retry.items() if plain != text}
    if not retry:
        return first
    second = match_names(list(retry.values()))
    iso3 = dict(first.iso3)
    ambiguous = dict(first.ambiguous)
    unmatched: list[str] = []
    for text in first.unmatched:
        plain = retry.get(text)
        if plain in second.iso3:
            iso3[text] = second.iso3[plain]
        elif plain in second.ambiguous:
            ambiguous[text] = second.ambiguous[plain]
        else:
            unmatched.append(text)
    return CountryMatch(iso3=iso3, unmatched=unmatched, ambiguous=ambiguous)


def match_spellings(names: Iterable[object], extra: Mapping[str, str] | None = None) -> CountryMatch:
    """Match what a person typed, in any language: codes, exact names, then coco's patterns.

    Order: ISO2/ISO3 codes (coco, as before); exact names ignoring case,
    accents and apostrophe style -- first `extra` (spelling -> ISO3: the names
    the app displays), then CLDR's territory names in every locale; last,
    coco's English patterns on the rest, also with accents dropped.  A name
    CLDR only knows as a region lands in `groups`; a name with several
    meanings lands in `ambiguous` with its candidates.  CLDR is read only
    when some spelling is neither a code nor a caller's name.
    """
    spellings = _distinct(names)
    codes = [text for text in spellings if _looks_like_code(text)]
    iso3 = dict(match_names(codes).iso3) if codes else {}
    iso3.update(_by_caller_names([text for text in spellings if text not in iso3], extra))
    exact, ambiguous, groups, rest = _by_cldr_name([text for text in spellings if text not in iso3])
    pattern = _by_pattern(rest)
    iso3 = {**iso3, **exact, **pattern.iso3}
    ambiguous = {**ambiguous, **pattern.ambiguous}
    return CountryMatch(
        iso3={text: iso3[text] for text in spellings if text in iso3},
        unmatched=[text for text in spellings if text not in iso3 and text not in ambiguous and text not in groups],
        ambiguous={text: ambiguous[text] for text in spellings if text in ambiguous},
        groups=groups,
    )
