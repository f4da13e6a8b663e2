"""`python -m carapp`: the same as the `carapp` command."""

import sys

# In the frozen app, the processes that verify packages (services/sync/verify_pool.py, started
# with "spawn") run this executable again: this turns such a run into the worker, not the app.
# Not frozen, multiprocessing is left unloaded (~10 ms of every command).
if getattr(sys, "frozen", False):
    import multiprocessing

    multiprocessing.freeze_support()

from carapp.cli.main import main  # noqa: E402

sys.exit(main())
