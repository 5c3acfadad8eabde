"""Benchmark reports: a console table, JSON, Markdown and PNG charts in a results folder."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from .evaluator import QuestionResult, RetrievalEvaluator
from .metrics import DOCUMENT_METRICS, METRICS

Scores = Mapping[str, Mapping[str, float | None]]
SHORT = {
    "abstain_precision": "abst_P",
    "abstain_recall": "abst_R",
    "latency_ms_p50": "ms_p50",
    "latency_ms_p95": "ms_p95",
    "wrong_document_rate": "wrong_doc",
    "highlight_accuracy": "highlight",
    "list_precision": "list_P",
    "list_recall": "list_R",
    "clarify_precision": "clarify_P",
    "clarify_recall": "clarify_R",
    "document_info_accuracy": "doc_info",
    "status_accuracy": "status",
}


def _cell(metric: str, value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}" if metric.startswith("latency") else f"{value:.3f}"


def table(scores: Scores, markdown: bool = False) -> str:
    """Modes as rows, metrics as columns (the multi-document metrics when a mode has them)."""
    shown = [*METRICS, *(m for m in DOCUMENT_METRICS if any(m in values for values in scores.values()))]
    heads = ["mode", *(SHORT.get(m, m) for m in shown)]
    rows = [[mode, *(_cell(m, values.get(m)) for m in shown)] for mode, values in scores.items()]
    if markdown:
        lines = ["| " + " | ".join(heads) + " |", "|" + "|".join("---" for _ in heads) + "|"]
        return "\n".join([*lines, *("| " + " | ".join(r) + " |" for r in rows)])
    widths = [max(len(row[i]) for row in [heads, *rows]) for i in range(len(heads))]
    return "\n".join(
        "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        for row in [heads, *rows]
    )


def by_tag(evaluator: RetrievalEvaluator) -> dict[str, Scores]:
    """The same metrics on each tagged subset of questions (accent-free, abbreviations…)."""
    tags = sorted({t for ts in evaluator.benchmark.tags.values() for t in ts})
    subsets: dict[str, dict[str, dict]] = {}
    for tag in tags:
        ids = {qid for qid, ts in evaluator.benchmark.tags.items() if tag in ts}
        subsets[tag] = {
            mode: RetrievalEvaluator.compute_metrics([r for r in results if r.id in ids])
            for mode, results in evaluator.results.items()
        }
    return subsets


def failures(results: Sequence[QuestionResult], k: int = 5) -> list[str]:
    """Markdown lines for what a mode got wrong: gold missing from the top ``k``, wrong abstention."""
    lines = []
    for r in results:
        head = f"- **{r.id}** “{r.question}”:"
        top, gold = r.ranked[:k], set(r.relevant)
        if r.covered and not gold:  # a question answered by facts, a list or a question back
            if r.status == "not_covered":
                lines.append(f"{head} abstained (closest {r.closest[:3]})")
            continue
        if r.covered and r.status == "not_covered":
            lines.append(f"{head} abstained (gold {r.relevant}; closest {r.closest[:3]})")
        elif r.covered and not gold & set(top):
            lines.append(f"{head} gold {r.relevant} not in top {k}; returned {top}")
        elif r.covered and not gold <= set(top):
            lines.append(f"{head} partial, missing {sorted(gold - set(top))}; returned {top}")
        elif not r.covered and r.status not in (None, "not_covered"):
            lines.append(f"{head} should be not covered; got {r.status} quoting {r.ranked[:3]}")
    return lines


def write(
    out: Path,
    evaluator: RetrievalEvaluator,
    scores: Scores,
    config: Mapping,
    command: str,
    charts: bool = True,
) -> list[Path]:
    """Write ``metrics.json``, ``report.md`` and the PNG charts into ``out``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    name = evaluator.benchmark.name
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    tags = by_tag(evaluator)
    payload = {
        "benchmark": name,
        "created": stamp,
        "command": command,
        "config": dict(config),
        "questions": len(evaluator.benchmark.queries),
        "not_covered": len(evaluator.benchmark.not_covered),
        "metrics": scores,
        "by_tag": tags,
        "results": evaluator.details(),
    }
    paths = [out / "metrics.json", out / "report.md"]
    paths[0].write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    bench = evaluator.benchmark
    setup = ", ".join(f"{k} = {v}" for k, v in config.items())
    md = [
        f"# Benchmark `{name}`",
        "",
        f"{stamp} · `{command}`",
        "",
        f"{len(bench.queries)} questions ({len(bench.not_covered)} not covered by the corpus); {setup}",
        "",
        table(scores, markdown=True),
        "",
        "Recall, MRR and nDCG are over the covered questions; the engine's ranked list is what it quotes "
        '(nothing when it abstains). Abstention precision/recall: "not covered" answers against the '
        "questions the corpus does not cover (– where a mode never abstains). Latency per question, model "
        "already loaded.",
    ]
    for tag, subset in tags.items():
        md += ["", f"## Questions tagged `{tag}`", "", table(subset, markdown=True)]
    for mode, results in evaluator.results.items():
        wrong = failures(results)
        md += ["", f"## Misses: {mode} ({len(wrong)})", "", *(wrong or ["none"])]
    if "engine" in evaluator.results:
        late = [
            f"- **{r.id}** “{r.question}”: first gold at rank {r.first_gold_rank}; returned {r.ranked[:3]}"
            for r in evaluator.results["engine"]
            if r.first_gold_rank not in (None, 1)
        ]
        md += ["", f"## Engine: gold quoted but not first ({len(late)})", "", *(late or ["none"])]
    if charts:
        paths += _charts(out, name, scores, evaluator.results)
        md += ["", "![metrics per mode](metrics.png)", "", "![latency](latency.png)"]
    paths[1].write_text("\n".join(md) + "\n", encoding="utf-8")
    return paths


