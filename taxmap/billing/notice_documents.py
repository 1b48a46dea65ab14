"""Assessment notices as PDF: ภ.ด.ส.6 with its ภ.ด.ส.7 sheet (land, buildings), ภ.ป.3 (signs).

Rendering only, no database: the issuing service reads the roll and the LAO's settings and
hands over NoticeDocuments. notice_rows shapes them as printed Thai text with the payment
codes drawn; here they are compiled one PDF per notice (in worker processes for a batch) and
bound into one print file, in which every notice keeps its own page numbers.

On the synthetic batch of benchmarks/bench_notices.py a notice costs about 40 ms of CPU: 4 ms
here (mostly segno's search for the QR mask) and 36 ms in Typst, half of that in the model that
finds Thai word breaks (ICU's LSTM line segmenter: the same pages set as Chinese take 19 ms).
"""

from __future__ import annotations

import multiprocessing
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from taxmap.billing.notice_rows import (
    Instalment,
    Letterhead,
    NoticeDocument,
    PaymentRefs,
    check_notice,
    notice_data,
)
from taxmap.core.pdf import render_pdf
from taxmap.core.progress import Progress, silent

__all__ = [
    "Instalment",
    "Letterhead",
    "NoticeDocument",
    "PaymentRefs",
    "PrintFile",
    "RenderedNotice",
    "notice_data",
    "render_each",
    "render_notice",
    "render_notices",
]

TEMPLATES = Path(__file__).parent / "templates"
STAGE = "render notices"
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


@dataclass(frozen=True)
class RenderedNotice:
    """One notice's PDF and its number of pages."""

    notice_no: str
    pdf: bytes
    pages: int


def render_notice(doc: NoticeDocument) -> bytes:
    """Render one notice as a PDF: ภ.ด.ส.6 with the ภ.ด.ส.7 sheet, or ภ.ป.3."""
    return render_pdf(TEMPLATES / "notice.typ", notice_data(doc))


def render_each(
    docs: Sequence[NoticeDocument], *, workers: int = 2, progress: Progress = silent
) -> Iterator[RenderedNotice]:
    """Render one PDF per notice, in the order given, on `workers` processes."""
    if workers <= 1 or len(docs) < 2:
        yield from _reporting(map(_render_one, docs), len(docs), progress)
        return
    # Checked here first: a bad notice then stops the batch before any work, with its own
    # error, which InvalidInput could not carry back from a worker (it does not unpickle).
    for doc in docs:
        check_notice(doc)
    # Typst compiles hold the GIL, so only processes run them side by side. Spawned, not
    # forked: once Typst has compiled it keeps worker threads, which a fork would not copy.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        chunk = max(1, min(32, len(docs) // (workers * 4)))
        yield from _reporting(pool.map(_render_one, docs, chunksize=chunk), len(docs), progress)
    finally:
        # A caller that stops early (say, a full disk) does not wait for the rest.
        pool.shutdown(cancel_futures=True)


def render_notices(
    docs: Sequence[NoticeDocument], progress: Progress = silent, *, workers: int = 2
) -> bytes:
    """Render one print file holding every notice, each numbered from its own page 1."""
    total = len(docs) + 1  # the binding of the print file is the last step
    with PrintFile() as print_file:
        for done, rendered in enumerate(render_each(docs, workers=workers), 1):
            print_file.add(rendered)
            progress(STAGE, done, total)
        pdf = print_file.render(f"หนังสือแจ้งการประเมินภาษี {len(docs):,} ฉบับ")
    progress(STAGE, total, total)
    return pdf


class PrintFile:
    """Collects notice PDFs on disk, then binds them, page by page, into one PDF."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="taxmap-print-")
        self._notices: list[dict[str, Any]] = []

    def add(self, notice: RenderedNotice) -> None:
        """Append a notice's pages (kept in a file, not in memory, until render)."""
        name = f"{len(self._notices):06d}.pdf"
        (Path(self._dir.name) / name).write_bytes(notice.pdf)
        self._notices.append({"file": name, "pages": notice.pages})

    def render(self, title: str) -> bytes:
        """Bind the notices added so far into the print file."""
        # Typst places each page's drawing as it is (a PDF form), so binding 10,000 notices
        # costs no layout; a single Typst document of them all would lay out every page again.
        # The template goes beside the PDFs: Typst reads files only under the template's folder.
        template = Path(shutil.copy(TEMPLATES / "print_file.typ", self._dir.name))
        return render_pdf(template, {"title": title, "notices": self._notices})

    def close(self) -> None:
        """Delete the collected files."""
        self._dir.cleanup()

    def __enter__(self) -> PrintFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def page_count(pdf: bytes) -> int:
    """Count the pages of a PDF Typst wrote (its page objects are never compressed)."""
    return len(_PAGE_OBJECT.findall(pdf))


def _render_one(doc: NoticeDocument) -> RenderedNotice:
    pdf = render_notice(doc)
    return RenderedNotice(doc.notice_no, pdf, page_count(pdf))


def _reporting(
    results: Iterable[RenderedNotice], total: int, progress: Progress
) -> Iterator[RenderedNotice]:
    for done, rendered in enumerate(results, 1):
        progress(STAGE, done, total)
        yield rendered
