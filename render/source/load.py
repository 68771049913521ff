"""YAML -> typed model, with every problem reported as file:line:column.

This is the only module that reads YAML. ruamel.yaml (YAML 1.2) keeps the line
and column of every key and item, which is what messages for clinicians need;
pydantic does the validation; this module translates both into plain words.
"""

from __future__ import annotations

import difflib
import re
import stat
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.reader import ReaderError

try:  # libyaml's scanner and parser, in C (ruamel.yaml.clib): a long talk reads about four times faster
    from _ruamel_yaml import CParser
except ImportError:  # pragma: no cover - a platform without the wheel reads with ruamel's own parser
    CParser = None

from render.errors import FieldPath, Problem, SourceError, format_path
from render.source.model import Source
from render.source.text import link_targets

MAX_BYTES = 2_000_000  # a talk is a few kB; anything this large is a mistake or an attack
MAX_DEPTH = 32  # a talk nests about six levels; thousands of '[' would exhaust the parser's stack
# Characters an XML document (a .pptx part, the PDFs' HTML) cannot hold: controls other than tab and
# line breaks, lone surrogates, U+FFFE and U+FFFF. They arrive invisibly, pasted from other programs.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_WEB_LINK = re.compile(r"(https?://[^\s/]|mailto:[^\s])", re.IGNORECASE)


class _NoAliasComposer(Composer):
    # Aliases let a tiny file expand into gigabytes ("billion laughs"); authors never need them.
    # Nesting is bounded too: the composer recurses once per level.
    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            raise _AliasRefused(mark.line, mark.column)
        if self._depth >= MAX_DEPTH:
            mark = event.start_mark
            raise _TooDeep(mark.line, mark.column)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _AliasRefused(Exception):
    def __init__(self, line: int, column: int) -> None:
        self.line, self.column = line, column


class _TooDeep(_AliasRefused):
    pass


@dataclass(frozen=True)
class Located:
    """A loaded source with where each of its fields stands in the file (for warnings such as the quiz lint)."""

    source: Source
    file: str
    positions: dict[FieldPath, tuple[int, int]]  # 0-based (line, column), as ruamel reports them

    def at(self, path: FieldPath) -> tuple[int, int]:
        """1-based (line, column) of a field, or of the nearest enclosing one that is written in the file."""
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.positions:
                line, column = self.positions[path[:cut]]
                return line + 1, column + 1
        return 1, 1


def load(path: Path | str) -> Source:
    """Read and validate one talk source, or raise SourceError listing every problem."""
    return load_located(path).source


