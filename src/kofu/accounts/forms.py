"""Forms of the accounts app."""

from __future__ import annotations

import unicodedata

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.core.exceptions import ValidationError

from kofu.accounts.demo import DEMO_PASSWORD, DEMO_REFUSED, demo_allowed
from kofu.core.listing import ListFilterForm
from kofu.core.validators import no_my_number


class LoginForm(AuthenticationForm):
    """Django's login form; a user name holding a My Number is refused before any look-up."""

    username = UsernameField(
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
        validators=[no_my_number],
    )

    def clean(self) -> dict[str, object]:
        if self.data.get("password") == DEMO_PASSWORD and not demo_allowed():
            raise ValidationError(DEMO_REFUSED, code="demo_refused")
        return super().clean()


class TokenForm(forms.Form):
    token = forms.CharField(
        label="確認コード（6桁）",
        max_length=16,
        validators=[no_my_number],
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "確認コードを入力してください。"},
    )

    def clean_token(self) -> str:
        token = "".join(unicodedata.normalize("NFKC", self.cleaned_data["token"]).split())
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError("確認コードは6桁の数字で入力してください。")
        return token


class StaffCreateForm(forms.Form):
    """A new staff account of the administrator's own organisation (password set by its holder)."""

    username = forms.CharField(
        label="利用者名（ログインに使います）",
        max_length=150,
        help_text="半角英数字と @ . + - _ 。例：miyakonojo-shimin-yamada",
        validators=[no_my_number],
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
        error_messages={"required": "利用者名を入力してください。"},
    )
    display_name = forms.CharField(
        label="表示名",
        max_length=64,
        required=False,
        validators=[no_my_number],
        help_text="例：市民課 山田（同じ組織の管理者の画面に表示します）",
    )
    is_admin = forms.BooleanField(label="組織の管理者にする（職員アカウントを管理できます）", required=False)


class StaffRenameForm(forms.Form):
    """The display name of an account, changed on its page."""

    display_name = StaffCreateForm.base_fields["display_name"]


class FirstAdminForm(forms.Form):
    """The first administrator of a prefecture or municipality, created by a supervising administrator."""

    code = forms.CharField(
        label="組織（都道府県コード2桁または団体コード6桁）",
        max_length=6,
        help_text="例：都道府県なら 45（宮崎県）、市区町村なら 452025（都城市）",
        validators=[no_my_number],
        error_messages={"required": "コードを入力してください。"},
    )
    username = StaffCreateForm.base_fields["username"]
    display_name = StaffCreateForm.base_fields["display_name"]

    def clean_code(self) -> str:
        return unicodedata.normalize("NFKC", self.cleaned_data["code"]).strip()


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names (the rest on the whole form)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class StaffFilterForm(ListFilterForm):
    """The staff-account list's filters: state, role and a word of the user or display name."""

    q = forms.CharField(label="利用者名・表示名", required=False, max_length=100, validators=[no_my_number])
    state = forms.ChoiceField(
        label="状態", required=False, choices=[("", "すべて"), ("active", "有効"), ("disabled", "無効")]
    )
    role = forms.ChoiceField(
        label="権限", required=False, choices=[("", "すべて"), ("admin", "管理者"), ("staff", "職員")]
    )
