"""Every text field of every kofu form carries the My Number guard (issue 13).

Imports kofu's modules, walks every Form/ModelForm class defined in them, and fails on a character
field (CharField, EmailField, SlugField, RegexField …) without ``no_my_number``. Passwords are left
out: they are hashed with Argon2 and never shown (and a password must not be rejected for its digits).
"""

from __future__ import annotations

import importlib
import pkgutil

from django import forms

import kofu
from kofu.core.validators import no_my_number

#: Modules that cannot be imported in a test process (they need production settings or start things).
SKIP = ("kofu.settings_production", "kofu.wsgi")


def kofu_forms() -> list[type[forms.BaseForm]]:
    for info in pkgutil.walk_packages(kofu.__path__, "kofu."):
        if info.name.startswith(SKIP) or ".migrations" in info.name:
            continue
        importlib.import_module(info.name)
    found: list[type[forms.BaseForm]] = []
    pending = [forms.BaseForm]
    while pending:
        for cls in pending.pop().__subclasses__():
            pending.append(cls)
            if cls.__module__.startswith("kofu."):
                found.append(cls)
    return found


def guarded_by_the_model(cls: type[forms.BaseForm], name: str) -> bool:
    """A ModelForm runs the model's validators on its fields (``instance.full_clean``)."""
    if not issubclass(cls, forms.BaseModelForm):
        return False
    model = cls._meta.model  # type: ignore[attr-defined]
    try:
        return no_my_number in model._meta.get_field(name).validators
    except Exception:
        return False


def test_every_text_field_of_every_form_carries_the_guard():
    missing = []
    classes = kofu_forms()
    assert len(classes) >= 30
    for cls in classes:
        for name, field in cls.base_fields.items():
            if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
                continue
            if no_my_number not in field.validators and not guarded_by_the_model(cls, name):
                missing.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert missing == []


def test_the_login_form_refuses_a_my_number_as_user_name(db):
    from kofu.accounts.forms import LoginForm

    form = LoginForm(data={"username": "7000.1234.5676", "password": "x" * 12})
    assert not form.is_valid()
    assert "個人番号" in str(form.errors["username"])
