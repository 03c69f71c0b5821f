"""Measure surveys (seed 000): questions, the selected respondents (top/bottom per category), answers."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from kofu.core.validators import no_my_number
from kofu.registry.models import Municipality
from kofu.rules.categories import Category

CATEGORY_CHOICES = [(c.value, c.value) for c in Category]


class Survey(models.Model):
    slug = models.SlugField(
        "識別名",
        max_length=64,
        unique=True,
        help_text="半角英数字とハイフン（CLI で指定）",
        validators=[no_my_number],
    )
    title = models.CharField("調査名", max_length=200, validators=[no_my_number])
    description = models.TextField("説明", blank=True, validators=[no_my_number])
    reference_date = models.DateField(
        "基準日", null=True, blank=True, help_text="回答団体を選ぶ交付状況の基準日（統計の時点）"
    )
    snapshot_as_of = models.DateField(
        "使用した交付状況の時点", null=True, blank=True, help_text="回答団体の選定に実際に使った統計の時点"
    )
    is_open = models.BooleanField("回答受付中", default=True)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "slug"]
        verbose_name = "取組調査"
        verbose_name_plural = "取組調査"

    def __str__(self) -> str:
        return self.title


class Quota(models.Model):
    """Top/bottom N per category (seed 000: 指定都市 5, 特別区 5, 中核市 10, その他の市 10)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="quotas")
    category = models.CharField("団体区分", max_length=8, choices=CATEGORY_CHOICES, validators=[no_my_number])
    per_side = models.PositiveSmallIntegerField("上位・下位の各団体数")
    min_population = models.PositiveIntegerField("対象とする最少人口", default=0)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "category"], name="surveys_quota_one_per_category"),
            models.CheckConstraint(condition=Q(per_side__gte=1), name="surveys_quota_per_side_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.per_side}/{self.per_side}"


class Question(models.Model):
    class Kind(models.TextChoices):
        YES_NO = "yes_no", "はい・いいえ"
        CHOICE = "choice", "選択（複数回答可）"
        COUNT = "count", "件数・人数"
        CODED_TEXT = "coded_text", "自由記述（類型化して集計）"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField("番号")
    key = models.SlugField(
        "列名", max_length=40, help_text="取込ファイルの列名（半角英数字）", validators=[no_my_number]
    )
    text = models.CharField("設問", max_length=300, validators=[no_my_number])
    kind = models.CharField("種類", max_length=16, choices=Kind.choices, validators=[no_my_number])
    table = models.CharField(
        "表番号", max_length=16, blank=True, help_text="例: 表2", validators=[no_my_number]
    )
    by_category = models.BooleanField("団体区分別に集計する", default=False)
    yes_label = models.CharField("「はい」の表示", max_length=40, default="実施", validators=[no_my_number])
    no_label = models.CharField(
        "「いいえ」の表示", max_length=40, default="未実施", validators=[no_my_number]
    )
    condition = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dependents",
        verbose_name="前提の設問",
        help_text="この設問が「はい」の団体だけが回答する（例: 特典の内容）",
    )

    class Meta:
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="surveys_question_position_unique"),
            models.UniqueConstraint(fields=["survey", "key"], name="surveys_question_key_unique"),
        ]

    def __str__(self) -> str:
        return f"問{self.position} {self.text}"


class Option(models.Model):
    """A choice, or a category used to code free-text answers (``group``: e.g. a red-framed set)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField("番号")
    code = models.SlugField("コード", max_length=40, validators=[no_my_number])
    label = models.CharField("選択肢", max_length=200, validators=[no_my_number])
    group = models.CharField(
        "まとまり",
        max_length=100,
        blank=True,
        validators=[no_my_number],
        help_text="同じまとまりの選択肢のいずれかを選んだ団体数も集計する",
    )

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="surveys_option_code_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class Respondent(models.Model):
    class Side(models.TextChoices):
        TOP = "top", "交付率上位"
        BOTTOM = "bottom", "交付率下位"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="respondents")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="survey_responses")
    category = models.CharField("団体区分", max_length=8, choices=CATEGORY_CHOICES, validators=[no_my_number])
    side = models.CharField("交付率区分", max_length=8, choices=Side.choices, validators=[no_my_number])
    rank = models.PositiveSmallIntegerField("区分内の順位", default=0)
    rate = models.DecimalField("交付率（%）", max_digits=5, decimal_places=1, null=True, blank=True)
    submitted_at = models.DateTimeField("回答日時", null=True, blank=True)

    class Meta:
        ordering = ["survey", "side", "category", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "municipality"], name="surveys_respondent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality.prefecture.name}{self.municipality.name}"


class Answer(models.Model):
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    yes = models.BooleanField("はい・いいえ", null=True, blank=True)
    count = models.PositiveIntegerField("件数", null=True, blank=True)
    text = models.TextField("記述", blank=True, validators=[no_my_number])
    choices = models.ManyToManyField(Option, blank=True, related_name="answers", verbose_name="選択・類型")
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["respondent", "question"], name="surveys_answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.respondent_id}:{self.question_id}"


class Quote(models.Model):
    """An opinion printed as an excerpt (表7): a free-text answer's words under the theme it was coded to."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="quotes")
    theme = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="quotes", verbose_name="類型")
    theme_label = models.CharField(
        "表に載せる類型名",
        max_length=100,
        blank=True,
        validators=[no_my_number],
        help_text="空欄なら類型の名称（例: 資料000 表7の「申請・交付手続の簡素化等」）",
    )
    text = models.TextField("意見", validators=[no_my_number])
    respondent = models.ForeignKey(
        Respondent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
        help_text="引用元の回答団体（表には団体名を載せない）",
    )
    position = models.PositiveSmallIntegerField("掲載順")

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="surveys_quote_position_unique"),
        ]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def theme_shown(self) -> str:
        return self.theme_label or self.theme.label
