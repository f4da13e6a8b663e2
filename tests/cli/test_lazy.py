"""The command table of carapp.cli.lazy names every command each module registers."""

from __future__ import annotations

import argparse
import importlib

import pytest

from carapp.cli.lazy import ALL_MODULES, COMMANDS, command_modules, command_word
from carapp.cli.main import build_parser, main


def _registered(module: str) -> set[str]:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command")
    importlib.import_module(module).register(commands)
    return set(commands.choices)


def test_table_lists_exactly_the_commands_each_module_registers() -> None:
    for module in ALL_MODULES:
        assert _registered(module) == {w for w, m in COMMANDS.items() if m == module}, module


def test_full_parser_knows_every_command_of_the_table() -> None:
    actions = build_parser()._subparsers._group_actions  # type: ignore[union-attr]
    assert set(actions[0].choices) == set(COMMANDS)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("argv", "modules"),
    [
        ([], ()),
        (["--db", "x.sqlite3"], ()),
        (["--db=task"], ()),
        (["--db", "task", "plan", "list"], ("carapp.cli.commands_plan",)),
        (["task", "list", "--plan", "export"], ("carapp.cli.commands_plan",)),
        (["export", "appendix"], ("carapp.cli.commands_export",)),
        (["--help"], ALL_MODULES),
        (["no-such-command"], ALL_MODULES),
    ],
)
def test_only_the_module_of_the_command_given_is_registered(
    argv: list[str], modules: tuple[str, ...]
) -> None:
    assert command_modules(argv) == modules


def test_command_word_skips_the_database_option() -> None:
    assert command_word(["--db", "plan", "task", "list"]) == "task"


def test_help_still_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(word in out for word in ("task", "export", "package", "sample"))


def test_unknown_command_is_refused_with_the_full_list(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["khong-co"])
    err = capsys.readouterr().err
    assert "khong-co" in err and "export" in err