def _charts(out: Path, name: str, scores: Scores, results: Mapping[str, list[QuestionResult]]) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    quality = [m for m in METRICS if not m.startswith("latency")]
    fig, ax = plt.subplots(figsize=(11, 4.5))
    width = 0.8 / max(len(scores), 1)
    for i, (mode, values) in enumerate(scores.items()):
        heights = [values.get(m) or 0.0 for m in quality]
        ax.bar(np.arange(len(quality)) + i * width, heights, width, label=mode)
    ax.set_xticks(np.arange(len(quality)) + width * (len(scores) - 1) / 2, [SHORT.get(m, m) for m in quality])
    ax.set_ylim(0, 1.05)
    ax.set_title(f"{name}: quality per mode")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(out / "metrics.png", dpi=120)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(8, 4.5))
    modes = list(results)
    ax.boxplot([[r.latency_ms for r in results[m]] for m in modes], tick_labels=modes, showfliers=True)
    ax.set_yscale("log")
    ax.set_ylabel("ms per question (log)")
    ax.set_title(f"{name}: query latency (model loaded)")
    fig.tight_layout()
    fig.savefig(out / "latency.png", dpi=120)
    plt.close(fig)
    return [out / "metrics.png", out / "latency.png"]


def scale_table(result: Mapping, markdown: bool = True) -> str:
    """Per-size rows: build times, per-stage p50 (p95) latency, BM25 before/after."""
    from .scale import STAGES

    heads = [
        "passages",
        "build lexical s",
        "build dense s",
        "embed s (est.)",
        *(f"{s} ms" for s in STAGES),
        "BM25 rank-bm25 ms",
        "BM25 postings ms",
        "RSS MB",
    ]
    rows = []
    for size in result["sizes"]:
        stages = size["stages_ms"]
        rows.append(
            [
                f"{size['passages']:,}",
                f"{size['build_s']['lexical']:.2f}",
                f"{size['build_s']['dense']:.3f}",
                f"{size['build_s']['embedding_estimated']:,.0f}",
                *(f"{stages[s]['p50']:.2f} ({stages[s]['p95']:.2f})" for s in STAGES),
                f"{size['bm25_ms']['rank_bm25']['p50']:.1f} ({size['bm25_ms']['rank_bm25']['p95']:.1f})",
                f"{size['bm25_ms']['postings']['p50']:.2f} ({size['bm25_ms']['postings']['p95']:.2f})",
                f"{size['rss_mb']:,.0f}",
            ]
        )
    if not markdown:
        return "\n".join("  ".join(r) for r in [heads, *rows])
    lines = ["| " + " | ".join(heads) + " |", "|" + "|".join("---" for _ in heads) + "|"]
    return "\n".join([*lines, *("| " + " | ".join(r) + " |" for r in rows)])


def write_scale(out: Path, result: Mapping, command: str, charts: bool = True) -> list[Path]:
    """Write ``scale.json``, ``report.md`` and ``scale.png`` into ``out``."""
    from .scale import __doc__ as method

    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    paths = [out / "scale.json", out / "report.md"]
    paths[0].write_text(
        json.dumps({"created": stamp, "command": command, **result}, indent=2), encoding="utf-8"
    )
    md = [
        "# Speed and scale",
        "",
        f"{stamp} · `{command}`",
        "",
        " ".join(line.strip() for line in (method or "").splitlines()[2:] if line.strip()),
        "",
        f"{result['real_passages']} real passages; {result['queries']} questions per size "
        f"({result['naive_queries']} for the rank-bm25 baseline); measured embedding throughput "
        f"{result['embedding_passages_per_s']} passages/s. Vectors: {result['vectors']}.",
        "",
        "Latency cells are median (p95) per question, model loaded.",
        "",
        scale_table(result),
    ]
    if charts:
        paths.append(_scale_chart(out, result))
        md += ["", "![scale](scale.png)"]
    paths[1].write_text("\n".join(md) + "\n", encoding="utf-8")
    return paths


