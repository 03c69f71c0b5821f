"""Fisher's exact test (scipy) for one cross-table row; the rest of the arithmetic is in kofu.rules."""

from __future__ import annotations

from kofu.rules import surveys as rules


def fisher_p(row: rules.Row) -> float | None:
    """Two-sided p-value of Fisher's exact test on the row's 2×2 table (None if not testable)."""
    if not row.testable or row.top_n == 0 or row.bottom_n == 0:
        return None
    # Imported here on purpose: scipy.stats takes about a second to import, and the URL map (so every
    # `kofu init`, `demo`, `serve` and worker start) imports this module through the surveys views.
    from scipy.stats import fisher_exact

    table = [list(r) for r in rules.two_by_two(row)]
    result = fisher_exact(table, alternative="two-sided")
    return float(result.pvalue)
