"""The one Jinja environment; its `runs` filter is render.source.text.runs_html.

Templates hold the look; they get an explicit context and never see the
source. Autoescaping is on, and runs are escaped here, so text from a
source (or a reference title) can never become markup.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from render.source.paths import TEMPLATES
from render.source.text import runs_html


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
