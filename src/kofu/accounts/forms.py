"""Forms of the accounts app."""

from __future__ import annotations

import unicodedata

from django import forms


class TokenForm(forms.Form):
    token = forms.CharField(
        label="確認コード（6桁）",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "確認コードを入力してください。"},
    )

    def clean_token(self) -> str:
        token = "".join(unicodedata.normalize("NFKC", self.cleaned_data["token"]).split())
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError("確認コードは6桁の数字で入力してください。")
        return token
