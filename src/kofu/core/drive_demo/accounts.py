"""The demo's staff accounts: one per role, all with the published demo password.

They exist only on a development installation: :func:`refuse_under_production` stops the demo
loader under ``kofu.settings_production``, and the login form refuses the demo password there.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from kofu.accounts import services
from kofu.accounts.demo import DEMO_PASSWORD, demo_allowed
from kofu.accounts.models import Organisation, StaffMembership
from kofu.accounts.roles import Role, System, Viewer, viewer_of
from kofu.registry.models import Municipality, Prefecture

DEMO_MUNICIPALITY = "452025"  # 宮崎県都城市
DEMO_PREFECTURE = "45"  # 宮崎県
ACTOR = System("kofu demo")


class DemoRefused(Exception):
    """The demo accounts are refused under the production settings."""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    organisation: str
    role: str
    can_do: str


ACCOUNTS = (
    DemoAccount(
        "demo-municipality",
        "宮崎県都城市",
        "市区町村職員",
        "カードの交付事務（滞留・一括の状態変更）、受取予約の予約表、計画・実績報告、補助金申請、調査の回答",
    ),
    DemoAccount(
        "demo-prefecture",
        "宮崎県",
        "都道府県職員",
        "管内の計画の確認（確認済み・差戻し）、実績報告の提出状況、事情聴取の対象",
    ),
    DemoAccount(
        "demo-ministry",
        "総務省",
        "総務省職員",
        "遅れている都道府県、総務省による個別ヒアリングの対象、補助金申請の確認",
    ),
    DemoAccount(
        "demo-admin",
        "宮崎県都城市（組織の管理者）",
        "市区町村職員・管理者",
        "市区町村職員のすべてに加え、職員アカウントの管理と送信メール（送信箱）",
    ),
)


def refuse_under_production() -> None:
    if not demo_allowed():
        raise DemoRefused(
            "本番設定（kofu.settings_production）ではデモの利用者（パスワード公開）を作成できません"
            " / the demo accounts are refused under the production settings"
        )


def is_demo_username(username: str) -> bool:
    return username in {a.username for a in ACCOUNTS}


def _create(username: str, organisation: Organisation, *, is_admin: bool = False) -> Viewer:
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        membership = services.staff_create(
            username=username,
            organisation=organisation,
            display_name=f"デモ（{organisation.name}）",
            is_admin=is_admin or organisation.kind == Organisation.Kind.MINISTRY,
            actor=ACTOR,
        )
        user = membership.user
        user.set_password(DEMO_PASSWORD)  # published on purpose: the demo only (see docstring)
        user.save(update_fields=["password"])
    return viewer_of(user_model.objects.select_related("membership__organisation").get(pk=user.pk))


@dataclass(frozen=True)
class DemoViewers:
    municipality: Viewer
    prefecture: Viewer
    ministry: Viewer
    admin: Viewer


def accounts_create() -> DemoViewers:
    """The four demo accounts (kept when they exist), returned as the actors the loader uses."""
    refuse_under_production()
    city = Municipality.objects.get(code=DEMO_MUNICIPALITY)
    pref = Prefecture.objects.get(code=DEMO_PREFECTURE)
    city_org = services.organisation_for_municipality(municipality=city, actor=ACTOR)
    pref_org = services.organisation_for_prefecture(prefecture=pref, actor=ACTOR)
    ministry_org = services.organisation_for_ministry(actor=ACTOR)
    admin = _create("demo-admin", city_org, is_admin=True)
    return DemoViewers(
        municipality=_create("demo-municipality", city_org),
        prefecture=_create("demo-prefecture", pref_org),
        ministry=_create("demo-ministry", ministry_org),
        admin=admin,
    )


def municipality_clerk(code: str) -> Viewer:
    """Another municipality's staff as the loader acts for it (no login account: the demo fills
    in what those municipalities would have filed; the audit log names ``kofu demo``)."""
    municipality = Municipality.objects.get(code=code)
    organisation = services.organisation_for_municipality(municipality=municipality, actor=ACTOR)
    return Viewer(role=Role.MUNICIPALITY, username="kofu demo", organisation=organisation)


def demo_loaded() -> bool:
    return StaffMembership.objects.filter(user__username="demo-municipality").exists()
