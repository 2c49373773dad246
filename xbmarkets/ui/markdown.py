"""Untrusted text inside Streamlit markdown: shown as written, never interpreted.

Streamlit renders `st.warning/error/success/info/caption/markdown` bodies and
widget labels as GitHub-flavoured markdown. Text that comes from a shared link,
a scenario file, an uploaded CSV (file name, headers, the loader's messages
quoting cells) can therefore smuggle in a clickable link, a remote image (a
tracking request to a third party) or raw HTML. `escape_markdown` neutralises
every construct that can *do* something -- links, images, autolinks, HTML,
LaTeX, Streamlit's `:color[...]` directives -- plus the inline formatting marks,
and leaves ordinary prose punctuation (quotes, parentheses, `+ - = @ | > .`)
untouched so a message reads exactly as the loader wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["escape_markdown", "capped_list"]

# characters that open an inline construct wherever they stand
_ALWAYS = re.compile(r"([\\`*~\[\]<$#])")
# a leading quote/list mark would make a block of its own (a `>` inside a sentence is prose)
_LEADING = re.compile(r"^(\s*)(>|[+-](?=\s))")
_NUMBERED = re.compile(r"^(\s*\d+)([.)])(?=\s)")
# '_' only opens emphasis at a word boundary: "w_growth" stays readable as typed
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
# GFM autolink literals: scheme://, www., and e-mail addresses turn into links without brackets
_SCHEME = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*):(?=//)")
_WWW = re.compile(r"(?i)\b(www)\.")
_EMAIL_AT = re.compile(r"(?<=[0-9A-Za-z._%+-])@(?=[0-9A-Za-z])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def escape_markdown(text: object) -> str:
    """`text` as literal markdown: one line, no link, image, autolink, HTML, math or formatting.

    Line breaks become spaces (a line-start `#`, `>` or `-` would otherwise
    become a heading, quote or list). After escaping, no `](` remains, so no
    link destination can open even in a renderer that ignores the escapes.
    """
    s = _CONTROL.sub(" ", str(text))
    s = _ALWAYS.sub(r"\\\1", s)
    s = _LEADING.sub(r"\1\\\2", s)
    s = _NUMBERED.sub(r"\1\\\2", s)
    s = _UNDERSCORE.sub(r"\\_", s)
    s = _SCHEME.sub(r"\1\\:", s)
    s = _WWW.sub(r"\1\\.", s)
    s = _EMAIL_AT.sub(r"\\@", s)
    s = s.replace("\\](", "\\]\\(")
    return s.replace("!\\[", "\\!\\[")


def capped_list(items: Iterable[str], limit: int, more: str) -> list[str]:
    """The first `limit` items, then `more` formatted with the count left out ("+{n} more")."""
    items = list(items)
    if len(items) <= limit:
        return items
    return items[:limit] + [more.format(n=len(items) - limit)]
