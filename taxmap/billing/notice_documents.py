"""Assessment notices as PDF: ภ.ด.ส.6 with its ภ.ด.ส.7 sheet (land, buildings), ภ.ป.3 (signs).

Rendering only, no database: the issuing service reads the roll and the LAO's settings and
hands over NoticeDocuments. notice_rows shapes them as printed Thai text with the payment
codes drawn. Here they are rendered in batches:

- the forms' fixed text (letterheads, paragraphs, table heads, notes; notice_fragments.typ)
  is laid out once per LAO and year into a parts PDF;
- up to BATCH notices are laid out as one Typst document (notices.typ) that places those
  fragments as images, on worker processes;
- each batch PDF is cut into one PDF per notice at the notices' bookmarks, and the batches
  together are the print file, in which every notice keeps its own page numbers.

Why: compiled alone, a notice cost 25 ms in Typst (fonts, the world, and ICU's model that finds
Thai word breaks in every paragraph) and 4 ms of data, most of it the QR code. In a batch, with
its fixed text as fragments, its Thai words marked once by pythainlp (with_word_breaks) and
its tables' rows laid out as boxes, a notice (1.7 pages on average) costs about 8.5 ms of CPU:
0.9 ms of data, 6.9 ms in Typst, 0.8 ms to cut it out. See BENCHMARKS.md, "Notices to PDF".
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf

from taxmap.billing.notice_rows import (
    Instalment,
    Letterhead,
    NoticeDocument,
    PaymentRefs,
    check_notice,
    fixed_text,
    notice_data,
    with_word_breaks,
)
from taxmap.core.pdf import TemplateCompiler
from taxmap.core.progress import Progress, silent

__all__ = [
    "Instalment",
    "Letterhead",
    "NoticeDocument",
    "PaymentRefs",
    "RenderedBatch",
    "RenderedNotice",
    "notice_data",
    "render_batches",
    "render_each",
    "render_notice",
    "render_notices",
]

TEMPLATES = Path(__file__).parent / "templates"
STAGE = "render notices"
# Notices per Typst document: enough that a compile's fixed cost (about 3 ms) is spread thin,
# few enough that the progress bar moves and a worker's batch stays a few MB.
BATCH = 50
# The notices' language, for screen readers and search: notices.typ lays its text out as
# Chinese for the line breaker's sake, which is what Typst would write.
THAI = pikepdf.String("th")


@dataclass(frozen=True)
class RenderedNotice:
    """One notice's PDF and its number of pages."""

    notice_no: str
    pdf: bytes
    pages: int


@dataclass(frozen=True)
class RenderedBatch:
    """A batch's notices, one PDF each, and the batch as one PDF (a part of the print file)."""

    notices: list[RenderedNotice]
    pdf: bytes


def render_notice(doc: NoticeDocument) -> bytes:
    """Render one notice as a PDF: ภ.ด.ส.6 with the ภ.ด.ส.7 sheet, or ภ.ป.3."""
    with _Workspace() as workspace:
        (batch,) = workspace.batches([doc], workers=1)
    return batch.notices[0].pdf


def render_batches(
    docs: Sequence[NoticeDocument], *, workers: int = 2, progress: Progress = silent
) -> Iterator[RenderedBatch]:
    """Render the notices in batches, in the order given, on `workers` processes."""
    with _Workspace() as workspace:
        done = 0
        for batch in workspace.batches(docs, workers=workers):
            done += len(batch.notices)
            progress(STAGE, done, len(docs))
            yield batch


def render_each(
    docs: Sequence[NoticeDocument], *, workers: int = 2, progress: Progress = silent
) -> Iterator[RenderedNotice]:
    """Render one PDF per notice, in the order given, on `workers` processes."""
    for batch in render_batches(docs, workers=workers, progress=progress):
        yield from batch.notices


def render_notices(
    docs: Sequence[NoticeDocument], progress: Progress = silent, *, workers: int = 2
) -> bytes:
    """Render one print file holding every notice, each numbered from its own page 1."""
    total = len(docs) + 1  # the binding of the print file is the last step
    pdfs, done = [], 0
    for batch in render_batches(docs, workers=workers):
        pdfs.append(batch.pdf)
        done += len(batch.notices)
        progress(STAGE, done, total)
    pdf = bind(pdfs, f"หนังสือแจ้งการประเมินภาษี {len(docs):,} ฉบับ")
    progress(STAGE, total, total)
    return pdf


def bind(pdfs: Iterable[bytes], title: str) -> bytes:
    """Bind PDFs, page by page and with their bookmarks, into one print file titled `title`."""
    # qpdf copies each page with what it draws (fonts, images, the fragments), no layout. The
    # page tree is built here, once: pages.extend() walks the pages already bound for every
    # batch added, and 10,000 notices took 27 s to bind instead of 1.
    with pikepdf.new() as bound:
        sources, marks = [], []
        kids: list[pikepdf.Object] = []
        for pdf in pdfs:
            source = pikepdf.open(io.BytesIO(pdf))
            sources.append(source)
            marks += [(name, len(kids) + page) for name, page in _bookmarks(source)]
            kids += [bound.copy_foreign(page.obj) for page in source.pages]
        tree = bound.Root.Pages
        for kid in kids:
            kid.Parent = tree
        tree.Kids, tree.Count = pikepdf.Array(kids), len(kids)
        with bound.open_outline() as outline:
            outline.root.extend(
                pikepdf.OutlineItem(name, pikepdf.Array([kids[page], pikepdf.Name.Fit]))
                for name, page in marks
            )
        bound.docinfo["/Title"] = title
        bound.Root.Lang = THAI
        out = io.BytesIO()
        bound.save(out)
        for source in sources:
            source.close()
    return out.getvalue()


