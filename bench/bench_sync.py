"""Time the city importing many units' report packages, each figure beside its floor.

Run: .venv/bin/python bench/bench_sync.py [--units 150] [--tasks 100] [--keep DIR] [--db URL]

Setup (not timed): the city's PKI (init-city), one signing certificate per unit U001…U150
allowed in the city's trust store, a generator database holding every unit's plan (7 sections,
`--tasks` tasks, targets, Quý I progress on about 70% of the tasks; bench/sync_data.py), and one
real report package per unit built by build_report_package (data.json plus the appendix and
report as xlsx and PAdES-signed PDF). With `--keep DIR`, a second run reuses DIR's packages and
its city database as it was before the import (SQLite only: a `--db` city gets its own PKI, so
its packages are built again).

Timed: `import_packages` of the whole folder at the city (the window's import runs the same
function): checking (zip, hashes, CMS signature, chain, pin, the PAdES signature of each PDF, in
one process per CPU) and writing (per chunk of packages one transaction, per package a
savepoint: the sequence rule, the snapshot applied with its audit entries, the package body, the
PackageRecord and a signed receipt). Wall and CPU time (this process and its workers). Then the
same folder again (everything "already imported", skipped by hash), and the consolidated
picture. Floors (bench/sync_floors.py): `openssl cms -verify` of the same signatures, and a bare
sqlite3 executemany of the same rows.
"""

import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from sync_run import main

    main()
