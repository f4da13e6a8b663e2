"""`python -m carapp`: the same as the `carapp` command."""

import sys

from carapp.cli.main import main

sys.exit(main())