class _Workspace:
    """A scratch folder with the templates and the parts PDF of each LAO and year in it."""

    def __init__(self) -> None:
        # Typst reads files only under the template's folder: the parts PDFs go beside copies.
        self._dir = tempfile.TemporaryDirectory(prefix="taxmap-notices-")
        self.root = Path(self._dir.name)
        for template in TEMPLATES.glob("*.typ"):
            shutil.copy(template, self.root)
        self._parts: dict[str, str] = {}

    def parts(self, doc: NoticeDocument) -> tuple[str, dict[str, Any]]:
        """Return the file name and data of the parts PDF for the notice's LAO and year."""
        fixed = fixed_text(doc)
        key = hashlib.sha256(json.dumps(fixed, sort_keys=True).encode()).hexdigest()[:16]
        name = f"parts-{key}.pdf"
        if key not in self._parts:
            pdf = TemplateCompiler(self.root / "notice_parts.typ").render(fixed)
            (self.root / name).write_bytes(pdf)
            self._parts[key] = name
        return name, fixed

    def batches(self, docs: Sequence[NoticeDocument], *, workers: int) -> Iterator[RenderedBatch]:
        """Render the notices in batches of one LAO and year, in order."""
        # Checked here first: a bad notice stops the batch before any work, with its own error,
        # which InvalidInput could not carry back from a worker (it does not unpickle).
        for doc in docs:
            check_notice(doc)
        jobs = []
        for start in range(0, len(docs), BATCH):
            # A batch shares one parts PDF: it ends early where the LAO or the year changes.
            group: list[NoticeDocument] = []
            group_parts: tuple[str, dict[str, Any]] | None = None
            for doc in docs[start : start + BATCH]:
                parts = self.parts(doc)
                if group_parts is not None and parts[0] != group_parts[0]:
                    jobs.append((str(self.root), *group_parts, group))
                    group = []
                group.append(doc)
                group_parts = parts
            if group_parts is not None:
                jobs.append((str(self.root), *group_parts, group))
        if workers <= 1 or len(jobs) < 2:
            yield from map(_render_batch, jobs)
            return
        # Typst compiles hold the GIL, so only processes run them side by side. Spawned, not
        # forked: once Typst has compiled it keeps worker threads, which a fork would not copy.
        pool = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"), initializer=_one_thread
        )
        try:
            yield from pool.map(_render_batch, jobs)
        finally:
            # A caller that stops early (say, a full disk) does not wait for the rest.
            pool.shutdown(cancel_futures=True)

    def __enter__(self) -> _Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        # A server renders one notice per request, each in a workspace of its own: the
        # compiler goes with it, or every request would leave one (and its caches) behind.
        _COMPILERS.pop(str(self.root), None)
        self._dir.cleanup()


def _one_thread() -> None:
    # Typst spreads a compile over a thread per core; with a worker process per core those
    # threads only contend (measured: 12.8 ms of CPU a notice with them, 11.9 ms without).
    os.environ["RAYON_NUM_THREADS"] = "1"


# One compiler per worker process and workspace: Typst keeps its fonts and caches between batches.
_COMPILERS: dict[str, TemplateCompiler] = {}


def _render_batch(job: tuple[str, str, dict[str, Any], list[NoticeDocument]]) -> RenderedBatch:
    root, parts, fixed, docs = job
    compiler = _COMPILERS.get(root)
    if compiler is None:
        compiler = _COMPILERS[root] = TemplateCompiler(Path(root) / "notices.typ")
    notices = [with_word_breaks(notice_data(doc)) for doc in docs]
    title = notices[0]["title"] if len(notices) == 1 else f"หนังสือแจ้งการประเมินภาษี {len(docs)} ฉบับ"
    data = {"parts": fixed, "title": title, "notices": notices}
    pdf = compiler.render(data, inputs={"parts": parts}, tags=False)
    numbers, titles = [n["notice_no"] for n in notices], [n["title"] for n in notices]
    return RenderedBatch(_split(pdf, numbers, titles), pdf)


def _split(pdf: bytes, numbers: list[str], titles: list[str]) -> list[RenderedNotice]:
    """Cut a batch PDF into one PDF per notice where the notices' bookmarks point."""
    with pikepdf.open(io.BytesIO(pdf)) as batch:
        starts = [page for _, page in _bookmarks(batch)]
        if len(starts) != len(numbers) or starts != sorted(starts) or starts[:1] != [0]:
            raise RuntimeError(
                f"a batch of {len(numbers)} notices has bookmarks on pages {starts}: "
                "notices.typ must bookmark every notice's first page, once"
            )
        out = []
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(batch.pages)
            with pikepdf.new() as one:
                one.pages.extend(batch.pages[start:end])
                one.docinfo["/Title"] = titles[k]
                one.Root.Lang = THAI
                buffer = io.BytesIO()
                one.save(buffer)
            out.append(RenderedNotice(numbers[k], buffer.getvalue(), end - start))
        return out


def _bookmarks(pdf: pikepdf.Pdf) -> list[tuple[str, int]]:
    """Return the title and page index of each top-level bookmark."""
    pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    with pdf.open_outline() as outline:
        # Typst points each bookmark at [page, /XYZ, left, top, zoom].
        return [(item.title, pages[_target(item).objgen]) for item in outline.root]


def _target(item: pikepdf.OutlineItem) -> pikepdf.Object:
    destination = item.destination
    if not isinstance(destination, pikepdf.Array):
        raise RuntimeError(f"the bookmark {item.title!r} has no page to point at")
    return destination[0]
