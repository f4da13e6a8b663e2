"""The floors bench_sync.py prints beside its figures.

- checking: `openssl cms -verify` of the same signatures — every package's manifest.p7s over
  its manifest.json and the CMS signature inside each PDF over its signed byte range — one
  openssl process per signature (as a command-line check would run), timed over all packages,
  then over `workers` processes at once (the cores the import uses). The signed bytes are
  extracted beforehand, untimed.
- writing: a bare bulk insert of the same rows (every plan, section, target, measurement, task
  and progress record the import wrote), with plain sqlite3 executemany in one transaction,
  into an empty copy of the schema; no audit, no checks.
"""

from __future__ import annotations

import sqlite3
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

from pyhanko.pdf_utils.reader import PdfFileReader

from carapp.sync.safezip import Limits, read_package_zip

TABLES = ("plan", "section", "target", "measurement", "task", "progress_record")


def _signatures(path: Path, out: Path) -> list[tuple[Path, Path]]:
    """Write (signed content, DER signature) files of one package; return their paths."""
    members = read_package_zip(path, Limits()).members
    pairs = [(members["manifest.json"], members["manifest.p7s"])]
    for name, content in sorted(members.items()):
        if name.endswith(".pdf"):
            [signature] = PdfFileReader(BytesIO(content), strict=False).embedded_signatures
            a, b, c, d = signature.byte_range
            pairs.append((content[a : a + b] + content[c : c + d], signature.pkcs7_content))
    written = []
    for number, (content, signature) in enumerate(pairs):
        stem = out / f"{path.stem}-{number}"
        stem.with_suffix(".bin").write_bytes(content)
        stem.with_suffix(".p7s").write_bytes(signature)
        written.append((stem.with_suffix(".bin"), stem.with_suffix(".p7s")))
    return written


def _openssl(roots: Path, content: Path, signature: Path) -> None:
    subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", str(signature)]
        + ["-content", str(content), "-CAfile", str(roots), "-purpose", "any", "-out", "/dev/null"],
        check=True,
        capture_output=True,
    )


def openssl_floor(folder: Path, roots_pem: list[str], workers: int) -> tuple[int, float, float]:
    """Return (signatures, seconds one at a time, seconds over `workers` processes at once)."""
    with tempfile.TemporaryDirectory(prefix="carapp-openssl-") as tmp:
        out = Path(tmp)
        roots = out / "roots.pem"
        roots.write_text("".join(roots_pem), encoding="ascii")
        jobs = [pair for path in sorted(folder.glob("*.zip")) for pair in _signatures(path, out)]
        started = time.perf_counter()
        for content, signature in jobs:
            _openssl(roots, content, signature)
        serial = time.perf_counter() - started
        started = time.perf_counter()
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(lambda job: _openssl(roots, *job), jobs))
        parallel = time.perf_counter() - started
    return len(jobs), serial, parallel


def insert_floor(city_file: Path) -> tuple[int, float]:
    """Return (rows, seconds) of a bare executemany insert of the city's synced rows."""
    with tempfile.TemporaryDirectory(prefix="carapp-insert-") as tmp:
        target = Path(tmp) / "floor.sqlite3"
        source = sqlite3.connect(city_file)
        schema = [
            sql
            for name, sql in source.execute(
                "SELECT name, sql FROM sqlite_master WHERE type='table'"
            )
            if name in TABLES
        ]
        data = {t: source.execute(f'SELECT * FROM "{t}"').fetchall() for t in TABLES}
        source.close()
        conn = sqlite3.connect(target, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        for sql in schema:
            conn.execute(sql)
        started = time.perf_counter()
        conn.execute("BEGIN")
        for table, rows in data.items():
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                conn.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)
        conn.execute("COMMIT")
        elapsed = time.perf_counter() - started
        conn.close()
    return sum(len(rows) for rows in data.values()), elapsed
