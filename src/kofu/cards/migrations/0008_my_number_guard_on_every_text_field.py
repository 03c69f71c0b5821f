"""Every text field carries the My Number guard (issue 13): validators only, no SQL on either database."""

import django.core.validators
from django.db import migrations, models

import kofu.core.validators


class Migration(migrations.Migration):
    dependencies = [
        ("cards", "0007_resident_access_role_source_ip_append_only"),
    ]

    operations = [
        migrations.AlterField(
            model_name="card",
            name="channel",
            field=models.CharField(
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
        migrations.AlterField(
            model_name="card",
            name="notice_number",
            field=models.CharField(
                blank=True,
                max_length=16,
                null=True,
                unique=True,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$", "交付通知書番号は「ABCDE-23456」の形式です"
                    ),
                    kofu.core.validators.no_my_number,
                ],
                verbose_name="交付通知書番号",
            ),
        ),
        migrations.AlterField(
            model_name="card",
            name="state",
            field=models.CharField(
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
        migrations.AlterField(
            model_name="cardtransition",
            name="actor_label",
            field=models.CharField(
                max_length=150, validators=[kofu.core.validators.no_my_number], verbose_name="実行者"
            ),
        ),
        migrations.AlterField(
            model_name="cardtransition",
            name="from_state",
            field=models.CharField(
                blank=True,
                max_length=20,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="変更前",
            ),
        ),
        migrations.AlterField(
            model_name="cardtransition",
            name="to_state",
            field=models.CharField(
                max_length=20, validators=[kofu.core.validators.no_my_number], verbose_name="変更後"
            ),
        ),
        migrations.AlterField(
            model_name="dailycount",
            name="channel",
            field=models.CharField(
                blank=True,
                max_length=16,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="申請方式",
            ),
        ),
        migrations.AlterField(
            model_name="dailycount",
            name="stage",
            field=models.CharField(
                max_length=16, validators=[kofu.core.validators.no_my_number], verbose_name="段階"
            ),
        ),
        migrations.AlterField(
            model_name="deliverybatch",
            name="imported_by_label",
            field=models.CharField(
                default="system",
                max_length=150,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="取込者",
            ),
        ),
        migrations.AlterField(
            model_name="personaldatadeletion",
            name="actor_label",
            field=models.CharField(
                max_length=150, validators=[kofu.core.validators.no_my_number], verbose_name="実行者"
            ),
        ),
        migrations.AlterField(
            model_name="personaldataexport",
            name="actor_label",
            field=models.CharField(
                max_length=150, validators=[kofu.core.validators.no_my_number], verbose_name="利用者"
            ),
        ),
        migrations.AlterField(
            model_name="personaldataexport",
            name="kind",
            field=models.CharField(
                choices=[("renewals", "有効期限の更新案内の一覧（CSV）"), ("notices", "交付通知書（PDF）")],
                max_length=16,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="出力したもの",
            ),
        ),
        migrations.AlterField(
            model_name="personaldataexport",
            name="organisation",
            field=models.CharField(
                blank=True,
                max_length=100,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="組織",
            ),
        ),
        migrations.AlterField(
            model_name="personaldataexport",
            name="purpose",
            field=models.CharField(
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
        migrations.AlterField(
            model_name="residentaccess",
            name="action",
            field=models.CharField(
                choices=[("view", "閲覧"), ("update", "更新"), ("print", "印刷"), ("export", "出力")],
                max_length=16,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="操作",
            ),
        ),
        migrations.AlterField(
            model_name="residentaccess",
            name="actor_label",
            field=models.CharField(
                max_length=150, validators=[kofu.core.validators.no_my_number], verbose_name="利用者"
            ),
        ),
        migrations.AlterField(
            model_name="residentaccess",
            name="organisation",
            field=models.CharField(
                blank=True,
                max_length=100,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="組織",
            ),
        ),
        migrations.AlterField(
            model_name="residentaccess",
            name="purpose",
            field=models.CharField(
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
        migrations.AlterField(
            model_name="residentaccess",
            name="role",
            field=models.CharField(
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
    ]
