"""The one Jinja environment; its `runs` filter is render.source.text.runs_html.

Templates hold the look; they get an explicit context and never see the
source. Autoescaping is on, and runs are escaped here, so text from a
source (or a reference title) can never become markup.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

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
    env.filters["css_string"] = css_string
    return env


def css_string(text: str) -> Markup:
    """A CSS string literal saying `text`, safe inside a <style> element (every other character escaped)."""
    escaped = "".join(c if c.isalnum() or c in " .,-·()" else f"\\{ord(c):x} " for c in str(text))
    return Markup(f'"{escaped}"')


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
