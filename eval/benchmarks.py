"""The three quality benchmarks, each ready to run: our questions, the shared plans, a BEIR folder."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from index import CchcError

from .datasets import Benchmark, check_gold, from_questions, load_beir, load_questions
from .evaluator import System


@dataclass
class Run:
    """A benchmark with the systems to measure on it, what describes the setup, and how to clean up."""

    benchmark: Benchmark
    systems: dict[str, System]
    config: dict
    cleanup: Callable[[], None] = field(default=lambda: None)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _config(engine, **extra) -> dict:
    return {
        "model": engine.embedder.model_id,
        "fusion": engine.fusion,
        "passages": len(engine.passages),
        "documents": len(engine.loaded_documents()),
        **extra,
    }


def own(corpus: Path, questions: Path, model: str | None, fusion: str | None, modes: Sequence[str]) -> Run:
    """Our benchmark: the questions of ``eval/questions.jsonl`` over the product's corpus folder."""
    from index import DEFAULT_FUSION, Engine

    from .systems import systems_of

    items = load_questions(questions)
    engine = Engine.open(Path(corpus), model=model, fusion=fusion or DEFAULT_FUSION, log=_log)
    check_gold(items, engine.positions, str(questions))
    engine.warm_up()
    benchmark = from_questions("ours", items)
    config = _config(engine, corpus=str(corpus), questions=str(questions))
    return Run(benchmark, systems_of(engine, modes), config)


def plans(
    plans_dir: Path, questions: Path, model: str | None, fusion: str | None, modes: Sequence[str]
) -> Run:
    """The genre benchmark: every plan of ``plans_dir`` loaded into a temporary corpus folder."""
    from .systems import systems_of

    items = load_questions(questions)
    folder, engine = _temporary_engine("cchc-eval-plans-", _plan_files(plans_dir), model, fusion)
    try:
        check_gold(items, engine.positions, str(questions))
    except BaseException:
        _remove(folder, engine)
        raise
    config = _config(engine, corpus=str(plans_dir), questions=str(questions))
    return Run(
        from_questions("plans", items), systems_of(engine, modes), config, lambda: _remove(folder, engine)
    )


def multi(
    corpus: Path,
    plans_dir: Path,
    questions: Path,
    model: str | None,
    fusion: str | None,
    modes: Sequence[str],
) -> Run:
    """The multi-document benchmark: the product corpus and every shared plan in one temporary corpus."""
    from .datasets import from_multi, load_multi
    from .systems import systems_of

    items = load_multi(questions)
    files = _plan_files(plans_dir)
    folder, engine = _temporary_engine("cchc-eval-multi-", files, model, fusion, seed=Path(corpus))
    try:
        benchmark = from_multi("multi", items, engine.passages)
    except BaseException:
        _remove(folder, engine)
        raise
    config = _config(engine, corpus=f"{corpus} + {plans_dir}", questions=str(questions))
    return Run(benchmark, systems_of(engine, modes), config, lambda: _remove(folder, engine))


@dataclass
class DialogueRun:
    """The dialogue benchmark, ready to run: one engine, the dialogues, their turns as a benchmark."""

    engine: object
    dialogues: list
    benchmark: Benchmark
    config: dict
    cleanup: Callable[[], None] = field(default=lambda: None)


def dialogues(
    corpus: Path, plans_dir: Path, path: Path, model: str | None, fusion: str | None
) -> DialogueRun:
    """The dialogue benchmark over the multi-document corpus: the product corpus and every shared plan."""
    from .dialogues import TOP_K, benchmark_of, load_dialogues

    items = load_dialogues(path)
    files = _plan_files(plans_dir)
    folder, engine = _temporary_engine("cchc-eval-dialogues-", files, model, fusion, seed=Path(corpus))
    try:
        benchmark = benchmark_of("dialogues", items, engine.passages)
    except BaseException:
        _remove(folder, engine)
        raise
    config = _config(engine, corpus=f"{corpus} + {plans_dir}", questions=str(path), top_k=TOP_K)
    return DialogueRun(engine, items, benchmark, config, lambda: _remove(folder, engine))


def _plan_files(plans_dir: Path) -> list[Path]:
    files = sorted(Path(plans_dir).glob("*.txt"))
    if not files:
        raise CchcError(f"{plans_dir}: không có kế hoạch nào; hãy trỏ --shared tới thư mục dữ liệu chung.")
    return files


def _temporary_engine(
    prefix: str, files: list[Path], model: str | None, fusion: str | None, seed: Path | None = None
):
    """A temporary corpus folder (a copy of ``seed``, or empty) with ``files`` added, and its engine."""
    from index import DEFAULT_FUSION, Engine

    folder = Path(tempfile.mkdtemp(prefix=prefix)) / "corpus"
    if seed:
        shutil.copytree(seed, folder)
    else:
        folder.mkdir()
    engine = None
    try:
        engine = Engine.open(folder, model=model, fusion=fusion or DEFAULT_FUSION, log=_log)
        engine.add_files(files)
        engine.warm_up()
    except BaseException:
        _remove(folder, engine)
        raise
    return folder, engine


def beir(
    folder: Path, model: str | None, fusion: str | None, modes: Sequence[str], progress: bool = True
) -> Run:
    """Any BEIR folder, indexed in memory by the engine's own code (embeddings cached by text hash)."""
    from index import DEFAULT_FUSION, Embedder, data_dir, model_name

    from .systems import Item, engine_over, snapshot_of, systems_of

    data = load_beir(folder)
    embedder = Embedder(model or model_name(), data_dir())
    items = [
        Item(pid, text, title, document=data.documents.get(pid, ""))
        for pid, (title, text) in data.corpus.items()
    ]
    _log(f"Indexing {len(items)} documents of {data.name} (embeddings are cached after the first run)…")
    snapshot, times = snapshot_of(items, embedder, progress=progress)
    engine = engine_over(snapshot, embedder, fusion or DEFAULT_FUSION)
    engine.warm_up()
    config = _config(
        engine,
        corpus=str(folder),
        queries=len(data.benchmark.queries),
        build_s={k: round(v, 2) for k, v in vars(times).items()},
    )
    data.benchmark.name = f"beir-{data.name}"
    return Run(data.benchmark, systems_of(engine, modes), config)


def _remove(folder: Path, engine) -> None:
    """Delete a temporary corpus folder and the index stored for it in the data directory."""
    from index import data_dir, index_dir

    index_folder = engine.folder if engine is not None else index_dir(folder, data_dir())
    shutil.rmtree(index_folder, ignore_errors=True)
    shutil.rmtree(folder.parent, ignore_errors=True)
