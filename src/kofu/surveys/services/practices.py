"""The best-practice catalogue: cases owned by a municipality or a prefecture, and the ministry's
selections shared with the prefectures (資料000 2④: 先進事例を都道府県を通じて横展開)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from kofu.accounts.access import access_municipality, access_prefecture, area_of
from kofu.accounts.audit import audit_record
from kofu.accounts.roles import Actor, Role
from kofu.surveys.models import BestPractice, PracticeSelection


def _owner_check(actor: Actor, practice: BestPractice) -> None:
    if practice.municipality is not None:
        access_municipality(actor, practice.municipality, change=True)
    elif practice.prefecture is not None:
        access_prefecture(actor, practice.prefecture.code)
        if actor.role not in {Role.PREFECTURE, Role.SYSTEM}:
            raise PermissionDenied("都道府県の事例はその都道府県の職員が登録します")


@transaction.atomic
def best_practice_create(*, practice: BestPractice, actor: Actor) -> BestPractice:
    """A case of the actor's own municipality or prefecture."""
    _owner_check(actor, practice)
    practice.full_clean()
    practice.save()
    audit_record(
        actor=actor,
        action="best_practice_create",
        object_type="best_practice",
        object_id=practice.pk,
        after={"measure": practice.measure, "owner": practice.owner_name, "theme": practice.theme},
    )
    return practice


def _require_ministry(actor: Actor) -> None:
    if not area_of(actor).everywhere:
        raise PermissionDenied("事例集の作成・共有は総務省職員のみが行えます")


@transaction.atomic
def selection_create(
    *, title: str, note: str = "", practices: Iterable[BestPractice], actor: Actor
) -> PracticeSelection:
    """A selection of cases (not yet shared)."""
    _require_ministry(actor)
    chosen = list(practices)
    if not chosen:
        raise ValidationError({"practices": "事例を1件以上選んでください"})
    selection = PracticeSelection(title=title, note=note)
    selection.full_clean()
    selection.save()
    selection.practices.set(chosen)
    audit_record(
        actor=actor,
        action="practice_selection_create",
        object_type="practice_selection",
        object_id=selection.pk,
        after={"title": title, "practices": [p.pk for p in chosen]},
    )
    return selection


@transaction.atomic
def selection_share(*, selection: PracticeSelection, actor: Actor) -> PracticeSelection:
    """Share with every prefecture (idempotent: the first date is kept)."""
    _require_ministry(actor)
    selection = PracticeSelection.objects.select_for_update().get(pk=selection.pk)
    if selection.shared_at is None:
        selection.shared_at = timezone.now()
        selection.save(update_fields=["shared_at"])
        audit_record(
            actor=actor,
            action="practice_selection_share",
            object_type="practice_selection",
            object_id=selection.pk,
            after={"shared_at": selection.shared_at.isoformat()},
        )
    return selection
