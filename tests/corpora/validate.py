"""Check the hand-labelled corpora under tests/corpora/*/.

    .venv/bin/python tests/corpora/validate.py              # every tests/corpora/*/*.yaml
    .venv/bin/python tests/corpora/validate.py FILE [...]   # just these files

Each corpus file is a YAML mapping with a `schema` block that names every label
and the values it may take, and a list of entries under `replies` (or `items`,
or `answers`):

    schema:
      apologizes: [true, false]
      next-step: [timed, untimed, none]
    replies:
      - id: t001
        text: |
          ...
        labels: {apologizes: true, next-step: timed}
        note: optional
        tags: [optional, list]

Checked: the file parses; the schema is a mapping of label -> non-empty list of
values; every entry has an id, unique across all files in the same folder (so a
tune and a held-out split can't share one), and labels with exactly the
schema's keys and allowed values; no key is repeated; a `text`, where an entry
has one, is not empty and does not appear twice in the folder (a reply in both
splits would leak). Other fields an entry carries (its own inputs, say) are
left alone. Every problem is printed as `file:line: field: what is wrong`.
Exit status 1 if any.
"""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ENTRY_KEYS = ("replies", "items", "answers")


class Problems:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, path: Path, node: yaml.Node | None, field: str, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.lines.append(f"{_show(path)}:{line}: {field}: {message}")


def _show(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _pairs(node: yaml.MappingNode) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
    return [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]


def _duplicate_keys(path: Path, node: yaml.MappingNode, where: str, problems: Problems) -> None:
    seen: set[str] = set()
    for key, _value in _pairs(node):
        if key.value in seen:
            problems.add(path, key, f"{where}{key.value}", "this key appears twice (YAML keeps only the last)")
        seen.add(key.value)


def _child(node: yaml.MappingNode, name: str) -> yaml.Node | None:
    for key, value in _pairs(node):
        if key.value == name:
            return value
    return None


def check_file(path: Path, problems: Problems, ids: dict[str, tuple[Path, int]],
               texts: dict[str, tuple[Path, str]]) -> int:
    """Check one corpus file; returns how many entries it holds."""
    source = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(source)
        data: Any = yaml.safe_load(source)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problems.lines.append(f"{_show(path)}:{line}: (file): not valid YAML: {getattr(err, 'problem', err)}")
        return 0
    if not isinstance(root, yaml.MappingNode) or not isinstance(data, dict):
        problems.add(path, root, "(file)", "must be a mapping with `schema` and `replies`")
        return 0
    _duplicate_keys(path, root, "", problems)

    schema_node = _child(root, "schema")
    schema = data.get("schema")
    if not isinstance(schema, dict) or not schema or not isinstance(schema_node, yaml.MappingNode):
        problems.add(path, schema_node or root, "schema",
                     "missing: a mapping from each label to its allowed values, "
                     "e.g. {next-step: [timed, untimed, none]}")
        return 0
    _duplicate_keys(path, schema_node, "schema.", problems)
    allowed: dict[str, list[Any]] = {}
    for key, value_node in _pairs(schema_node):
        values = schema.get(key.value)
        if not isinstance(values, list) or not values:
            problems.add(path, value_node, f"schema.{key.value}", "must be a non-empty list of allowed values")
        elif len({repr(v) for v in values}) != len(values):
            problems.add(path, value_node, f"schema.{key.value}", "lists a value twice")
        else:
            allowed[key.value] = values

    entry_key = next((k for k in ENTRY_KEYS if k in data), None)
    entries_node = _child(root, entry_key) if entry_key else None
    entries = data.get(entry_key) if entry_key else None
    if not isinstance(entries, list) or not entries or not isinstance(entries_node, yaml.SequenceNode):
        problems.add(path, entries_node or root, entry_key or "replies",
                     f"missing or empty: a list of entries under one of {', '.join(ENTRY_KEYS)}")
        return 0

    for n, (entry, node) in enumerate(zip(entries, entries_node.value, strict=True), 1):
        where = f"{entry_key}[{n}]"
        if not isinstance(entry, dict) or not isinstance(node, yaml.MappingNode):
            problems.add(path, node, where, "must be a mapping with an id and labels")
            continue
        _duplicate_keys(path, node, f"{where}.", problems)
        entry_id = entry.get("id")
        id_node = _child(node, "id")
        if not isinstance(entry_id, str) or not entry_id.strip():
            problems.add(path, id_node or node, f"{where}.id", "missing: a short unique name such as t001")
        else:
            where = f"{entry_key}[{entry_id}]"
            if entry_id in ids:
                first, line = ids[entry_id]
                problems.add(path, id_node, f"{where}.id", f"id already used at {_show(first)}:{line}")
            else:
                ids[entry_id] = (path, (id_node or node).start_mark.line + 1)

        text = entry.get("text")
        text_node = _child(node, "text")
        if "text" not in entry:
            pass
        elif not isinstance(text, str) or not text.strip():
            problems.add(path, text_node or node, f"{where}.text", "empty")
        else:
            normal = " ".join(text.split()).lower()
            if normal in texts:
                other_path, other_id = texts[normal]
                problems.add(path, text_node, f"{where}.text",
                             f"same text as {other_id} in {_show(other_path)}")
            else:
                texts[normal] = (path, str(entry_id))

        for field, kind in (("note", str), ("tags", list)):
            if field in entry and not isinstance(entry[field], kind):
                problems.add(path, _child(node, field), f"{where}.{field}",
                             "must be text" if kind is str else "must be a list")

        labels = entry.get("labels")
        labels_node = _child(node, "labels")
        if not isinstance(labels, dict) or not isinstance(labels_node, yaml.MappingNode):
            problems.add(path, labels_node or node, f"{where}.labels",
                         f"missing: a mapping with {', '.join(schema)}")
            continue
        _duplicate_keys(path, labels_node, f"{where}.labels.", problems)
        for label in schema:
            if label not in labels:
                problems.add(path, labels_node, f"{where}.labels.{label}", "missing")
        for key, value_node in _pairs(labels_node):
            label = key.value
            if label not in schema:
                problems.add(path, key, f"{where}.labels.{label}",
                             f"not in the schema (labels are: {', '.join(schema)})")
                continue
            value = labels.get(label)
            if label in allowed and not any(type(value) is type(v) and value == v for v in allowed[label]):
                shown = ", ".join(str(v).lower() if isinstance(v, bool) else str(v) for v in allowed[label])
                problems.add(path, value_node, f"{where}.labels.{label}", f"{value!r} is not one of: {shown}")
    return len(entries)


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted(HERE.glob("*/*.y*ml"))
    if not paths:
        print(f"no corpus files under {_show(HERE)}/*/")
        return 1
    problems = Problems()
    by_folder: dict[Path, list[Path]] = defaultdict(list)
    for path in paths:
        by_folder[path.parent].append(path)
    for _folder, files in sorted(by_folder.items()):
        ids: dict[str, tuple[Path, int]] = {}
        texts: dict[str, tuple[Path, str]] = {}
        for path in files:
            if not path.is_file():
                problems.lines.append(f"{_show(path)}:1: (file): no such file")
                continue
            count = check_file(path, problems, ids, texts)
            print(f"{_show(path)}: {count} entries")
    for line in problems.lines:
        print(line)
    if problems.lines:
        print(f"{len(problems.lines)} problem(s)")
        return 1
    print("all corpus files are valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
