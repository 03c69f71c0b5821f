import datetime as dt
from collections import Counter

from kofu.registry.models import Municipality, Prefecture
from kofu.registry.selectors import categories_on
from kofu.registry.services import registry_load_reference
from kofu.rules.categories import Category


def test_reference_registry_has_47_prefectures_and_1741_municipalities(registry):
    assert Prefecture.objects.count() == 47
    assert Municipality.objects.count() == 1741
    chiyoda = Municipality.objects.get(code="131016")
    assert (chiyoda.prefecture.name, chiyoda.name, chiyoda.kana) == ("東京都", "千代田区", "チヨダク")


def test_loading_the_reference_twice_changes_nothing(registry):
    again = registry_load_reference()
    assert again.municipalities_created == 0
    assert Municipality.objects.count() == 1741


def test_categories_on_2022_01_01_match_the_published_counts(registry):
    counts = Counter(categories_on(dt.date(2022, 1, 1)).values())
    assert counts == {
        Category.DESIGNATED_CITY: 20,
        Category.SPECIAL_WARD: 23,
        Category.CORE_CITY: 62,
        Category.OTHER_CITY: 710,
        Category.TOWN: 743,
        Category.VILLAGE: 183,
    }


def test_a_city_designated_core_city_later_is_an_other_city_before(registry):
    matsumoto = Municipality.objects.get(prefecture__name="長野県", name="松本市")
    assert categories_on(dt.date(2021, 3, 31))[matsumoto.pk] == Category.OTHER_CITY
    assert categories_on(dt.date(2021, 4, 1))[matsumoto.pk] == Category.CORE_CITY
