"""A small strict validator for the JSON that travels in packages (no extra dependency).

A schema is a `Check`: a function that takes a decoded JSON value and its path ("$.tasks[3]")
and raises `SchemaError` with a Vietnamese message on the first problem. Objects reject unknown
and missing keys; numbers reject booleans; strings have a maximum length.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any

from carapp.domain.unit_kinds import UNIT_CODE_PATTERN

Check = Callable[[object, str], None]

FILE_NAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}"
# Digits are spelled [0-9]: `\d` also matches Arabic-Indic and full-width digits ("٢٠٢٦"),
# which int() and file names would then carry along.
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})"
)
_MONTH_DAY = re.compile(r"[0-9]{2}-[0-9]{2}")
_PERIOD = re.compile(r"([0-9]{4})(-Q1|-H1|-Q3)?")
MIN_YEAR, MAX_YEAR = 1900, 2200  # dates, instants and periods outside are refused
MAX_INT = 2**31 - 1  # revisions, positions, sequences, sizes: any larger is hostile
MAX_NUMBER = 1e15  # target and measured values


class SchemaError(ValueError):
    """A JSON document does not match its schema at `path`."""

    def __init__(self, path: str, message_vi: str) -> None:
        super().__init__(f"{path}: {message_vi}")
        self.path = path
        self.message_vi = message_vi


def load_json(raw: bytes, name: str) -> object:
    """Decode strict UTF-8 JSON: no duplicate keys, no NaN/Infinity, no byte-order mark."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SchemaError("$", f"{name} không phải JSON hợp lệ (không phải UTF-8)") from exc
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except _Refused as exc:
        raise SchemaError("$", f"{name} không phải JSON hợp lệ ({exc})") from exc
    except json.JSONDecodeError as exc:
        where = f"dòng {exc.lineno}, cột {exc.colno}"
        raise SchemaError("$", f"{name} không phải JSON hợp lệ (lỗi cú pháp ở {where})") from exc
    except RecursionError as exc:
        raise SchemaError("$", f"{name} không phải JSON hợp lệ (lồng nhau quá sâu)") from exc
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise SchemaError("$", f"{name} không phải JSON hợp lệ (có số quá lớn)") from exc


class _Refused(ValueError):
    """A construct strict JSON refuses; the message is Vietnamese."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(f"khóa “{_shown(key)}” lặp lại")
        result[key] = value
    return result


def _no_constant(name: str) -> object:
    raise _Refused(f"giá trị {name} không được phép")


def obj(required: Mapping[str, Check], optional: Mapping[str, Check] | None = None) -> Check:
    """Accept an object with exactly the `required` keys plus any of the `optional` ones."""
    known = {**(optional or {}), **required}

    def check(value: object, path: str) -> None:
        if not isinstance(value, dict):
            raise SchemaError(path, "phải là một đối tượng JSON")
        for key in required:
            if key not in value:
                raise SchemaError(path, f"thiếu trường “{key}”")
        for key, item in value.items():
            if key not in known:
                raise SchemaError(path, f"có trường không được phép “{_shown(key)}”")
            known[key](item, f"{path}.{key}")

    return check


def array(item: Check, *, min_items: int = 0, max_items: int = 100_000) -> Check:
    """Accept a list of `min_items`..`max_items` values that each pass `item`."""

    def check(value: object, path: str) -> None:
        if not isinstance(value, list):
            raise SchemaError(path, "phải là một danh sách")
        if not min_items <= len(value) <= max_items:
            raise SchemaError(path, f"phải có từ {min_items} đến {max_items} phần tử")
        for i, element in enumerate(value):
            item(element, f"{path}[{i}]")

    return check


def mapping(key: Check, value: Check, *, max_items: int = 10_000) -> Check:
    """Accept an object used as a dictionary: every key passes `key`, every value `value`."""

    def check(item: object, path: str) -> None:
        if not isinstance(item, dict):
            raise SchemaError(path, "phải là một đối tượng JSON")
        if len(item) > max_items:
            raise SchemaError(path, f"có quá {max_items} phần tử")
        for k, v in item.items():
            key(k, f"{path}[{k!r}]")
            value(v, f"{path}.{k}")

    return check


def _shown(value: str, limit: int = 60) -> str:
    """Return `value` cut to `limit` characters, lone surrogates escaped, for a message."""
    return value[:limit].encode("utf-8", "backslashreplace").decode("utf-8")


def _as_json(value: object) -> str:
    """Return a non-text value as JSON writes it (null, true, 1.5, [...]), never Python's None."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return type(value).__name__


