"""Inline Markdown and `[@key]` citations -> runs that every writer uses.

Writers never parse text themselves: the deck, the handout and the quiz all
draw the same runs, so emphasis and citation numbers agree everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

# `[@stuart2012]` or `[@stuart2012; @stuart2006]`
CITATION = re.compile(r"\[(@[A-Za-z][\w-]*(?:\s*;\s*@[A-Za-z][\w-]*)*)\]")
# Citations are swapped for numbered markers before Markdown sees the text, so
# that underscores in keys cannot turn into emphasis. The markers are control
# characters, which render.source.load refuses in sources, so no text can forge one.
_MARK = re.compile("\x02(\\d+)\x03")
# Unicode's line separator: a break inside a paragraph, which text measurers take as one character.
LINE_BREAK = "\u2028"
# markdown-it token name -> the Run field it switches on and off
_STYLES = {"strong": "bold", "em": "italic", "sup": "sup", "sub": "sub"}


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    superscript: bool = False  # a citation number
    code: bool = False  # `inline code`
    sup: bool = False  # ^superscript^ written by the author, e.g. m^2^
    sub: bool = False  # ~subscript~, e.g. H~2~O
    # A hard line break (two spaces or a backslash at the end of a line) is LINE_BREAK in the text.


def citation_keys(text: str) -> list[str]:
    """The reference keys cited in a text, in order of appearance."""
    return [k.strip().lstrip("@") for group in CITATION.findall(text) for k in group.split(";")]


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # The inline set only: emphasis, strong, links, code, ^sup^, ~sub~ and line breaks. No raw HTML, ever.
    from mdit_py_plugins.subscript import sub_plugin
    from mdit_py_plugins.superscript import superscript_plugin

    md = MarkdownIt("zero").enable(["emphasis", "link", "escape", "backticks", "newline"])
    return md.use(superscript_plugin).use(sub_plugin)


_CODE_SPAN = re.compile(r"(`+).+?\1", re.DOTALL)
_LONE_TILDE = re.compile(r"(?<![^\s\\])~")  # at the start, or after a space (and not already escaped)


def _literal_tildes(text: str) -> str:
    """`~` opens a subscript only right after a non-space character (H~2~O); elsewhere it is the
    "about" sign and prints as typed (`~5-~10 mg`). Code spans are left alone."""
    out, last = [], 0
    for span in _CODE_SPAN.finditer(text):
        out += [_LONE_TILDE.sub(r"\\~", text[last : span.start()]), span.group(0)]
        last = span.end()
    out.append(_LONE_TILDE.sub(r"\\~", text[last:]))
    return "".join(out)


def runs(text: str, numbers: Mapping[str, int]) -> list[Run]:
    """Parse one text into runs; citations become superscript reference numbers."""
    groups: list[list[str]] = []

    def mark(m: re.Match[str]) -> str:
        groups.append([k.strip().lstrip("@") for k in m.group(1).split(";")])
        return f"\x02{len(groups) - 1}\x03"

    marked = _literal_tildes(CITATION.sub(mark, text))
    out: list[Run] = []
    style = {"bold": False, "italic": False, "sup": False, "sub": False}
    href: str | None = None
    for token in _markdown().parseInline(marked)[0].children or []:
        kind = token.type
        name, _, edge = kind.rpartition("_")
        if name in _STYLES and edge in ("open", "close"):
            style[_STYLES[name]] = edge == "open"
        elif kind == "link_open":
            href = str(token.attrGet("href"))
        elif kind == "link_close":
            href = None
        elif kind in ("softbreak", "hardbreak"):
            out.append(Run(" " if kind == "softbreak" else LINE_BREAK, href=href, **style))
        elif kind in ("text", "code_inline"):
            for i, piece in enumerate(_MARK.split(token.content)):
                if i % 2 == 0:
                    if piece:
                        out.append(Run(piece, href=href, code=kind == "code_inline", **style))
                else:
                    cited = sorted({numbers[k] for k in groups[int(piece)]})
                    if out and not out[-1].superscript and out[-1].text.endswith(" "):
                        # "a study [@x]" reads "a study¹": the number hugs the word.
                        last = out.pop()
                        if last.text.rstrip():
                            out.append(replace(last, text=last.text.rstrip()))
                    out.append(Run(",".join(map(str, cited)), superscript=True))
    return _merge(out)


def link_targets(text: str) -> list[str]:
    """The addresses of the Markdown links in a text, as the writers would link them."""
    tokens = _markdown().parseInline(text)[0].children or []
    return [str(t.attrGet("href")) for t in tokens if t.type == "link_open"]


def joined(parts: Iterable[Iterable[Run]], separator: str) -> list[Run]:
    """Several texts' runs on one line with a plain separator between, merged as one text's would be."""
    out: list[Run] = []
    for i, part in enumerate(parts):
        out += [Run(separator)] if i else []
        out += part
    return _merge(out)


def _merge(items: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in items:
        last = merged[-1] if merged else None
        if last and replace(last, text="") == replace(run, text="") and not run.superscript:
            merged[-1] = replace(last, text=last.text + run.text)
        else:
            merged.append(run)
    return merged


def runs_html(runs: Iterable[Run]) -> Markup:
    """Runs -> escaped HTML: the one place text from a source becomes markup (the PDFs, Moodle XML)."""
    out = []
    for run in runs:
        html = Markup("<br>").join(escape(line) for line in run.text.split(LINE_BREAK))
        if run.code:
            html = Markup("<code>{}</code>").format(html)
        if run.superscript or run.sup:
            html = Markup("<sup>{}</sup>").format(html)
        if run.sub:
            html = Markup("<sub>{}</sub>").format(html)
        if run.italic:
            html = Markup("<em>{}</em>").format(html)
        if run.bold:
            html = Markup("<strong>{}</strong>").format(html)
        if run.href:
            html = Markup('<a href="{}">{}</a>').format(run.href, html)
        out.append(html)
    return Markup("").join(out)
