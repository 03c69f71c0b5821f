"""Cards as of 0013, in one migration for new databases (ADR 0033, "Migrations squashed").

Written from the models (the operations ``makemigrations`` gives for an empty database), so a new
database renders a few model states instead of replaying every change; ``replaces`` keeps the
thirteen originals for databases that already applied some of them. Of their RunPython operations:

- kept: the resident access log's triggers (append-only, the chain's head) as 0009 leaves them,
  installed last (:mod:`kofu.core.append_only`, as 0009 does; the head trigger writes
  ``accounts.LogHead``, hence the dependency on accounts);
- left out, each a no-op on the new, empty tables of a new database: 0006's importer labels of
  earlier batches, 0007's first triggers (0009 drops and replaces them), 0009's chaining of
  existing rows and their head, 0010's move of the cards' own outreach events onto
  ``surveys.OutreachEvent`` (the old table is never created here), 0013's actions of existing
  history rows.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import kofu.core.validators
from kofu.core import append_only

ACCESS_LOG = "cards_residentaccess"


def install_triggers(apps, schema_editor):
    append_only.install(schema_editor.connection, [ACCESS_LOG])


def remove_triggers(apps, schema_editor):
    append_only.uninstall(schema_editor.connection, [ACCESS_LOG])


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("cards", "0001_cards_applications_batches_notices_history_access"),
        ("cards", "0002_notice_number_format"),
        ("cards", "0003_backlog_state_since_and_daily_counts"),
        ("cards", "0004_personal_data_deletion_and_exports"),
        ("cards", "0005_resident_access_self_service_purpose"),
        ("cards", "0006_delivery_history_per_batch"),
        ("cards", "0007_resident_access_role_source_ip_append_only"),
        ("cards", "0008_my_number_guard_on_every_text_field"),
        ("cards", "0009_resident_access_hash_chain"),
        ("cards", "0010_one_outreach_event_model"),
        ("cards", "0011_proxy_handover_for_residents_who_cannot_come"),
        ("cards", "0012_cardtransition_one_history_shape"),
        ("cards", "0013_cardtransition_action_and_actor_fields"),
    ]

    dependencies = [
        ("registry", "0003_registry_version"),
        ("surveys", "0004_outreach_booking_ahead"),
        ("accounts", "0010_waiting_room_for_the_booking_api"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Card",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "application_id",
                    models.CharField(
                        max_length=32, validators=[kofu.core.validators.no_my_number], verbose_name="申請書ID"
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("counter", "申請時来庁方式"),
                            ("outreach", "出張申請受付方式"),
                            ("support", "申請サポート方式"),
                            ("online", "オンライン申請（パソコン）"),
                            ("smartphone", "スマートフォン申請"),
                            ("qr_form", "証明写真機・QRコード申請"),
                            ("mail", "郵便申請"),
                        ],
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="申請方式",
                    ),
                ),
                ("received_on", models.DateField(verbose_name="申請受付日")),
                (
                    "name",
                    models.CharField(
                        max_length=100, validators=[kofu.core.validators.no_my_number], verbose_name="氏名"
                    ),
                ),
                (
                    "name_kana",
                    models.CharField(
                        blank=True,
                        max_length=100,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="氏名（カナ）",
                    ),
                ),
                ("birth_date", models.DateField(null=True, verbose_name="生年月日")),
                (
                    "address",
                    models.CharField(
                        max_length=200, validators=[kofu.core.validators.no_my_number], verbose_name="住所"
                    ),
                ),
                (
                    "phone",
                    models.CharField(
                        blank=True,
                        max_length=20,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="連絡先電話番号",
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True, validators=[kofu.core.validators.no_my_number], verbose_name="メモ"
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("applied", "申請受付"),
                            ("delivered", "J-LISから納品"),
                            ("setup_done", "交付前設定済み"),
                            ("notice_sent", "交付通知書発送済み"),
                            ("appointment_booked", "来庁予約済み"),
                            ("handed_over", "交付済み"),
                            ("mailed", "郵送済み（本人限定受取郵便）"),
                            ("unclaimed", "保管期間経過・未受取"),
                            ("returned", "返戻"),
                            ("defective", "不良"),
                            ("cancelled", "取消・廃止"),
                        ],
                        default="applied",
                        max_length=20,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="状態",
                    ),
                ),
                ("state_changed_at", models.DateTimeField(verbose_name="状態の変更日時")),
                (
                    "state_since",
                    models.DateField(help_text="滞留日数の起点", verbose_name="現在の状態になった日"),
                ),
                ("delivered_on", models.DateField(blank=True, null=True, verbose_name="納品日")),
                (
                    "history_in_batch",
                    models.BooleanField(
                        db_default=False,
                        default=False,
                        help_text="J-LIS納品で作られたカード: その納品（申請受付→納品済み）の履歴は、カードごとの行でなく納品（batch）の取込日時・取込者です（ADR 0007）",
                        verbose_name="納品の履歴は納品の記録",
                    ),
                ),
                ("setup_on", models.DateField(blank=True, null=True, verbose_name="交付前設定日")),
                (
                    "notice_number",
                    models.CharField(
                        blank=True,
                        max_length=16,
                        null=True,
                        unique=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$",
                                "交付通知書番号は「ABCDE-23456」の形式です",
                            ),
                            kofu.core.validators.no_my_number,
                        ],
                        verbose_name="交付通知書番号",
                    ),
                ),
                ("notice_sent_on", models.DateField(blank=True, null=True, verbose_name="交付通知書発送日")),
                ("appointment_on", models.DateField(blank=True, null=True, verbose_name="来庁予約日")),
                ("handed_over_on", models.DateField(blank=True, null=True, verbose_name="交付日")),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registry.municipality",
                    ),
                ),
                (
                    "outreach_event",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cards",
                        to="surveys.outreachevent",
                        verbose_name="出張申請受付",
                    ),
                ),
            ],
            options={
                "verbose_name": "申請・カード",
                "verbose_name_plural": "申請・カード",
                "ordering": ["id"],
                "indexes": [
                    models.Index(
                        fields=["municipality", "state", "state_since"], name="cards_card_state_since"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("municipality", "application_id"), name="cards_card_unique_application"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "state__in",
                                [
                                    "applied",
                                    "delivered",
                                    "setup_done",
                                    "notice_sent",
                                    "appointment_booked",
                                    "handed_over",
                                    "mailed",
                                    "unclaimed",
                                    "returned",
                                    "defective",
                                    "cancelled",
                                ],
                            )
                        ),
                        name="cards_card_known_state",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("outreach_event__isnull", True), ("channel", "outreach"), _connector="OR"
                        ),
                        name="cards_card_event_only_for_outreach",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="CardTransition",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "from_state",
                    models.CharField(
                        blank=True,
                        max_length=20,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="変更前",
                    ),
                ),
                (
                    "to_state",
                    models.CharField(
                        max_length=20, validators=[kofu.core.validators.no_my_number], verbose_name="変更後"
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        blank=True,
                        max_length=20,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="操作",
                    ),
                ),
                (
                    "actor_label",
                    models.CharField(
                        blank=True,
                        max_length=150,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="操作者（表示名）",
                    ),
                ),
                ("at", models.DateTimeField(verbose_name="日時")),
                (
                    "comment",
                    models.CharField(
                        blank=True,
                        max_length=200,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="メモ",
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="操作者",
                    ),
                ),
                (
                    "card",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="transitions",
                        to="cards.card",
                    ),
                ),
            ],
            options={
                "verbose_name": "カードの状態履歴",
                "verbose_name_plural": "カードの状態履歴",
                "ordering": ["at", "id"],
            },
        ),
        migrations.CreateModel(
            name="DeliveryBatch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "batch_number",
                    models.CharField(
                        max_length=32, validators=[kofu.core.validators.no_my_number], verbose_name="納品番号"
                    ),
                ),
                ("delivered_on", models.DateField(verbose_name="納品日")),
                (
                    "file_name",
                    models.CharField(
                        blank=True,
                        max_length=200,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="ファイル名",
                    ),
                ),
                ("row_count", models.PositiveIntegerField(default=0, verbose_name="枚数")),
                ("imported_at", models.DateTimeField(verbose_name="取込日時")),
                (
                    "imported_by_label",
                    models.CharField(
                        default="system",
                        max_length=150,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="取込者",
                    ),
                ),
                (
                    "imported_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
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
                "verbose_name": "J-LIS納品",
                "verbose_name_plural": "J-LIS納品",
                "ordering": ["-delivered_on", "-id"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("municipality", "batch_number"), name="cards_batch_unique_number"
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="card",
            name="batch",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cards",
                to="cards.deliverybatch",
                verbose_name="納品",
            ),
        ),
        migrations.CreateModel(
            name="NoticeBatch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sent_on", models.DateField(verbose_name="発送日")),
                ("visit_from", models.DateField(verbose_name="来庁期間（開始）")),
                ("visit_until", models.DateField(verbose_name="来庁期間（終了）")),
                ("size", models.PositiveIntegerField(verbose_name="通数")),
                ("created_at", models.DateTimeField(verbose_name="作成日時")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
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
                "verbose_name": "交付通知書の発送",
                "verbose_name_plural": "交付通知書の発送",
                "ordering": ["-sent_on", "-id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("visit_until__gte", models.F("visit_from"))),
                        name="cards_notice_period",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="card",
            name="notice_batch",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cards",
                to="cards.noticebatch",
            ),
        ),
        migrations.CreateModel(
            name="PersonalDataDeletion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(verbose_name="実行日時")),
                ("as_of", models.DateField(verbose_name="基準日")),
                ("retention_days", models.PositiveIntegerField(verbose_name="保存期間（日）")),
                ("cutoff", models.DateField(verbose_name="対象：この日より前に完了したカード")),
                (
                    "actor_label",
                    models.CharField(
                        max_length=150, validators=[kofu.core.validators.no_my_number], verbose_name="実行者"
                    ),
                ),
                ("card_count", models.PositiveIntegerField(verbose_name="カードの件数")),
                ("booking_count", models.PositiveIntegerField(default=0, verbose_name="来庁予約の件数")),
                ("counts", models.JSONField(default=dict, verbose_name="団体・状態ごとの件数")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "個人情報の削除記録",
                "verbose_name_plural": "個人情報の削除記録",
                "ordering": ["-at", "-id"],
            },
        ),
        migrations.AddField(
            model_name="card",
            name="deletion",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cards",
                to="cards.personaldatadeletion",
                verbose_name="個人情報の削除記録",
            ),
        ),
        migrations.CreateModel(
            name="PersonalDataExport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(verbose_name="日時")),
                (
                    "actor_label",
                    models.CharField(
                        max_length=150, validators=[kofu.core.validators.no_my_number], verbose_name="利用者"
                    ),
                ),
                (
                    "organisation",
                    models.CharField(
                        blank=True,
                        max_length=100,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="組織",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("renewals", "有効期限の更新案内の一覧（CSV）"),
                            ("notices", "交付通知書（PDF）"),
                        ],
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="出力したもの",
                    ),
                ),
                (
                    "purpose",
                    models.CharField(
                        choices=[
                            ("issuance", "交付事務"),
                            ("inquiry", "問合せ対応"),
                            ("notice", "交付通知書の作成"),
                            ("export", "一覧の出力"),
                            ("renewal", "有効期限の更新案内"),
                            ("audit", "監査・内部点検"),
                            ("other", "その他"),
                            ("self", "本人による確認・予約"),
                        ],
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="目的",
                    ),
                ),
                (
                    "purpose_text",
                    models.CharField(
                        blank=True,
                        max_length=200,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="目的（内容）",
                    ),
                ),
                ("rows", models.PositiveIntegerField(verbose_name="件数")),
                ("parameters", models.JSONField(default=dict, verbose_name="条件")),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registry.municipality",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "個人情報の持ち出し記録",
                "verbose_name_plural": "個人情報の持ち出し記録",
                "ordering": ["-at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="ProxyHandover",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("handed_over_on", models.DateField(verbose_name="交付日")),
                (
                    "reason",
                    models.CharField(
                        choices=[
                            ("care_home", "介護施設・障がい者支援施設に入所"),
                            ("hospital", "入院"),
                            ("illness_disability", "病気・身体の障害（在宅）"),
                            ("other", "その他やむを得ない理由"),
                        ],
                        max_length=24,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="出頭できない理由",
                    ),
                ),
                (
                    "facility",
                    models.CharField(
                        blank=True,
                        max_length=100,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="施設名",
                    ),
                ),
                (
                    "relation",
                    models.CharField(
                        choices=[
                            ("facility_head", "施設長"),
                            ("facility_staff", "施設職員"),
                            ("relative", "親族"),
                            ("other", "その他の代理人"),
                        ],
                        max_length=24,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="代理人",
                    ),
                ),
                (
                    "applicant_id",
                    models.CharField(
                        choices=[
                            ("photo_id", "顔写真付きの本人確認書類"),
                            ("facility_photo_certificate", "施設長が作成した個人番号カード顔写真証明書"),
                            ("two_documents", "本人確認書類2点（健康保険証・年金手帳など）"),
                        ],
                        max_length=32,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="本人の本人確認書類",
                    ),
                ),
                ("hardship_proof", models.BooleanField(verbose_name="出頭困難を証する書類を確認")),
                ("proxy_identity", models.BooleanField(verbose_name="代理人の本人確認書類を確認")),
                ("delegation", models.BooleanField(verbose_name="照会書兼回答書の委任欄を確認")),
                ("pin_sealed", models.BooleanField(verbose_name="暗証番号を封をして受領")),
                (
                    "recorded_by",
                    models.CharField(
                        max_length=150,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="確認した職員",
                    ),
                ),
                ("recorded_at", models.DateTimeField(auto_now_add=True, verbose_name="記録日時")),
                (
                    "card",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="proxy_handover",
                        to="cards.card",
                    ),
                ),
            ],
            options={
                "verbose_name": "代理人への交付",
                "verbose_name_plural": "代理人への交付",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("delegation", True),
                            ("hardship_proof", True),
                            ("pin_sealed", True),
                            ("proxy_identity", True),
                        ),
                        name="cards_proxy_every_check_done",
                        violation_error_message="代理人への交付は、すべての確認が済んでから記録します",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("applicant_id", "facility_photo_certificate"), _negated=True),
                            ("reason__in", frozenset(["care_home", "hospital"])),
                            _connector="OR",
                        ),
                        name="cards_proxy_photo_certificate_in_a_facility",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ResidentAccess",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(verbose_name="日時")),
                (
                    "actor_label",
                    models.CharField(
                        max_length=150, validators=[kofu.core.validators.no_my_number], verbose_name="利用者"
                    ),
                ),
                (
                    "organisation",
                    models.CharField(
                        blank=True,
                        max_length=100,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="組織",
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("resident", "住民"),
                            ("municipality_staff", "市区町村職員"),
                            ("prefecture_staff", "都道府県職員"),
                            ("ministry_staff", "総務省職員"),
                        ],
                        max_length=32,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="役割",
                    ),
                ),
                (
                    "source_ip",
                    models.GenericIPAddressField(blank=True, null=True, verbose_name="接続元IPアドレス"),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[("view", "閲覧"), ("update", "更新"), ("print", "印刷"), ("export", "出力")],
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="操作",
                    ),
                ),
                (
                    "purpose",
                    models.CharField(
                        choices=[
                            ("issuance", "交付事務"),
                            ("inquiry", "問合せ対応"),
                            ("notice", "交付通知書の作成"),
                            ("export", "一覧の出力"),
                            ("renewal", "有効期限の更新案内"),
                            ("audit", "監査・内部点検"),
                            ("other", "その他"),
                            ("self", "本人による確認・予約"),
                        ],
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="目的",
                    ),
                ),
                ("seq", models.PositiveBigIntegerField(editable=False, verbose_name="通し番号")),
                ("prev_hash", models.CharField(editable=False, max_length=64)),
                ("hash", models.CharField(editable=False, max_length=64)),
                (
                    "card",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="accesses", to="cards.card"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "住民記録のアクセス記録",
                "verbose_name_plural": "住民記録のアクセス記録",
                "ordering": ["-at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="DailyCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(verbose_name="日付")),
                (
                    "stage",
                    models.CharField(
                        max_length=16, validators=[kofu.core.validators.no_my_number], verbose_name="段階"
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        blank=True,
                        max_length=16,
                        validators=[kofu.core.validators.no_my_number],
                        verbose_name="申請方式",
                    ),
                ),
                ("days", models.IntegerField(default=-1, verbose_name="到着から通知までの日数")),
                ("n", models.PositiveIntegerField(default=0, verbose_name="件数")),
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
                "verbose_name": "日ごとの件数",
                "verbose_name_plural": "日ごとの件数",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("municipality", "stage", "day", "channel", "days"),
                        name="cards_dailycount_unique",
                    )
                ],
            },
        ),
        # Made unique by ALTER, as 0008/0009 did: PostgreSQL then names the constraint as an
        # installation of the originals has it (*_seq_<hash>_uniq, not the *_seq_key of CREATE TABLE).
        migrations.AlterField(
            model_name="residentaccess",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, unique=True, verbose_name="通し番号"),
        ),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
