"""Match file rows to the registry (loaded once into dicts) and plan new municipalities.

A row with a 団体コード is matched by code and its name checked against the registry; a row
without one (``<NA>``, blank) is matched by prefecture + name, the 郡 (or island) prefix stripped.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple
from uuid import UUID

from kofu.core.tabular import Problems, Row
from kofu.core.tabular.cells import PREFIX_ENDINGS, name_key, names_match, nfkc, split_district
from kofu.registry import reference
from kofu.registry.changes import registry_token
from kofu.registry.models import Municipality, MunicipalityCategory, Prefecture
from kofu.rules.categories import Category, strip_district
from kofu.rules.codes import CodeError, is_valid_localgov_code, localgov_check_digit, normalize_localgov_code
from kofu.stats.importing.rows import Record

_NO_CODE = frozenset({"", "<NA>", "NA", "N/A", "NAN", "NONE", "-", "—", "ー"})


class Known(NamedTuple):
    """A registry entry as the importer matches it (a tuple: 1,900 are made per index load)."""

    id: int
    code: str
    prefecture: str
    name: str
    kind: str
    valid_from: dt.date | None
    valid_to: dt.date | None

    @property
    def full_name(self) -> str:
        return self.prefecture + self.name

    def in_force(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or self.valid_to > on
        )


@dataclass(frozen=True)
class NewMunicipality:
    code: str
    prefecture_id: int
    prefecture: str
    name: str
    district: str
    categories: tuple[reference.CategoryPeriod, ...]

    @property
    def full_name(self) -> str:
        return self.prefecture + self.name


@dataclass
class RegistryIndex:
    prefectures: dict[str, tuple[int, str, str]]  # name key → (id, 2-digit code, name)
    by_code: dict[str, Known]
    by_name: dict[tuple[str, str], list[Known]] = field(default_factory=dict)  # (prefecture, name key)
    names_by_prefecture: dict[str, set[str]] = field(default_factory=dict)
    #: (prefecture, name, code) as printed → the entry it matched by code without a problem. Kept
    #: with the index (the same registry: the same answer), so next month's file, which prints the
    #: same 1,741 rows, skips the code's check digit and the name comparison.
    matched: dict[tuple[str, str, str], Known] = field(default_factory=dict)
    #: Every category period (municipality id, category, valid from, valid to) in the order of
    #: ``kofu.registry.selectors.categories_on``'s query, and that function's answer per date.
    category_periods: list[tuple[int, str, dt.date | None, dt.date | None]] = field(default_factory=list)
    _categories_on: dict[dt.date, dict[int, Category]] = field(default_factory=dict)
    #: Per date: (code, id, full name) of the municipalities in force, by code (:meth:`missing`).
    _in_force: dict[dt.date, list[tuple[str, int, str]]] = field(default_factory=dict)

    @classmethod
    def current(cls) -> RegistryIndex:
        """The index of the registry as it is now: the one kept from an earlier import when the
        registry's token (:mod:`kofu.registry.changes`) is still the same, else loaded and kept.
        The index is only read once built, so imports in several threads may share it."""
        token = registry_token()
        if token is None:  # no token yet: nothing can tell a change, so nothing is kept
            return cls.load()
        with _KEPT_LOCK:
            kept = _KEPT.get(token)
        if kept is not None:
            return kept
        index = cls.load()
        with _KEPT_LOCK:
            _KEPT.clear()  # one index: the registry's current one
            _KEPT[token] = index
        return index

    @classmethod
    def load(cls) -> RegistryIndex:
        prefectures = {
            name_key(name): (pk, code, name)
            for pk, code, name in Prefecture.objects.values_list("id", "code", "name")
        }
        rows = Municipality.objects.values_list(
            "id", "code", "prefecture__name", "name", "kind", "valid_from", "valid_to"
        )
        index = cls(prefectures=prefectures, by_code={})
        by_name: dict[tuple[str, str], list[Known]] = defaultdict(list)
        names: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            known = Known(*row)
            index.by_code[known.code] = known
            if known.kind == Municipality.Kind.MUNICIPALITY:
                by_name[(known.prefecture, name_key(known.name))].append(known)
                names[known.prefecture].add(name_key(known.name))
        index.by_name, index.names_by_prefecture = dict(by_name), dict(names)
        index.category_periods = list(
            MunicipalityCategory.objects.values_list("municipality_id", "category", "valid_from", "valid_to")
        )
        return index

    def categories_on(self, on: dt.date) -> dict[int, Category]:
        """``kofu.registry.selectors.categories_on(on)`` answered from the index (the same rows in
        the same order, so the same answer), for the figures the import hands to the tables."""
        found = self._categories_on.get(on)
        if found is None:
            found = {
                municipality_id: Category(category)
                for municipality_id, category, valid_from, valid_to in self.category_periods
                if (valid_from is None or valid_from <= on) and (valid_to is None or valid_to > on)
            }
            self._categories_on[on] = found
        return found

    def prefecture(self, text: str) -> tuple[int, str, str] | None:
        key = name_key(text)
        found = self.prefectures.get(key)
        if found is None and key and key[-1] not in "都道府県":
            for suffix in "都道府県":
                found = found or self.prefectures.get(key + suffix)
        return found

    def by_prefecture_name(self, prefecture: str, printed: str) -> list[Known]:
        """Registry entries for a printed name: exact, then with a 郡/island prefix removed."""
        key = name_key(printed)
        known_names = self.names_by_prefecture.get(prefecture, set())
        for candidate in _name_candidates(key, known_names):
            found = self.by_name.get((prefecture, candidate))
            if found:
                return found
        return []

    def missing(self, on: dt.date, have: set[int]) -> tuple[int, list[str]]:
        """(municipalities in force on ``on``, names of those whose id is not in ``have``, by code):
        ``kofu.registry.selectors.municipalities_on`` counted in the index instead of queried."""
        expected = self._in_force.get(on)
        if expected is None:
            expected = sorted(
                (known.code, known.id, known.full_name)
                for known in self.by_code.values()
                if known.kind == Municipality.Kind.MUNICIPALITY and known.in_force(on)
            )
            self._in_force[on] = expected
        return len(expected), [name for _code, pk, name in expected if pk not in have]


#: The last index loaded, under its token, and its lock: see :meth:`RegistryIndex.current`.
_KEPT: dict[UUID, RegistryIndex] = {}
_KEPT_LOCK = threading.Lock()


def _name_candidates(key: str, known_names: set[str]) -> list[str]:
    candidates = [key, strip_district(key, known_names)]
    for position in range(1, len(key)):
        if key[:position].endswith(PREFIX_ENDINGS):
            candidates.append(key[position:])
    return candidates


@dataclass
class MatchResult:
    ids: list[int | None] = field(default_factory=list)  # per record; None for a planned registration
    known: list[Known | None] = field(default_factory=list)  # per record: the registry entry matched
    new: dict[int, NewMunicipality] = field(default_factory=dict)  # record position → plan


class Matcher:
    """Matches the records of one municipality file, collecting problems."""

    def __init__(
        self, index: RegistryIndex, match_headings: dict[str, str], problems: Problems, on: dt.date | None
    ) -> None:
        self.index = index
        self.headings = match_headings
        self.problems = problems
        self.on = on
        self.seen: dict[object, Row] = {}  # entry → the first row that named it

    def _heading(self, field_name: str) -> str:
        return self.headings.get(field_name, field_name)

    def run(self, records: list[Record]) -> MatchResult:
        result = MatchResult()
        ids, known, seen = result.ids, result.known, self.seen
        for position, record in enumerate(records):
            outcome = self._one(record)
            if isinstance(outcome, NewMunicipality):
                result.new[position] = outcome
                ids.append(None)
                known.append(None)
                self._once(("new", outcome.code), record, outcome)
                continue
            ids.append(outcome.id if outcome is not None else None)
            known.append(outcome)
            if outcome is None:
                continue
            if outcome.id in seen:
                self._once(outcome.id, record, outcome)
            else:  # the common row: first seen (no label is made for it)
                seen[outcome.id] = record.row
        return result

    def _once(self, key: object, record: Record, entry: Known | NewMunicipality) -> None:
        if key in self.seen:
            self.problems.error(
                f"同じ団体が2回あります（{self.seen[key].label}と同じ {entry.full_name}）",
                record.row.label,
                self._heading("name"),
            )
        else:
            self.seen[key] = record.row

    def _one(self, record: Record) -> Known | NewMunicipality | None:
        # A row printed as one already matched by code (its prefecture known, its name present and
        # checked, its code a code): the same entry, without those checks again.
        known = self.index.matched.get((record.key, record.name, record.code))
        if known is None:
            return self._first_time(record)
        if self.on is not None and not known.in_force(self.on):
            self._warn_not_in_force(record, known)
        return known

    def _first_time(self, record: Record) -> Known | NewMunicipality | None:
        prefecture = self.index.prefecture(record.key)
        if prefecture is None:
            self.problems.error(
                f"都道府県名が不明です: {record.key!r}", record.row.label, self._heading("prefecture")
            )
            return None
        if not record.name:
            self.problems.error("市区町村名が空欄です", record.row.label, self._heading("name"))
            return None
        if record.code.upper() in _NO_CODE:
            return self._by_name(record, prefecture[2])
        printed = (record.key, record.name, record.code)
        known = self.index.matched.get(printed)
        if known is None:
            code = self._code(record)
            if code is None:
                return None
            known = self.index.by_code.get(code)
            if known is None:
                return self._plan_new(record, code, prefecture)
            if not self._check_known(record, known, prefecture[2]):
                return None
            self.index.matched[printed] = known
        if self.on is not None and not known.in_force(self.on):
            self._warn_not_in_force(record, known)
        return known

    def _code(self, record: Record) -> str | None:
        """The 6-digit code; a 5-digit value is a code whose leading zero was dropped (11002), or
        a code body without check digit (13101) only when the registry knows the completed code."""
        raw = nfkc(record.code).strip()
        try:
            if len(raw) == 5 and raw.isdigit() and not is_valid_localgov_code("0" + raw):
                code = raw + str(localgov_check_digit(raw))
                if code in self.index.by_code:
                    return code
                raise CodeError(f"団体コードの検査数字が一致しません: {raw}（先頭の0を補うと 0{raw}）")
            return normalize_localgov_code(raw)
        except CodeError as exc:
            self.problems.error(str(exc), record.row.label, self._heading("code"))
            return None

    def _check_known(self, record: Record, known: Known, prefecture: str) -> bool:
        label, column = record.row.label, self._heading("code")
        if known.kind != Municipality.Kind.MUNICIPALITY:
            self.problems.error(
                f"団体コード {known.code} は指定都市の区（{known.full_name}）です", label, column
            )
            return False
        if known.prefecture != prefecture or not names_match(record.name, known.name):
            self.problems.error(
                f"団体コード {known.code} は台帳では {known.full_name} ですが、"
                f"この行は {prefecture}{record.name} です",
                label,
                column,
            )
            return False
        return True

    def _by_name(self, record: Record, prefecture: str) -> Known | None:
        found = self.index.by_prefecture_name(prefecture, record.name)
        label, column = record.row.label, self._heading("name")
        if not found:
            self.problems.error(
                f"団体コードがなく、台帳にも {prefecture}{record.name} が見つかりません", label, column
            )
            return None
        if len(found) > 1 and self.on is not None:
            found = [known for known in found if known.in_force(self.on)] or found
        if len(found) > 1:
            codes = "、".join(known.code for known in found)
            self.problems.error(
                f"団体コードがなく、名称が台帳の複数の団体に当たります（{codes}）", label, column
            )
            return None
        self._warn_not_in_force(record, found[0])
        return found[0]

    def _plan_new(
        self, record: Record, code: str, prefecture: tuple[int, str, str]
    ) -> NewMunicipality | None:
        prefecture_id, prefecture_code, prefecture_name = prefecture
        label, column = record.row.label, self._heading("code")
        same_name = self.index.by_prefecture_name(prefecture_name, record.name)
        if same_name:
            self.problems.error(
                f"団体コード {code} は台帳にありません（台帳の {same_name[0].full_name} は {same_name[0].code}）",
                label,
                column,
            )
            return None
        if code[:2] != prefecture_code:
            self.problems.error(
                f"団体コード {code} の都道府県部分が {prefecture_name} と一致しません", label, column
            )
            return None
        district, name = split_district(re.sub(r"\s+", "", record.name))
        try:
            periods = reference.category_history(prefecture_name, name, *designation_keys())
        except ValueError as exc:
            self.problems.error(
                f"{exc}（台帳にない団体は名称から団体区分を決めて登録します）", label, self._heading("name")
            )
            return None
        return NewMunicipality(code, prefecture_id, prefecture_name, name, district, tuple(periods))

    def _warn_not_in_force(self, record: Record, known: Known) -> None:
        if self.on is not None and not known.in_force(self.on):
            self.problems.warning(
                f"{known.full_name} は {self.on:%Y/%m/%d} 時点で台帳上存在しません（設置・廃止日を確認してください）",
                record.row.label,
                self._heading("name"),
            )


@functools.cache  # bundled files: read when a file first names a municipality the registry lacks
def designation_keys() -> tuple[dict[str, reference.Designation], dict[str, reference.Designation]]:
    designated = {d.key: d for d in reference.designated_cities()}
    core = {d.key: d for d in reference.core_cities()}
    return designated, core
