"""Verify the hash-chained logs; write and read the checkpoints an operator keeps off the host.

``verify_logs`` checks, for every registered chain (:mod:`kofu.accounts.chains`):

1. every row: ``seq`` follows the previous row's, ``prev_hash`` is the previous row's hash, the
   hash matches the content (a row changed, removed in the middle, inserted or moved);
2. the head the INSERT trigger keeps in ``kofu_log_head`` is the last row (rows removed at the end);
3. the append-only triggers are there, enabled and kofu's own (:mod:`kofu.core.append_only`);
4. each checkpoint given: the log still reaches its sequence number and the row there has its
   hash (rows removed at the end, or a log rebuilt, even by someone who also fixed the head and
   put the triggers back).

A checkpoint line (``kofu audit checkpoint``) reads
``kofu-checkpoint 2026-11-30T12:00:00+09:00 audit=1234:<hash> access=5678:<hash>``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol, cast

from django.db import connection
from django.utils import timezone

from kofu.accounts.chains import CHAINS, GENESIS, Chain, digest_matches, last_link
from kofu.accounts.models import LogHead
from kofu.core import append_only

#: Problems listed per chain at most (the count is always complete).
MAX_LISTED = 1000
MARK = "kofu-checkpoint"
_ENTRY = re.compile(r"^([a-z]+)=(\d+):([A-Za-z0-9_\-]{43}|[0-9a-f]{64})$")


class CheckpointError(ValueError):
    pass


class _Link(Protocol):
    """A row of a hash-chained log: the fields every chained model has (:mod:`kofu.accounts.chains`)."""

    pk: int
    seq: int
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Checkpoint:
    chain: str
    seq: int
    hash: str
    source: str  # "FILE の N 行目"


@dataclass(frozen=True)
class Problem:
    label: str
    row_id: int | None
    text: str

    def __str__(self) -> str:
        where = f" {self.row_id}番の行" if self.row_id is not None else ""
        return f"{self.label}{where}: {self.text}"


@dataclass
class ChainState:
    chain: Chain
    rows: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0

    def add(self, row_id: int | None, text: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append(Problem(self.chain.label, row_id, text))


@dataclass
class Report:
    chains: list[ChainState]
    checkpoints: int  # lines kept (each names every chain's head)
    triggers: list[Problem]
    notes: list[str] = field(default_factory=list)

    @property
    def problem_count(self) -> int:
        return len(self.triggers) + sum(state.problem_count for state in self.chains)

    @property
    def problems(self) -> list[Problem]:
        return [*self.triggers, *(problem for state in self.chains for problem in state.problems)]

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


def _walk(chain: Chain, wanted: set[int], batch: int) -> tuple[ChainState, dict[int, str]]:
    state = ChainState(chain)
    found: dict[int, str] = {}
    expected_seq, expected_prev = 1, GENESIS
    # A chain's model is any model with the chain's fields (``Chain.model`` cannot say so).
    rows = cast(Iterator[_Link], chain.model._default_manager.order_by("id").iterator(chunk_size=batch))
    for row in rows:
        texts = []
        if row.seq != expected_seq:
            texts.append(f"通し番号が{expected_seq}番のはずが{row.seq}番です（行の削除・挿入）")
        if row.prev_hash != expected_prev:
            texts.append("直前の行のハッシュと一致しません（行の削除・挿入・並べ替え）")
        if not digest_matches(row.prev_hash, chain.content(row), row.hash):
            texts.append("内容がハッシュと一致しません（行の改ざん）")
        if texts:
            state.add(row.pk, "。".join(texts))
        if row.seq in wanted:
            found[row.seq] = row.hash
        state.rows += 1
        state.last_seq, state.last_hash = row.seq, row.hash
        expected_seq, expected_prev = row.seq + 1, row.hash
    return state, found


def _fire_deferred_head_triggers() -> None:
    """PostgreSQL keeps the audit log's head at commit (a deferred trigger): inside a transaction
    that appended, let it run now so that the head read next includes those rows."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _check_head(state: ChainState) -> None:
    head = LogHead.objects.filter(chain=state.chain.name).first()
    if head is None:
        if state.rows:
            state.add(None, "最後の行の記録（kofu_log_head）がありません（消されています）")
        return
    if head.seq > state.last_seq:
        state.add(
            None,
            f"最後の行の記録では{head.seq}番までありますが、表は{state.last_seq}番で終わっています"
            f"（最後の{head.seq - state.last_seq}行が削除されています）",
        )
    elif (head.seq, head.hash) != (state.last_seq, state.last_hash):
        state.add(None, f"最後の行の記録（{head.seq}番）と表の最後の行（{state.last_seq}番）が一致しません")


