"""Fixtures shared with the cards tests (cards in a given state)."""

from tests.cards.conftest import make_card, miyakonojo  # noqa: F401  (fixtures)
