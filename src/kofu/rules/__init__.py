"""Pure domain rules: no Django, no clock, no I/O. Pass everything in."""
