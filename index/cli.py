"""The ``cchc`` command line: ask, chat, build, corpus, bot, eval."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .config import DEFAULT_CORPUS
from .errors import CchcError


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except CchcError as error:
        print(f"cchc: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cchc", description="Trợ lý tra cứu văn bản cải cách hành chính: trích dẫn nguyên văn, có nguồn."
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder (default: corpus/)"
    )
    common.add_argument("--model", help="embedding model: sentence-transformers name or folder")

    ask = commands.add_parser("ask", parents=[common], help="answer one question (or one per stdin line)")
    ask.add_argument("question", nargs="?", help="the question; omitted: read one per line from stdin")
    ask.add_argument("--json", action="store_true", help="print JSON (one object per line for stdin)")
    ask.add_argument("-k", "--top-k", type=int, default=3, help="passages to quote (default 3)")
    ask.set_defaults(run=_ask)

    chat = commands.add_parser("chat", parents=[common], help="console chat: answer each line typed")
    chat.add_argument("-k", "--top-k", type=int, default=3)
    chat.set_defaults(run=_chat)

    build = commands.add_parser("build", parents=[common], help="build or refresh the index")
    build.set_defaults(run=_build)

    corpus = commands.add_parser("corpus", help="list, add or remove documents")
    corpus_commands = corpus.add_subparsers(required=True, metavar="ACTION")
    listing = corpus_commands.add_parser("list", parents=[common], help="list documents and their status")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=_corpus_list)
    add = corpus_commands.add_parser("add", parents=[common], help="add .txt .md .html .docx .pdf files")
    add.add_argument("files", nargs="+", type=Path)
    add.set_defaults(run=_corpus_add)
    remove = corpus_commands.add_parser("remove", parents=[common], help="remove a document by id")
    remove.add_argument("doc_id")
    remove.add_argument("--keep-metadata", action="store_true", help="keep its registry entry")
    remove.set_defaults(run=_corpus_remove)

    from bot import cli as bot_cli
    from eval import cli as eval_cli

    bot_cli.configure(commands.add_parser("bot", parents=[common], help="run the Telegram bot"))
    eval_cli.configure(commands.add_parser("eval", parents=[common], help="run the Q&A benchmark"))
    return parser


def open_engine(args: argparse.Namespace, warm: bool = True):
    """The engine for ``--corpus`` / ``--model`` (imports the heavy parts only now)."""
    from .engine import Engine

    engine = Engine(args.corpus, model=args.model)
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


def _print_answer(engine, question: str, top_k: int, as_json: bool) -> None:
    from .render import render_answer

    try:
        answer = engine.ask(question, top_k)
    except CchcError as error:
        if not as_json:
            raise
        print(json.dumps({"question": question.strip(), "error": str(error)}, ensure_ascii=False), flush=True)
        return
    if as_json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
    else:
        print(render_answer(answer, color=sys.stdout.isatty()), flush=True)


def _chat(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    interactive = sys.stdin.isatty()
    if interactive:
        print("Hỏi về kế hoạch cải cách hành chính (Ctrl-D để thoát).")
    while True:
        try:
            line = input("❓ " if interactive else "")
        except EOFError:
            return 0
        if not line.strip():
            continue
        try:
            _print_answer(engine, line, args.top_k, as_json=False)
        except CchcError as error:
            print(f"⚠ {error}", flush=True)


def _build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    engine = open_engine(args, warm=False)
    print(
        f"{len(engine.passages)} passages from {len(engine.loaded_documents())} documents "
        f"ready in {time.perf_counter() - started:.1f} s ({engine.folder})"
    )
    return 0


def _corpus_list(args: argparse.Namespace) -> int:
    from .registry import Registry

    records = list(Registry.load(args.corpus).records.values())
    if args.json:
        from dataclasses import asdict

        print(json.dumps([asdict(r) for r in records], ensure_ascii=False, indent=2))
        return 0
    for record in records:
        status = "toàn văn" if record.loaded else "chỉ siêu dữ liệu"
        print(f"{record.id:32} {status:17} {record.citation()}")
        if record.cites:
            print(f"{'':51}trích dẫn: {', '.join(record.cites)}")
        if record.implements:
            print(f"{'':51}thực hiện: {', '.join(record.implements)}")
    return 0


def _corpus_add(args: argparse.Namespace) -> int:
    from .corpus import Corpus

    results = Corpus(args.corpus).add(args.files)  # checks every file before changing anything
    open_engine(args, warm=False)  # brings the index up to date, embedding only the new passages
    for result in results:
        how = "full text of the registered entry" if result.replaced_metadata else "new document"
        print(f"added {result.record.id}: {result.record.citation()} — {result.passages} passages ({how})")
    return 0


def _corpus_remove(args: argparse.Namespace) -> int:
    from .corpus import Corpus

    record = Corpus(args.corpus).remove(args.doc_id, keep_metadata=args.keep_metadata)
    print(f"removed {record.id}{' (metadata kept)' if args.keep_metadata else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
