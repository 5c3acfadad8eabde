"""The ``cchc`` argument parser in Vietnamese: help headings, usage, and one-line errors.

argparse writes its own texts in English through gettext (``usage:``, ``options``, ``invalid choice``…).
``Parser`` gives its help headings and ``-h`` in Vietnamese, and ``Parser.error`` turns argparse's error
messages (Python 3.11–3.13) into one Vietnamese line naming the command, e.g.
``cchc ask: lỗi: không nhận ra tham số: --xyz (xem cchc ask --help)``, exit code 2. Every sub-parser
made by ``add_subparsers().add_parser`` is a ``Parser`` too (argparse uses the parent's class).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from typing import NoReturn

from index import messages

_PARSER = "_cchc_parser"  # namespace attribute: the innermost parser that parsed (for its name in errors)

# argparse's error messages, as it formats them, and the name of their Vietnamese template.
_ERRORS = [
    (r"unrecognized arguments: (?P<args>.*)", "unrecognized"),
    (r"the following arguments are required: (?P<args>.*)", "required"),
    (r"one of the arguments (?P<args>.*) is required", "one_of"),
    (r"invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)", "choice"),
    (r"invalid (?P<type>\w+) value: (?P<value>.*)", "type"),
    (r"expected one argument", "one_value"),
    (r"expected at most one argument", "at_most_one"),
    (r"expected at least one argument", "at_least_one"),
    (r"expected (?P<count>\d+) arguments?", "values"),
    (r"not allowed with argument (?P<other>.*)", "not_with"),
    (r"ignored explicit argument (?P<value>.*)", "no_value"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)", "ambiguous"),
    (r"unexpected option string: (?P<option>.*)", "unexpected"),
]
_ARGUMENT = re.compile(r"argument (?P<name>\S+): (?P<message>.*)", re.DOTALL)


class Formatter(argparse.HelpFormatter):
    """Usage lines start with "Cách dùng:"."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, messages.ARG_USAGE if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that speaks Vietnamese (see the module's docstring)."""

    def __init__(
        self, *args, add_help: bool = True, parents: Sequence[argparse.ArgumentParser] = (), **kwargs
    ):
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = messages.ARG_POSITIONALS
        self._optionals.title = messages.ARG_OPTIONALS
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help=messages.ARG_HELP
            )
        for parent in parents:  # as argparse does, once the headings are Vietnamese (merged by heading)
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def parse_known_args(self, args=None, namespace=None):
        namespace, extras = super().parse_known_args(args, namespace)
        if not hasattr(namespace, _PARSER):  # a sub-parser finishes first and names itself
            setattr(namespace, _PARSER, self)
        return namespace, extras

    def parse_args(self, args=None, namespace=None):
        namespace, extras = self.parse_known_args(args, namespace)
        parser = vars(namespace).pop(_PARSER, self)
        if extras:  # reported by the command they were given to, not by ``cchc``
            parser.error(messages.ARG_ERRORS["unrecognized"].format(args=" ".join(extras)))
        return namespace

    def error(self, message: str) -> NoReturn:
        """One line on stderr, exit code 2."""
        line = messages.ARG_ERROR.format(prog=self.prog, message=self.translate(message))
        self.exit(2, line.replace("\n", " ") + "\n")

    def translate(self, message: str) -> str:
        """argparse's English message in Vietnamese (a message already in Vietnamese is kept)."""
        argument = _ARGUMENT.fullmatch(message)
        if argument:
            name, inner = argument["name"], argument["message"]
            choice = re.fullmatch(r"invalid choice: (?P<value>.*?) \(choose from .*\)", inner)
            if choice and name in self._commands():
                return messages.ARG_NO_COMMAND.format(
                    value=choice["value"], choices=", ".join(self._commands()[name])
                )
            return messages.ARG_ARGUMENT.format(name=name, message=_translated(inner))
        required = re.fullmatch(r"the following arguments are required: (?P<args>.*)", message)
        if required and required["args"] in self._commands():
            return messages.ARG_NO_COMMAND_GIVEN.format(choices=", ".join(self._commands()[required["args"]]))
        return _translated(message)

    def _commands(self) -> dict[str, list[str]]:
        """The metavar of each group of subcommands and their names (``LỆNH``: ask, chat, …)."""
        return {
            action.metavar or action.dest: list(action.choices)
            for action in self._actions
            if isinstance(action, argparse._SubParsersAction) and action.choices
        }


def _translated(message: str) -> str:
    for pattern, name in _ERRORS:
        found = re.fullmatch(pattern, message, re.DOTALL)
        if found:
            fields = found.groupdict()
            if name == "type" and fields["type"] not in messages.ARG_TYPES:
                name = "value"  # a type without a Vietnamese name: the value alone
            elif name == "type":
                fields["type"] = messages.ARG_TYPES[fields["type"]]
            return messages.ARG_ERRORS[name].format(**fields)
    return message
