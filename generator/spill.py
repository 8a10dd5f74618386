"""Spilled bytes (dữ liệu tạm trên đĩa): a generated file's bytes kept in a temporary file.

api/exemplars.json is 4.4 KB a record: 44 MB at 10,000 records, 220 MB at 50,000. Held as one
`bytes` from planning until MkDocs writes it after `on_env`, and built from a list of every
record's bytes joined at once, it was the largest single part of the build's peak memory. Written
record by record into an unnamed temporary file instead (`Arena.stream`), its digest counted on
the way, it costs a few kilobytes of memory; MkDocs' copy of it (generated_file.GeneratedAsset)
goes file to file in the kernel. The temporary file has no name on disk (POSIX removes it at
once, `tempfile.TemporaryFile`) and vanishes with the arena, whatever happens to the build.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO


class Arena:
    """One temporary file that spilled contents are appended to, one stream at a time."""

    def __init__(self) -> None:
        self.file: BinaryIO = tempfile.TemporaryFile(prefix="exemplars-spill-")
        self.end = 0
        self.open = False

    def stream(self, hashed: bool = True) -> Stream:
        """A writer whose bytes become one `Spilled` (call `Stream.close`). `hashed=False`: the
        caller gives `close` a digest of what the bytes are made of instead of their SHA-1."""
        if self.open:
            raise RuntimeError("spill arena: one stream at a time")
        self.open = True
        self.file.seek(self.end)
        return Stream(self, hashed)

    def put(self, data: bytes) -> Spilled:
        stream = self.stream()
        stream.write(data)
        return stream.close()


class Stream:
    def __init__(self, arena: Arena, hashed: bool = True) -> None:
        self.arena, self.start, self.size = arena, arena.end, 0
        self.sha1 = hashlib.sha1() if hashed else None

    def write(self, data: bytes) -> None:
        self.arena.file.write(data)
        if self.sha1 is not None:
            self.sha1.update(data)
        self.size += len(data)

    def close(self, digest: str | None = None) -> Spilled:
        """The bytes written, with their SHA-1, or `digest` (a stream opened with hashed=False)."""
        if (digest is None) == (self.sha1 is None):
            raise ValueError("spill arena: a digest is given for an unhashed stream, and only then")
        self.arena.file.flush()
        self.arena.end = self.start + self.size
        self.arena.open = False
        return Spilled(self.arena, self.start, self.size, digest or self.sha1.hexdigest())


class Spilled:
    """A file's bytes at `offset` in an arena's temporary file; `digest`: their SHA-1 (hex), or
    one of what they are made of (`Stream.close`): the same digest, the same bytes."""

    def __init__(self, arena: Arena, offset: int, size: int, digest: str) -> None:
        self.arena, self.offset, self.size, self.digest = arena, offset, size, digest

    def read(self) -> bytes:
        return os.pread(self.arena.file.fileno(), self.size, self.offset) if self.size else b""

    def write_to(self, path: str | Path) -> None:
        """Copy the bytes to `path` (created or emptied) without holding them in memory."""
        source = self.arena.file
        with open(path, "wb") as out:
            left, at = self.size, self.offset
            while left:
                # sendfile moves the pages in the kernel; where it cannot, read in chunks.
                try:
                    done = os.sendfile(out.fileno(), source.fileno(), at, left)
                except (AttributeError, OSError):
                    source.seek(at)
                    shutil.copyfileobj(_Window(source, left), out)
                    return
                if done == 0:
                    raise OSError(f"spilled bytes for {path} end early")
                left, at = left - done, at + done

    def __reduce__(self):  # a forked planner's file travels as its bytes
        return (bytes, (self.read(),))


class _Window:
    """`size` bytes of `file` from its current position, for shutil.copyfileobj."""

    def __init__(self, file: BinaryIO, size: int) -> None:
        self.file, self.left = file, size

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        data = self.file.read(n)
        self.left -= len(data)
        return data


def digest_of(content: bytes | Spilled) -> str:
    return content.digest if isinstance(content, Spilled) else hashlib.sha1(content).hexdigest()
