"""Lints over the whole project: URL parameters carry no personal data; no field looks like a My Number."""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

SRC = Path(__file__).resolve().parents[2] / "src" / "kofu"

#: Names, birth dates and notice numbers never appear in a URL (path or query string).
FORBIDDEN_PARAMETER = re.compile(r"(^|_)(name|names|dob|birth\w*|notice\w*)($|_)", re.IGNORECASE)
MY_NUMBER_FIELD = re.compile(r"my_?number|kojin_?bangou|個人番号", re.IGNORECASE)


def route_parameters(resolver: URLResolver | None = None, prefix: str = ""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from route_parameters(entry, route)
        elif isinstance(entry, URLPattern):
            names = re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"\(\?P<(\w+)>", route)
            for name in names:
                yield route, name


def query_parameters():
    """Names the code reads from ``request.GET`` and puts into links (``?x=`` / ``{% query x=… %}``)."""
    patterns = [
        re.compile(r"""GET(?:\.get|\.getlist)?\(\s*["'](\w+)["']"""),
        re.compile(r"""GET\[\s*["'](\w+)["']\s*\]"""),
        re.compile(r"""[?&](\w+)="""),
        re.compile(r"""\{%\s*query\s+([^%]*)%\}"""),
    ]
    for path in list(SRC.rglob("*.py")) + list(SRC.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern in patterns:
            for match in pattern.finditer(text):
                for name in re.findall(r"(\w+)=", match.group(1)) or [match.group(1)]:
                    yield path.relative_to(SRC), name


def test_the_lint_recognises_forbidden_parameter_names():
    for bad in ["name", "dob", "birth_date", "birthday", "notice", "notice_number", "resident_name"]:
        assert FORBIDDEN_PARAMETER.search(bad), bad
    for fine in ["code", "pk", "id", "fmt", "prefecture", "grouping", "sort"]:
        assert not FORBIDDEN_PARAMETER.search(fine), fine


def test_no_url_path_parameter_is_a_name_birth_date_or_notice_number():
    bad = [(route, name) for route, name in route_parameters() if FORBIDDEN_PARAMETER.search(name)]
    assert bad == []


def test_no_query_parameter_is_a_name_birth_date_or_notice_number():
    bad = sorted({(str(path), name) for path, name in query_parameters() if FORBIDDEN_PARAMETER.search(name)})
    assert bad == []


def test_no_model_field_in_any_installed_app_is_named_like_a_my_number():
    bad = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.get_fields()
        if MY_NUMBER_FIELD.search(field.name)
        or MY_NUMBER_FIELD.search(getattr(field, "column", "") or "")
        or MY_NUMBER_FIELD.search(str(getattr(field, "verbose_name", "")))
    ]
    assert bad == []


def test_the_schema_lint_would_catch_such_a_field():
    for bad in ["my_number", "mynumber", "MyNumber", "kojin_bangou", "kojinbangou", "個人番号"]:
        assert MY_NUMBER_FIELD.search(bad), bad


def test_no_database_column_in_the_migrated_schema_is_named_like_a_my_number(db):
    from django.db import connection

    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        bad = [
            f"{table}.{column.name}"
            for table in tables
            for column in connection.introspection.get_table_description(cursor, table)
            if MY_NUMBER_FIELD.search(column.name)
        ]
    assert bad == []
