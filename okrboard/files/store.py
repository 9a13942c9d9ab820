"""Saving: the model written back to its file with the fewest line changes, atomically.

Every edit takes the same path: encode the edited part of the model to a plain dict,
:func:`sync` it into the file's tomlkit document (changing only what differs, so comments
and layout survive and an unedited save is byte-identical), then :func:`atomic_write`.
A save refuses to overwrite a file that changed on disk since it was read, or one that
could not be read as TOML: the user must see that first.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okrboard.domain import ids
from okrboard.domain.ids import BOARD_FILE
from okrboard.domain.model import Board, KpiSet, Part, Roadmap, TeamQuarter
from okrboard.domain.problems import bare_key
from okrboard.domain.schema import same
from okrboard.files import codec, sections, toml
from okrboard.files.atomic import atomic_write
from okrboard.files.load import LoadedBoard, Source

if TYPE_CHECKING:
    from tomlkit.items import Array, InlineTable, Item

# tomlkit (about 40 ms to import) loads on the first write, never at start-up.


class SaveRefused(Exception):
    """A save that would lose something; the message says what and what to do."""


class ChangedOnDisk(SaveRefused):
    """The file changed on disk since the board read it (another writer, a pull): the
    user chooses what to keep."""


class Inline(dict):
    """A table that is written inline (``{ a = 1 }``), as a field's value is."""


BOM = "\ufeff"


def render(text: str | None, plain: dict[str, Any], old: dict[str, Any] | None = None) -> str:
    """``text`` edited so that it holds ``plain``; a new document when ``text`` is None.
    ``old``: what ``text`` holds, when it has been parsed already."""
    if text and text.startswith(BOM):  # a Windows editor's byte-order mark: kept, not parsed
        return BOM + render(text[len(BOM) :], plain, old)
    if text and "\r\n" in text and text.count("\r\n") == text.count("\n"):
        # A file written with CRLF line ends keeps them: edit its LF form, then put them back.
        return render(text.replace("\r\n", "\n"), plain, old).replace("\n", "\r\n")
    # lazy: tomlkit loads on the first write, never at start-up
    import tomlkit

    if text is not None:
        edited = _render_tables(text, plain, toml.loads(text) if old is None else old)
        if edited is not None:
            return edited
    doc = tomlkit.parse(text) if text is not None else tomlkit.document()
    sync(doc, plain)
    return doc.as_string()


def _render_tables(text: str, plain: dict[str, Any], old: dict[str, Any]) -> str | None:
    """``render`` for an edit inside tables (a KR, a card, a node; the twelve KRs a
    measure run checks in): only those tables' sections are parsed with tomlkit and
    written again, the rest of the text kept as it is. tomlkit takes 20 ms over an
    organisation's 12 KB team file, and a check-in changes one section of it. None when
    the edit is not so confined, the sections cannot be told apart without parsing, or
    the text written, read back, does not hold ``plain`` (then the whole file is
    rendered)."""
    paths = _edited_tables(old, plain)
    if not paths or () in paths:
        return None
    spans = []
    for path in paths:
        span = sections.table_span(text, path)
        if span is None:
            return None
        spans.append((span, path))
    out, after = text, len(text)
    for (start, end), path in sorted(spans, reverse=True):  # from the end: offsets hold
        if end > after:
            return None  # sections that overlap
        piece = _render_section(text[start:end], path, old, plain)
        if piece is None:
            return None
        out, after = out[:start] + piece + out[end:], start
    try:
        written = toml.loads(out)
    except toml.TomlError:
        return None
    # == first (the text outside the edited tables is kept as it was, so only they can
    # hold a true that reads as 1); same() over the whole file when NaN makes == fail
    if written == plain and all(same(_at(written, p), _at(plain, p)) for p in paths):
        return out
    return out if same(written, plain) else None


def _render_section(section: str, path: tuple[str, ...], old: dict, plain: dict) -> str | None:
    """The text of one table's sections, edited to hold ``plain``'s table at ``path``."""
    # lazy: tomlkit loads on the first write, never at start-up
    import tomlkit

    try:  # whether the section held the whole table, _render_tables checks in the end
        edited = _edited_lines(section, _at(old, path), _at(plain, path))
        if edited is not None:
            return edited
        doc = tomlkit.parse(section)
        sync(_at(doc, path), _at(plain, path))
        return doc.as_string()
    except (toml.TomlError, KeyError, TypeError):
        return None