def _scale_chart(out: Path, result: Mapping) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .scale import STAGES

    sizes = [s["passages"] for s in result["sizes"]]
    fig, axes = plt.subplots(1, 3, figsize=(16, 4.8))
    for stage in STAGES:
        values = [max(s["stages_ms"][stage]["p50"], 1e-3) for s in result["sizes"]]
        axes[0].plot(sizes, values, marker="o", label=stage, linewidth=2.5 if stage == "total" else 1.2)
    axes[0].set_title("query latency per stage (median)")
    axes[0].set_ylabel("ms")
    for key, label in (("rank_bm25", "rank-bm25 get_scores (before)"), ("postings", "posting lists (after)")):
        axes[1].plot(sizes, [s["bm25_ms"][key]["p50"] for s in result["sizes"]], marker="o", label=label)
    axes[1].set_title("BM25 scoring per question (median)")
    axes[1].set_ylabel("ms")
    for key, label in (
        ("lexical", "lexical index (measured)"),
        ("dense", "faiss index (measured)"),
        ("embedding_estimated", "embedding (estimated)"),
    ):
        axes[2].plot(sizes, [max(s["build_s"][key], 1e-3) for s in result["sizes"]], marker="o", label=label)
    axes[2].set_title("index build time")
    axes[2].set_ylabel("s")
    for ax in axes:
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("passages")
        ax.legend(fontsize=7)
        ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out / "scale.png", dpi=120)
    plt.close(fig)
    return out / "scale.png"


# -- dialogues (eval/dialogues.py) -------------------------------------------------------------------

DIALOGUE_COLUMNS = (
    "turns",
    "status_accuracy",
    "recall@1",
    "recall@5",
    "mrr@10",
    "abstain_precision",
    "abstain_recall",
    "clarify_recall",
    "document_info_accuracy",
    "wrong_document_rate",
    "latency_ms_p50",
)


def dialogue_table(result: Mapping, markdown: bool = False) -> str:
    """Turn positions as rows (all turns, turn 1, the follow-ups, turn 2, turn 3), then follow-up kinds."""
    heads = ["turns", *(SHORT.get(m, m) for m in DIALOGUE_COLUMNS)]
    heads[1] = "n"
    rows = [["all", *_dialogue_cells(result["overall"])]]
    rows += [[name, *_dialogue_cells(scores)] for name, scores in result["by_position"].items()]
    kinds = [["follow-up kind", "n", "read right", "status"]]
    kinds += [
        [kind, str(v["turns"]), _cell("share", v["follow_up_accuracy"]), _cell("share", v["status_accuracy"])]
        for kind, v in result["by_follow_up"].items()
    ]
    kinds.append(
        ["all follow-ups", str(result["by_position"]["follow-ups"]["turns"]),
         _cell("share", result["follow_up_accuracy"]),
         _cell("share", result["by_position"]["follow-ups"]["status_accuracy"])]
    )  # fmt: skip
    return _grid([heads, *rows], markdown) + "\n\n" + _grid(kinds, markdown)


def _dialogue_cells(scores: Mapping) -> list[str]:
    return [str(scores["turns"]), *(_cell(m, scores.get(m)) for m in DIALOGUE_COLUMNS[1:])]


