"""Loading and checking content/ at scale, with and without the record cache (generator/recordcache.py).

    .venv/bin/python tests/bench_load.py [N=10000] [REPEAT=3] [--photos]

Writes N synthetic records (tests/synthetic.py; `--photos`: each record names one photo of
content/media/, as real stories do) and prints, best of REPEAT (slowest in brackets), the seconds
of `load_catalog`: fresh (no cache), first build with a cache file (fresh + writing it), warm with
nothing changed, warm after one record was edited, the preview's in-memory cache after one edit;
then the time to read the cache files, and their size. Prints figures, asserts nothing.
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from generator.recordcache import RecordCache, cache_folder  # noqa: E402
from generator.validate import load_catalog  # noqa: E402
from synthetic import write_corpus  # noqa: E402

TODAY = date(2100, 1, 1)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)


def _photos(content: Path) -> None:
    """One photo per record, named under `photos:` (the synthetic corpus has none)."""
    for i, path in enumerate(sorted((content / "exemplars").rglob("*.yml"))):
        name = f"anh-{i:05d}.png"
        (content / "media" / name).write_bytes(PNG)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"photos:\n  - file: {name}\n    caption: Ảnh {i}\n    alt: Ảnh minh hoạ {i}\n")


def _edit(content: Path, round_: int) -> None:
    files = sorted((content / "exemplars").rglob("*.yml"))
    path = files[len(files) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("summary: ", f"summary: Sửa lần {round_}. ", 1), encoding="utf-8")


def _time(run, repeat: int, before=lambda: None) -> tuple[float, float]:
    """Best and worst seconds of `run` in `repeat` runs, each after an untimed `before`."""
    times = []
    for _ in range(repeat):
        before()
        gc.collect()  # each run starts from a tidy heap, as a build process does
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times), max(times)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 10_000
    repeat = int(args[1]) if len(args) > 1 else 3
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        content = write_corpus(root / "content", n)
        if "--photos" in sys.argv:
            _photos(content)
        folder = cache_folder(root)
        rounds = iter(range(1_000_000))
        time.sleep(2.1)  # files older than the cache's racy margin, as after a real edit session
        memory: dict = {}
        load_catalog(content, TODAY, cache=memory)

        def first():
            shutil.rmtree(folder, ignore_errors=True)
            load_catalog(content, TODAY, cache_dir=folder)

        def edit():
            _edit(content, next(rounds))

        figures = [("fresh (no cache)", _time(lambda: load_catalog(content, TODAY), repeat)),
                   ("first build, writes the cache", _time(first, repeat)),
                   ("warm, nothing changed", _time(lambda: load_catalog(content, TODAY, cache_dir=folder), repeat)),
                   ("warm, one record edited", _time(lambda: load_catalog(content, TODAY, cache_dir=folder),
                                                     repeat, edit)),
                   ("preview (memory), one record edited", _time(lambda: load_catalog(content, TODAY, cache=memory),
                                                                 repeat, edit))]
        key = next(iter(memory.values())).context
        figures.append(("read the cache files", _time(lambda: RecordCache.read(folder, key), repeat)))
        print(f"load_catalog, {n:,} records{' with a photo each' if '--photos' in sys.argv else ''}, "
              f"best of {repeat} (slowest), load average {os.getloadavg()[0]:.1f}:")
        for label, (best, worst) in figures:
            print(f"  {label:40} {best:7.2f} s ({worst:.2f})")
        size = sum(p.stat().st_size for p in folder.iterdir())
        print(f"  cache {size / 1e6:.1f} MB in {len(list(folder.iterdir()))} files, "
              f"{len(RecordCache.read(folder, key).entries):,} entries")


if __name__ == "__main__":
    main()
