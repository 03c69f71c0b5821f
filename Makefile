# Shorthands for the README commands (the README and .ci/run hold the canonical lines).
.PHONY: demo test lint ci

demo:
	python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/kofu demo

test:
	python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest

lint:
	.venv/bin/ruff check src tests && .venv/bin/ruff format --check src tests && .venv/bin/mypy
	.venv/bin/kofu makemigrations --check --dry-run

ci:
	bash .ci/run
