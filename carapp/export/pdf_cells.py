"""Table cells for the PDFs: paragraphs that are cheap to make and laid out only once.

Plain text skips reportlab's markup parser; every paragraph remembers its last wrap, so that
measuring a row and drawing it later cost one line-breaking pass; a cell too tall to sit on
a page is cut into pieces between its lines.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import split as split_words
from reportlab.platypus.paragraph import strip as strip_spaces
from reportlab.rl_config import paraFontSizeHeightOffset

from carapp.export import wording
from carapp.export.fonts import word_width
from carapp.export.layout import Flowable, markup

# Rows taller than this (points) are cut into pieces no taller than CHUNK_HEIGHT.
EXPLODE_HEIGHT = 180.0
CHUNK_HEIGHT = 90.0
# An upper bound on a character's width in ems, to skip measuring cells that cannot be tall.
_WIDEST_EM = 0.8


@dataclass(frozen=True)
class Rich:
    """A paragraph in Paragraph markup (escaped text, <i>, <b>, <br/>), not plain text."""

    markup: str


Item = str | Rich  # one paragraph of a cell: plain text, or markup
_TEMPLATES: dict[str, Any] = {}
# reportlab takes the words of a paragraph off the front of a list one by one (list.pop(0)),
# which is quadratic in the words: a paragraph longer than this is broken a window at a time.
WINDOW_WORDS = 2_000


# reportlab's tolerance when it decides whether a line has room to spare.
_FUZZ = 1e-8


class CellParagraph(Paragraph):  # type: ignore[misc]
    """A table cell's paragraph, drawn as one short text object when it is plain text.

    reportlab draws each paragraph inside a saved graphics state moved to its place (q … cm …
    Q), with its colour set again: a 1,000-task appendix has ~6,600 cells, and that was a
    quarter of the time spent drawing it. A paragraph of one font, once laid out, is drawn here
    instead, with the same offsets and word spacing as reportlab's own drawing (tests compare
    the two renderings pixel by pixel). Anything else (markup in several fonts, a bullet, a
    background or border, a colour other than black, a right-to-left text) is drawn by reportlab.

    Cells are drawn by a Table, which has set the fill colour to the cell's (black) and
    restores its state afterwards; a TrueType font selects itself in each text object.

    Plain text is also broken into lines here, by reportlab's own greedy rule, with each
    word's width measured once per font (a plan's words repeat; reportlab measures every word
    of every paragraph). A word wider than the line, a soft hyphen or a style that hyphenates
    or shapes text leaves it to reportlab.
    """

    def breakLines(self, width: Any) -> Any:  # noqa: N802 - reportlab's name
        lines = _plain_break(self, width)
        return super().breakLines(width) if lines is None else lines

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802,N803
        lines = None if _sW else _plain_lines(self)
        if lines is None:
            super().drawOn(canvas, x, y, _sW)
            return
        if not lines:
            return
        para, style = self.blPara, self.style
        top = para.fontSize if paraFontSizeHeightOffset else getattr(para, "ascent", para.fontSize)
        text = canvas.beginText(x + style.leftIndent, y + self.height - top)
        text.setFont(para.fontName, para.fontSize, style.leading)
        last = len(lines) - 1 if not getattr(self, "_JustifyLast", False) else -1
        for number, (extra, words) in enumerate(lines):
            line = " ".join(words)
            offset, spacing = _placed(style.alignment, extra, words, line, number == last)
            if offset:
                text.moveCursor(offset, 0)
            if spacing:
                text.setWordSpace(spacing)
            text.textLine(line)
            if spacing:
                text.setWordSpace(0)
            if offset:
                text.moveCursor(-offset, 0)
        canvas.drawText(text)


def _plain_break(flow: Paragraph, width: Any) -> Any:
    """Return a plain paragraph broken into lines as reportlab would; None when not plain."""
    widths = width if isinstance(width, (list, tuple)) else [width]
    frags, style = flow.frags, flow.style
    if len(frags) != 1 or not hasattr(frags[0], "text") or flow.bulletText:
        return None
    if any(w != widths[0] for w in widths) or style.wordWrap or style.endDots or style.shaping:
        return None
    if style.hyphenationLang or style.uriWasteReduce or style.embeddedHyphenation:
        return None
    if hasattr(frags[0], "cbDefn") or hasattr(frags[0], "backColor"):
        return None
    frag = frags[0]
    text = strip_spaces(frag.text)
    if "\xad" in text:
        return None
    font, size = frag.fontName, frag.fontSize
    ascent, descent = getAscentDescent(font, size)
    if not text:
        return frag.clone(kind=0, lines=[], ascent=ascent, descent=descent, fontSize=size)
    space = word_width(" ", font, size)
    shrink = style.spaceShrinkage * space  # each space of a full line may give up this much
    limit = widths[0]
    lines: list[tuple[float, list[str]]] = []
    line: list[str] = []
    used = -space
    widest = 0.0
    for word in split_words(text):
        measured = word_width(word, font, size)
        if measured > limit:
            return None  # reportlab cuts such a word between its characters
        wider = used + space + measured
        if wider <= limit + shrink * len(line) or not line:
            line.append(word)
            used = wider
        else:
            widest = max(widest, used)
            lines.append((limit - used, line))
            line, used = [word], measured
    if line:
        widest = max(widest, used)
        lines.append((limit - used, line))
    flow.height = 0
    flow._width_max = widest
    flow._splitLongWordCount = flow._hyphenations = 0
    return frag.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=size)


def _plain_lines(flow: Paragraph) -> list[tuple[float, list[str]]] | None:
    """Return a laid-out paragraph's lines when CellParagraph can draw them, else None."""
    para, style = getattr(flow, "blPara", None), flow.style
    if para is None or para.kind != 0 or flow.bulletText or style.backColor:
        return None
    if style.borderWidth or style.firstLineIndent or style.wordWrap or style.justifyLastLine:
        return None
    if getattr(flow, "_offsets", None) or style.textColor != colors.black:
        return None
    if getattr(flow, "autoLeading", getattr(style, "autoLeading", "")) not in ("", "off", None):
        return None
    if getattr(para, "us_lines", None) or getattr(para, "link", None):
        return None
    lines: list[tuple[float, list[str]]] = para.lines
    return lines


