"""The one Jinja environment, and the filter that turns runs into safe HTML.

Templates hold the look; they get an explicit context and never see the
source. Autoescaping is on, and runs are escaped here, so text from a
source (or a reference title) can never become markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from render.paths import TEMPLATES
from render.text import LINE_BREAK, Run


def runs_html(runs: Iterable[Run]) -> Markup:
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


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,  # a template asking for what it was not given is a bug
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["runs"] = runs_html
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
