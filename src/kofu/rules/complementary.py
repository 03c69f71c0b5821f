"""Complementary (secondary) suppression of a table with margins, on its network of flows.

A table with row totals, column totals and a grand total is a circulation: the grand total flows
from ``t`` to ``s``, each row total from ``s`` to its row, each cell from its row to its column,
each column total from its column to ``t``. Every entry of the table is one arc, and a set of
values satisfies all the table's sums exactly when it conserves flow at every node.

What a reader knows about a hidden entry is an interval: a small cell (shown ``"<k"``) lies in
``[0, k-1]``, a complementary one (shown ``"X"``) in ``[k, ∞)``; a shown entry is fixed. A hidden
small entry can be raised by ``d`` without changing anything shown exactly when ``d`` units can
flow back from its head to its tail through the other hidden entries (the residual network), and
lowered likewise the other way. :func:`protect` hides further entries, chosen along cheapest
paths (few new entries, cells before totals, large values first), until every small entry can
reach both ends of ``[0, k-1]`` — the table then tells nothing about it beyond ``"<k"`` — or, where
the table's own sums narrow it whatever is hidden, as far as hiding every entry would let it.
Hiding more never narrows an interval, so each small entry is checked until it holds and then
left alone; the result depends only on the table (the same table always gives the same pattern).
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

#: Stands for "no upper bound" (larger than any count kofu holds).
INF = 10**15

SHOWN, SMALL, COMPLEMENT = 0, 1, 2

#: An entry of the table: ("cell", i, j), ("row", i), ("column", j) or ("total",).
Entry = tuple[object, ...]


@dataclass
class _Arc:
    entry: Entry
    tail: int
    head: int
    value: int
    kind: int = SHOWN


class Network:
    """The table's entries as arcs between ``s`` (0), ``t`` (1), rows and columns."""

    def __init__(self, cells: Sequence[Sequence[int]], k: int) -> None:
        rows, columns = len(cells), len(cells[0]) if cells else 0
        self.k = k
        self.arcs: list[_Arc] = [_Arc(("total",), 1, 0, sum(map(sum, cells)))]
        for i, row in enumerate(cells):
            self.arcs.append(_Arc(("row", i), 0, 2 + i, sum(row)))
            for j, value in enumerate(row):
                self.arcs.append(_Arc(("cell", i, j), 2 + i, 2 + rows + j, value))
        for j in range(columns):
            self.arcs.append(_Arc(("column", j), 2 + rows + j, 1, sum(row[j] for row in cells)))
        self.nodes = 2 + rows + columns
        self.incident: list[list[int]] = [[] for _ in range(self.nodes)]
        for index, arc in enumerate(self.arcs):
            self.incident[arc.tail].append(index)
            self.incident[arc.head].append(index)
            if arc.value < k:
                arc.kind = SMALL
        self._components: list[int] | None = None
        self.up = [0] * len(self.arcs)
        self.down = [0] * len(self.arcs)
        self.residual: list[list[tuple[int, int, int]]] = [[] for _ in range(self.nodes)]
        for index, arc in enumerate(self.arcs):
            if arc.kind != SHOWN:
                self._add_residual(index)

    def bounds(self, arc: _Arc) -> tuple[int, int]:
        if arc.kind == SMALL:
            return 0, self.k - 1
        if arc.kind == COMPLEMENT:
            return self.k, INF
        return arc.value, arc.value

    def hide(self, index: int) -> None:
        """Hide a shown arc as a complementary entry (k or more)."""
        arc = self.arcs[index]
        arc.kind = COMPLEMENT
        self._add_residual(index)

    def _add_residual(self, index: int) -> None:
        self._components = None
        arc = self.arcs[index]
        low, high = self.bounds(arc)
        self.up[index], self.down[index] = high - arc.value, arc.value - low
        self.residual[arc.tail].append((arc.head, index, 1))
        self.residual[arc.head].append((arc.tail, index, -1))

    def push(self, start: int, goal: int, skip: int, need: int) -> int:
        """How many units (up to ``need``) can flow from ``start`` to ``goal`` through the hidden
        arcs other than ``skip``: augmenting paths (Edmonds–Karp) on the residual network."""
        pushed: dict[int, int] = {}
        total = 0
        while total < need:
            path = self._augmenting_path(pushed, start, goal, skip)
            if path is None:
                break
            room = min(need - total, *(self._room(index, sign, pushed) for index, sign in path))
            for index, sign in path:
                pushed[index] = pushed.get(index, 0) + sign * room
            total += room
        return total

    def _room(self, index: int, sign: int, pushed: dict[int, int]) -> int:
        moved = pushed.get(index, 0)
        return self.up[index] - moved if sign > 0 else self.down[index] + moved

    def _augmenting_path(
        self, pushed: dict[int, int], start: int, goal: int, skip: int, least: int = 1
    ) -> list[tuple[int, int]] | None:
        """A shortest path whose every arc has ``least`` units of room left (breadth first), as
        (arc, +1/-1) from goal back to start."""
        came: list[tuple[int, int, int] | None] = [None] * self.nodes
        came[start] = (start, -1, 0)
        queue = deque([start])
        up, down, residual = self.up, self.down, self.residual
        while queue:
            node = queue.popleft()
            for nxt, index, sign in residual[node]:
                if came[nxt] is not None or index == skip:
                    continue
                moved = pushed.get(index, 0) if pushed else 0
                if (up[index] - moved if sign > 0 else down[index] + moved) >= least:
                    came[nxt] = (node, index, sign)
                    if nxt == goal:
                        return self._path(came, start, goal)
                    queue.append(nxt)
        return None

    @staticmethod
    def _path(came: list[tuple[int, int, int] | None], start: int, goal: int) -> list[tuple[int, int]]:
        path = []
        node = goal
        while node != start:
            step = came[node]
            assert step is not None
            node, index, sign = step
            path.append((index, sign))
        return path

    def wanted(self, index: int) -> list[tuple[int, int, int]]:
        """(from, to, units) flows that would let the small arc span ``[0, k-1]``."""
        arc = self.arcs[index]
        return [(arc.head, arc.tail, self.k - 1 - arc.value), (arc.tail, arc.head, arc.value)]

    def protected(self, index: int, needs: list[tuple[int, int, int]]) -> bool:
        return all(self.reaches(start, goal, index, need) for start, goal, need in needs)

    def reaches(self, start: int, goal: int, skip: int, need: int) -> bool:
        """``push(...) >= need``; first the usual case, a cycle of arcs with k−1 units of room.

        Arcs with room ≥ k−1 each way they are used (the small arc itself never is: its room
        is below k−1 whenever it needs to move) form strongly connected components; ``start``
        and ``goal`` in the same one are joined by such a path, which carries any need ≤ k−1.
        """
        if need <= 0:
            return True
        component = self._wide_components()
        if component[start] == component[goal]:
            return True
        return self.push(start, goal, skip, need) >= need

    def _wide_components(self) -> list[int]:
        if self._components is None:
            wide = [
                [
                    nxt
                    for nxt, index, sign in arcs
                    if (self.up if sign > 0 else self.down)[index] >= self.k - 1
                ]
                for arcs in self.residual
            ]
            self._components = strongly_connected(wide)
        return self._components

    def cheapest_path(self, start: int, goal: int, skip: int, need: int) -> list[int] | None:
        """Shown arcs to hide so that one path carries ``need`` units (None: no such path).

        Cost: new arcs hidden, then totals among them, then small values (large cells first).
        """
        best: dict[int, tuple[int, int, float]] = {start: (0, 0, 0.0)}
        came: dict[int, tuple[int, int]] = {}
        heap: list[tuple[tuple[int, int, float], int]] = [((0, 0, 0.0), start)]
        while heap:
            cost, node = heapq.heappop(heap)
            if node == goal:
                break
            if cost > best[node]:
                continue
            for nxt, index, step in self._steps(node, skip, need):
                total = (cost[0] + step[0], cost[1] + step[1], cost[2] + step[2])
                if nxt not in best or total < best[nxt]:
                    best[nxt], came[nxt] = total, (node, index)
                    heapq.heappush(heap, (total, nxt))
        if goal not in best:
            return None
        new: list[int] = []
        node = goal
        while node != start:
            node, index = came[node]
            if self.arcs[index].kind == SHOWN:
                new.append(index)
        return new

    def _steps(self, node: int, skip: int, need: int) -> list[tuple[int, int, tuple[int, int, float]]]:
        steps = []
        for index in self.incident[node]:
            arc = self.arcs[index]
            if index == skip or arc.tail == arc.head:
                continue
            forward = arc.tail == node
            nxt = arc.head if forward else arc.tail
            if arc.kind != SHOWN:
                low, high = self.bounds(arc)
                room = high - arc.value if forward else arc.value - low
                if room >= need:
                    steps.append((nxt, index, (0, 0, 0.0)))
            elif arc.value >= self.k and (forward or arc.value - self.k >= need):
                steps.append((nxt, index, (1, int(arc.entry[0] != "cell"), 1 / (1 + arc.value))))
        return steps