def _placed(
    alignment: int, extra: float, words: list[str], line: str, last: bool
) -> tuple[float, float]:
    """Return a line's offset and word spacing, as reportlab's _*DrawParaLine compute them.

    `extra` is the room left on the line (negative when a word overflows it: the spaces are
    squeezed); a justified line is spread over its spaces but the paragraph's last one.
    """
    spaces = len(words) + line.count("\xa0") - 1
    if alignment == TA_JUSTIFY:
        even = -_FUZZ < extra <= _FUZZ or (last and extra > -_FUZZ)
        return 0.0, 0.0 if even or spaces <= 0 else extra / spaces
    if extra > -_FUZZ or spaces <= 0:
        if alignment == TA_CENTER:
            return 0.5 * extra, 0.0
        return (extra if alignment == TA_RIGHT else 0.0), 0.0
    return 0.0, extra / spaces


class _LongParagraph(CellParagraph):
    """Plain text broken into lines a window of words at a time, so in linear time."""

    def breakLines(self, width: Any) -> Any:  # noqa: N802 - reportlab's name
        frag = self.frags[0]
        words = frag.text.split(" ")
        if len(words) <= 2 * WINDOW_WORDS:
            return super().breakLines(width)
        lines: list[Any] = []
        start, first = 0, None
        while start < len(words):
            stop = min(start + WINDOW_WORDS, len(words))
            text = " ".join(words[start:stop])
            part = CellParagraph(text, self.style, frags=[frag.clone(text=text)]).breakLines(width)
            kept = part.lines if stop == len(words) else part.lines[:-1]
            if not kept or any(type(w) is not str for _, ws in kept for w in ws):
                return super().breakLines(width)  # a word split over lines: the slow way
            first = first or part
            lines.extend(kept)
            start += sum(len(ws) for _, ws in kept)
        assert first is not None
        first.lines = lines
        return first


def _wrap_once(flow: Flowable) -> Flowable:
    """Make `flow` remember its last wrap, so that measuring and drawing lay it out only once."""
    original = flow.wrap
    memo: list[Any] = [None, None]

    def wrap(width: float, height: float) -> Any:
        # Paragraph.split forgets the layout (del blPara) when it cannot split: lay out again.
        if memo[0] != width or not hasattr(flow, "blPara"):
            memo[:] = [width, original(width, height)]
        return memo[1]

    flow.wrap = wrap
    return flow


def wrap_at(flow: Flowable, width: float) -> None:
    """Make `flow` lay itself out at `width` whatever width its cell offers."""
    original = flow.wrap
    flow.wrap = lambda _width, height: original(width, height)


