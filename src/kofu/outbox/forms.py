"""The outbox page's filter (GET): state and the days the messages were queued."""

from __future__ import annotations

from typing import Any

from django import forms

from kofu.outbox.models import Message


class OutboxFilterForm(forms.Form):
    state = forms.ChoiceField(label="状態", required=False, choices=[("", "すべて"), *Message.State.choices])
    since = forms.DateField(
        label="作成日（から）", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="作成日（まで）", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "「まで」は「から」と同じ日かそれより後にしてください。")
        return data