def _grid(rows: Sequence[Sequence[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join("---" for _ in rows[0]) + "|"]
        return "\n".join([*lines, *("| " + " | ".join(r) + " |" for r in rows[1:])])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        for row in rows
    )


def write_dialogues(
    out: Path, evaluator, result: Mapping, config: Mapping, command: str, charts: bool = True
):
    """Write ``metrics.json``, ``report.md`` (with every failing turn) and ``dialogues.png`` into ``out``."""
    from .dialogues import misses

    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    wrong = misses(evaluator.turns, evaluator.benchmark)
    payload = {
        "benchmark": "dialogues",
        "created": stamp,
        "command": command,
        "config": dict(config),
        "metrics": result,
        "misses": [{"id": m.turn.result.id, "problems": m.problems} for m in wrong],
        "results": evaluator.details(),
    }
    paths = [out / "metrics.json", out / "report.md"]
    paths[0].write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    setup = ", ".join(f"{k} = {v}" for k, v in config.items())
    by_id = {t.result.id: t for t in evaluator.turns}
    md = [
        "# Benchmark `dialogues`",
        "",
        f"{stamp} · `{command}`",
        "",
        f"{result['dialogues']} dialogues, {result['turns']} turns; {setup}",
        "",
        "Each turn is scored like a question of the multi-document benchmark (status, quotes against the "
        "gold passages, facts, candidates); the follow-ups are the turns after the first. A follow-up is "
        '"read right" when the engine reports the kind expected (`none`: the turn stands on its own). '
        f"Small-talk kind accuracy {_cell('share', result['small_talk_accuracy'])}; dialogues with every "
        f"turn's status and reading right: {_cell('share', result['dialogue_success'])}.",
        "",
        dialogue_table(result, markdown=True),
        "",
        "Follow-ups read as another kind: "
        + (", ".join(f"{k} ({n})" for k, n in result["follow_up_confusions"].items()) or "none"),
        "",
        f"## Failing turns ({len(wrong)})",
        "",
    ]
    for miss in wrong:
        t = miss.turn
        before = " → ".join(f"“{by_id[f'{t.dialogue}.{n}'].result.question}”" for n in range(1, t.position))
        later = f" ({t.after_minutes:g} min later)" if t.after_minutes is not None else ""
        md.append(
            f"- **{t.result.id}** “{t.result.question}”{later}"
            + (f", after {before}" if before else "")
            + f": {'; '.join(miss.problems)}. Quoted {t.result.ranked[:5] or 'nothing'}; "
            + f"lead: “{' '.join(t.lead.split())[:160]}”"
        )
    if not wrong:
        md.append("none")
    if charts:
        paths.append(_dialogue_chart(out, result))
        md += ["", "![dialogues](dialogues.png)"]
    paths[1].write_text("\n".join(md) + "\n", encoding="utf-8")
    return paths


def _dialogue_chart(out: Path, result: Mapping) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    positions = {"all": result["overall"], **result["by_position"]}
    for i, metric in enumerate(("status_accuracy", "recall@5")):
        values = [(s.get(metric) or 0.0) for s in positions.values()]
        axes[0].bar([x + i * 0.4 for x in range(len(values))], values, 0.4, label=SHORT.get(metric, metric))
    axes[0].set_xticks([x + 0.2 for x in range(len(positions))], list(positions))
    axes[0].set_ylim(0, 1.05)
    axes[0].set_title("per turn position")
    axes[0].legend(loc="lower right")
    kinds = result["by_follow_up"]
    bars = (("follow_up_accuracy", "read right"), ("status_accuracy", "status"))
    for i, (metric, label) in enumerate(bars):
        values = [(v.get(metric) or 0.0) for v in kinds.values()]
        axes[1].bar([x + i * 0.4 for x in range(len(values))], values, 0.4, label=label)
    axes[1].set_xticks([x + 0.2 for x in range(len(kinds))], list(kinds))
    axes[1].set_ylim(0, 1.05)
    axes[1].set_title("follow-ups by kind expected (read right, status)")
    axes[1].legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(out / "dialogues.png", dpi=120)
    plt.close(fig)
    return out / "dialogues.png"


def database_scale_table(result: Mapping) -> str:
    """One row per metric of ``scale.measure_database``, one column per size (Markdown)."""
    sizes = result["sizes"]
    rows: dict[str, list[str]] = {}
    for size, metrics in sizes.items():
        for name, value in _flat(metrics):
            rows.setdefault(name, [""] * len(sizes))[list(sizes).index(size)] = str(value)
    heads = ["metric", *(f"{int(size):,}" for size in sizes)]
    lines = ["| " + " | ".join(heads) + " |", "|" + "|".join("---" for _ in heads) + "|"]
    return "\n".join([*lines, *("| " + " | ".join([name, *cells]) + " |" for name, cells in rows.items())])


def _flat(metrics: Mapping, prefix: str = "") -> list[tuple[str, object]]:
    """Nested metrics as ``("a.b", value)`` pairs; a list (p50, p95) stays one value."""
    pairs: list[tuple[str, object]] = []
    for key, value in metrics.items():
        name = f"{prefix}{key}"
        pairs += _flat(value, f"{name}.") if isinstance(value, Mapping) else [(name, value)]
    return pairs


def write_database_scale(out: Path, result: Mapping, command: str) -> list[Path]:
    """Write ``scale.json`` and ``report.md`` of the database backend's scale run into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    paths = [out / "scale.json", out / "report.md"]
    paths[0].write_text(
        json.dumps({"created": stamp, "command": command, **result}, indent=2), encoding="utf-8"
    )
    md = [
        "# Scale of the PostgreSQL backend",
        "",
        f"{stamp} · `{command}`",
        "",
        f"{result['real_passages']} real passages; {result['questions']} questions per size. Vectors: "
        f"{result['vectors']}. Latency cells are [p50, p95] ms; sizes MB; times s. Method: the docstring "
        "of index/retrieval/pgscale.py.",
        "",
        database_scale_table(result),
    ]
    paths[1].write_text("\n".join(md) + "\n", encoding="utf-8")
    return paths
