"""Every text field carries the My Number guard (issue 13): validators only, no SQL on either database."""

from django.db import migrations, models

import kofu.core.validators


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_measure_staff_outreach"),
    ]

    operations = [
        migrations.AlterField(
            model_name="bestpractice",
            name="venue_type",
            field=models.CharField(
                blank=True,
                choices=[
                    ("vaccine", "ワクチン接種会場"),
                    ("tax_return", "確定申告会場"),
                    ("early_voting", "期日前投票所"),
                    ("mall", "商業施設"),
                    ("public_facility", "公共施設"),
                    ("community_centre", "公民館"),
                    ("station", "駅複合施設"),
                    ("university", "大学・専門学校"),
                    ("licence_centre", "運転免許更新センター"),
                    ("senior_centre", "老人福祉センター"),
                    ("care_home", "障がい者支援施設・介護施設"),
                    ("employer", "企業（一括申請受付）"),
                    ("home_visit", "個人宅訪問（公用車等）"),
                    ("other", "その他"),
                ],
                max_length=20,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="会場の種類",
            ),
        ),
        migrations.AlterField(
            model_name="eventapplications",
            name="channel",
            field=models.CharField(
                choices=[
                    ("outreach", "出張申請受付"),
                    ("support", "申請サポート"),
                    ("at_counter", "申請時来庁"),
                ],
                max_length=16,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="申請方式",
            ),
        ),
        migrations.AlterField(
            model_name="option",
            name="code",
            field=models.SlugField(
                max_length=40, validators=[kofu.core.validators.no_my_number], verbose_name="コード"
            ),
        ),
        migrations.AlterField(
            model_name="outreachevent",
            name="venue_type",
            field=models.CharField(
                choices=[
                    ("vaccine", "ワクチン接種会場"),
                    ("tax_return", "確定申告会場"),
                    ("early_voting", "期日前投票所"),
                    ("mall", "商業施設"),
                    ("public_facility", "公共施設"),
                    ("community_centre", "公民館"),
                    ("station", "駅複合施設"),
                    ("university", "大学・専門学校"),
                    ("licence_centre", "運転免許更新センター"),
                    ("senior_centre", "老人福祉センター"),
                    ("care_home", "障がい者支援施設・介護施設"),
                    ("employer", "企業（一括申請受付）"),
                    ("home_visit", "個人宅訪問（公用車等）"),
                    ("other", "その他"),
                ],
                max_length=20,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="会場の種類",
            ),
        ),
        migrations.AlterField(
            model_name="question",
            name="key",
            field=models.SlugField(
                help_text="取込ファイルの列名（半角英数字）",
                max_length=40,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="列名",
            ),
        ),
        migrations.AlterField(
            model_name="question",
            name="kind",
            field=models.CharField(
                choices=[
                    ("yes_no", "はい・いいえ"),
                    ("choice", "選択（複数回答可）"),
                    ("count", "件数・人数"),
                    ("coded_text", "自由記述（類型化して集計）"),
                ],
                max_length=16,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="種類",
            ),
        ),
        migrations.AlterField(
            model_name="question",
            name="table",
            field=models.CharField(
                blank=True,
                help_text="例: 表2",
                max_length=16,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="表番号",
            ),
        ),
        migrations.AlterField(
            model_name="quota",
            name="category",
            field=models.CharField(
                choices=[
                    ("指定都市", "指定都市"),
                    ("特別区", "特別区"),
                    ("中核市", "中核市"),
                    ("その他の市", "その他の市"),
                    ("町", "町"),
                    ("村", "村"),
                ],
                max_length=8,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="団体区分",
            ),
        ),
        migrations.AlterField(
            model_name="respondent",
            name="category",
            field=models.CharField(
                choices=[
                    ("指定都市", "指定都市"),
                    ("特別区", "特別区"),
                    ("中核市", "中核市"),
                    ("その他の市", "その他の市"),
                    ("町", "町"),
                    ("村", "村"),
                ],
                max_length=8,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="団体区分",
            ),
        ),
        migrations.AlterField(
            model_name="respondent",
            name="side",
            field=models.CharField(
                choices=[("top", "交付率上位"), ("bottom", "交付率下位")],
                max_length=8,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="交付率区分",
            ),
        ),
        migrations.AlterField(
            model_name="stafforganisation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("local_government", "地方公共団体"),
                    ("fire_hq", "消防本部"),
                    ("other", "その他の機関"),
                ],
                max_length=20,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="種別",
            ),
        ),
        migrations.AlterField(
            model_name="survey",
            name="slug",
            field=models.SlugField(
                help_text="半角英数字とハイフン（CLI で指定）",
                max_length=64,
                unique=True,
                validators=[kofu.core.validators.no_my_number],
                verbose_name="識別名",
            ),
        ),
    ]
