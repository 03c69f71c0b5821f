"""The one history shape of the workflows (plans, claims, cards): :class:`TransitionRecord`.

Each app keeps its own table (a plan's history is read with the plan, a card's per batch — ADR
0007) but every row has the same fields, written only by :func:`kofu.core.workflow.transition`
(and the claim's create/update rows, which record a write without a state change).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kofu.core.validators import no_my_number


class TransitionRecord(models.Model):
    """One step of a workflow: from which state to which, by which action, who, when, and why."""

    from_state = models.CharField("変更前", max_length=20, blank=True, validators=[no_my_number])
    to_state = models.CharField("変更後", max_length=20, validators=[no_my_number])
    action = models.CharField("操作", max_length=20, blank=True, validators=[no_my_number])
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作者",
    )
    actor_label = models.CharField("操作者（表示名）", max_length=150, blank=True, validators=[no_my_number])
    comment = models.TextField("コメント", blank=True, max_length=2000, validators=[no_my_number])
    at = models.DateTimeField("日時")

    class Meta:
        abstract = True
