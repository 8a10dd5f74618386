"""The YAML loader: positions, NFC, no retyping, and hostile input refused with a line."""

from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path

import pytest

from generator import loader
from generator.loader import Document, Problem, load, parse


def test_lines_of_keys_and_nested_values():
    doc = parse("a: 1\nb:\n  - x: 2\n    y: 3\n", "f.yml")
    assert isinstance(doc, Document)
    assert doc.line(("b", 0, "y")) == 4
    assert doc.line(("b", 0, "missing")) == 3  # nearest parent


def test_text_is_nfc():
    nfd = unicodedata.normalize("NFD", "name: Nguyễn Thị Hoa\n")
    doc = parse(nfd, "f.yml")
    assert doc.data["name"] == unicodedata.normalize("NFC", "Nguyễn Thị Hoa")


@pytest.mark.parametrize("raw,value", [("NO", "NO"), ("010", "010"), ("12:30", "12:30"), ("1e3", "1e3"),
                                       ("2019-01-01", "2019-01-01"), ("true", True), ("~", None), ("yes", "yes")])
def test_scalars_are_not_retyped(raw, value):
    assert parse(f"v: {raw}\n", "f.yml").data["v"] == value


@pytest.mark.parametrize("text,line,message", [
    ("a: 1\nb: 2\na: 3\n", 3, "a: duplicate key"),
    ("a: &x [1]\nb: *x\n", 2, "YAML aliases (*name) are not allowed"),
    ("a:\n\tb: 1\n", 2, "use spaces, not tabs"),
    ("a: !!python/object/apply:os.system [ls]\n", 1, "is not allowed"),
    ("a: !custom x\n", 1, "is not allowed"),
    ("<<: {a: 1}\n", 1, "merge keys"),
    ("a: [1, 2\n", 2, "YAML syntax error"),
    ("a: 1\nb: " + "[" * 100 + "]" * 100 + "\n", 2, "nesting deeper than"),
])
def test_hostile_yaml_is_a_problem_with_a_line(text, line, message):
    result = parse(text, "f.yml")
    assert isinstance(result, Problem), result
    assert result.line == line and message in result.message, str(result)


def test_billion_laughs_is_refused_fast():
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}," 
        f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(8))
    result = parse(bomb, "bomb.yml")
    assert isinstance(result, Problem) and result.line == 2 and "aliases" in result.message


def test_binary_and_wrong_encoding(tmp_path):
    (tmp_path / "bin.yml").write_bytes(b"a: 1\n\x00\x01\x02\xff")
    (tmp_path / "latin.yml").write_bytes(b"a: 1\nname: Nguy\xe3n\n")  # Latin-1, not UTF-8
    (tmp_path / "utf16.yml").write_bytes("a: 1\n".encode("utf-16"))
    assert "not UTF-8" in load(tmp_path / "latin.yml").message and load(tmp_path / "latin.yml").line == 2
    assert "not UTF-8" in load(tmp_path / "bin.yml").message
    assert "not UTF-8" in load(tmp_path / "utf16.yml").message


def test_utf8_bom_is_accepted(tmp_path):
    (tmp_path / "bom.yml").write_bytes(b"\xef\xbb\xbfname: Hoa\n")
    assert load(tmp_path / "bom.yml").data == {"name": "Hoa"}


def test_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "big.yml"
    with path.open("wb") as fh:
        fh.write(b"story: |\n")
        fh.write(b"  " + b"x" * 1000 + b"\n" * 1)
        fh.seek(20 * 1024 * 1024)
        fh.write(b"\n")
    result = load(path)
    assert isinstance(result, Problem) and "over the" in result.message and result.line == 1


def test_control_characters_are_a_problem():
    result = parse("a: b\x07c\n", "f.yml")
    assert isinstance(result, Problem) and result.line == 1


def test_listed_files_are_in_path_order_with_their_shown_paths(tmp_path, monkeypatch):
    # Names where string order and path order differ ("a-b/…" < "a/…" as text, not as parts).
    root = tmp_path / "content"
    for rel in ["a/z.yml", "a-b/c.yml", "a.yml", "a/b/c.yml", "a/b-c.yml", "b.yml", ".hidden.yml", "a/.x/y.yml"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x: 1\n", encoding="utf-8")
    problems: list = []
    listed = loader.listed_files(root.absolute(), root.absolute(), problems, str)
    # By parts: "a" < "a-b" < "a.yml", and in a/: "b" (a folder) < "b-c.yml" < "z.yml".
    expected = ["a/b/c.yml", "a/b-c.yml", "a/z.yml", "a-b/c.yml", "a.yml", "b.yml"]
    assert [os.path.relpath(p, root) for p in listed] == expected and not problems
    assert listed == [str(p) for p in sorted(map(Path, listed))]
    assert loader.content_files(root, root, [], str) == [root / rel for rel in expected]
    monkeypatch.chdir(tmp_path)  # shown from the current folder, and from outside the project
    for base in (tmp_path, Path("."), root / "a", Path("/")):
        assert loader.shown_paths(listed, base) == [loader.shown_path(Path(p), base) for p in listed]
    assert loader.shown_paths(listed, tmp_path)[3] == "content/a-b/c.yml"


def test_a_folder_nested_deeper_than_the_recursion_limit_is_listed(tmp_path):
    root = tmp_path / "c"
    deep = root / "/".join(["d"] * 300)
    deep.mkdir(parents=True)
    (deep / "x.yml").write_text("x: 1\n", encoding="utf-8")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(250)  # a walk by recursion would stop here
    try:
        listed = loader.listed_files(root, root, [], str)
    finally:
        sys.setrecursionlimit(limit)
    assert listed == [str(deep / "x.yml")]
