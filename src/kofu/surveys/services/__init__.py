"""Writes of the surveys app: every function is atomic, checks the actor and writes an audit row."""
