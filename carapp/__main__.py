"""`python -m carapp`: the same as the `carapp` command."""

import multiprocessing
import sys

# In the frozen app, the processes that verify packages (services/sync/verify_pool.py, started
# with "spawn") run this executable again: this turns such a run into the worker, not the app.
multiprocessing.freeze_support()

from carapp.cli.main import main  # noqa: E402

sys.exit(main())
