"""The ``cchc`` command line: ask, chat, build, corpus, tasks, cite; ``bot``, ``eval`` from entry points.

Front ends register their subcommands in the ``cchc.commands`` entry-point group (see pyproject.toml):
each entry point is a function ``configure(commands, common)`` that adds its parser. So this package
never imports ``bot`` or ``eval``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING

from index import messages
from index.arguments import Parser
from index.config import DEFAULT_CORPUS, database_url
from index.errors import CchcError
from index.export import FORMATS
from index.messages import HELP, METAVARS

if TYPE_CHECKING:
    from index.ingest.corpus import AddResult

COMMANDS_GROUP = "cchc.commands"
CHAT_EXIT = frozenset({"thoat", "exit", "quit"})  # a line ending `cchc chat`, marks and a leading / aside
MAX_CHANGES = 10  # changes listed one per line by `corpus add`; the rest are counted


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if getattr(args, "backend", None):  # one place decides the backend for every embedder of this process
        os.environ["CCHC_BACKEND"] = args.backend
    try:
        return args.run(args)
    except CchcError as error:
        print(f"{messages.ERROR_PREFIX}{error}", file=sys.stderr)
        return 1
    except OSError as error:  # a file or folder the command needed, not named by a clearer message
        from index.ingest.registry import os_reason

        reason = os_reason(error)
        if error.filename:
            line = messages.OS_ERROR.format(path=error.filename, reason=reason)
        else:
            line = messages.OS_ERROR_NO_PATH.format(reason=reason)
        print(f"{messages.ERROR_PREFIX}{line}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def common_options() -> argparse.ArgumentParser:
    """``--corpus`` and ``--model``, shared by every subcommand (a parent parser)."""
    common = Parser(add_help=False)
    common.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, metavar=METAVARS["corpus"], help=HELP["corpus"]
    )
    common.add_argument("--model", metavar=METAVARS["model"], help=HELP["model"])
    common.add_argument("--backend", choices=("onnx", "torch"), help=HELP["backend"])
    return common


def database_option() -> argparse.ArgumentParser:
    """``--database URL``: the index in PostgreSQL (a parent parser; default ``$CCHC_DATABASE_URL``)."""
    option = Parser(add_help=False)
    option.add_argument("--database", metavar="URL", help=HELP["database"])
    return option


def _parser() -> argparse.ArgumentParser:
    parser = Parser(prog="cchc", description=messages.CLI_DESCRIPTION, epilog=messages.CLI_EPILOG)
    commands = parser.add_subparsers(required=True, title=messages.ARG_COMMANDS, metavar=METAVARS["command"])
    common = common_options()
    indexed = [common, database_option()]  # the commands that open the index
    document, file = METAVARS["document"], METAVARS["file"]

    ask = commands.add_parser("ask", parents=indexed, help=HELP["ask"], description=HELP["ask.description"])
    ask.add_argument("question", nargs="?", metavar=METAVARS["question"], help=HELP["ask.question"])
    ask.add_argument("--json", action="store_true", help=HELP["ask.json"])
    ask.add_argument("-k", "--top-k", type=int, default=3, metavar=METAVARS["top_k"], help=HELP["top_k"])
    ask.set_defaults(run=_ask)

    chat = commands.add_parser(
        "chat", parents=indexed, help=HELP["chat"], description=HELP["chat.description"]
    )
    chat.add_argument("-k", "--top-k", type=int, default=3, metavar=METAVARS["top_k"], help=HELP["top_k"])
    chat.set_defaults(run=_chat)

    build = commands.add_parser("build", parents=indexed, help=HELP["build"], description=HELP["build"])
    build.set_defaults(run=_build)

    corpus = commands.add_parser("corpus", help=HELP["corpus_command"], description=HELP["corpus_command"])
    corpus_commands = corpus.add_subparsers(
        required=True, title=messages.ARG_COMMANDS, metavar=METAVARS["action"]
    )
    listing = corpus_commands.add_parser(
        "list", parents=[common], help=HELP["corpus.list"], description=HELP["corpus.list"]
    )
    listing.add_argument("--json", action="store_true", help=HELP["corpus.list.json"])
    listing.set_defaults(run=_corpus_list)
    add = corpus_commands.add_parser(
        "add", parents=indexed, help=HELP["corpus.add"], description=HELP["corpus.add"]
    )
    add.add_argument("files", nargs="+", type=Path, metavar=file, help=HELP["corpus.add.files"])
    add.add_argument("--dry-run", action="store_true", help=HELP["corpus.add.dry_run"])
    add.add_argument("--replaces", metavar=document, help=HELP["corpus.add.replaces"])
    add.set_defaults(run=_corpus_add)
    remove = corpus_commands.add_parser(
        "remove", parents=indexed, help=HELP["corpus.remove"], description=HELP["corpus.remove"]
    )
    remove.add_argument("document", metavar=document, help=HELP["corpus.remove.document"])
    remove.add_argument("--keep-metadata", action="store_true", help=HELP["corpus.remove.keep_metadata"])
    remove.set_defaults(run=_corpus_remove)

    listed = commands.add_parser("tasks", parents=indexed, help=HELP["tasks"], description=HELP["tasks"])
    listed.add_argument("--document", metavar=document, help=HELP["tasks.document"])
    listed.add_argument("--unit", metavar=METAVARS["unit"], help=HELP["tasks.unit"])
    listed.add_argument("--role", choices=("lead", "partner", "any"), default="any", help=HELP["tasks.role"])
    listed.add_argument("--due", metavar=METAVARS["period"], help=HELP["tasks.due"])
    listed.add_argument("--due-before", metavar=METAVARS["date"], help=HELP["tasks.due_before"])
    listed.add_argument("--format", choices=FORMATS, default="table", help=HELP["tasks.format"])
    listed.add_argument("-o", "--output", type=Path, metavar=file, help=HELP["tasks.output"])
    listed.set_defaults(run=_tasks)

    cite = commands.add_parser("cite", parents=indexed, help=HELP["cite"], description=HELP["cite"])
    cite.add_argument("document", metavar=document, help=HELP["cite.document"])
    cite.add_argument("--section", metavar=METAVARS["section"], help=HELP["cite.section"])
    cite.set_defaults(run=_cite)

    for entry in sorted(entry_points(group=COMMANDS_GROUP), key=lambda e: e.name):
        entry.load()(commands, common)
    return parser


def open_engine(args: argparse.Namespace, warm: bool = True, update: bool = False):
    """The engine for ``--corpus`` / ``--model`` / ``--database`` (imports the heavy parts only now);
    ``update``: bring a database up to the corpus folder first (``Engine.open``)."""
    from index.answering.engine import Engine

    engine = Engine.open(args.corpus, model=args.model, database=args.database, update=update)
    if warm:
        engine.warm_up()
    return engine


def _ask(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    if args.question is not None:
        _print_answer(engine, args.question, args.top_k, args.json)
        return 0
    for line in sys.stdin:
        if line.strip():
            _print_answer(engine, line, args.top_k, args.json)
    return 0


def _print_answer(engine, question: str, top_k: int, as_json: bool, context=None, chat: bool = False):
    """Print the answer to ``question``; returns its context (for the next turn of a chat)."""
    from index.render import render_answer

    try:
        answer = engine.ask(question, top_k, context)
    except CchcError as error:
        if not as_json:
            raise
        print(json.dumps({"question": question.strip(), "error": str(error)}, ensure_ascii=False), flush=True)
        return context
    if as_json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
    else:
        print(render_answer(answer, color=sys.stdout.isatty(), chat=chat), flush=True)
    return answer.context


def _chat(args: argparse.Namespace) -> int:
    from index.vietnamese import fold

    engine = open_engine(args)
    interactive = sys.stdin.isatty()
    if interactive:
        print(messages.CHAT_WELCOME)
    context = None  # the conversation so far: follow-ups are read against it
    while True:
        try:
            line = input("❓ " if interactive else "")
        except EOFError:
            return 0
        if not line.strip():
            continue
        if fold(line).strip().lower().removeprefix("/") in CHAT_EXIT:  # "thoát", "Thoat", "/quit"
            return 0
        if line.strip().lower() in ("/moi", "/mới"):
            context = None
            print(messages.CHAT_NEW_TOPIC, flush=True)
            continue
        try:
            context = _print_answer(engine, line, args.top_k, as_json=False, context=context, chat=True)
        except CchcError as error:
            print(f"⚠ {error}", flush=True)


def _build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    engine = open_engine(args, warm=False, update=True)
    print(
        messages.BUILT.format(
            passages=len(engine.passages),
            documents=len(engine.loaded_documents()),
            seconds=time.perf_counter() - started,
            where=engine.location,
        )
    )
    return 0


def _corpus_list(args: argparse.Namespace) -> int:
    from index.ingest.registry import Registry

    records = list(Registry.load(_existing(args.corpus)).records.values())
    if args.json:
        from dataclasses import asdict

        print(json.dumps([asdict(r) for r in records], ensure_ascii=False, indent=2))
        return 0
    for record in records:
        status = messages.STATUS_FULL_TEXT if record.loaded else messages.STATUS_METADATA_ONLY
        if record.loaded and not (args.corpus / record.file).is_file():
            status = messages.STATUS_FILE_MISSING
        print(f"{record.id:32} {status:17} {record.citation()}")
        if record.cites:
            print(f"{'':51}{messages.CITES}: {', '.join(record.cites)}")
        if record.implements:
            print(f"{'':51}{messages.IMPLEMENTS}: {', '.join(record.implements)}")
        if record.versions:
            print(f"{'':51}{messages.VERSIONS}: {', '.join(v.file for v in record.versions)}")
    return 0


def _corpus_add(args: argparse.Namespace) -> int:
    from index.ingest.corpus import Corpus

    corpus = Corpus(args.corpus)
    files = _files(args.files)
    results = corpus.add(files, replaces=args.replaces, dry_run=args.dry_run)  # all checked first
    if not args.dry_run:  # brings the index up to date, embedding only the new passages
        open_engine(args, warm=False, update=True)
    for result in results:
        print("\n".join(_dry_run_lines(result) if args.dry_run else _added_lines(result)))
    return 0


def _files(paths: list[Path]) -> list[Path]:
    """The files to add: a folder stands for the files of a supported format directly in it (hidden files
    and subfolders left out; the others are named on stderr); a one-line error for a folder without any."""
    from index.ingest.readers import SUFFIXES, formats_help

    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        inside = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        found = [p for p in inside if p.suffix.lower() in SUFFIXES]
        if not found:
            raise CchcError(messages.FOLDER_WITHOUT_FILES.format(name=path, allowed=formats_help()))
        skipped = [p.name for p in inside if p not in found]
        if skipped:
            note = messages.FOLDER_SKIPPED.format(count=len(skipped), folder=path, names=", ".join(skipped))
            print(note, file=sys.stderr)
        files += found
    return files


def _added_lines(result: AddResult) -> list[str]:
    """What ``corpus add`` says about one file it added."""
    record, how = result.record, _how(result, messages.ADDED_VERSION)
    lines = [
        messages.ADDED.format(doc_id=record.id, citation=record.citation(), passages=result.passages, how=how)
    ]
    lines += _change_lines(result)
    if result.registered:
        lines.append(messages.REGISTERED_COUNT.format(count=len(result.registered)))
    return lines + _after_lines(result)


def _dry_run_lines(result: AddResult) -> list[str]:
    """What ``corpus add --dry-run`` says about one file: everything ``add`` would record."""
    record, how = result.record, _how(result, messages.DRY_RUN_VERSION)
    signer = f"{record.nguoi_ky} ({record.chuc_vu})" if record.chuc_vu else record.nguoi_ky
    fields = [
        (messages.FIELD_ID, f"{record.id} ({how})"),
        (messages.FIELD_SO_HIEU, record.so_hieu),
        (messages.FIELD_LOAI, record.loai),
        (messages.FIELD_NGAY, record.date_vn()),
        (messages.FIELD_CO_QUAN, record.co_quan),
        (messages.FIELD_TRICH_YEU, record.trich_yeu),
        (messages.FIELD_NGUOI_KY, signer),
        (messages.FIELD_PASSAGES, str(result.passages)),
    ]
    lines = [messages.DRY_RUN.format(name=result.source)]
    lines += [f"  {label}: {value or messages.FIELD_UNKNOWN}" for label, value in fields]
    lines += _change_lines(result)
    lines += [messages.WOULD_REGISTER.format(citation=entry.citation()) for entry in result.registered]
    return lines + _after_lines(result)


def _how(result: AddResult, version_template: str) -> str:
    """New document, full text of a registered one, or new version (``version_template``)."""
    if result.previous:
        return version_template.format(file=result.previous.file)
    return messages.ADDED_REPLACED if result.replaced_metadata else messages.ADDED_NEW


def _change_lines(result: AddResult) -> list[str]:
    """One line per section changed since the previous version, at most ``MAX_CHANGES`` lines."""
    if not result.previous:
        return []
    if not result.changes:
        return [messages.NO_CHANGES]
    lines = [messages.CHANGES.format(count=len(result.changes))]
    for change in result.changes[:MAX_CHANGES]:
        template = messages.CHANGE_LINES[change.kind]
        renamed = messages.CHANGE_RENAMED.format(old_path=change.old_path) if change.old_path else ""
        lines.append(template.format(path=change.path) + renamed)
    if len(result.changes) > MAX_CHANGES:
        lines.append(messages.MORE_CHANGES.format(count=len(result.changes) - MAX_CHANGES))
    return lines


def _after_lines(result: AddResult) -> list[str]:
    """Entries dropped from the registry, then the reader's notes and the warnings."""
    lines = [messages.UNREGISTERED.format(ids=", ".join(result.unregistered))] if result.unregistered else []
    lines += [messages.NOTE.format(text=note) for note in result.notes]
    return lines + [messages.WARNING.format(text=warning) for warning in result.warnings]