def _has_surrogate(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def text(*, max_len: int = 20_000, min_len: int = 0, pattern: str | None = None) -> Check:
    """Accept a string of bounded length, fully matching `pattern` when given.

    A lone surrogate ("\\ud800" in the JSON) is refused: it is no character, and neither
    SQLite nor a printed document can hold it; so is NUL ("\\u0000"), which PostgreSQL's
    text cannot hold (a city on PostgreSQL would fail to write it).
    """
    compiled = re.compile(pattern) if pattern else None

    def check(value: object, path: str) -> None:
        if not isinstance(value, str):
            raise SchemaError(path, "phải là chuỗi ký tự")
        if not min_len <= len(value) <= max_len:
            raise SchemaError(path, f"phải dài từ {min_len} đến {max_len} ký tự")
        if _has_surrogate(value):
            raise SchemaError(path, "có ký tự không hợp lệ (nửa cặp UTF-16 đứng riêng)")
        if "\x00" in value:  # PostgreSQL cannot store it: refused on either engine
            raise SchemaError(path, "có ký tự rỗng (NUL, mã 0) không được phép")
        if compiled and not compiled.fullmatch(value):
            raise SchemaError(path, f"giá trị “{_shown(value)}” không đúng định dạng")

    return check


def integer(*, minimum: int = -MAX_INT, maximum: int = MAX_INT) -> Check:
    """Accept an integer (never a boolean) within the given bounds (always bounded)."""

    def check(value: object, path: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SchemaError(path, "phải là số nguyên")
        if not minimum <= value <= maximum:
            raise SchemaError(path, f"phải nằm trong khoảng từ {_int(minimum)} đến {_int(maximum)}")

    return check


def _int(value: int) -> str:
    return f"{value:,}".replace(",", ".")  # 2.147.483.647, as Vietnamese write it


def number() -> Check:
    """Accept a finite integer or decimal number (never a boolean) of at most 10^15."""

    def check(value: object, path: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SchemaError(path, "phải là số")
        if isinstance(value, float) and not math.isfinite(value):
            raise SchemaError(path, "phải là số hữu hạn")
        if abs(value) > MAX_NUMBER:
            raise SchemaError(path, "quá lớn (giá trị tuyệt đối tối đa 10^15)")

    return check


def one_of(values: Iterable[object]) -> Check:
    """Accept exactly one of `values`."""
    allowed = list(values)

    def check(value: object, path: str) -> None:
        if isinstance(value, bool) or value not in allowed:
            shown = ", ".join(str(v) for v in allowed)
            got = _shown(value) if isinstance(value, str) else _shown(_as_json(value)[:60])
            raise SchemaError(path, f"giá trị “{got}” không hợp lệ (chỉ nhận: {shown})")

    return check


def nullable(inner: Check) -> Check:
    """Accept null or whatever `inner` accepts."""

    def check(value: object, path: str) -> None:
        if value is not None:
            inner(value, path)

    return check


def _parsed(regex: re.Pattern[str], parse: Callable[[str], object], what: str) -> Check:
    def check(value: object, path: str) -> None:
        if not isinstance(value, str) or not regex.fullmatch(value):
            raise SchemaError(path, f"phải là {what}")
        try:
            parse(value)
        except ValueError as exc:
            raise SchemaError(path, f"phải là {what}") from exc

    return check


def _year_between(year: int, path: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise SchemaError(path, f"có năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}")


def iso_date() -> Check:
    """Accept a calendar date written YYYY-MM-DD, in the years MIN_YEAR..MAX_YEAR."""
    parsed = _parsed(_DATE, date.fromisoformat, "ngày dạng YYYY-MM-DD")

    def check(value: object, path: str) -> None:
        parsed(value, path)
        _year_between(date.fromisoformat(str(value)).year, path)

    return check


def iso_datetime() -> Check:
    """Accept an ISO 8601 instant with its UTC offset, in the years MIN_YEAR..MAX_YEAR."""
    parsed = _parsed(_DATETIME, datetime.fromisoformat, "thời điểm ISO 8601 có múi giờ")

    def check(value: object, path: str) -> None:
        parsed(value, path)
        _year_between(datetime.fromisoformat(str(value)).year, path)

    return check


def uuid_text() -> Check:
    """Accept a UUID in its canonical lower-case form."""
    return _parsed(_UUID, str, "mã định danh UUID (chữ thường)")


def unit_code() -> Check:
    """Accept a unit code such as BLV (upper-case letters, digits and '-')."""
    return text(max_len=16, pattern=UNIT_CODE_PATTERN)


def sha256_hex() -> Check:
    """Accept a SHA-256 digest in lower-case hexadecimal."""
    return text(max_len=64, min_len=64, pattern=r"[0-9a-f]{64}")


def month_day() -> Check:
    """Accept "MM-DD" (ASCII digits, a day that exists in a leap year) or ""."""

    def check(value: object, path: str) -> None:
        if value == "":
            return
        if not isinstance(value, str) or not _MONTH_DAY.fullmatch(value):
            raise SchemaError(path, "không đúng định dạng ngày trong năm MM-DD (hoặc để trống)")
        try:
            date(2000, int(value[:2]), int(value[3:]))
        except ValueError as exc:
            raise SchemaError(path, f"ngày “{value}” không có trong năm") from exc

    return check


def period_year(code: str) -> int:
    """Return the year of a period code that passed `period_code` (2026-Q1 -> 2026)."""
    return int(code[:4])


def period_code() -> Check:
    """Accept a reporting period in its canonical code (`ReportingPeriod.code`): 2026-Q1 …

    Only ASCII digits, and a year in MIN_YEAR..MAX_YEAR.
    """
    parsed = _parsed(_PERIOD, str, "mã kỳ báo cáo (2026-Q1, 2026-H1, 2026-Q3, 2026)")

    def check(value: object, path: str) -> None:
        parsed(value, path)
        _year_between(period_year(str(value)), path)

    return check
