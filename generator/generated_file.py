"""Generated files (CSV, JSON, feeds) that let go of their bytes once MkDocs has written them.

MkDocs keeps a generated file's content for the whole build, though it writes it once, before
the first page: at 10,000 records that is 60 MB (api/exemplars.json alone 44 MB), at 50,000 about
300 MB of the build's peak memory. Once written, the output file is the content's source.
"""

from __future__ import annotations

from mkdocs.structure.files import File


class GeneratedAsset(File):
    def copy_file(self, dirty: bool = False) -> None:
        writes = not (dirty and not self.is_modified())
        super().copy_file(dirty)
        if writes and self._content is not None:
            self._content = None
            self.abs_src_path = self.abs_dest_path  # later readers read the bytes written
