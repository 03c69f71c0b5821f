"""Views of the surveys app (thin: parse, call one service or selector, render)."""
