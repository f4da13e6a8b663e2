"""Writers of the printed documents: the appendix and the progress report, as PDF, Excel, Word.

Each takes plain data (carapp.domain.documents), writes its file atomically and reports
progress through an optional `progress(done, total)` callback. No Qt, no database here.
"""

from carapp.export.docx_document import write_appendix_docx, write_report_docx
from carapp.export.pdf_appendix import write_appendix_pdf
from carapp.export.pdf_report import write_report_pdf
from carapp.export.xlsx_appendix import write_appendix_xlsx
from carapp.export.xlsx_report import write_report_xlsx

__all__ = [
    "write_appendix_docx",
    "write_appendix_pdf",
    "write_appendix_xlsx",
    "write_report_docx",
    "write_report_pdf",
    "write_report_xlsx",
]
