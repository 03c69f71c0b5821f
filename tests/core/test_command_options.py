"""The one date parser of kofu's commands, in its two forms (handle-time and argparse ``type=``)."""

import argparse
import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from kofu.core.command_options import date_argument, date_option, parse_date


@pytest.mark.parametrize("text", ["2022-06-30", "２０２２-０６-３０", " 2022-06-30 "])
def test_iso_dates_are_read_also_in_full_width_digits(text):
    assert parse_date(text) == dt.date(2022, 6, 30)


def test_date_option_names_the_flag_and_leaves_an_omitted_option_out():
    assert date_option(None, "--as-of") is None and date_option("", "--as-of") is None
    with pytest.raises(CommandError, match=r"^--as-of は YYYY-MM-DD で指定してください: '2022-13-01'$"):
        date_option("2022-13-01", "--as-of")


def test_date_argument_lets_argparse_name_the_option():
    parser = argparse.ArgumentParser(exit_on_error=False)
    parser.add_argument("--on", type=date_argument)
    assert parser.parse_args(["--on", "2022-01-01"]).on == dt.date(2022, 1, 1)
    with pytest.raises(argparse.ArgumentError, match="--on.*YYYY-MM-DD"):
        parser.parse_args(["--on", "yesterday"])


def test_a_command_refuses_a_bad_date_before_doing_anything():
    with pytest.raises(CommandError, match="--birth.*YYYY-MM-DD で指定してください: '2004-02-30'"):
        call_command("validity", "--birth", "2004-02-30", "--applied", "2022-04-01", "--issued", "2022-04-15")
