"""Whoosh's segment writer with two of its costs removed, writing exactly the same bytes:

- the posting pool spills sorted runs to temporary files one posting at a time (a `pickle.dump` and later a
  `pickle.load` for each posting): here a run is written and read in batches;
- for every posting of a field without lengths (ids, `pairs`), the lengths reader asks the file system whether
  the field's length column exists, again and again (`W3PerDocReader._cached_reader` caches only columns that
  exist): here the answer is remembered.
"""

from __future__ import annotations

import pickle
from itertools import islice

from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader
from whoosh.writing import PostingPool, SegmentWriter

RUN_BATCH = 2048  # postings pickled together in a run file (a batch is ~0.3 MB in memory while merging)


class BatchedPostingPool(PostingPool):
    """Whoosh's posting pool, its run files written and read RUN_BATCH postings at a time."""

    def _write_run(self, f, items):
        items = iter(items)
        try:
            while batch := list(islice(items, RUN_BATCH)):
                pickle.dump(batch, f, pickle.HIGHEST_PROTOCOL)
        finally:
            f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while True:
                try:
                    batch = pickle.load(f)
                except EOFError:
                    return
                yield from batch
        finally:
            f.close()
            self._remove_run(path)


class _KnownColumns(W3PerDocReader):
    """A segment's per-document reader that remembers which columns the segment lacks, too."""

    def _cached_reader(self, fieldname, column):
        if fieldname not in self._readers:
            self._readers[fieldname] = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        return self._readers[fieldname]


class FastSegmentWriter(SegmentWriter):
    """`SegmentWriter` with the pool and lengths reader above; made like `index.writer(**kwargs)`."""

    def __init__(self, ix, limitmb: int = 128, **kwargs):
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = BatchedPostingPool(self._tempstorage, self.newsegment, limitmb=limitmb)

    def per_document_reader(self):
        if type(self.codec) is not W3Codec:
            return super().per_document_reader()
        if not self.perdocwriter.is_closed:
            raise RuntimeError("the per-document writer is still open")
        return _KnownColumns(self.storage, self.get_segment())
