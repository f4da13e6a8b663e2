"""argparse in Vietnamese: its own words ("usage:", "options:", "error:" …) as the officer reads
them.

argparse looks its messages up through `gettext` by the names `_` and `ngettext` in its module,
at the time it builds a parser and when it formats help or an error. `vietnamese()` puts a
Vietnamese catalogue in their place while carapp builds and runs its parser, and gives the
originals back afterwards, so nothing else in the process (pytest, a library) is affected.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

# argparse's messages (Python 3.11–3.13) -> Vietnamese; %-placeholders kept as they are.
MESSAGES = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "Tham số",
    "options": "Tùy chọn",
    "optional arguments": "Tùy chọn",
    "subcommands": "Lệnh",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "show program's version number and exit": "in số phiên bản rồi thoát",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "không có lệnh %(parser_name)r (chọn một trong: %(choices)s)"
    ),
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "không có lựa chọn %(value)r (chọn một trong: %(choices)s)"
    ),
    "invalid choice: %(value)r": "không có lựa chọn %(value)r",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "the following arguments are required: %s": "còn thiếu tham số bắt buộc: %s",
    "one of the arguments %s is required": "cần một trong các tham số: %s",
    "not allowed with argument %s": "không dùng cùng được với %s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị %r",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tùy chọn %(option)s chưa rõ: có thể là %(matches)s"
    ),
    "unexpected option string: %s": "tùy chọn không đúng chỗ: %s",
    "can't open '%(filename)s': %(error)s": "không mở được “%(filename)s”: %(error)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: Lỗi: %(message)s\n",
}


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return _gettext(singular if count == 1 else plural)


@contextmanager
def vietnamese() -> Iterator[None]:
    """Let argparse speak Vietnamese inside the block (building parsers, parsing, help)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    setattr(argparse, "_", _gettext)  # noqa: B010
    setattr(argparse, "ngettext", _ngettext)  # noqa: B010
    try:
        yield
    finally:
        setattr(argparse, "_", saved[0])  # noqa: B010
        setattr(argparse, "ngettext", saved[1])  # noqa: B010


# Placeholders shown for values in usage and help, by the option's dest (argparse would show
# the dest in capitals: NAME, AS_OF …).
METAVARS = {
    "db": "TỆP",
    "name": "TÊN",
    "title": "TÊN",
    "kind": "LOẠI",
    "parent": "MÃ",
    "code": "MÃ",
    "unit": "MÃ",
    "units": "MÃ,MÃ",
    "unit_name": "TÊN",
    "unit_kind": "LOẠI",
    "plan": "KẾ-HOẠCH",
    "period": "KỲ",
    "as_of": "NGÀY",
    "completed_on": "NGÀY",
    "search": "CHỮ",
    "status": "TRẠNG-THÁI",
    "percent": "SỐ",
    "years": "SỐ",
    "output": "TỆP",
    "out": "TỆP",
    "key": "TỆP.p12",
    "ca": "TỆP.p12",
    "passphrase_file": "TỆP",
    "new_passphrase_file": "TỆP",
    "receipts": "THƯ-MỤC",
    "log": "TỆP",
    "tasks": "SỐ,SỐ",
    "file": "TỆP",
    "files": "TỆP",
    "pem": "TỆP.pem",
    "cert": "TỆP",
    "target": "TỆP",
    "task": "NHIỆM-VỤ",
    "fingerprint": "VÂN-TAY",
    "mode": "CHẾ-ĐỘ",
}


class Formatter(argparse.HelpFormatter):
    """Help with Vietnamese placeholders for values instead of English dest names."""

    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        return METAVARS.get(action.dest, "GIÁ-TRỊ")

    def _get_default_metavar_for_positional(self, action: argparse.Action) -> str:
        return METAVARS.get(action.dest, "GIÁ-TRỊ")


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors read like every other error of carapp: "Lỗi: …", and
    whose help shows Vietnamese placeholders (sub-commands' parsers are of the same class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Make a parser with the Vietnamese help formatter unless told otherwise."""
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        """Print the usage and the error in Vietnamese, then exit with status 2."""
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi: {message}\n")
