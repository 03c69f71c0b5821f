"""Forms of the bookings pages (Japanese labels and errors naming the field)."""

from __future__ import annotations

from django import forms

from kofu.core.validators import no_my_number, single_line


class ResidentLoginForm(forms.Form):
    notice_number = forms.CharField(
        label="交付通知書番号",
        max_length=20,
        help_text="交付通知書に印字された番号（例: ABCDE-FGHJK）。個人番号（12桁）ではありません。",
        validators=[no_my_number],
        error_messages={"required": "交付通知書番号を入力してください。"},
    )
    birth_date = forms.DateField(
        label="生年月日",
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}),
        error_messages={
            "required": "生年月日を入力してください。",
            "invalid": "生年月日は YYYY-MM-DD で入力してください。",
        },
    )


class SlotChoiceForm(forms.Form):
    slot = forms.IntegerField(
        label="来庁日時",
        error_messages={"required": "来庁日時を選んでください。", "invalid": "来庁日時を選んでください。"},
    )
    members = forms.MultipleChoiceField(
        label="一緒に予約する家族", required=False, widget=forms.CheckboxSelectMultiple
    )
    email = forms.EmailField(
        label="メールアドレス（任意）",
        required=False,
        help_text="予約の確認・変更・取消・前日のお知らせを送ります。",
        validators=[no_my_number, single_line],
        error_messages={"invalid": "メールアドレスの形式が正しくありません。"},
    )

    def __init__(self, *args: object, members: list[tuple[str, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["members"].choices = members or []


class StaffBookingForm(forms.Form):
    notice_number = forms.CharField(
        label="交付通知書番号",
        max_length=20,
        validators=[no_my_number],
        error_messages={"required": "交付通知書番号を入力してください。"},
    )
    slot = forms.IntegerField(label="予約枠", error_messages={"required": "予約枠を選んでください。"})
    channel = forms.ChoiceField(label="受付方法", choices=[("phone", "電話"), ("walk_in", "窓口（当日）")])


class ClosureForm(forms.Form):
    start = forms.DateField(
        label="休業開始日",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "休業開始日を入力してください。"},
    )
    end = forms.DateField(
        label="休業終了日",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "休業終了日を入力してください。"},
    )
    reason = forms.CharField(
        label="理由",
        max_length=100,
        validators=[no_my_number],
        error_messages={"required": "理由を入力してください。"},
    )
    whole_municipality = forms.BooleanField(label="市区町村のすべての会場を休みにする", required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "休業終了日は休業開始日以降にしてください。")
        return data
