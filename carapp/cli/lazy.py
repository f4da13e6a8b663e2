"""Which module registers which command, so that a command imports only its own module.

Every `commands_*` module imports the services it runs (exporters, signing, Excel …) at its
top; importing all of them before argparse decides cost ~1.5 s on each `carapp task list` and on
every start of the window. `COMMANDS` maps each top-level command word to the module that
registers it; `tests/cli/test_lazy.py` checks the table against the modules' own register().
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

COMMANDS = {
    "db": "carapp.cli.commands_db",
    "sample": "carapp.cli.commands_db",
    "plan": "carapp.cli.commands_plan",
    "task": "carapp.cli.commands_plan",
    "progress": "carapp.cli.commands_plan",
    "unit": "carapp.cli.commands_unit",
    "import": "carapp.cli.commands_import",
    "export": "carapp.cli.commands_export",
    "mode": "carapp.cli.commands_sync",
    "receipt": "carapp.cli.commands_sync",
    "pki": "carapp.cli.commands_sync",
    "package": "carapp.cli.commands_sync",
    "assignments": "carapp.cli.commands_sync",
    "city": "carapp.cli.commands_sync",
    "smoke-test": "carapp.cli.commands_smoke",
}
ALL_MODULES = tuple(dict.fromkeys(COMMANDS.values()))  # in the order `carapp --help` lists them
HELP_FLAGS = ("-h", "--help")


def command_word(argv: Sequence[str]) -> str | None:
    """Return the first word of `argv` that is not a top-level option (the command), if any."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def command_modules(argv: Sequence[str] | None) -> tuple[str, ...]:
    """Return the modules to register for `argv`: the command's own, none, or all of them.

    No command and no help asked: the window starts and needs no command at all. Help, an
    unknown word or a form not recognised here (`--d=…`): every module, so argparse lists
    the commands and its messages are those of the full parser.
    """
    if argv is None:
        return ALL_MODULES
    word = command_word(argv)
    if word is None:
        asked_help = any(w in HELP_FLAGS for w in argv)
        return ALL_MODULES if asked_help or any(_other_option(w) for w in argv) else ()
    module = COMMANDS.get(word)
    return (module,) if module else ALL_MODULES


def _other_option(word: str) -> bool:
    return (
        word.startswith("-")
        and word not in ("--db", "--version", "--demo")
        and not word.startswith("--db=")
    )


def register_modules(commands: Any, modules: Iterable[str]) -> None:
    """Import each module and let it add its commands to the subparsers `commands`."""
    for name in modules:
        # __import__, unlike importlib.import_module, shows in `python -X importtime`.
        __import__(name, fromlist=("register",)).register(commands)
