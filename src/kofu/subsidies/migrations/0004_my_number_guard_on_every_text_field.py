"""Every text field carries the My Number guard (issue 13): validators only, no SQL on either database."""

from django.db import migrations, models

import kofu.core.validators


class Migration(migrations.Migration):
    dependencies = [
        ("subsidies", "0003_claim_spend_categories_from_the_rules"),
    ]

    operations = [
        migrations.AlterField(
            model_name="claim",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "作成中"),
                    ("submitted", "提出済み（総務省の確認待ち）"),
                    ("checked", "確認済み"),
                    ("returned", "差戻し"),
                ],
                default="draft",
                max_length=16,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="状態",
            ),
        ),
        migrations.AlterField(
            model_name="claimspend",
            name="category",
            field=models.CharField(
                choices=[
                    (
                        "personnel",
                        "マイナンバーカードの交付（カードの更新、電子証明書の発行・更新を含む）のための人件費",
                    ),
                    (
                        "channels",
                        "申請時来庁方式、出張申請受付方式及び申請サポート方式による交付のための経費（宣伝及び集客等に係る経費を除く）",
                    ),
                    ("publicity", "申請時来庁方式等の宣伝及び集客等に係る経費（商品券の配布を含む）"),
                    ("temporary_windows", "臨時交付窓口設置に係る経費（小規模な修繕を含む）"),
                    ("systems", "交付管理・予約のためのシステム及び電話窓口等に係る経費"),
                    ("terminals", "マイナンバーカードの交付に用いる統合端末等に係る経費"),
                    (
                        "forms_notices",
                        "申請書等の作成及び送付並びに交付通知書とあわせて関係書類を作成・送付するための経費",
                    ),
                    ("card_surface", "マイナンバーカードの券面記載事項の変更に係る経費"),
                    (
                        "leaflets",
                        "交付の際に配布する、マイナンバーカードの使用方法等を説明した資料を作成する経費",
                    ),
                    ("special_centre", "個人番号カード関係事務を専門とするセンターの設置に係る経費"),
                    ("receipt_encouragement", "個人番号カードの受取勧奨のための周知広報に係る経費"),
                ],
                max_length=32,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="経費区分",
            ),
        ),
        migrations.AlterField(
            model_name="claimtransition",
            name="action",
            field=models.CharField(
                max_length=16, validators=[kofu.core.validators.no_my_number], verbose_name="操作"
            ),
        ),
        migrations.AlterField(
            model_name="claimtransition",
            name="actor_label",
            field=models.CharField(
                blank=True,
                max_length=150,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="操作者（表示名）",
            ),
        ),
        migrations.AlterField(
            model_name="claimtransition",
            name="from_status",
            field=models.CharField(
                choices=[
                    ("draft", "作成中"),
                    ("submitted", "提出済み（総務省の確認待ち）"),
                    ("checked", "確認済み"),
                    ("returned", "差戻し"),
                ],
                max_length=16,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="変更前の状態",
            ),
        ),
        migrations.AlterField(
            model_name="claimtransition",
            name="to_status",
            field=models.CharField(
                choices=[
                    ("draft", "作成中"),
                    ("submitted", "提出済み（総務省の確認待ち）"),
                    ("checked", "確認済み"),
                    ("returned", "差戻し"),
                ],
                max_length=16,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="変更後の状態",
            ),
        ),
    ]