def strongly_connected(graph: list[list[int]]) -> list[int]:
    """Component number of each node (Kosaraju, iterative)."""
    order: list[int] = []
    seen = [False] * len(graph)
    for root in range(len(graph)):
        if seen[root]:
            continue
        seen[root] = True
        stack = [(root, iter(graph[root]))]
        while stack:
            node, edges = stack[-1]
            for nxt in edges:
                if not seen[nxt]:
                    seen[nxt] = True
                    stack.append((nxt, iter(graph[nxt])))
                    break
            else:
                order.append(node)
                stack.pop()
    reverse: list[list[int]] = [[] for _ in graph]
    for node, targets in enumerate(graph):
        for nxt in targets:
            reverse[nxt].append(node)
    component = [-1] * len(graph)
    for number, root in enumerate(reversed(order)):
        if component[root] >= 0:
            continue
        component[root] = number
        pending = [root]
        while pending:
            node = pending.pop()
            for before in reverse[node]:
                if component[before] < 0:
                    component[before] = number
                    pending.append(before)
    return component


def protect(cells: Sequence[Sequence[int]], k: int) -> Network:
    """The network with every small entry hidden and the complementary entries chosen.

    Each small entry's target is the range it has with every entry hidden — the widest any
    suppression can give it: all of ``[0, k-1]``, unless the table's sums narrow it whatever is
    hidden (two small cells adding up to a row total of k or more, say).
    """
    network = Network(cells, k)
    everything: Network | None = None
    for index, arc in enumerate(network.arcs):
        if arc.kind != SMALL:
            continue
        needs = network.wanted(index)
        if not network.protected(index, needs):
            if everything is None:
                everything = Network(cells, k)
                _hide_everything(everything)
            needs = [(start, goal, everything.push(start, goal, index, need)) for start, goal, need in needs]
        while not network.protected(index, needs):
            if not _hide_a_path(network, index, needs):
                _hide_everything(network)
                break
    return network


def _hide_a_path(network: Network, index: int, needs: list[tuple[int, int, int]]) -> bool:
    for start, goal, need in needs:
        if network.push(start, goal, index, need) >= need:
            continue
        path = network.cheapest_path(start, goal, index, need)
        if path is None:
            return False
        for arc_index in path:
            network.hide(arc_index)
        return True
    return True


def _hide_everything(network: Network) -> None:
    """Hide every entry still shown (a count of k or more): the widest protection there is."""
    for index, arc in enumerate(network.arcs):
        if arc.kind == SHOWN:
            network.hide(index)