def load_located(path: Path | str) -> Located:
    """`load`, also keeping each field's position in the file."""
    path = Path(path)
    name = str(path)

    def fail(message: str, line: int = 1, column: int = 1) -> SourceError:
        return SourceError([Problem(name, line, column, (), message)])

    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise fail("this is a folder; give the talk's .yaml file")
        if not stat.S_ISREG(info.st_mode):  # a FIFO would hang the build, a device never end
            raise fail("this is not a regular file (a pipe or a device); give the talk's .yaml file")
        size = info.st_size
        if size > MAX_BYTES:
            raise fail(f"the file is {size:,} bytes; a talk source may be at most {MAX_BYTES:,} bytes")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("there is no such file") from None
    except IsADirectoryError:
        raise fail("this is a folder; give the talk's .yaml file") from None
    except OSError as exc:
        raise fail(f"the file cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise fail("the file is not UTF-8 text; save it as UTF-8 in your editor", line, column) from None
    return parse_located(text, name, path.parent)


def _unvalidated(path: Path) -> object:
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        return _plain(_tree(path.read_text(encoding="utf-8"), str(path)), (), {})
    except (SourceError, OSError, UnicodeDecodeError):
        return None


def has_cme(path: Path) -> bool:
    """Whether the source has a `cme:` section, read without validating (as quiz_forms)."""
    data = _unvalidated(path)
    return isinstance(data, dict) and isinstance(data.get("cme"), dict)


def quiz_forms(path: Path) -> int | None:
    """How many forms the source's quiz has (None: no quiz), read without validating: the Makefile
    names the outputs of a source that may not build yet, and the build then says what is wrong."""
    data = _unvalidated(path)
    quiz = data.get("quiz") if isinstance(data, dict) else None
    if not isinstance(quiz, dict):
        return None
    forms = quiz.get("forms", 1)
    return forms if isinstance(forms, int) and not isinstance(forms, bool) and 1 <= forms <= 26 else 1


def parse(text: str, name: str, base: Path | None = None) -> Source:
    """Validate source text; `name` is the file name used in messages, `base` the folder files are relative to."""
    return parse_located(text, name, base).source


def parse_located(text: str, name: str, base: Path | None = None) -> Located:
    """`parse`, also keeping each field's position in the file."""
    tree = _tree(text, name)
    root = getattr(tree, "lc", None)  # where the first field stands, below any comments
    known = root is not None and root.line is not None  # a tagged text at the top has no position
    positions: dict[FieldPath, tuple[int, int]] = {(): (root.line, root.col) if known else (0, 0)}
    data = _plain(tree, (), positions)
    if data is None:
        raise SourceError([Problem(name, 1, 1, (), "the file is empty; a talk needs at least `talk:` and `slides:`")])

    unusable = _unusable_characters(data, ())

    def at(path: FieldPath, message: str) -> Problem:
        # A missing field has no position: point at the nearest enclosing one.
        for cut in range(len(path), -1, -1):
            if path[:cut] in positions:
                line, column = positions[path[:cut]]
                return Problem(name, line + 1, column + 1, path, message)
        raise AssertionError("the root always has a position")

    try:
        source = Source.model_validate(_cleaned(data))
    except ValidationError as exc:
        explained = [explain(error, data) for error in exc.errors()]
        # "titel: unknown, did you mean 'title'?" already says why 'title' is missing; a text misread
        # as a field explains why the item's required fields seem missing.
        suggested = {(*e.path[:-1], e.suggestion) for e in explained if e.suggestion}
        misread = {e.path[:-1] for e in explained if e.misread}
        problems = [
            at(e.path, e.message)
            for e in explained
            if not (e.missing and (e.path in suggested or e.path[:-1] in misread))
        ]
        problems += [at(path, msg) for path, msg in unusable]
        reported = {e.path for e in explained}
        repaired = _repaired(_cleaned(data), exc)
        if repaired is not None:
            problems += [at(path, msg) for path, msg in repaired.problems() if path not in reported]
        raise SourceError(sorted(set(problems), key=_order)) from None
    if source.bibliography and not unusable:
        source = _with_bibliography(source, base or Path(name).parent, data, at)
    found = [*unusable, *source.problems()]
    if base is not None and not found:
        found = _resolve_files(source, base)
    problems = [at(path, message) for path, message in found]
    if problems:
        raise SourceError(sorted(problems, key=_order))
    return Located(source, name, positions)


# Where libyaml (YAML 1.1) and ruamel's parser (1.2) may read the same text differently: NEL and the
# Unicode line and paragraph separators break lines in 1.1 only; ruamel refuses a tab inside some plain
# texts that libyaml takes, and a byte-order mark past the start or a comment right after | or >; a %YAML
# or %TAG directive; a tag (!name), which the two hand on with different styles; a block text (| or >)
# whose first lines are blank but for spaces; an explicit key (? ) or a colon inside [ ] (the YAML test
# suite's 4QFQ, S98Z, DFF7 and 9MMW).
_READ_APART = re.compile(
    "[\t\x85\u2028\u2029\ufeff]|[|>][-+0-9]*#|^%|(?:^|[\\s\\[{,])!|[|>][-+0-9]* *(?:#.*)?\n +\n"
    "|(?:^|[\\s\\[{,])\\?(?:\\s|$)|\\[[^]{\\n]*(?::[\\s,\\]]|[\"']:)",
    re.MULTILINE,
)
_UNREAD = object()


def _tree(text: str, name: str) -> Any:
    """ruamel's round-trip tree of the text, or SourceError in the author's words.

    libyaml parses (in C); ruamel's own composer, with the alias and depth limits, and its round-trip
    constructor build the tree from those events, so every key and item keeps its line and column.
    Text libyaml refuses, or may read otherwise, is read again by ruamel's pure parser, whose
    messages (and _hint's fixes) are the ones an author gets."""
    tree = _fast_tree(text)
    return _pure_tree(text, name) if tree is _UNREAD else tree


def _fast_tree(text: str) -> Any:
    if CParser is None or _READ_APART.search(text):
        return _UNREAD
    yaml = YAML(typ="rt", pure=True)
    yaml.Composer = _NoAliasComposer
    # ruamel takes a parser already made (its `parser` property keeps it as _parser), so the composer
    # above, not libyaml's own, sees every event: an alias is refused before anything is expanded.
    yaml._parser = CParser(text)
    try:
        return yaml.load(text)
    except Exception:  # any refusal is said by the pure parser below, in its words and at its place
        return _UNREAD


def _pure_tree(text: str, name: str) -> Any:
    yaml = YAML(typ="rt", pure=True)
    yaml.Composer = _NoAliasComposer
    try:
        return yaml.load(text)
    except _TooDeep as exc:
        message = f"lists and groups are nested more than {MAX_DEPTH} levels deep; a talk needs far fewer"
        raise SourceError([Problem(name, exc.line + 1, exc.column + 1, (), message)]) from None
    except _AliasRefused as exc:
        raise SourceError(
            [
                Problem(
                    name,
                    exc.line + 1,
                    exc.column + 1,
                    (),
                    "a value may not start with & or * (YAML's anchors and aliases); "
                    "if you meant *emphasis*, put the whole text in quotes",
                )
            ]
        ) from None
    except ReaderError as exc:
        # A raw control character in the file: ruamel names only its offset.
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else 0
        message = f"the file contains an invisible control character (U+{code:04X}); delete it"
        raise SourceError([Problem(name, line, column, (), message)]) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "syntax error"
        raise SourceError([Problem(name, line, column, (), f"this is not valid YAML: {what}{_hint(what)}")]) from None
    except YAMLError as exc:
        raise SourceError([Problem(name, 1, 1, (), f"this is not valid YAML: {exc}")]) from None
    except Exception as exc:  # ruamel's own failures on YAML no talk has (a list as a key, %YAML 1.3)
        directive = re.search(r"^%YAML", text, re.MULTILINE)
        if directive:
            line = text.count("\n", 0, directive.start()) + 1
            message = "this file asks for a YAML version podium cannot read; delete the %YAML line"
        elif isinstance(exc, TypeError) and "unhashable" in str(exc):
            line, message = 1, "a list or a group stands where a field name belongs; a field name is plain text"
        else:
            line, message = 1, f"this is not YAML podium can read ({exc}); write each field as `name: value`"
        raise SourceError([Problem(name, line, 1, (), message)]) from None


def _resolve_files(source: Source, base: Path) -> list[tuple[FieldPath, str]]:
    """Resolve every picture and template the source names, once (render.source.paths), into
    `source`'s map of resolved files; return the problems of those that cannot be used."""
    from render.source import paths

    found: list[tuple[FieldPath, str]] = []
    named: list[tuple[FieldPath, str, Callable[[str, Path], Path]]] = [
        (("slides", i, "image", "path"), slide.image.path, paths.resolve_picture)
        for i, slide in enumerate(source.slides)
        if slide.image
    ]
    named += [
        (("quiz", "questions", i, "image", "path"), q.image.path, paths.resolve_picture)
        for i, q in enumerate(source.quiz.questions if source.quiz else ())
        if q.image
    ]
    if source.template and source.template.file:
        named.append((("template", "file"), source.template.file, _template_file))
    for where, written, resolve in named:
        try:
            source.resolved_files[written] = resolve(written, base)
        except paths.PathRefused as exc:
            found.append((where, str(exc)))
    return found


def _template_file(written: str, base: Path) -> Path:
    from render.source import paths

    return paths.resolve(written, base, paths.TEMPLATE)


def _with_bibliography(source: Source, folder: Path, data: Any, at: Any) -> Source:
    """Add the cited entries of the talk's reference-manager files to its inline references."""
    from render.source import paths
    from render.source.model import cited_keys
    from render.source.reffiles import read_bibtex, read_csl_json, references

    cited = cited_keys(source)
    inline = {r.id for r in source.references}
    added: list[Any] = []
    problems: list[Problem] = []
    for i, file in enumerate(source.bibliography):
        where = ("bibliography", i) if isinstance(data.get("bibliography"), list) else ("bibliography",)
        readers = {".bib": read_bibtex, ".json": read_csl_json}
        suffix = PurePosixPath(file.replace("\\", "/")).suffix.lower()
        if suffix not in readers:
            expected = "expected a .bib (BibTeX) or .json (CSL JSON) file"
            problems.append(at(where, f"'{file}' is not a reference file; {expected}"))
            continue
        try:
            path = paths.resolve(file, folder, paths.BIBLIOGRAPHY)
            text = paths.read_regular(path, paths.BIBLIOGRAPHY, f"'{file}'").decode("utf-8")
        except paths.PathRefused as exc:
            problems.append(at(where, f"{exc}; the path is relative to the talk's .yaml file"))
            continue
        except UnicodeDecodeError:
            problems.append(at(where, f"'{path}' is not UTF-8 text; export it again as UTF-8"))
            continue
        try:
            found = references(readers[suffix](text, str(path)), cited, str(path))
        except SourceError as exc:
            problems.extend(exc.problems)
            continue
        for ref in found:
            if ref.id in inline or any(r.id == ref.id for r in added):
                problems.append(at(where, f"the reference '{ref.id}' is defined twice; '{file}' has it too"))
            else:
                added.append(ref)
    if problems:
        raise SourceError(problems)
    return source.model_copy(update={"references": [*source.references, *added]})


def _plain(node: Any, path: FieldPath, positions: dict[FieldPath, tuple[int, int]]) -> Any:
    """ruamel's round-trip tree -> plain dicts and lists, recording where each value stands."""
    if isinstance(node, CommentedMap):
        out = {}
        for key, value in node.items():
            key_text = str(key)
            # An ordered map (!!omap) keeps no place for its keys: they take the map's own.
            positions[(*path, key_text)] = node.lc.key(key) or positions.get(path, (0, 0))
            out[key_text] = _plain(value, (*path, key_text), positions)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for i, value in enumerate(node):
            positions[(*path, i)] = node.lc.item(i)
            items.append(_plain(value, (*path, i), positions))
        return items
    if isinstance(node, str):
        return str(node)  # drop ruamel's scalar string subclasses
    return node


def _repaired(data: Any, error: ValidationError, rounds: int = 3) -> Source | None:
    """The source with each failing field dropped (a missing one stood in for), if that validates.

    Only for the cross-reference checks: their paths are unchanged, because list items are never removed.
    """
    for _ in range(rounds):
        for n, problem in enumerate(error.errors()):
            path = _data_path(problem["loc"], data)
            if not path:
                return None
            parent = data
            for part in path[:-1]:
                parent = parent[part] if isinstance(parent, dict | list) else None
            last = path[-1]
            if not isinstance(parent, dict) or not isinstance(last, str):
                return None
            if problem["type"] == "missing":
                parent[last] = {"id": f"missing{n}", "answer": "A"}.get(last, "?")
            else:
                parent.pop(last, None)
        try:
            return Source.model_validate(data)
        except ValidationError as again:
            error = again
    return None


def _hint(problem: str) -> str:
    """What usually causes a YAML syntax error in a talk, and its fix."""
    if "'\\t'" in problem or "\t" in problem:
        return "; indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "; if the text contains ': ', put the whole text in quotes"
    if "cannot start any token" in problem or "expected <block end>" in problem:
        return "; text that starts with [, @, ` or another sign must be put in quotes"
    return ""


def _unusable_characters(node: Any, path: FieldPath) -> list[tuple[FieldPath, str]]:
    """Every text or field name holding a character documents cannot hold, named by its field."""
    found: list[tuple[FieldPath, str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if bad := _NOT_XML.search(key):
                found.append(((*path, _NOT_XML.sub("?", key)), f"the field name {_character(bad[0])}"))
            found += _unusable_characters(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _unusable_characters(value, (*path, i))
    elif isinstance(node, str) and (bad := _NOT_XML.search(node)):
        found.append((path, f"the text {_character(bad[0])}"))
    elif isinstance(node, str) and "](" in node:
        # A link opens on a click in the deck or PDF: a local file, a share or a script must not.
        for href in link_targets(node):
            if not _WEB_LINK.match(href):
                message = f"the link to '{href}' is not a web address; expected https://, http:// or mailto:"
                found.append((path, message))
    return found


def _character(char: str) -> str:
    return (
        f"contains U+{ord(char):04X}, a control or broken character that slides and PDFs cannot hold; "
        "delete it (it often comes invisibly with text pasted from another program)"
    )


def _cleaned(node: Any) -> Any:
    # Validation sees the text without such characters, so each is reported once, by the check above.
    if isinstance(node, dict):
        return {_NOT_XML.sub("?", k): _cleaned(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_cleaned(v) for v in node]
    return _NOT_XML.sub("?", node) if isinstance(node, str) else node


@dataclass(frozen=True)
class Explained:
    """One validation error in the author's words, with what it implies for the other errors."""

    path: FieldPath
    message: str
    missing: bool = False  # a required field is absent
    misread: bool = False  # a line of text that YAML read as `field: value`
    suggestion: str | None = None  # the known field an unknown one was probably meant to be


def explain(error: Any, data: Any) -> Explained:
    """One pydantic error -> (path into the file, message in the author's words)."""
    path = _data_path(error["loc"], data)
    kind = error["type"]
    ctx = error.get("ctx", {})
    value = error.get("input")
    field = path[-1] if path and isinstance(path[-1], str) else None
    if kind == "missing":
        return Explained(path, f"'{field}' is missing; it is required here", missing=True)
    if kind == "extra_forbidden":
        known = sorted(_fields_at(path[:-1]))
        close = difflib.get_close_matches(str(field), known, n=1)
        parent = _value_at(data, path[:-1])
        in_list = len(path) >= 2 and isinstance(path[-2], int)
        if not close and in_list and isinstance(parent, dict) and len(parent) == 1 and isinstance(value, str | int):
            # `- Point 1: text` is a mapping in YAML; the author meant one line of text.
            message = (
                f"'{field}: {value}' reads as a field name and value because of the ': '; "
                "if this is text, put it in quotes"
            )
            return Explained(path, message, misread=True)
        hint = f"did you mean '{close[0]}'?" if close else f"expected one of: {', '.join(known)}"
        if not close and isinstance(value, str):
            hint += "; if this line is text containing ': ', put the whole text in quotes"
        return Explained(path, f"unknown field '{field}'; {hint}", suggestion=close[0] if close else None)
    if kind in ("string_too_long", "too_long") and isinstance(value, str):
        return Explained(path, f"is {len(value)} characters long; at most {ctx.get('max_length')} fit here")
    if kind == "string_too_short":
        return Explained(path, "is empty; write some text here or remove the field")
    if kind == "string_type":
        return Explained(path, f"expected text, found {_describe(value)}")
    if kind == "list_type":
        return Explained(path, f"expected a list (lines starting with '- '), found {_describe(value)}")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return Explained(path, f"expected fields written as 'name: value' lines, found {_describe(value)}")
    if kind == "literal_error":
        return Explained(path, f"'{value}' is not allowed here; expected one of: {ctx.get('expected', '')}")
    if kind == "string_pattern_mismatch":
        if field == "answer" or "answer" in path:
            return Explained(path, f"'{value}' is not an answer letter; expected an option's letter such as C")
        return Explained(path, f"'{value}' is not a usable id; ids start with a letter and use letters, digits, - or _")
    if kind in ("less_than_equal", "greater_than_equal"):
        bound = ctx.get("le", ctx.get("ge"))
        side = "at most" if kind == "less_than_equal" else "at least"
        return Explained(path, f"expected a number {side} {bound}, found {_describe(value)}")
    if kind in ("bool_parsing", "bool_type"):
        return Explained(path, f"expected true or false, found {_describe(value)}")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return Explained(path, f"expected a whole number, found {_describe(value)}")
    if kind in ("float_parsing", "float_type", "finite_number"):
        return Explained(path, f"expected a number (such as 12 or 3.5), found {_describe(value)}")
    if kind == "too_short":
        if isinstance(value, str):
            return Explained(path, "is empty; write some text here or remove the field")
        return Explained(path, "needs at least one entry")
    if kind == "value_error" and "error" in ctx:
        return Explained(path, f"{_describe(value)} is not usable here; {ctx['error']}")
    return Explained(path, str(error["msg"]))


def _data_path(loc: tuple[Any, ...], data: Any) -> FieldPath:
    """Keep only the parts of pydantic's location that exist in the data (drops validator tags)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            path.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            path.append(part)
            node = node[part] if part < len(node) else None
        elif node is None and isinstance(part, str) and not _is_tag(part):
            path.append(part)  # a missing field below a missing one
    return tuple(path)


def _value_at(data: Any, path: FieldPath) -> Any:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _is_tag(part: str) -> bool:
    return "[" in part or part in ("str", "int", "list", "dict")


def _fields_at(path: FieldPath) -> set[str]:
    """The field names the model allows at a place in the file (for "did you mean")."""
    model: Any = Source
    for part in path:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation if part in model.model_fields else None
        model = next(_models_in(annotation), None)
        if model is None:
            return set()
    return set(model.model_fields)


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            yield from _models_in(arg)


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _order(problem: Problem) -> tuple[int, int, str, str]:
    # By place in the file; ties in a fixed order, so every run prints the same list.
    return (problem.line, problem.column, format_path(problem.path), problem.message)