def _corpus_remove(args: argparse.Namespace) -> int:
    from index.ingest.corpus import Corpus

    record = Corpus(_existing(args.corpus)).remove(args.document, keep_metadata=args.keep_metadata)
    if args.database or database_url():  # other processes answer from the database: update it now
        open_engine(args, warm=False, update=True)
    template = messages.REMOVED_KEPT if args.keep_metadata else messages.REMOVED
    print(template.format(doc_id=record.id))
    return 0


def _existing(corpus: Path) -> Path:
    """The corpus folder, which must exist (only ``corpus add`` creates one)."""
    if not corpus.is_dir():
        raise CchcError(messages.NO_CORPUS_DIR.format(path=corpus))
    return corpus


def _cite(args: argparse.Namespace) -> int:
    print(open_engine(args, warm=False).cite(args.document, args.section))
    return 0


def _tasks(args: argparse.Namespace) -> int:
    from index import export

    if args.format == "xlsx" and args.output is None:
        raise CchcError(messages.XLSX_NEEDS_FILE)
    engine = open_engine(args, warm=False)
    found = engine.tasks(args.document, args.unit, args.role, _period(args.due), _day(args.due_before))
    if not found:
        print(messages.NO_TASKS_LISTED, file=sys.stderr)
    text = export.write(export.task_rows(found, engine.documents), args.format, args.output)
    if text is not None:
        sys.stdout.write(text)
    elif found:
        print(messages.TASKS_WRITTEN.format(count=len(found), path=args.output), file=sys.stderr)
    return 0


def _period(text: str | None):
    """``--due``: a period as questions name it, relative to today; a one-line error when unreadable."""
    import datetime as dt

    from index.ingest.deadlines import period

    if text is None:
        return None
    span = period(text, dt.date.today())
    if span is None:
        raise CchcError(messages.BAD_PERIOD.format(text=text))
    return span


def _day(text: str | None):
    """``--due-before``: 30/6/2026 or 2026-06-30; a one-line error otherwise."""
    import datetime as dt

    from index.ingest.deadlines import normalize_deadline

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        norm = normalize_deadline(text)
    if norm is None or norm.kind != "date":
        raise CchcError(messages.BAD_DATE.format(text=text))
    return norm.last_day()


if __name__ == "__main__":
    sys.exit(main())
