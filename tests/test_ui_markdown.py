"""escape_markdown: untrusted text shows as written and can never become a link, image or HTML."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xbmarkets.ui.markdown import capped_list, escape_markdown


@pytest.mark.parametrize(
    "text",
    [
        "[Session expired - sign in here](https://evil.example/login)",
        "![x](https://evil.example/track.png)",
        "<img src=x onerror=alert(1)>",
        "\\[x](https://a.b)",  # a backslash of the attacker's own must not cancel ours
        "[ref]: https://evil.example",
    ],
)
def test_links_images_and_html_are_inert(text):
    out = escape_markdown(text)
    assert "](" not in out and "https://" not in out
    assert not re.search(r"(?<!\\)[\[\]<]", out.replace("\\\\", ""))


def test_bare_autolinks_and_email_are_broken():
    out = escape_markdown("see www.evil.example or http://x.y or a@b.co")
    assert "www." not in out and "http://" not in out and "a@b" not in out


def test_identifiers_and_prose_read_as_typed():
    for text in (
        "w_growth",
        "iw_internet_users",
        'row 2, column A ("country"): "@SUM(A1)" (row 2)',
        "in Excel use File > Save As > CSV UTF-8",
        "-2+3",
        "权重",
    ):
        assert escape_markdown(text) == text


def test_formatting_marks_and_line_starts_are_escaped():
    assert escape_markdown("_x_ *y* `z` ~w~ $1$") == "\\_x\\_ \\*y\\* \\`z\\` \\~w\\~ \\$1\\$"
    assert escape_markdown("# head") == "\\# head"
    assert escape_markdown("> quote") == "\\> quote"
    assert escape_markdown("1. item") == "1\\. item"
    assert escape_markdown("a\n# b\r\n- c") == "a \\# b - c"  # one line: no block can open mid-text


@given(st.text(max_size=60))
def test_escaping_never_leaves_an_unescaped_bracket(text):
    out = escape_markdown(text)
    stripped = out.replace("\\\\", "")
    assert not re.search(r"(?<!\\)[\[\]<`*$]", stripped)
    assert "\n" not in out


def test_caps():
    assert capped_list(list("abcdef"), 3, "+{n} more") == ["a", "b", "c", "+3 more"]
    assert capped_list(["a"], 3, "+{n} more") == ["a"]
