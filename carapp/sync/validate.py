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

Check = Callable[[object, str], None]

UNIT_CODE_PATTERN = r"[A-Z0-9][A-Z0-9-]{1,15}"
FILE_NAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})")


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
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise SchemaError("$", f"{name} không phải JSON hợp lệ ({exc})") from exc


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"khóa “{key}” lặp lại")
        result[key] = value
    return result


def _no_constant(name: str) -> object:
    raise ValueError(f"giá trị {name} không được phép")


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
                raise SchemaError(path, f"có trường không được phép “{key}”")
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


def text(*, max_len: int = 20_000, min_len: int = 0, pattern: str | None = None) -> Check:
    """Accept a string of bounded length, fully matching `pattern` when given."""
    compiled = re.compile(pattern) if pattern else None

    def check(value: object, path: str) -> None:
        if not isinstance(value, str):
            raise SchemaError(path, "phải là chuỗi ký tự")
        if not min_len <= len(value) <= max_len:
            raise SchemaError(path, f"phải dài từ {min_len} đến {max_len} ký tự")
        if compiled and not compiled.fullmatch(value):
            raise SchemaError(path, f"giá trị “{value[:60]}” không đúng định dạng")

    return check


def integer(*, minimum: int | None = None, maximum: int | None = None) -> Check:
    """Accept an integer (never a boolean) within the given bounds."""

    def check(value: object, path: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SchemaError(path, "phải là số nguyên")
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise SchemaError(path, f"phải nằm trong khoảng {minimum}..{maximum}")

    return check


def number() -> Check:
    """Accept a finite integer or decimal number (never a boolean)."""

    def check(value: object, path: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SchemaError(path, "phải là số")
        if isinstance(value, float) and not math.isfinite(value):
            raise SchemaError(path, "phải là số hữu hạn")

    return check


def one_of(values: Iterable[object]) -> Check:
    """Accept exactly one of `values`."""
    allowed = list(values)

    def check(value: object, path: str) -> None:
        if isinstance(value, bool) or value not in allowed:
            shown = ", ".join(str(v) for v in allowed)
            raise SchemaError(path, f"giá trị “{value}” không hợp lệ (chỉ nhận: {shown})")

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


def iso_date() -> Check:
    """Accept a calendar date written YYYY-MM-DD."""
    return _parsed(_DATE, date.fromisoformat, "ngày dạng YYYY-MM-DD")


def iso_datetime() -> Check:
    """Accept an ISO 8601 date and time that carries its UTC offset."""
    return _parsed(_DATETIME, datetime.fromisoformat, "thời điểm ISO 8601 có múi giờ")


def uuid_text() -> Check:
    """Accept a UUID in its canonical lower-case form."""
    return _parsed(_UUID, str, "mã định danh UUID (chữ thường)")


def unit_code() -> Check:
    """Accept a unit code such as BLV (upper-case letters, digits and '-')."""
    return text(max_len=16, pattern=UNIT_CODE_PATTERN)


def sha256_hex() -> Check:
    """Accept a SHA-256 digest in lower-case hexadecimal."""
    return text(max_len=64, min_len=64, pattern=r"[0-9a-f]{64}")


def period_code() -> Check:
    """Accept a reporting period in its canonical code (`ReportingPeriod.code`): 2026-Q1 …"""
    return _parsed(
        re.compile(r"\d{4}(-Q1|-H1|-Q3)?"), str, "mã kỳ báo cáo (2026-Q1, 2026-H1, 2026-Q3, 2026)"
    )