def _edited_lines(section: str, old: dict, new: dict) -> str | None:
    """``section`` edited as lines of text, as ``sync`` would edit it, for the edit a
    check-in makes (what ``okrboard measure`` makes to every KR): elements added at the
    end of an array written one element a line, and values written ``key = value`` on
    lines of their own replaced. Parsing a KR of 13 check-ins with tomlkit takes 1 ms;
    None for any other edit."""
    differ = [k for k in old.keys() | new.keys() if not same(old.get(k), new.get(k))]
    lists = [k for k in differ if isinstance(old.get(k), list)]
    if len(lists) > 1 or not all(_one_line(old.get(k)) for k in differ if k not in lists):
        return None
    for key in differ:
        if key in lists:
            edited = _appended(section, key, old[key], new.get(key))
        elif _one_line(new.get(key)):
            was, now = f"{key} = {_text(old[key])}\n", f"{key} = {_text(new[key])}\n"
            found = [m.start() for m in re.finditer(rf"^{re.escape(was)}", section, re.MULTILINE)]
            at = found[0] if len(found) == 1 else None
            edited = None if at is None else section[:at] + now + section[at + len(was) :]
        else:
            return None
        if edited is None:
            return None
        section = edited
    return section


def _one_line(value: Any) -> bool:
    """A value written on its key's line (a number, a date, a string of one line)."""
    kinds = int | float | bool | dt.date
    return isinstance(value, kinds) or (isinstance(value, str) and "\n" not in value)


def _text(value: Any) -> str:
    return _plain_text(value) or new_item(value).as_string()


_SIMPLE = re.compile(r"[ !#-\[\]-~]*")  # printable ASCII but " and \: nothing to escape