def _check_checkpoints(
    state: ChainState, checkpoints: list[Checkpoint], found: dict[int, str], later_missing_ok: bool
) -> list[str]:
    notes = []
    for point in checkpoints:
        if point.seq == 0:
            continue
        if point.seq > state.last_seq:
            if later_missing_ok:
                notes.append(
                    f"{state.chain.label}: チェックポイント（{point.source}）の{point.seq}番は"
                    f"この記録（{state.last_seq}番まで）より後です"
                )
                continue
            state.add(
                None,
                f"チェックポイント（{point.source}）では{point.seq}番までありましたが、表は"
                f"{state.last_seq}番で終わっています（最後の{point.seq - state.last_seq}行以上が削除されています）",
            )
        elif found.get(point.seq) != point.hash:
            state.add(
                None,
                f"{point.seq}番の行のハッシュがチェックポイント（{point.source}）と一致しません"
                "（行の削除・改ざん、または記録の作り直し）",
            )
    return notes


def verify_logs(
    checkpoints: Iterable[Checkpoint] = (),
    *,
    later_missing_ok: bool = False,
    only: str | None = None,
    batch: int = 2000,
) -> Report:
    """Check every chain (or the one named ``only``), its head, the triggers and the checkpoints.

    ``later_missing_ok``: checkpoints beyond the end of a log are notes, not problems (a backup
    taken before them).
    """
    points = list(checkpoints)
    _fire_deferred_head_triggers()
    report = Report(
        [],
        len({point.source for point in points}),
        [Problem(p.label, None, p.text) for p in append_only.problems(connection)],
    )
    for chain in CHAINS.values():
        if only is not None and chain.name != only:
            continue
        mine = [point for point in points if point.chain == chain.name]
        state, found = _walk(chain, {point.seq for point in mine}, batch)
        _check_head(state)
        report.notes += _check_checkpoints(state, mine, found, later_missing_ok)
        report.chains.append(state)
    return report


def checkpoint_line(at: dt.datetime | None = None) -> str:
    """The current head of every chain as one line, after a quick check of the head and triggers.

    Raises CheckpointError when the triggers are not intact or a head does not match its log's
    last row: a checkpoint must not vouch for a log that was cut short.
    """
    _fire_deferred_head_triggers()
    problems = [f"{p.label}: {p.text}" for p in append_only.problems(connection)]
    entries = []
    for chain in CHAINS.values():
        seq, last = last_link(chain.model)
        head = LogHead.objects.filter(chain=chain.name).first()
        kept = (head.seq, head.hash) if head else (0, GENESIS)
        if kept != (seq, last):
            problems.append(
                f"{chain.label}: 最後の行の記録（{kept[0]}番）と表の最後の行（{seq}番）が一致しません"
                "（kofu audit verify で確認してください）"
            )
        entries.append(f"{chain.name}={seq}:{last}")
    if problems:
        raise CheckpointError("\n".join(problems))
    when = timezone.localtime(at or timezone.now()).isoformat(timespec="seconds")
    return " ".join([MARK, when, *entries])


def parse_checkpoints(text: str, source: str) -> list[Checkpoint]:
    """Every checkpoint in ``text`` (lines holding ``kofu-checkpoint``; other lines are skipped).

    A line with the mark but a malformed entry raises CheckpointError naming the file and line.
    """
    points = []
    for number, line in enumerate(text.splitlines(), start=1):
        start = line.find(MARK)
        if start < 0:
            continue
        where = f"{source} の{number}行目"
        words = line[start:].split()
        if len(words) < 3:
            raise CheckpointError(f"{where}: チェックポイントの形式ではありません")
        for word in words[2:]:
            found = _ENTRY.match(word)
            if not found or found.group(1) not in CHAINS:
                raise CheckpointError(f"{where}: 「{word[:80]}」は チェックポイントの項目として読めません")
            points.append(Checkpoint(found.group(1), int(found.group(2)), found.group(3), where))
    return points