def paragraph(item: Item, para_style: Any) -> Flowable:
    """Return a Paragraph; plain text without line breaks skips the markup parser (fast)."""
    if isinstance(item, Rich):
        return _wrap_once(CellParagraph(item.markup, para_style))
    value = wording.text(item)
    if "\n" in value:
        return _wrap_once(CellParagraph(markup(value), para_style))
    template = _TEMPLATES.get(para_style.name)
    if template is None:
        template = _TEMPLATES[para_style.name] = Paragraph("x", para_style).frags[0]
    words = " ".join(value.split())
    kind = _LongParagraph if len(words) > 10 * WINDOW_WORDS else CellParagraph
    return _wrap_once(kind(words, para_style, frags=[template.clone(text=words)]))


def may_be_tall(items: Sequence[Item], width: float, size: float) -> bool:
    """Return False when the text is surely too short to make a cell EXPLODE_HEIGHT tall."""
    chars = sum(len(i.markup if isinstance(i, Rich) else i) for i in items)
    lines = chars * size * _WIDEST_EM / max(width, 1.0) + 2 * len(items)
    return lines * size * 1.2 > EXPLODE_HEIGHT


def content_height(flows: Sequence[Flowable], width: float) -> float:
    """Return the height of a cell's flowables stacked (spaces before all but the first)."""
    heights = [
        f.wrap(width, 1e9)[1] + (f.getSpaceBefore() if i else 0) for i, f in enumerate(flows)
    ]
    return float(sum(heights))


def chunks(flows: list[Flowable], width: float, limit: float) -> list[list[Flowable]]:
    """Cut a cell's paragraphs into pieces no taller than `limit`, splitting between lines.

    Each paragraph is broken into lines once and cut by line ranges, so the time is linear in
    the text (cutting off one piece at a time re-broke the whole rest at every piece).
    """
    pieces: list[list[Flowable]] = []
    current: list[Flowable] = []
    used = 0.0
    for flow in flows:
        space = flow.getSpaceBefore() if current else 0.0
        height = flow.wrap(width, 1e9)[1] + space
        if used + height <= limit:
            current.append(flow)
            used += height
            continue
        parts = _line_slices(flow, width, limit - used - space, limit)
        if parts[0] is not None:
            current.append(parts[0])
        if current:
            pieces.append(current)
        pieces.extend([part] for part in parts[1:-1])
        current = [parts[-1]] if len(parts) > 1 else []
        used = parts[-1].wrap(width, 1e9)[1] if len(parts) > 1 else 0.0
    if current:
        pieces.append(current)
    return pieces


def plain(item: Item) -> str:
    """Return an item's text without markup (for measuring)."""
    if isinstance(item, str):
        return item
    text = re.sub(r"<br/?>", "\n", item.markup)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _line_slices(flow: Flowable, width: float, room: float, limit: float) -> list[Any]:
    """Return `flow` cut by its lines: a first part fitting `room` (None if not a line fits),
    then parts fitting `limit`. A flowable that is not a paragraph stays whole."""
    lines = getattr(flow, "blPara", None)
    if not isinstance(flow, Paragraph) or lines is None or not hasattr(lines, "lines"):
        return [None, flow]
    count = len(lines.lines)
    leading = float(flow.style.leading)
    per_piece = max(1, int(limit / leading))
    first = min(count, int(max(room, 0.0) / leading))
    head = _slice(flow, 0, first) if first else None
    starts = range(first, count, per_piece)
    return [head] + [_slice(flow, a, min(a + per_piece, count)) for a in starts]


def _slice(flow: Any, start: int, stop: int) -> Flowable:
    """Return lines start…stop of a wrapped paragraph as a paragraph of its own."""
    lines = flow.blPara.lines
    if start == 0 and stop == len(lines):
        return flow
    part = CellParagraph(
        None, flow.style, frags=flow._get_split_blParaFunc()(flow.blPara, start, stop)
    )
    last = lines[stop - 1]
    # Justify a piece's last line unless the paragraph ends there or breaks the line itself.
    part._JustifyLast = stop < len(lines) and not getattr(last, "lineBreak", False)
    return _wrap_once(part)


def as_cell(flows: list[Flowable]) -> Any:
    if not flows:
        return ""
    return flows[0] if len(flows) == 1 else flows


def cell(value: str) -> list[Item]:
    """Return a one-paragraph cell of plain text."""
    return [value]


def labelled(label: str, body: str) -> Item:
    """Return a paragraph whose lead-in words are italic: "<i>Đề xuất:</i> …"."""
    return Rich(f"<i>{markup(label)}</i> {markup(body)}") if label else body