def _plain_text(value: Any) -> str | None:
    """A number, date or simple string as tomlkit writes it, made without it (a measure
    run writes 6,000 check-ins); None for anything else."""
    kind = type(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int or kind is float or kind is dt.date:
        return str(value)
    if kind is str and _SIMPLE.fullmatch(value):
        return f'"{value}"'
    return None


def _appended(section: str, key: str, before: list, after: Any) -> str | None:
    """``section`` with the elements ``after`` adds at the end of ``before`` (an array
    written one element a line, each with its comma) as lines; None otherwise."""
    if not isinstance(after, list) or not before or len(after) <= len(before):
        return None  # that ``after`` starts with ``before``, _render_tables checks in the end
    opening = list(re.finditer(rf"^{re.escape(key)} = \[\n", section, re.MULTILINE))
    end = (
        re.compile(r"^\]", re.MULTILINE).search(section, opening[0].end())
        if len(opening) == 1
        else None
    )
    if end is None:
        return None
    lines = section[opening[0].end() : end.start()].splitlines()
    if len(lines) != len(before) or not all(line.rstrip().endswith(",") for line in lines):
        return None
    indent = lines[0][: len(lines[0]) - len(lines[0].lstrip())]
    added = "".join(f"{indent}{_inline_text(value)},\n" for value in after[len(before) :])
    return section[: end.start()] + added + section[end.start() :]


def _edited_tables(
    old: dict[str, Any], new: dict[str, Any], path: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    """The paths of the innermost section tables that hold every difference of ``new``
    from ``old`` (``()`` among them: the edit reaches the top of the file)."""
    differ = [k for k in old.keys() | new.keys() if not same(old.get(k), new.get(k))]
    tables = [
        k
        for k in differ
        if isinstance(old.get(k), dict)
        and isinstance(new.get(k), dict)
        and not isinstance(new.get(k), Inline)
    ]
    if len(tables) < len(differ):  # a value of this table itself changed
        return [path]
    return [found for k in tables for found in _edited_tables(old[k], new[k], (*path, k))]


def _at(table: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        table = table[key]
    return table


def save_file(board: LoadedBoard, rel: str, plain: dict[str, Any]) -> bool:
    """Write ``plain`` into the board file ``rel``; True if the file changed.

    Raises SaveRefused when an edited file changed on disk since the board read it, or
    could not be read as TOML then.
    """
    if not edited(board, rel, plain):
        return False  # nothing edited: whatever happened on disk is not ours to judge
    return write_checked(board, rel, plain, check_unchanged(board, rel))


def board_path(root: Path, rel: str) -> Path:
    """The file ``rel`` of the board at ``root``, the one door to a board file by name;
    SaveRefused when it would lead outside the board (``ids.inside_board``)."""
    if not ids.inside_board(root, rel):
        raise SaveRefused(
            f"{rel!r} is not a file inside the board (a team, quarter or id that is not a "
            "valid id?); nothing was written"
        )
    return Path(root, rel)


def rendered(
    board: LoadedBoard, rel: str, plain: dict[str, Any], current: bytes | None
) -> bytes | None:
    """The bytes ``rel`` should hold for ``plain``, from its bytes ``current`` (just checked
    against what the board read, ``check_unchanged``); None when they are the same."""
    source: Source | None = board.sources.get(rel)
    text = current.decode("utf-8") if current is not None else None
    new = render(text, plain, source.plain if source is not None else None).encode("utf-8")
    return None if new == current else new


def write_checked(
    board: LoadedBoard, rel: str, plain: dict[str, Any], current: bytes | None
) -> bool:
    """Write ``plain`` into ``rel`` (see ``rendered``); True if the file changed."""
    path = board_path(board.root, rel)
    new = rendered(board, rel, plain, current)
    if new is None:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, new)
    written = board.sources[rel] = Source(new)
    written.text, written.parsed = new.decode("utf-8"), True
    return True


def edited(board: LoadedBoard, rel: str, plain: dict[str, Any]) -> bool:
    """Whether ``plain`` differs from what the board read from ``rel``."""
    source: Source | None = board.sources.get(rel)
    if source is None or not source.parsed:
        return True
    if source.plain is None:  # kept for the save that follows (store.render)
        source.plain = toml.loads(source.text or "")  # parsed: it has text
    return not same(source.plain, plain)


def check_unchanged(board: LoadedBoard, rel: str) -> bytes | None:
    """The bytes of ``rel`` on disk (None: no file); SaveRefused when they are not what
    the board read, or the file could not be read as TOML."""
    path = board_path(board.root, rel)
    source: Source | None = board.sources.get(rel)
    current = path.read_bytes() if path.exists() else None
    if source is None and current is not None:
        raise SaveRefused(f"{rel}: a file appeared on disk since the board was read; reload first")
    if source is not None:
        if current is None:
            raise SaveRefused(f"{rel}: the file was deleted on disk; reload first")
        if Source(current).digest != source.digest:
            raise ChangedOnDisk(f"{rel}: the file changed on disk since it was read; reload first")
        if not source.parsed:
            raise SaveRefused(f"{rel}: the file has errors and is read-only until they are fixed")
        if source.conflicts:
            raise SaveRefused(
                f"{rel}: the file has merge conflicts and is read-only until they are "
                "resolved (the app's resolver, or by hand)"
            )
    return current


def encoded(part: Part) -> tuple[str, dict[str, Any]]:
    """The file a part of the board lives in, and the plain content it should hold."""
    if isinstance(part, Board):
        return BOARD_FILE, inline_fields(codec.encode_board(part))
    if isinstance(part, TeamQuarter):
        plain = codec.encode_okrs(part)
    elif isinstance(part, Roadmap):
        plain = codec.encode_roadmap(part)
    elif isinstance(part, KpiSet):
        plain = codec.encode_kpis(part)
    else:
        plain = codec.encode_tree(part)
    return part.path.as_posix(), inline_fields(plain)


def save(board: LoadedBoard, part: Part) -> bool:
    """Save one part of the board (board.toml, an OKR file, a roadmap or a tree)."""
    return save_file(board, *encoded(part))


def save_all(board: LoadedBoard) -> list[str]:
    """Save every part of the board; the files that changed."""
    parts: list[Part] = [board, *board.okrs.values(), *board.roadmaps.values()]
    parts += [*board.trees.values(), *board.kpis.values()]
    return [encoded(p)[0] for p in parts if save(board, p)]


def inline_fields(plain: dict[str, Any]) -> dict[str, Any]:
    """Mark the tables of a file's plain dict that are values, to be written inline.

    Top-level tables and the items of a collection (``objectives``, ``key_results``,
    ``themes``, ``nodes``) are sections with a [header]; a table that is an item's field
    (``impact = { … }``) is written inline.
    """

    def walk(table: dict, is_collection: bool) -> dict:
        out: dict[str, Any] = {}
        for key, value in table.items():
            if not isinstance(value, dict):
                out[key] = value
            elif is_collection:
                out[key] = walk(value, is_collection=False)
            elif _is_collection(value):
                out[key] = walk(value, is_collection=True)
            else:
                out[key] = Inline(value)
        return out

    return {
        key: walk(value, _is_collection(value)) if isinstance(value, dict) else value
        for key, value in plain.items()
    }


def _is_collection(table: dict) -> bool:
    """A table whose every value is a table (``objectives``, ``key_results``, ``nodes``)."""
    return bool(table) and all(isinstance(v, dict) for v in table.values())


# -- the minimal edit ------------------------------------------------------------------------


def sync(container: Any, new: dict[str, Any]) -> None:
    """Make the tomlkit ``container`` hold ``new``, touching only what differs."""
    # lazy: tomlkit loads on the first write, never at start-up
    from tomlkit.items import Array

    for key in [k for k in container if k not in new]:
        del container[key]
    for key, value in new.items():
        if key not in container:
            container[key] = new_item(value)
            continue
        current = container[key]
        if isinstance(value, dict) and not isinstance(value, Inline) and _is_section(current):
            sync(current, value)
        elif isinstance(value, list) and isinstance(current, Array) and _on_one_line(current):
            if not same(_plain(current), value):  # tomlkit's edit would drop the spaces
                container[key] = new_item(value)
        elif isinstance(value, list) and isinstance(current, Array):
            _sync_array(current, value)
        elif not same(_plain(current), value):
            container[key] = new_item(value)


def _on_one_line(array: Any) -> bool:
    """An array of plain values written on one line (``band = [40, 100]``): written
    again whole when it changes, as a new one is."""
    return "\n" not in array.as_string() and not any(isinstance(v, dict) for v in _plain(array))


def _is_section(item: Any) -> bool:
    # lazy: tomlkit loads on the first write, never at start-up
    from tomlkit.items import AoT, InlineTable

    return hasattr(item, "keys") and not isinstance(item, InlineTable | AoT)


def _plain(item: Any) -> Any:
    return item.unwrap() if hasattr(item, "unwrap") else item


def _sync_array(array: Array, new: list) -> None:
    """Edit ``array`` element by element, so one added check-in is one added line."""
    # lazy: loads on first use, not at start-up (docs/performance.md)
    import difflib

    old = _plain(array)
    if same(old, new):
        return
    trailing = _trailing_comma(array)
    keys_old = [value_key(v) for v in old]
    keys_new = [value_key(v) for v in new]
    matcher = difflib.SequenceMatcher(a=keys_old, b=keys_new, autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        for index in reversed(range(i1, i2)):
            del array[index]
        for offset, value in enumerate(new[j1:j2]):
            array.insert(i1 + offset, new_item(value, nested=True))
    if trailing and new and not _trailing_comma(array):
        # every element replaced: tomlkit drops the last comma, and the next line added
        # would change two lines; one element per line, each with its comma, as written
        array.multiline(True)


def _trailing_comma(array: Array) -> bool:
    return array.as_string().rstrip().removesuffix("]").rstrip().endswith(",")


def value_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def new_item(value: Any, nested: bool = False) -> Item:
    """A tomlkit item for a plain value, formatted as board files are."""
    # lazy: tomlkit loads on the first write, never at start-up
    import tomlkit

    if isinstance(value, Inline) or (nested and isinstance(value, dict)):
        return _inline(value)
    if isinstance(value, dict):
        table = tomlkit.table(is_super_table=_is_collection(value))
        for key, sub in value.items():
            table[key] = new_item(sub)
        if not any(isinstance(sub, dict) and not isinstance(sub, Inline) for sub in value.values()):
            table.add(tomlkit.nl())  # a blank line before the next [header]
        return table
    if isinstance(value, list):
        array = tomlkit.array()
        array.extend(new_item(v, nested=True) for v in value)
        if any(isinstance(v, dict) for v in value):
            array.multiline(True)
        return array
    if isinstance(value, str) and "\n" in value and "\r" not in value and not nested:
        # Multi-line strings read "\r\n" back as "\n": only for text without "\r".
        return tomlkit.string(value, multiline=True)
    return tomlkit.item(value)


def _inline(value: dict) -> InlineTable:
    """An inline table written ``{ a = 1, b = 2 }`` (tomlkit's own omits the spaces)."""
    # lazy: tomlkit loads on the first write, never at start-up
    import tomlkit

    return tomlkit.parse(f"v = {_inline_text(value)}")["v"]


def _inline_text(value: dict) -> str:
    # lazy: tomlkit loads on the first write, never at start-up
    import tomlkit

    parts = [
        f"{k if bare_key(k) else tomlkit.key(k).as_string()} = "
        f"{_plain_text(v) or new_item(v, nested=True).as_string()}"
        for k, v in value.items()
    ]
    return "{ " + ", ".join(parts) + " }" if parts else "{}"
