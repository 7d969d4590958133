#!/usr/bin/env python3
"""Generate isnad's geographic gazetteers from Unicode CLDR (via babel).

Writes three files into gazetteers/ (the folder above this one):

  entities-countries.tsv      every country and territory CLDR names (GPE, kind
                              country / territory), attrs iso=XX
  entities-cities.tsv         CLDR time-zone exemplar cities that have an Arabic
                              name, plus the curated capitals and major cities of
                              cities.tsv (GPE, kind city), attrs country=<id>
  entities-nationalities.tsv  the curated nationality and group adjectives of
                              nationalities.tsv (NORP, kind nationality)

Inputs beside this script (all UTF-8, TAB-separated, '#' starts a comment line):

  variants.tsv        Arabic / English names CLDR lacks (news spellings, formal
                      names, and CLDR's own alt="short"/"variant" names, which
                      babel does not ship), per ISO code; '!alias' drops an alias
  cities.tsv          capitals of all countries and major cities; a row whose
                      English name equals an exemplar city of the same country
                      adds to (or, with '!alias', drops from) that exemplar
  exemplar-skip.tsv   exemplar zones that are not cities, are tiny, or carry a
                      wrong Arabic name in CLDR
  nationalities.tsv   nationality / regional / ethnic adjectives: the masculine
                      singular nisba bases and the irregular forms
  ambiguous.txt       aliases that are also common words or first names; they
                      are written with the '~' prefix wherever they occur

Usage:
  python3 gazetteers/generator/generate.py          # regenerate the three files
  python3 gazetteers/generator/generate.py --check  # exit 1 if they are stale

Only the standard library and babel (pinned in requirements.txt) are used, so
the output depends on the babel release alone: babel ships the CLDR data.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import unicodedata
from pathlib import Path

try:
    import babel
    from babel import Locale
    from babel.core import get_cldr_version, get_global
except ImportError:  # pragma: no cover - a clear message beats a traceback
    sys.exit("generate.py needs babel: pip install -r gazetteers/generator/requirements.txt")

HERE = Path(__file__).resolve().parent
GAZ = HERE.parent
GENERATOR = "gazetteers/generator/generate.py"

CLDR_VERSION = str(get_cldr_version())
SRC_CLDR = f"cldr-{CLDR_VERSION}"
SRC_CLDR_CURATED = f"{SRC_CLDR}+curated"
SRC_CURATED = "curated"

OUT_COUNTRIES = "entities-countries.tsv"
OUT_CITIES = "entities-cities.tsv"
OUT_NATIONALITIES = "entities-nationalities.tsv"
OUTPUTS = (OUT_COUNTRIES, OUT_CITIES, OUT_NATIONALITIES)
SEED = "entities-seed.tsv"

# --------------------------------------------------------------------------
# Regions: which CLDR codes are skipped, which are dependent territories.
# --------------------------------------------------------------------------

# Two-letter CLDR codes that are not a country or a territory: the unknown
# region, supranational unions and groupings, CLDR's pseudo-locales, and
# Antarctica (a continent; the brief keeps continents out, and the region
# helpers' LOC rows are the place for it).
SKIP_CODES = {
    "ZZ",  # Unknown Region
    "EU",  # European Union (an organization)
    "EZ",  # Eurozone
    "UN",  # United Nations
    "QO",  # Outlying Oceania (a grouping)
    "XA",  # Pseudo-Accents
    "XB",  # Pseudo-Bidi
    "AQ",  # Antarctica (a continent)
}

# Dependent territories: kind `territory`. The rule: an area that is not a
# sovereign state but is administered by, or in free association with, one
# (overseas territories and departments, crown dependencies, special
# administrative regions, uninhabited islands), plus Western Sahara (a
# non-self-governing territory, status disputed).
#
# Judgement calls, kind `country`:
#   PS Palestine - recognized as a state by most UN members and a UN observer
#      state; Arabic news treats it as a country (دولة فلسطين).
#   TW Taiwan    - governs itself as a state; news reports it as one.
#   XK Kosovo    - recognized by about half of the UN members.
#   VA Vatican City - a sovereign city-state.
# Kind `territory` although self-governing: CK Cook Islands and NU Niue (free
# association with New Zealand), HK and MO (special administrative regions),
# GL Greenland and FO Faroe Islands (autonomous parts of the Danish realm),
# PR Puerto Rico (US territory).
TERRITORIES = {
    "AC", "AI", "AS", "AW", "AX", "BL", "BM", "BQ", "BV", "CC", "CK", "CP",
    "CQ", "CW", "CX", "DG", "EA", "EH", "FK", "FO", "GF", "GG", "GI", "GL",
    "GP", "GS", "GU", "HK", "HM", "IC", "IM", "IO", "JE", "KY", "MF", "MO",
    "MP", "MQ", "MS", "NC", "NF", "NU", "PF", "PM", "PN", "PR", "RE", "SH",
    "SJ", "SX", "TA", "TC", "TF", "TK", "UM", "VG", "VI", "WF", "YT",
}

# The canonical English name where CLDR's default display name is not the
# common short name news uses. The id is the slug of this name.
NAME_OVERRIDES = {
    "US": "United States",
    "GB": "United Kingdom",
    "TR": "Turkey",
    "CI": "Ivory Coast",
    "CD": "DR Congo",
    "CG": "Congo",
    "PS": "Palestine",
    "HK": "Hong Kong",
    "MO": "Macao",
    "KR": "South Korea",
    "KP": "North Korea",
    "MM": "Myanmar",
    "CZ": "Czechia",
    "AE": "United Arab Emirates",
    "SA": "Saudi Arabia",
    "SH": "St. Helena",
}

# Ids the project fixes (the brief); asserted against the slugs above.
ID_OVERRIDES = {
    "US": "united_states", "GB": "united_kingdom", "TR": "turkey",
    "CI": "ivory_coast", "CD": "dr_congo", "CG": "congo", "PS": "palestine",
    "HK": "hong_kong", "MO": "macao", "KR": "south_korea",
    "KP": "north_korea", "MM": "myanmar", "CZ": "czechia",
    "AE": "united_arab_emirates", "SA": "saudi_arabia",
}

# Cities whose country link is withheld on purpose (attrs `-`): CLDR files
# Asia/Jerusalem under IL, but the city's status is disputed and isnad should
# not take a side in its data.
CITY_NO_COUNTRY = {"Asia/Jerusalem"}

# --------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------

_CONTROLS = {0x00AD, 0x061C, 0x180E, 0xFEFF}
_CONTROLS.update(range(0x200B, 0x2010))
_CONTROLS.update(range(0x202A, 0x202F))
_CONTROLS.update(range(0x2060, 0x2065))
_CONTROLS.update(range(0x2066, 0x206A))
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ة": "ه", "ک": "ك"})


def _is_dropped_mark(o: int) -> bool:
    return (
        0x064B <= o <= 0x065F or o == 0x0670 or o == 0x0640
        or 0x0610 <= o <= 0x061A or 0x06D6 <= o <= 0x06DC or 0x06DF <= o <= 0x06E4
        or 0x06E7 <= o <= 0x06E8 or 0x06EA <= o <= 0x06ED
    )


def normalize(s: str) -> str:
    """The normalized form of an alias, as isnad's Rust `normalize` computes it
    (src/normalize): controls dropped, presentation forms decomposed, marks and
    tatweel dropped, alef/yeh/teh-marbuta/kaf unified, Arabic-Indic digits to
    ASCII, lower case, whitespace runs to one space, alef runs to one alef.
    A leading '~' (the ambiguity mark) is not part of the alias."""
    s = s.strip()
    if s.startswith("~"):
        s = s[1:]
    out: list[str] = []
    for c in s:
        o = ord(c)
        if o in _CONTROLS:
            continue
        if 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF:
            c = unicodedata.normalize("NFKC", c)
        for d in c:
            od = ord(d)
            if _is_dropped_mark(od):
                continue
            d = d.translate(_LETTERS)
            if 0x0660 <= od <= 0x0669:
                d = chr(ord("0") + od - 0x0660)
            elif 0x06F0 <= od <= 0x06F9:
                d = chr(ord("0") + od - 0x06F0)
            d = d.lower()
            for e in d:
                if e.isspace():
                    if out and out[-1] == " ":
                        continue
                    e = " "
                elif e == "ا" and out and out[-1] == "ا":
                    continue
                out.append(e)
    return "".join(out).strip()


_FOLD_EXTRA = str.maketrans({
    "’": "'", "‘": "'", "ʻ": "'", "ʼ": "'", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "œ": "oe", "Œ": "OE",
})


def ascii_fold(s: str) -> str:
    s = s.translate(_FOLD_EXTRA)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def slug(name: str) -> str:
    """Id slug of an English name: '&' reads 'and' (as the seed's g_and_k),
    accents folded, lower case, spaces and hyphens to '_', other punctuation
    dropped."""
    s = ascii_fold(name.replace("&", " and ")).lower()
    s = re.sub(r"[\s\-]+", "_", s)
    s = re.sub(r"[^a-z0-9_]", "", s)
    return re.sub(r"_+", "_", s).strip("_")


def strip_parens(s: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\s*\([^)]*\)", "", s)).strip()


def en_forms(alias: str) -> list[str]:
    """An English alias and the spellings news also uses: '&' as 'and',
    'St.' as 'Saint', and the accent-free ASCII form."""
    forms = [alias]
    if " & " in alias:
        forms.append(alias.replace(" & ", " and "))
    for f in list(forms):
        if re.match(r"St\. ", f):
            forms.append("Saint " + f[4:])
    for f in list(forms):
        a = ascii_fold(f)
        if a != f:
            forms.append(a)
    return forms


def cldr_en(name: str) -> str:
    return strip_parens(name).replace(" - ", "-")


def cldr_ar(name: str) -> str:
    return re.sub(r"\s+", " ", strip_parens(name).replace(" - ", " ")).strip()


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------

class InputError(Exception):
    pass


def read_rows(name: str, ncols: int) -> list[tuple[int, list[str]]]:
    path = HERE / name
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) != ncols:
            raise InputError(f"{name}:{n}: expected {ncols} TAB-separated fields, found {len(fields)}")
        rows.append((n, fields))
    return rows


def split_list(field: str) -> list[str]:
    if field in ("", "-"):
        return []
    return [a.strip() for a in field.split("|") if a.strip()]



def add_curated(e, ar_add, en_add):
    """Adds the curated aliases of an input row to entry `e`: Arabic as written;
    Latin with their generated forms, or as written when marked "!"."""
    for a in split_list(ar_add):
        e.ar.add(a, "curated")
    for a in split_list(en_add):
        if a.startswith("!"):
            e.en.add(a, "curated")
        else:
            for f in en_forms(a):
                e.en.add(f, "curated")

def load_ambiguous() -> set[str]:
    keys = set()
    for line in (HERE / "ambiguous.txt").read_text(encoding="utf-8").split("\n"):
        line = line.split("#", 1)[0].strip()
        if line:
            keys.add(normalize(line))
    return keys


AMBIGUOUS: set[str] = set()


# --------------------------------------------------------------------------
# Entities
# --------------------------------------------------------------------------

class Aliases:
    """An ordered alias list, one alias per normalized form; '!alias' entries
    drop that form, one-character aliases are skipped, and aliases listed in
    ambiguous.txt get the '~' prefix."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []  # (alias, origin)
        self.drops: set[str] = set()  # '!alias' in a curated table
        self.auto_drops: set[str] = set()  # a city alias that is a country's

    def add(self, alias: str, origin: str) -> None:
        alias = re.sub(r"\s+", " ", alias.strip())
        if not alias or alias == "-":
            return
        if alias.startswith("!"):
            self.drops.add(normalize(alias[1:]))
            return
        if len(normalize(alias)) <= 1:
            return
        self.items.append((alias, origin))

    def final(self) -> list[tuple[str, str]]:
        seen: dict[str, int] = {}
        out: list[tuple[str, str]] = []
        for alias, origin in self.items:
            key = normalize(alias)
            if key in self.drops or key in self.auto_drops:
                continue
            if key in AMBIGUOUS and not alias.startswith("~"):
                alias = "~" + alias
            if key in seen:
                # keep the first spelling; an explicit '~' wins
                i = seen[key]
                if alias.startswith("~") and not out[i][0].startswith("~"):
                    out[i] = (alias, out[i][1])
                continue
            seen[key] = len(out)
            out.append((alias, origin))
        return out

    def keys(self) -> set[str]:
        return {normalize(a) for a, _ in self.final()}


class Entity:
    def __init__(self, id_: str, label: str, kind: str, name: str, attrs: str) -> None:
        self.id = id_
        self.label = label
        self.kind = kind
        self.name = name
        self.attrs = attrs
        self.ar = Aliases()
        self.en = Aliases()
        self.from_cldr = False
        self.curated_changes = False

    def source(self) -> str:
        if not self.from_cldr:
            return SRC_CURATED
        return SRC_CLDR_CURATED if self.curated_changes else SRC_CLDR

    def finalize_source(self) -> None:
        """'+curated' when a curated input added a surviving alias or dropped one."""
        for lst in (self.ar, self.en):
            if any(o == "curated" for _, o in lst.final()):
                self.curated_changes = True
            if lst.drops & {normalize(a) for a, o in lst.items if o == "cldr"}:
                self.curated_changes = True

    def line(self) -> str:
        ar = "|".join(a for a, _ in self.ar.final()) or "-"
        en = "|".join(a for a, _ in self.en.final()) or "-"
        return "\t".join([self.id, self.label, self.kind, self.name, ar, en, self.attrs or "-", self.source()])


# --------------------------------------------------------------------------
# Countries
# --------------------------------------------------------------------------

def build_countries() -> dict[str, Entity]:
    ar, en = Locale("ar"), Locale("en")
    variants: dict[str, list[tuple[int, list[str]]]] = {}
    for n, (iso, ar_add, en_add, _note) in read_rows("variants.tsv", 4):
        variants.setdefault(iso, []).append((n, [ar_add, en_add]))

    countries: dict[str, Entity] = {}
    for code in sorted(en.territories):
        if not re.fullmatch(r"[A-Z]{2}", code) or code in SKIP_CODES:
            continue
        en_name = en.territories[code]
        ar_name = ar.territories.get(code)
        if ar_name is None:
            raise InputError(f"CLDR has no Arabic name for {code}")
        name = NAME_OVERRIDES.get(code) or cldr_en(en_name).replace(" & ", " and ")
        id_ = slug(name)
        if code in ID_OVERRIDES and ID_OVERRIDES[code] != id_:
            raise InputError(f"{code}: id {id_!r} from name {name!r}, the project wants {ID_OVERRIDES[code]!r}")
        kind = "territory" if code in TERRITORIES else "country"
        e = Entity(id_, "GPE", kind, name, f"iso={code}")
        e.from_cldr = True
        e.ar.add(cldr_ar(ar_name), "cldr")
        for f in en_forms(name):
            e.en.add(f, "cldr" if f in en_forms(cldr_en(en_name)) else "name")
        for f in en_forms(cldr_en(en_name)):
            e.en.add(f, "cldr")
        for _n, (ar_add, en_add) in variants.pop(code, []):
            add_curated(e, ar_add, en_add)
        countries[code] = e
    if variants:
        bad = ", ".join(f"{c} (line {rows[0][0]})" for c, rows in sorted(variants.items()))
        raise InputError(f"variants.tsv: codes that are not generated countries: {bad}")
    ids = [e.id for e in countries.values()]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise InputError(f"duplicate country ids: {sorted(dup)}")
    for e in countries.values():
        e.finalize_source()
    return countries


# --------------------------------------------------------------------------
# Cities
# --------------------------------------------------------------------------

def exemplar_city(zone: str, locale: Locale) -> tuple[str | None, bool]:
    """The exemplar city of `zone` the way babel.dates.get_timezone_location(
    zone, locale, return_city=True) finds it, without loading tz rules (which
    needs the system's or the tzdata package's database): the zone's own
    city, else its metazone's, else (explicit=False) the name in the zone id."""
    info = locale.time_zones.get(zone, {})
    if "city" in info:
        return info["city"], True
    meta = get_global("meta_zones").get(zone)
    mcity = locale.meta_zones.get(meta, {}).get("city") if meta else None
    if mcity:
        return mcity, True
    return zone.rpartition("/")[2].replace("_", " "), False


def build_cities(countries: dict[str, Entity]) -> tuple[list[Entity], list[str]]:
    ar, en = Locale("ar"), Locale("en")
    notes: list[str] = []
    skip = {tz for _n, (tz, _reason) in read_rows("exemplar-skip.tsv", 2)}

    # every country/territory alias, normalized: a city alias equal to one of
    # them is dropped (تونس is Tunisia, not Tunis)
    country_keys = set()
    for c in countries.values():
        country_keys |= c.ar.keys() | c.en.keys()

    cities: list[tuple[str, str, Entity]] = []  # (iso, folded English name, entity)
    by_name: dict[tuple[str, str], Entity] = {}
    zone_territories = get_global("zone_territories")
    seen_zones = set()
    for zone in sorted(zone_territories):
        iso = zone_territories[zone]
        if iso not in countries:
            continue
        if zone in skip:
            seen_zones.add(zone)
            continue
        ar_city, explicit = exemplar_city(zone, ar)
        if not explicit or not ar_city:
            continue
        en_city, _ = exemplar_city(zone, en)
        if {normalize(f) for f in en_forms(en_city)} & country_keys:
            # the zone is named after its country or territory (Kuwait, Bermuda,
            # St. Lucia ...): no city of its own; cities.tsv adds the capital
            notes.append(f"exemplar {zone} ({en_city}) skipped: a country or territory name")
            continue
        country = countries[iso]
        attrs = "-" if zone in CITY_NO_COUNTRY else f"country={country.id}"
        e = Entity("", "GPE", "city", en_city, attrs)
        e.from_cldr = True
        e.ar.add(cldr_ar(ar_city), "cldr")
        for f in en_forms(en_city):
            e.en.add(f, "cldr")
        # the spelling in the zone id (Kolkata, Sao Paulo, Ndjamena ...)
        e.en.add(zone.rpartition("/")[2].replace("_", " "), "cldr")
        key = (iso, ascii_fold(en_city).lower())
        by_name[key] = e
        cities.append((iso, key[1], e))
    unused_skips = skip - seen_zones
    if unused_skips:
        raise InputError(f"exemplar-skip.tsv: zones that are not CLDR exemplar zones: {sorted(unused_skips)}")

    capitals: dict[str, str] = {}
    for n, (iso, name, capital, ar_add, en_add, _note) in read_rows("cities.tsv", 6):
        if iso not in countries:
            raise InputError(f"cities.tsv:{n}: unknown region code {iso}")
        key = (iso, ascii_fold(name).lower())
        e = by_name.get(key)
        if e is None:
            e = Entity("", "GPE", "city", name, f"country={countries[iso].id}")
            e.en.add(name, "curated")
            for f in en_forms(name):
                e.en.add(f, "curated")
            by_name[key] = e
            cities.append((iso, key[1], e))
        else:
            e.name = name
            for f in en_forms(name):
                e.en.add(f, "curated")
        add_curated(e, ar_add, en_add)
        if capital == "capital":
            if iso in capitals:
                raise InputError(f"cities.tsv:{n}: second capital for {iso}")
            capitals[iso] = name
        elif capital != "-":
            raise InputError(f"cities.tsv:{n}: third field must be 'capital' or '-'")

    out: list[Entity] = []
    for iso, _folded, e in cities:
        # a city alias that is a country's alias is left to the country
        for lst in (e.ar, e.en):
            for a, _o in lst.items:
                if normalize(a) in country_keys:
                    lst.auto_drops.add(normalize(a))
        if not e.ar.final() and not e.en.final():
            notes.append(f"city {e.name} ({iso}) dropped: all its names are country names")
            continue
        if not any(normalize(a) == normalize(e.name) for a, _ in e.en.final()):
            # the canonical name itself is a country's name (Kuwait ...): keep
            # the first English alias left as the name
            left = e.en.final()
            if not left:
                notes.append(f"city {e.name} ({iso}) dropped: no English name left")
                continue
            e.name = left[0][0].lstrip("~")
        e.finalize_source()
        e.id = slug(e.name)
        out.append(e)

    # ids: slug of the English name, '_<country id>' only where two share one
    by_id: dict[str, list[Entity]] = {}
    for e in out:
        by_id.setdefault(e.id, []).append(e)
    for id_, es in by_id.items():
        if len(es) > 1:
            for e in es:
                e.id = f"{id_}_{e.attrs.split('=', 1)[1]}" if e.attrs.startswith("country=") else id_

    missing = [f"{c.id} ({iso})" for iso, c in sorted(countries.items())
               if c.kind == "country" and iso not in capitals and iso not in NO_CAPITAL_ROW]
    if missing:
        raise InputError("cities.tsv: no capital for " + ", ".join(missing))
    return out, notes


# Countries without a 'capital' row in cities.tsv, on purpose: city-states
# whose capital has the country's name, and the two whose capital is disputed.
NO_CAPITAL_ROW = {
    "MC": "city-state",
    "SG": "city-state",
    "SM": "capital shares the country's name",
    "VA": "city-state",
    "IL": "capital disputed (see CITY_NO_COUNTRY)",
    "PS": "capital disputed; Ramallah is a city row",
    "NR": "no official capital",
}


# --------------------------------------------------------------------------
# Nationalities
# --------------------------------------------------------------------------

def build_nationalities(countries: dict[str, Entity]) -> list[Entity]:
    country_ids = {c.id for c in countries.values()}
    out = []
    for n, (key, english, bases, irregular) in read_rows("nationalities.tsv", 4):
        names = split_list(english)
        if not names:
            raise InputError(f"nationalities.tsv:{n}: no English adjective")
        if key == "-":
            attrs = "-"
        elif key.startswith("region:"):
            attrs = f"region={key[len('region:'):]}"
        elif key in country_ids:
            attrs = f"country={key}"
        else:
            raise InputError(f"nationalities.tsv:{n}: {key!r} is no generated country id (use region:<id> or -)")
        name = names[0].lstrip("~")
        e = Entity(slug(name), "NORP", "nationality", name, attrs)
        for b in split_list(bases):
            if not normalize(b).endswith("ي"):
                raise InputError(f"nationalities.tsv:{n}: nisba base {b!r} does not end in ي")
            e.ar.add(b, "curated")
        for f in split_list(irregular):
            e.ar.add(f, "curated")
        for a in names:
            e.en.add(a, "curated")
        out.append(e)
    return out


# --------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------

def parse_tsv_entities(text: str, origin: str) -> list[dict]:
    rows = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t")
        if len(f) != 8:
            raise InputError(f"{origin}:{n}: expected 8 fields, found {len(f)}")
        rows.append({
            "id": f[0], "kind": f[2], "name": f[3],
            "ar": [a for a in f[4].split("|") if a and a != "-"],
            "en": [a for a in f[5].split("|") if a and a != "-"],
            "origin": origin,
        })
    return rows


def alias_keys(row: dict) -> set[str]:
    return {normalize(a) for a in row["ar"] + row["en"] + [row["name"]] if normalize(a)}


def nisba_forms(base: str) -> list[str]:
    """The inflections the Rust loader is to derive from a nisba base (an
    approximation used only for the informational overlap report)."""
    forms = []
    for suf in ("", "ة", "ون", "ين", "ان", "تان", "تين", "ات"):
        forms += [base + suf, "ال" + base + suf]
    return forms


def check(generated: dict[str, str]) -> tuple[list[str], list[str]]:
    """Errors (collisions, lost seed aliases) and notes (informational)."""
    errors: list[str] = []
    notes: list[str] = []
    ours: list[dict] = []
    for fname, text in generated.items():
        ours += parse_tsv_entities(text, fname)
    our_ids = [r["id"] for r in ours]
    for i in sorted({i for i in our_ids if our_ids.count(i) > 1}):
        errors.append(f"id {i} is generated twice")
    for r in ours:
        if not re.fullmatch(r"[a-z0-9_]+", r["id"]):
            errors.append(f"id {r['id']!r} is not [a-z0-9_]+")

    seed_path = GAZ / SEED
    seed = parse_tsv_entities(seed_path.read_text(encoding="utf-8"), SEED) if seed_path.exists() else []
    our_by_id = {r["id"]: r for r in ours}
    kept_seed = []
    for s in seed:
        if s["id"] in our_by_id:
            lost = sorted(alias_keys(s) - alias_keys(our_by_id[s["id"]]))
            if lost:
                errors.append(f"{s['id']}: the generated row replaces the seed row but lacks its aliases {lost}")
        else:
            kept_seed.append(s)

    owners: dict[str, set[str]] = {}
    where: dict[str, str] = {}
    for r in ours + kept_seed:
        where[r["id"]] = r["origin"]
        for k in alias_keys(r):
            owners.setdefault(k, set()).add(r["id"])
    for k, ids in sorted(owners.items()):
        if len(ids) > 1:
            errors.append(f"alias {k!r} belongs to " + ", ".join(f"{i} ({where[i]})" for i in sorted(ids)))

    # informational: nisba inflections that equal another entity's alias
    for r in ours:
        if r["kind"] != "nationality":
            continue
        for a in r["ar"]:
            if not normalize(a).endswith("ي"):
                continue
            for f in nisba_forms(normalize(a)):
                others = owners.get(normalize(f), set()) - {r["id"]}
                for o in sorted(others):
                    notes.append(f"inflection {f} of {r['id']} ({a}) is also an alias of {o}")

    # informational: the other helpers' entities-*.tsv files
    for p in sorted(GAZ.glob("entities-*.tsv")):
        if p.name in OUTPUTS or p.name == SEED:
            continue
        try:
            rows = parse_tsv_entities(p.read_text(encoding="utf-8"), p.name)
        except (InputError, UnicodeDecodeError) as exc:
            notes.append(f"{p.name}: not read ({exc})")
            continue
        for r in rows:
            if r["id"] in our_by_id:
                notes.append(f"{p.name}: id {r['id']} is also generated here")
            for k in alias_keys(r):
                for o in sorted(owners.get(k, set()) - {r["id"]}):
                    if o in our_by_id:
                        notes.append(f"{p.name}: alias {k!r} of {r['id']} is also an alias of {o}")
    return errors, notes


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

def render(fname: str, entities: list[Entity], what: str) -> str:
    head = [
        f"# {fname}: {what}. Generated by {GENERATOR} from Unicode CLDR {CLDR_VERSION} "
        f"(babel {babel.__version__}) and the curated tables beside it; do not edit by hand.",
        "# Regenerate: python3 gazetteers/generator/generate.py. Format: gazetteers/README.md.",
    ]
    body = [e.line() for e in sorted(entities, key=lambda e: e.id)]
    return "\n".join(head + body) + "\n"


def generate() -> tuple[dict[str, str], list[str]]:
    global AMBIGUOUS
    AMBIGUOUS = load_ambiguous()
    countries = build_countries()
    cities, notes = build_cities(countries)
    nationalities = build_nationalities(countries)
    files = {
        OUT_COUNTRIES: render(OUT_COUNTRIES, list(countries.values()), "countries and territories"),
        OUT_CITIES: render(OUT_CITIES, cities, "capitals and major cities"),
        OUT_NATIONALITIES: render(OUT_NATIONALITIES, nationalities, "nationality and group adjectives"),
    }
    return files, notes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate in memory and exit 1 if the committed files differ")
    ap.add_argument("-v", "--verbose", action="store_true", help="also list the exemplar zones named after a country")
    args = ap.parse_args()

    try:
        files, notes = generate()
        errors, check_notes = check(files)
    except InputError as exc:
        print(f"generate.py: {exc}", file=sys.stderr)
        return 2
    if errors:
        print(f"generate.py: {len(errors)} alias/id collision(s); nothing written:", file=sys.stderr)
        for e in errors:
            print(f"  {e}", file=sys.stderr)
        return 1
    if args.verbose:
        for n in notes:
            print(f"info: {n}", file=sys.stderr)
    for n in check_notes:
        print(f"note: {n}", file=sys.stderr)

    if args.check:
        stale = False
        for fname, text in files.items():
            path = GAZ / fname
            old = path.read_text(encoding="utf-8") if path.exists() else ""
            if old == text:
                continue
            stale = True
            a, b = old.splitlines(), text.splitlines()
            diff = list(difflib.unified_diff(a, b, f"{fname} (committed)", f"{fname} (generated)", lineterm="", n=0))
            plus = sum(1 for d in diff if d.startswith("+") and not d.startswith("+++"))
            minus = sum(1 for d in diff if d.startswith("-") and not d.startswith("---"))
            state = "missing" if not path.exists() else f"{minus} committed line(s) differ, {plus} generated"
            print(f"{fname}: stale ({state})", file=sys.stderr)
            for d in diff[:40]:
                print(f"  {d}", file=sys.stderr)
            if len(diff) > 40:
                print(f"  ... {len(diff) - 40} more diff lines", file=sys.stderr)
        if stale:
            print("run: python3 gazetteers/generator/generate.py", file=sys.stderr)
            return 1
        print(f"generate.py --check: {', '.join(files)} are up to date (CLDR {CLDR_VERSION}, babel {babel.__version__})")
        return 0

    for fname, text in files.items():
        with open(GAZ / fname, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    counts = ", ".join(f"{f}: {t.count(chr(10)) - 2}" for f, t in files.items())
    print(f"wrote {counts} (CLDR {CLDR_VERSION}, babel {babel.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
