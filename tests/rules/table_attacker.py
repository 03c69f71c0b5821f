"""An attacker of a published table: the exact range of a hidden entry, by linear programming.

Knows every shown figure, every sum the table states (each row's cells add up to its row total,
each column's to its column total, the row totals to the grand total) and what the labels mean:
``"<k"`` is 0 to k−1, ``"X"`` is k or more, a shown number is exact. Minimising and maximising the
entry over all tables consistent with that gives its range (the constraint matrix is a network's,
so the linear programme's optimum is an integer). Independent of kofu's own flow computation.
"""

from __future__ import annotations

from scipy.optimize import linprog

from kofu.rules.privacy import HIDDEN


def _entries(shown):
    rows, columns = len(shown.cells), len(shown.cells[0])
    found = {("total",): shown.total}
    found.update({("row", i): shown.row_totals[i] for i in range(rows)})
    found.update({("column", j): shown.column_totals[j] for j in range(columns)})
    found.update({("cell", i, j): shown.cells[i][j] for i in range(rows) for j in range(columns)})
    return found


def hidden_entries(shown):
    return [entry for entry, label in _entries(shown).items() if isinstance(label, str)]


def _equations(rows, columns):
    """Each equation as {entry: coefficient} = 0."""
    equations = []
    for i in range(rows):
        equation = {("cell", i, j): 1 for j in range(columns)}
        equation[("row", i)] = -1
        equations.append(equation)
    for j in range(columns):
        equation = {("cell", i, j): 1 for i in range(rows)}
        equation[("column", j)] = -1
        equations.append(equation)
    equation = {("row", i): 1 for i in range(rows)}
    equation[("total",)] = -1
    equations.append(equation)
    return equations


def feasible_range(shown, target, k, low=0):
    """(lowest, highest) value of the hidden entry ``target`` consistent with the shown table.

    ``low``: the least value ``"<k"`` stands for (0 in kofu; 1 if zeros were shown apart).
    """
    labels = _entries(shown)
    unknown = [entry for entry, label in labels.items() if isinstance(label, str)]
    index = {entry: n for n, entry in enumerate(unknown)}
    a_eq, b_eq = [], []
    for equation in _equations(len(shown.cells), len(shown.cells[0])):
        row = [0.0] * len(unknown)
        constant = 0.0
        for entry, coefficient in equation.items():
            if entry in index:
                row[index[entry]] += coefficient
            else:
                constant += coefficient * labels[entry]
        if any(row):
            a_eq.append(row)
            b_eq.append(-constant)
        else:
            assert constant == 0, "the shown figures contradict each other"
    bounds = [(k, None) if labels[entry] == HIDDEN else (low, k - 1) for entry in unknown]
    result = []
    for sign in (1, -1):
        objective = [0.0] * len(unknown)
        objective[index[target]] = sign
        solved = linprog(objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds, method="highs")
        assert solved.status == 0, solved.message
        result.append(round(sign * solved.fun))
    return tuple(result)
