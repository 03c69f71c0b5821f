"""The personas live in tests/conftest.py (shared by every app's tests)."""
