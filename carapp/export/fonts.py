"""The printing font: Liberation Serif 2.x (metric-compatible with Times New Roman).

The four styles ship in resources/fonts/ (SIL OFL 1.1, licence beside them) and are registered
with reportlab once, as one family, so that <b> and <i> in paragraphs pick the right face.
Version 2.x is required: 1.07 lacks Ơ, Ư and every tone-marked letter.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from carapp.resources import resource_path

FAMILY = "LiberationSerif"
REGULAR = FAMILY
BOLD = f"{FAMILY}-Bold"
ITALIC = f"{FAMILY}-Italic"
BOLD_ITALIC = f"{FAMILY}-BoldItalic"

# The name Excel and LibreOffice know; LibreOffice substitutes Liberation Serif for it.
SPREADSHEET_FONT = "Times New Roman"

_FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}

# A table style command giving every cell the printing font: reportlab's cell default is
# Helvetica, which it then declares (unembedded) in the PDF even though no text uses it.
TABLE_FONT = ("FONT", (0, 0), (-1, -1), REGULAR)

# Texts up to this length (characters) are remembered by _Face.splitString.
MEMO_LENGTH = 400


class _Face(TTFont):  # type: ignore[misc]
    """A TrueType face that remembers, per document, how it encoded each short text.

    reportlab maps a text to the codes of the font's subsets one character at a time, in
    Python. A plan's cells repeat (units, outputs, deadlines): a 1,000-task appendix draws
    13,700 lines of which 2,250 differ. Within one document a character keeps the code it was
    given first, so a text encoded once is encoded the same way again. The memo lives in the
    document's font state, which reportlab drops once the font is written to the file.
    """

    def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> Any:  # noqa: N802
        state = self.state.get(doc)
        if state is None or not isinstance(text, str) or len(text) > MEMO_LENGTH:
            return super().splitString(text, doc, encoding)
        memo = state.__dict__.setdefault("carapp_split", {})
        pieces = memo.get(text)
        if pieces is None:
            pieces = memo[text] = super().splitString(text, doc, encoding)
        return pieces


_lock = threading.Lock()
_registered = False


def register_fonts() -> str:
    """Register the four Liberation Serif faces and their family once; return the family name."""
    global _registered
    if _registered:  # the common case, asked for each measured text: no lock to take
        return FAMILY
    with _lock:
        if not _registered:
            for name, file_name in _FILES.items():
                path = resource_path("fonts", file_name)
                if not path.is_file():
                    raise FileNotFoundError(f"Thiếu tệp phông chữ: {path}")
                pdfmetrics.registerFont(_Face(name, str(path)))
            pdfmetrics.registerFontFamily(
                FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
            )
            _registered = True
    return FAMILY


def face(*, bold: bool = False, italic: bool = False) -> str:
    """Return the registered face name for a style."""
    if bold:
        return BOLD_ITALIC if italic else BOLD
    return ITALIC if italic else REGULAR


def text_width(text: str, size: float, *, bold: bool = False, italic: bool = False) -> float:
    """Return the width in points of `text` set in Liberation Serif at `size`."""
    register_fonts()
    return float(pdfmetrics.stringWidth(text, face(bold=bold, italic=italic), size))


@lru_cache(maxsize=1 << 17)
def word_width(word: str, font: str, size: float) -> float:
    """Return a word's width in points in a registered face (`font`), measured once: a plan's
    words (Vietnamese syllables) repeat a lot."""
    return float(pdfmetrics.stringWidth(word, font, size))


def missing_glyphs(text: str, *, bold: bool = False, italic: bool = False) -> list[str]:
    """Return the characters of `text` the face has no glyph for (spaces and newlines ignored)."""
    register_fonts()
    font = pdfmetrics.getFont(face(bold=bold, italic=italic))
    cmap: dict[int, int] = font.face.charToGlyph
    return sorted({ch for ch in text if not ch.isspace() and ord(ch) not in cmap})
