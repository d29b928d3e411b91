"""The text of a report, as paragraphs with a locator each: plain text, Markdown, HTML, PDF
(its text layer) and DOCX.

A paragraph is what a reader would cite: a line of a text file (lines hard-wrapped inside a
sentence are joined), a block element of HTML, a paragraph of a DOCX file, a block of a PDF
page. Its ``locator`` says where it is ("line 12", "lines 12-13", "page 3, paragraph 2").

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "note.txt"
>>> _ = path.write_text("Heading\\nA sentence that runs on\\nto the next line.\\n", encoding="utf-8")
>>> [(p.locator, p.text) for p in read_report(path).paragraphs]
[('line 1', 'Heading'), ('lines 2-3', 'A sentence that runs on to the next line.')]
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..errors import InputError, Location
from ..reading import read_text

__all__ = ["Paragraph", "Report", "read_report", "REPORT_SUFFIXES"]

REPORT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)]\s*$")
_SPACES = re.compile(r"\s+")
_OPEN_END = re.compile(r"\b(?:the|a|an|of|to|and|or|for|in|with|by|from|at|on|our|their|its|as|that|which)$", re.I)


@dataclass(frozen=True)
class Paragraph:
    text: str
    locator: str


@dataclass(frozen=True)
class Report:
    """A document read for extraction: where it came from, its title and its paragraphs."""

    path: str
    title: str
    paragraphs: tuple[Paragraph, ...]


def _squeeze(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _runs_on(line: str, following: str) -> bool:
    """Whether ``following`` continues the sentence ``line`` was cut in (a hard wrap): the line
    ends without a stop and the next starts in lower case, or the line ends on a word no
    sentence or heading ends on ("the", "of", "and")."""
    if not following or _SENTENCE_END.search(line):
        return False
    return following[0].islower() or bool(_OPEN_END.search(line))


def _lines_to_paragraphs(lines: Iterable[str], prefix: str = "") -> Iterator[Paragraph]:
    """Paragraphs of numbered lines: blank lines end one, a line cut mid-sentence joins the next."""
    pending: list[tuple[int, str]] = []
    numbered = [(n, _squeeze(line)) for n, line in enumerate(lines, start=1)]
    for i, (n, line) in enumerate(numbered):
        if not line:
            continue
        pending.append((n, line))
        following = numbered[i + 1][1] if i + 1 < len(numbered) else ""
        if not _runs_on(line, following):
            first, last = pending[0][0], pending[-1][0]
            where = f"line {first}" if first == last else f"lines {first}-{last}"
            yield Paragraph(" ".join(text for _, text in pending), prefix + where)
            pending = []


_MARKDOWN = [
    (re.compile(r"^\s{0,3}(#{1,6}|[-*+]|\d+[.)]|>)\s+"), ""),
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
]


def _markdown_line(line: str) -> str:
    for pattern, replacement in _MARKDOWN:
        line = pattern.sub(replacement, line)
    return line


class _Blocks(HTMLParser):
    """Text of each block element of an HTML page, scripts, styles and navigation left out."""

    BLOCKS = frozenset(
        {"p", "div", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section", "article"}
    )
    SKIP = frozenset({"script", "style", "nav", "noscript", "template", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.title = ""
        self._current: list[str] = []
        self._skipping = 0
        self._in_title = False

    def _flush(self) -> None:
        text = _squeeze("".join(self._current))
        if text:
            self.blocks.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self._skipping += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self.BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skipping:
            self._current.append(data)


def _html(path: Path, origin: str) -> tuple[str, list[Paragraph]]:
    parser = _Blocks()
    parser.feed(read_text(path, origin))
    parser.close()
    parser._flush()
    paragraphs = [Paragraph(text, f"paragraph {i}") for i, text in enumerate(parser.blocks, start=1)]
    return _squeeze(parser.title), paragraphs


def _pdf(path: Path, origin: str) -> list[Paragraph]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        pages = [page.extract_text() or "" for page in PdfReader(path).pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise InputError(Location(origin), f"cannot read this PDF: {exc}") from None
    if not any(page.strip() for page in pages):
        raise InputError(
            Location(origin),
            "the PDF has no text layer (a scanned document?): run it through OCR first, or give its text",
        )
    paragraphs = []
    for number, page in enumerate(pages, start=1):
        blocks = [p.text for p in _lines_to_paragraphs(page.splitlines())]
        paragraphs += [Paragraph(text, f"page {number}, paragraph {i}") for i, text in enumerate(blocks, start=1)]
    return paragraphs


def _docx(path: Path, origin: str) -> list[Paragraph]:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    try:
        document = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, LxmlError) as exc:
        # LxmlError: a part cut short or an entity bomb (libxml2 stops its expansion)
        problem = " ".join((getattr(exc, "msg", None) or str(exc)).split())[:200]
        raise InputError(Location(origin), f"cannot read this DOCX file: {problem}") from None
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    blocks = [_squeeze(t) for t in texts if t.strip()]
    return [Paragraph(text, f"paragraph {i}") for i, text in enumerate(blocks, start=1)]


def read_report(path: str | Path) -> Report:
    """The paragraphs of a report; InputError for a format it cannot read, a file that is not
    there, or a PDF with no text to read."""
    path = Path(path)
    origin = str(path)
    suffix = path.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise InputError(
            Location(origin),
            f"cannot read {suffix or 'a file without a suffix'} reports; give one of {', '.join(REPORT_SUFFIXES)}",
        )
    if not path.is_file():
        raise InputError(Location(origin), "no such file")
    title = ""
    if suffix in (".html", ".htm"):
        title, paragraphs = _html(path, origin)
    elif suffix == ".pdf":
        paragraphs = _pdf(path, origin)
    elif suffix == ".docx":
        paragraphs = _docx(path, origin)
    else:
        lines = read_text(path, origin).splitlines()
        if suffix in (".md", ".markdown"):
            lines = [_markdown_line(line) for line in lines]
        paragraphs = list(_lines_to_paragraphs(lines))
    if not paragraphs:
        raise InputError(Location(origin), "has no text to read")
    return Report(origin, title or paragraphs[0].text[:120], tuple(paragraphs))
