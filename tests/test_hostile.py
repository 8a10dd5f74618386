"""Adversarial YAML through the real command: a clear `path:line: message` within seconds and
bounded memory, never a hang, a traceback or a partial site."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TODAY

# The same record, broken in one hostile way each; the expected line and words of the message.
_BOMB = "kind: staff\nlol: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"l{i}: &l{i} [{', '.join(['*a' if i == 0 else f'*l{i - 1}'] * 9)}]\n" for i in range(9))
CASES = {
    "bomb.yml": (_BOMB.encode(), 3, "aliases"),
    "deep.yml": (b"kind: staff\nname: " + b"[" * 5000 + b"]" * 5000 + b"\n", 2, "nesting deeper"),
    "binary.yml": (bytes(range(256)) * 8, 2, "not UTF-8"),  # first bad byte after a \n
    "utf16.yml": ("kind: staff\nname: Nguyễn\n".encode("utf-16"), 1, "not UTF-8"),
    "cp1258.yml": (b"kind: staff\nname: Nguy\xd2n\n", 2, "not UTF-8"),
    "dupe.yml": (b"kind: staff\nname: A\nkind: student\n", 3, "duplicate key"),
    "tabs.yml": (b"kind: staff\nawards:\n\t- title: x\n", 3, "not tabs"),
    "python.yml": (b"kind: !!python/object/apply:os.system ['touch /tmp/pwned']\n", 1, "not allowed"),
    # Second round (issue 13): control characters written as YAML escapes, an empty file, a story
    # that would keep Markdown busy for minutes, a link that hides its scheme.
    "nul-escape.yml": (b'kind: staff\nname: "An\\0"\n', 2, "control character U+0000"),
    "esc-escape.yml": (b'kind: staff\nsummary: "x\\e[31m"\n', 2, "control character U+001B"),
    "formfeed.yml": (b'kind: staff\ntitle: "a\\fb"\n', 2, "control character U+000C"),
    "nonchar.yml": (b'kind: staff\nname: "\\uFFFE"\n', 2, "control character U+FFFE"),
    "bidi.yml": (b'kind: staff\nname: "\\u202Eoa\xcc\x81H"\n', 2, "control character U+202E"),
    "in-quoted.yml": (b'kind: staff\nsummary: "first\\nsecond \\e[2J"\n', 2, "control character U+001B"),
    "empty.yml": (b"", 1, "the file is empty"),
    "comments.yml": (b"# only a comment\n", 1, "the file is empty"),
    "brackets.yml": (b"kind: staff\nstory: |\n  " + b"[" * 30_000 + b"\n", 3, "story: text too costly"),
    "emphasis.yml": (b"kind: staff\nstory: |\n  x\n\n  " + b"**a " * 1000 + b"b" + b"**" * 1000 + b"\n", 5,
                     "story: a paragraph holds 4,000 '*'"),
    "headings.yml": (b"kind: staff\nstory: |\n" + b"  ## a\n" * 20_000, 3, "story: 20,000 headings and rules"),
    "entity-js.yml": (b"kind: staff\nstory: |\n  ok\n  [x](&#106;avascript:alert(1))\n", 4,
                      "uses 'javascript:', which is not allowed"),
}


def _check(content: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    # 1 GB of address space at most: a parser that expanded a bomb would die, not pass.
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
            f"sys.path.insert(0, {str(ROOT)!r}); from generator.cli import main; "
            f"sys.exit(main(['check', '--content', 'content', '--today', '{TODAY}']))")
    return subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60, check=False)


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_is_reported(name, content, tmp_path):
    raw, line, words = CASES[name]
    (content / "exemplars" / name).write_bytes(raw)
    result = _check(content, tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = [l for l in result.stdout.splitlines() if l.startswith(f"content/exemplars/{name}:")]
    # Fields the hostile file lacks are reported too (at line 1); the refusal must be among them.
    assert any(l.startswith(f"content/exemplars/{name}:{line}:") and words in l for l in lines), result.stdout


def test_twenty_megabyte_file(content, tmp_path):
    with (content / "exemplars" / "huge.yml").open("wb") as fh:
        fh.write(b"kind: staff\nstory: |\n")
        line = b"  " + "Gương người tốt, việc tốt. ".encode() * 40 + b"\n"
        for _ in range(20 * 1024 * 1024 // len(line)):
            fh.write(line)
    result = _check(content, tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert any(l.startswith("content/exemplars/huge.yml:1:") and "over the" in l
               for l in result.stdout.splitlines()), result.stdout


def test_no_partial_site_after_hostile_input(content, tmp_path, caplog):
    from conftest import build
    from generator.build import BuildFailed

    (content / "exemplars" / "bomb.yml").write_bytes(CASES["bomb.yml"][0])
    with pytest.raises(BuildFailed):
        build(tmp_path, content)
    caplog.clear()
    assert not (tmp_path / "site").exists()
    assert not any(p.name.startswith(".site-") for p in tmp_path.iterdir())
