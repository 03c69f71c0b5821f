"""Bundled demo data: the issuance figures printed in the ministry briefings (the seeds).

Transcribed by hand-checked script from the user's own material, in the ministry's CSV layouts
(UTF-8 with BOM, as Code for Japan's extracts of the monthly releases):

* ``20220101_*.csv`` — 総務省「住民基本台帳制度・マイナンバーカード・自治体情報システムの標準化等
  について」（令和4年1月24日、資料14）: issuance as of 2022-01-01, population as of 2021-01-01.
  ``categories``: 全国, 特別区, 指定都市, 市（指定都市を除く）, 町村; ``prefectures``: all 47;
  ``municipalities``: the 125 municipalities printed there (top-10 【特別区・市】 and 【町村】,
  the 23 special wards, the 20 designated cities and the 62 core cities), codes from the bundled
  registry.
* ``20221031_*.csv`` — 「マイナンバーカードの市区町村別交付枚数等について（令和4年10月末時点）」:
  issuance as of 2022-10-31, population as of 2022-01-01. ``categories``: 全国, 指定都市,
  特別区・市(指定都市を除く), 町村 (labels as printed); ``prefectures``: all 47. The top-10
  lists of that release print rates only, so there is no municipality file for that date.

Checked when transcribed: the prefectures and the category groups each sum to the national row,
the special wards and designated cities sum to their category rows, and every printed rate equals
issued ÷ population rounded half-up to one decimal. Load with ``kofu demo --no-serve``.
"""
