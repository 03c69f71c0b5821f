"""Bookings as of 0005, in one migration for new databases (ADR 0033, "Migrations squashed").

Written from the models (the operations ``makemigrations`` gives for an empty database), so a new
database renders a few model states instead of replaying every change; ``replaces`` keeps the
originals for databases that already applied some of them. Left out, each a no-op on the new, empty
tables of a new database (both marked elidable in the originals): 0002's split of existing slots'
seats into web, phone and walk-in, 0005's numbers for existing bookings.
"""

import django.db.models.deletion
import django.db.models.expressions
from django.db import migrations, models

import kofu.bookings.models
import kofu.core.validators


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("bookings", "0001_sites_windows_rules_closures_slots_bookings"),
        ("bookings", "0002_slot_phone_quota_and_walk_in_remainder"),
        ("bookings", "0003_my_number_guard_on_every_text_field"),
        ("bookings", "0004_reminders_outcomes_release_hold_waitlist"),
        ("bookings", "0005_booking_numbers_and_family_bookings"),
    ]

    dependencies = [
        ("cards", "0013_cardtransition_action_and_actor_fields"),
        ("registry", "0003_registry_version"),
    ]

    operations = [
        migrations.CreateModel(
            name="IdempotencyRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(max_length=100, unique=True)),
                ("fingerprint", models.CharField(max_length=64)),
                ("status", models.PositiveSmallIntegerField()),
                ("body", models.TextField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "verbose_name": "冪等キー",
                "verbose_name_plural": "冪等キー",
            },
        ),
        migrations.CreateModel(
            name="Site",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        max_length=100, validators=[kofu.core.validators.no_my_number], verbose_name="会場名"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("town_hall", "本庁舎"),
                            ("branch", "支所・出張所"),
                            ("special", "特設センター"),
                        ],
                        default="town_hall",
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="種別",
                    ),
                ),
                (
                    "address",
                    models.CharField(
                        blank=True,
                        max_length=200,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="所在地",
                    ),
                ),
                (
                    "service_minutes",
                    models.PositiveSmallIntegerField(default=15, verbose_name="1人あたりの交付時間（分）"),
                ),
                (
                    "people_per_window",
                    models.PositiveSmallIntegerField(default=2, verbose_name="1枠・1窓口あたりの人数"),
                ),
                (
                    "web_percent",
                    models.PositiveSmallIntegerField(default=60, verbose_name="Web予約の割合（%）"),
                ),
                (
                    "phone_percent",
                    models.PositiveSmallIntegerField(default=20, verbose_name="電話予約の割合（%）"),
                ),
                (
                    "year_end_closed",
                    models.BooleanField(default=True, verbose_name="年末年始（12/29〜1/3）は休み"),
                ),
                (
                    "closed_weekend",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="毎月休みにする第n土曜日とその翌日曜日"
                    ),
                ),
                ("active", models.BooleanField(default=True, verbose_name="受付中")),
                (
                    "max_party",
                    models.PositiveSmallIntegerField(
                        default=4,
                        help_text="ご家族のカードをまとめて予約できる上限。1 にするとまとめての予約はできません。",
                        verbose_name="一度に予約できる人数（同じ世帯のカード）",
                    ),
                ),
                (
                    "extra_person_minutes",
                    models.PositiveSmallIntegerField(
                        default=10,
                        help_text="例: 1人15分・2人目から10分なら、2人で25分。",
                        verbose_name="2人目から1人ごとに加える交付時間（分）",
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registry.municipality",
                    ),
                ),
            ],
            options={
                "verbose_name": "交付会場",
                "verbose_name_plural": "交付会場",
                "ordering": ["municipality", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "web_percent__lte",
                                django.db.models.expressions.CombinedExpression(
                                    models.Value(100), "-", models.F("phone_percent")
                                ),
                            )
                        ),
                        name="bookings_site_quota_sum",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("service_minutes__gte", 1)), name="bookings_site_service_minutes"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("people_per_window__gte", 1)), name="bookings_site_people"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("max_party__gte", 1), ("max_party__lte", 10)),
                        name="bookings_site_max_party",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="OpeningRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "weekdays",
                    models.CharField(
                        max_length=20,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="曜日（0=月〜6=日、カンマ区切り）",
                    ),
                ),
                (
                    "weeks",
                    models.CharField(
                        blank=True,
                        max_length=20,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="第何週（空欄は毎週）",
                    ),
                ),
                ("start", models.TimeField(verbose_name="開始時刻")),
                ("end", models.TimeField(verbose_name="終了時刻")),
                ("windows", models.PositiveSmallIntegerField(verbose_name="開ける窓口数")),
                ("valid_from", models.DateField(blank=True, null=True, verbose_name="適用開始日")),
                ("valid_to", models.DateField(blank=True, null=True, verbose_name="適用終了日")),
                (
                    "label",
                    models.CharField(
                        blank=True,
                        max_length=50,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="名称（平日・夜間・休日など）",
                    ),
                ),
                (
                    "site",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="rules", to="bookings.site"
                    ),
                ),
            ],
            options={
                "verbose_name": "開庁時間",
                "verbose_name_plural": "開庁時間",
                "ordering": ["site", "start"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("end__gt", models.F("start"))), name="bookings_rule_hours"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Closure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("start", models.DateField(verbose_name="休業開始日")),
                ("end", models.DateField(verbose_name="休業終了日")),
                (
                    "reason",
                    models.CharField(
                        max_length=100, validators=[kofu.core.validators.no_my_number], verbose_name="理由"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="登録日時")),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registry.municipality",
                    ),
                ),
                (
                    "site",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="closures",
                        to="bookings.site",
                    ),
                ),
            ],
            options={
                "verbose_name": "休業日",
                "verbose_name_plural": "休業日",
                "ordering": ["start"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("end__gte", models.F("start"))), name="bookings_closure_range"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Slot",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("starts_at", models.DateTimeField(verbose_name="開始日時")),
                ("ends_at", models.DateTimeField(verbose_name="終了日時")),
                ("capacity", models.PositiveIntegerField(verbose_name="定員")),
                ("booked", models.PositiveIntegerField(default=0, verbose_name="予約数")),
                ("web_capacity", models.PositiveIntegerField(default=0, verbose_name="Web予約枠")),
                ("web_booked", models.PositiveIntegerField(default=0, verbose_name="Web予約数")),
                ("phone_capacity", models.PositiveIntegerField(default=0, verbose_name="電話予約枠")),
                ("phone_booked", models.PositiveIntegerField(default=0, verbose_name="電話予約数")),
                ("closed", models.BooleanField(default=False, verbose_name="休止")),
                (
                    "site",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="slots", to="bookings.site"
                    ),
                ),
            ],
            options={
                "verbose_name": "予約枠",
                "verbose_name_plural": "予約枠",
                "ordering": ["starts_at", "id"],
                "indexes": [models.Index(fields=["site", "starts_at"], name="bookings_slot_site_start")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("booked__gte", 0), ("booked__lte", models.F("capacity"))),
                        name="bookings_slot_not_overbooked",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("web_booked__gte", 0),
                            ("web_booked__lte", models.F("web_capacity")),
                            ("web_capacity__lte", models.F("capacity")),
                            ("web_booked__lte", models.F("booked")),
                        ),
                        name="bookings_slot_web_quota",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("phone_booked__gte", 0),
                            ("phone_booked__lte", models.F("phone_capacity")),
                            ("phone_capacity__lte", models.F("capacity")),
                            ("phone_booked__lte", models.F("booked")),
                        ),
                        name="bookings_slot_phone_quota",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "capacity__gte",
                                django.db.models.expressions.CombinedExpression(
                                    models.F("web_capacity"), "+", models.F("phone_capacity")
                                ),
                            )
                        ),
                        name="bookings_slot_quota_sum",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "booked__gte",
                                django.db.models.expressions.CombinedExpression(
                                    models.F("web_booked"), "+", models.F("phone_booked")
                                ),
                            ),
                            (
                                "capacity__gte",
                                django.db.models.expressions.CombinedExpression(
                                    django.db.models.expressions.CombinedExpression(
                                        django.db.models.expressions.CombinedExpression(
                                            django.db.models.expressions.CombinedExpression(
                                                models.F("booked"), "+", models.F("web_capacity")
                                            ),
                                            "+",
                                            models.F("phone_capacity"),
                                        ),
                                        "-",
                                        models.F("web_booked"),
                                    ),
                                    "-",
                                    models.F("phone_booked"),
                                ),
                            ),
                        ),
                        name="bookings_slot_walk_in_quota",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("ends_at__gt", models.F("starts_at"))), name="bookings_slot_times"
                    ),
                    models.UniqueConstraint(fields=("site", "starts_at"), name="bookings_slot_unique_start"),
                ],
            },
        ),
        migrations.CreateModel(
            name="Booking",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("held", "仮押さえ"),
                            ("booked", "予約済み"),
                            ("checked_in", "受付済み"),
                            ("no_show", "来庁なし"),
                            ("excused", "欠席の連絡あり"),
                            ("cancelled", "取消"),
                            ("office_cancelled", "市区町村による取消"),
                        ],
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="状態",
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[("web", "Web"), ("phone", "電話"), ("walk_in", "窓口（当日）")],
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="予約方法",
                    ),
                ),
                (
                    "email",
                    models.EmailField(
                        blank=True,
                        max_length=254,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="連絡先メールアドレス",
                    ),
                ),
                ("created_at", models.DateTimeField(verbose_name="予約日時")),
                (
                    "hold_expires_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="仮押さえの期限"),
                ),
                ("changed_at", models.DateTimeField(verbose_name="変更日時")),
                (
                    "cancel_reason",
                    models.CharField(
                        blank=True,
                        max_length=200,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="取消の理由",
                    ),
                ),
                (
                    "reminded_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="リマインド送信日時"),
                ),
                (
                    "reminders_off",
                    models.BooleanField(default=False, verbose_name="リマインドを受け取らない"),
                ),
                ("seat_release_at", models.DateTimeField(blank=True, null=True, verbose_name="席を戻す日時")),
                (
                    "number",
                    models.CharField(
                        default=kofu.bookings.models.booking_number,
                        max_length=9,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="予約番号",
                    ),
                ),
                (
                    "card",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="bookings", to="cards.card"
                    ),
                ),
                (
                    "lead",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="party",
                        to="bookings.booking",
                        verbose_name="代表の予約",
                    ),
                ),
                (
                    "slot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="bookings",
                        to="bookings.slot",
                    ),
                ),
            ],
            options={
                "verbose_name": "来庁予約",
                "verbose_name_plural": "来庁予約",
                "ordering": ["slot__starts_at", "id"],
                "indexes": [models.Index(fields=["slot", "status"], name="bookings_booking_slot_status")],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status__in", ["held", "booked", "checked_in"])),
                        fields=("card",),
                        name="bookings_one_active_per_card",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "status__in",
                                [
                                    "held",
                                    "booked",
                                    "checked_in",
                                    "no_show",
                                    "excused",
                                    "cancelled",
                                    "office_cancelled",
                                ],
                            )
                        ),
                        name="bookings_booking_known_status",
                    ),
                    models.UniqueConstraint(fields=("number",), name="bookings_booking_unique_number"),
                    models.CheckConstraint(
                        condition=models.Q(("lead", models.F("id")), _negated=True),
                        name="bookings_booking_lead_not_self",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="WaitlistEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("waiting", "空き待ち"),
                            ("offered", "空きを案内中"),
                            ("moved", "移動済み"),
                            ("closed", "終了"),
                        ],
                        default="waiting",
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="状態",
                    ),
                ),
                ("created_at", models.DateTimeField(verbose_name="申込日時")),
                ("queued_at", models.DateTimeField(verbose_name="並んだ日時")),
                ("offers", models.PositiveSmallIntegerField(default=0, verbose_name="案内した回数")),
                ("offer_expires_at", models.DateTimeField(blank=True, null=True, verbose_name="案内の期限")),
                (
                    "booking",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="waitlist",
                        to="bookings.booking",
                    ),
                ),
                (
                    "offered_slot",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="bookings.slot",
                    ),
                ),
            ],
            options={
                "verbose_name": "空き待ち",
                "verbose_name_plural": "空き待ち",
                "ordering": ["queued_at", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("status__in", ["waiting", "offered"])),
                        fields=("booking",),
                        name="bookings_one_open_wait",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["waiting", "offered", "moved", "closed"])),
                        name="bookings_wait_status",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "offered"), _negated=True),
                            models.Q(("offered_slot__isnull", False), ("offer_expires_at__isnull", False)),
                            _connector="OR",
                        ),
                        name="bookings_wait_offer_has_slot",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Window",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        max_length=50, validators=[kofu.core.validators.no_my_number], verbose_name="窓口名"
                    ),
                ),
                ("active", models.BooleanField(default=True, verbose_name="使用中")),
                (
                    "site",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="windows",
                        to="bookings.site",
                    ),
                ),
            ],
            options={
                "verbose_name": "交付窓口",
                "verbose_name_plural": "交付窓口",
                "ordering": ["site", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("site", "name"), name="bookings_window_unique_name")
                ],
            },
        ),
        migrations.AddField(
            model_name="booking",
            name="window",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="bookings.window",
            ),
        ),
    ]
