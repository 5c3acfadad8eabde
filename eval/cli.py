"""``cchc eval``: run a benchmark, print its table, write JSON, Markdown and PNG reports.

Imports stay light here (no torch, no matplotlib) so ``cchc --help`` is instant.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

from .evaluator import MODES

ALQAC = Path("bench/alqac2022")  # inside the shared folder


def configure(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``cchc eval`` (the ``cchc.commands`` entry point)."""
    parser = commands.add_parser(
        "eval", parents=[common], help="chạy các bộ đánh giá (dành cho người phát triển; hướng dẫn tiếng Anh)"
    )
    parser.description = (
        "Measure the assistant: Recall@1/3/5/10, MRR@10, nDCG@10, abstention precision/recall and "
        "query latency for BM25, dense, hybrid and the full answer engine. Default: our own benchmark "
        "(eval/questions.jsonl) over --corpus."
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--plans", action="store_true", help="genre benchmark over the shared plans")
    which.add_argument(
        "--multi", action="store_true", help="many documents: the corpus and every shared plan together"
    )
    which.add_argument(
        "--dialogues",
        action="store_true",
        help="conversations (eval/dialogues.jsonl) over the corpus and the shared plans",
    )
    which.add_argument(
        "--beir", type=Path, metavar="DIR", help="a BEIR folder (corpus/queries.jsonl, qrels.tsv)"
    )
    which.add_argument(
        "--scale",
        action="store_true",
        help="build time and per-stage latency at 1k/10k/100k (in PostgreSQL with --database)",
    )
    which.add_argument(
        "--tasks", action="store_true", help="task extraction against eval/tasks_gold.jsonl (issue 10)"
    )
    which.add_argument(
        "--backends",
        nargs="?",
        const=ALQAC,
        type=Path,
        metavar="BEIR_DIR",
        help="embedding backends side by side (torch fp32, ONNX fp32, ONNX int8) on a BEIR folder "
        "(default: the shared ALQAC 2022)",
    )
    which.add_argument(
        "--export-reviewed",
        type=Path,
        metavar="FILE",
        help="write the questions officers answered through the bot as JSON lines of the --multi format",
    )
    parser.add_argument(
        "--database",
        metavar="URL_OR_FILE",
        help="--scale: the PostgreSQL server to measure the database backend on (throwaway databases "
        "cchc_scale_<size>); --export-reviewed: the bot's database, a PostgreSQL URL or a file (default: "
        "$CCHC_BOT_DB, else $CCHC_DATABASE_URL, else the bot's default file)",
    )
    parser.add_argument(
        "--questions",
        type=Path,
        help="question file (default: eval/questions.jsonl; eval/plans_questions.jsonl with --plans, "
        "eval/multi_questions.jsonl with --multi, eval/dialogues.jsonl with --dialogues)",
    )
    parser.add_argument(
        "--shared", type=Path, help="shared data folder (default: $CCHC_SHARED_DIR or ../shared)"
    )
    parser.add_argument(
        "--modes", default=",".join(MODES), help=f"comma-separated subset of {','.join(MODES)}"
    )
    parser.add_argument(
        "--fusion", choices=("rrf", "weighted"), help="hybrid fusion (default: the engine's default)"
    )
    parser.add_argument(
        "--sizes", help="--scale corpus sizes (default 1000,10000,100000; 10000,100000 with --database)"
    )
    parser.add_argument("--scale-queries", type=int, default=30, help="questions timed per size with --scale")
    parser.add_argument("--out", type=Path, default=Path("results"), help="results folder (default results/)")
    parser.add_argument("--json", action="store_true", help="print only the metrics as one JSON object")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--no-charts", action="store_true", help="skip the PNG charts")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from index import CchcError

    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not modes or set(modes) - set(MODES):
        raise CchcError(f"--modes: hãy chọn trong {', '.join(MODES)}.")
    if args.questions is not None and not args.questions.is_file():
        raise CchcError(f"--questions {args.questions}: không tìm thấy tệp câu hỏi; hãy kiểm tra đường dẫn.")
    if args.scale:
        return _scale(args)
    if args.tasks:
        return _tasks(args)
    if args.backends:
        return _backends(args)
    if args.dialogues:
        return _dialogues(args)
    if args.export_reviewed:
        return _export_reviewed(args)
    return _quality(args, modes)


def _backends(args: argparse.Namespace) -> int:
    """Embedding backends on the same texts in one run (``eval/backends.py``); vectors cached in the
    data directory, so a second run only re-times."""
    from index import data_dir

    from . import backends

    folder = args.backends if args.backends != ALQAC else _shared(args) / ALQAC
    result = backends.run_comparison(folder, cache_dir=data_dir() / "cache" / "backends")
    out = args.out / "backends"
    out.mkdir(parents=True, exist_ok=True)
    (out / "backends.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False) if args.json else backends.table(result))
    return 0


def _dialogues(args: argparse.Namespace) -> int:
    """Conversations: each turn scored like a multi-document question, plus follow-up reading."""
    from . import benchmarks, report
    from .datasets import DIALOGUES
    from .dialogues import DialogueEvaluator

    plans_dir = _shared(args) / "plans"
    prepared = benchmarks.dialogues(
        args.corpus, plans_dir, args.questions or DIALOGUES, args.model, args.fusion
    )
    try:
        evaluator = DialogueEvaluator(
            prepared.dialogues, prepared.benchmark, show_progress=not args.no_progress
        )
        result = evaluator(prepared.engine)
    finally:
        prepared.cleanup()
    paths = report.write_dialogues(
        args.out / "dialogues", evaluator, result, prepared.config, _command(), charts=not args.no_charts
    )
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        print(f"report: {paths[1]}", file=sys.stderr)
    else:
        print(report.dialogue_table(result))
        print(f"\nreport: {paths[1]} (and {', '.join(p.name for p in paths if p != paths[1])})")
    return 0


def _export_reviewed(args: argparse.Namespace) -> int:
    """The bot's reviewed answers as benchmark questions (``datasets.reviewed_question``), one per line."""
    from bot.storage import Storage
    from index import CchcError, redacted_url

    from .datasets import reviewed_question

    database = _bot_database(args.database)
    if isinstance(database, Path) and not database.is_file():
        raise CchcError(f"Không thấy cơ sở dữ liệu của bot ở {database}: hãy chỉ rõ bằng --database.")
    reviews = Storage(database).reviews()
    if reviews is None:
        if isinstance(database, Path):
            raise CchcError(
                f"Không đọc được cơ sở dữ liệu của bot {database} (tệp bận hoặc hỏng); hãy thử lại sau."
            )
        raise CchcError(
            f"Không đọc được cơ sở dữ liệu của bot {redacted_url(database)} (máy chủ PostgreSQL không "
            "trả lời); hãy thử lại sau."
        )
    lines = [
        json.dumps(reviewed_question(r.handoff_id, r.question, r.evidence), ensure_ascii=False)
        for r in reviews
    ]
    try:
        args.export_reviewed.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    except OSError as error:
        raise CchcError(f"{args.export_reviewed}: không ghi được tệp ({error.strerror or error}).") from error
    print(f"Đã ghi {len(lines)} câu hỏi do cán bộ trả lời vào {args.export_reviewed}.")
    return 0


def _bot_database(given: str | None) -> Path | str:
    """The bot's database as ``bot.storage.Storage`` takes it: ``--database`` (a PostgreSQL URL or a
    SQLite file), else the bot's default (``bot.config.default_database``)."""
    from bot.config import default_database, log_location

    return log_location(given) if given else default_database()


def _tasks(args: argparse.Namespace) -> int:
    """Task extraction: precision/recall per field, per format and per document (``eval/tasks.py``)."""
    from . import tasks

    shared = _shared(args, required=False)
    metrics, setup = tasks.run(shared)
    paths = tasks.write_report(args.out / "tasks", metrics, setup, _command())
    if args.json:
        summary = {k: metrics[k] for k in ("overall", "per_format", "per_document")}
        summary["questions"] = {k: metrics["questions"][k] for k in ("precision", "recall")}
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(tasks.table(tasks.summary_rows(metrics)))
        asked = metrics["questions"]
        print(f"\nwho/when questions: precision {asked['precision']:.3f}, recall {asked['recall']:.3f}")
        if setup["skipped"]:
            print(f"\nkhông có (bỏ qua): {', '.join(setup['skipped'])}")
        print(f"\nreport: {paths[1]}")
    return 0


def _quality(args: argparse.Namespace, modes: list[str]) -> int:
    from . import benchmarks, report
    from .datasets import MULTI_QUESTIONS, PLANS_QUESTIONS, QUESTIONS
    from .evaluator import RetrievalEvaluator

    if args.beir:
        prepared = benchmarks.beir(args.beir, args.model, args.fusion, modes, progress=not args.no_progress)
    elif args.plans:
        plans_dir = _shared(args) / "plans"
        prepared = benchmarks.plans(
            plans_dir, args.questions or PLANS_QUESTIONS, args.model, args.fusion, modes
        )
    elif args.multi:
        plans_dir = _shared(args) / "plans"
        prepared = benchmarks.multi(
            args.corpus, plans_dir, args.questions or MULTI_QUESTIONS, args.model, args.fusion, modes
        )
    else:
        prepared = benchmarks.own(args.corpus, args.questions or QUESTIONS, args.model, args.fusion, modes)
    try:
        evaluator = RetrievalEvaluator(prepared.benchmark, show_progress=not args.no_progress)
        scores = evaluator(prepared.systems)
    finally:
        prepared.cleanup()
    out = args.out / prepared.benchmark.name
    paths = report.write(out, evaluator, scores, prepared.config, _command(), charts=not args.no_charts)
    if args.json:
        print(json.dumps(scores, ensure_ascii=False))
        print(f"report: {paths[1]}", file=sys.stderr)
    else:
        print(report.table(scores))
        print(f"\nreport: {paths[1]} (and {', '.join(p.name for p in paths if p != paths[1])})")
    return 0


def _scale(args: argparse.Namespace) -> int:
    from index import Embedder, data_dir, model_name

    from . import report, scale
    from .datasets import PLANS_QUESTIONS, QUESTIONS, load_questions

    default_sizes = "10000,100000" if args.database else "1000,10000,100000"
    sizes = [int(s.replace("_", "")) for s in (args.sizes or default_sizes).split(",") if s.strip()]
    shared = _shared(args, required=False)
    real = scale.real_items(args.corpus, shared / "plans" if shared else None)
    questions = [q for path in (QUESTIONS, PLANS_QUESTIONS) if path.exists() for q in load_questions(path)]
    covered = [q.question for q in questions if q.covered]
    queries = covered[:: max(1, len(covered) // args.scale_queries)][: args.scale_queries]
    embedder = Embedder(args.model or model_name(), data_dir())

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.database:
        result = scale.measure_database(args.database, real, queries, embedder, sizes, log=log)
        paths = report.write_database_scale(args.out / "scale-database", result, _command())
        print(json.dumps(result, ensure_ascii=False) if args.json else report.database_scale_table(result))
        print(f"\nreport: {paths[1]}", file=sys.stderr)
        return 0
    result = scale.measure(real, queries, embedder, sizes, progress=not args.no_progress, log=log)
    paths = report.write_scale(args.out / "scale", result, _command(), charts=not args.no_charts)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(report.scale_table(result, markdown=False))
        print(f"\nreport: {paths[1]}")
    return 0


def _shared(args: argparse.Namespace, required: bool = True) -> Path | None:
    from index import CchcError

    from .datasets import shared_dir

    folder = shared_dir(args.shared)
    if (folder / "plans").is_dir():
        return folder
    if required:
        raise CchcError(
            f"Không thấy kế hoạch dùng chung trong {folder}: hãy dùng --shared DIR hoặc CCHC_SHARED_DIR."
        )
    return None


def _command() -> str:
    """The command line as run, for reports: a database URL's password replaced by ``***``."""
    from index import redacted_url

    argv = sys.argv[1:] if Path(sys.argv[0]).name == "cchc" else ["eval"]
    return shlex.join(["cchc", *(redacted_url(a) if "://" in a else a for a in argv)])
