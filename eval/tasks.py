"""Task extraction benchmark (issue 10): extracted tasks against the hand-labelled gold set.

    cchc eval --tasks [--shared DIR]

Data in, metrics out (as sentence-transformers' ``evaluation/``): ``evaluate_extraction(gold, scopes,
sources)`` pairs the tasks ``load_document`` extracted from each source with the gold tasks of
``eval/tasks_gold.jsonl`` and returns precision/recall per field, overall, per source format and per
document. The method is the one ``eval/DATASETS.md`` proposes:

- pairing: an extracted task and a gold task of the same file pair when their spans overlap (the gold's
  line span of a text file, mapped onto the normalized text by finding each raw line in it in order),
  else when the gold snippet starts (or is inside) the extracted task's text after the same cleaning
  (Word and HTML spans name a table row or paragraph, not offsets); one-to-one, largest overlap first;
- ``task``: precision over the complete scopes of ``eval/tasks/scopes.json`` only (everything extracted
  there must be a labelled task), recall over every labelled task of the loaded files;
- ``lead``, ``partners``: precision/recall over the units of paired tasks, compared case-insensitively
  after collapsing spaces; ``deadline``: the text as written, ``deadline_norm``: kind, start and end
  equal (precision over the pairs where the extractor gave one, recall over those where the gold has
  one; a vague deadline has none, so a guessed norm costs precision);
- ``task_text`` (informative): share of pairs whose gold snippet begins or is in the extracted text.

The who/when questions (``eval/tasks_questions.jsonl``) need the answer engine: ``score_questions`` is
the boundary, taking any ``answer(question) -> tasks`` callable and the pairing of this benchmark.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from index import CchcError, ParsedDocument, Task, load_document

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOLD = HERE / "tasks_gold.jsonl"
SCOPES = HERE / "tasks" / "scopes.json"
QUESTIONS = HERE / "tasks_questions.jsonl"
FIELDS = ("task", "lead", "partners", "deadline", "deadline_norm")
FORMATS = ("md_table", "docx_table", "html_table", "prose")
LINE_WINDOW = 4000  # characters ahead where a raw line is looked for in the normalized text
ANCHOR_CHARS = 12  # raw lines this long are unique enough to be looked for anywhere in that window
_TABLE_FORMAT = {"txt": "md_table", "md": "md_table", "docx": "docx_table", "html": "html_table"}


@dataclass
class Source:
    """One labelled file, loaded: its document (tasks extracted) and, for text files, its raw lines."""

    name: str  # the gold's "source": "shared:plans/179_….txt" or "eval/tasks/….docx"
    document: ParsedDocument
    raw_lines: list[str] | None = None
    line_starts: list[int | None] = field(default_factory=list)  # offset of each raw line, None if lost


def load_gold(path: Path = GOLD) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_scopes(path: Path = SCOPES) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def load_sources(names: Iterable[str], shared: Path | None) -> tuple[dict[str, Source], list[str]]:
    """Load every named source; a shared plan is skipped (and listed) when ``shared`` is None or lacks
    it. Returns (sources by name, skipped names)."""
    sources: dict[str, Source] = {}
    skipped: list[str] = []
    for name in sorted(set(names)):
        path = _path(name, shared)
        if path is None or not path.is_file():
            skipped.append(name)
            continue
        document = load_document(path)
        source = Source(name, document)
        if path.suffix in (".txt", ".md"):
            source.raw_lines = path.read_text(encoding="utf-8").split("\n")
            source.line_starts = line_offsets(source.raw_lines, document.text)
        sources[name] = source
    return sources, skipped


def _path(name: str, shared: Path | None) -> Path | None:
    if name.startswith("shared:"):
        return shared / name[len("shared:") :] if shared else None
    return ROOT / name


def clean(text: str) -> str:
    """As the labels were written: markdown emphasis removed, spaces collapsed (``check_tasks.clean``)."""
    text = unicodedata.normalize("NFC", text).replace("**", "").replace("*", "").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def line_offsets(raw_lines: Sequence[str], text: str) -> list[int | None]:
    """Where each raw line's words start in the normalized ``text`` (None for a line it dropped or that
    has no words: "|", page chrome). Lines of at least ``ANCHOR_CHARS`` characters are found first, in
    order, each within ``LINE_WINDOW`` characters of the one before; a shorter line ("1", "**TT**") only
    between the anchors around it, as a whole word, so it cannot match far away ("TT" in "TTg")."""
    keys = [clean(re.sub(r"^#{1,6}\s+", "", raw)) for raw in raw_lines]
    offsets: list[int | None] = [None] * len(keys)
    pos = 0
    for n, key in enumerate(keys):
        if len(key) >= ANCHOR_CHARS:
            found = text.find(key, pos, pos + LINE_WINDOW + len(key))
            if found >= 0:
                offsets[n], pos = found, found + len(key)
    pos = 0
    for n, key in enumerate(keys):
        if offsets[n] is not None:
            pos = offsets[n] + len(key)
        elif key and key != "|":
            limit = next((o for o in offsets[n + 1 :] if o is not None), len(text))
            m = re.compile(rf"(?<!\w){re.escape(key)}(?!\w)").search(text, pos, limit)
            if m:
                offsets[n], pos = m.start(), m.end()
    return offsets


def _line_region(source: Source, first: int, last: int) -> tuple[int, int] | None:
    """The normalized-text span of raw lines ``first``..``last`` (1-based), None when not found."""
    inside = [
        (start, start + len(clean(source.raw_lines[n - 1])))
        for n in range(first, last + 1)
        if (start := source.line_starts[n - 1]) is not None
    ]
    return (inside[0][0], max(end for _, end in inside)) if inside else None


def _snippet_matches(snippet: str, text: str) -> bool:
    snippet, text = clean(snippet).casefold(), clean(text).casefold()
    return text.startswith(snippet) or snippet in text


def pair_tasks(gold: Sequence[dict], tasks: Sequence[Task], source: Source) -> dict[str, Task]:
    """Gold id -> the extracted task paired with it (one-to-one), for the tasks of one source."""
    candidates: list[tuple[int, int, int]] = []  # (score, gold index, task index)
    for g, item in enumerate(gold):
        region = _line_region(source, *item["span"]["lines"]) if "lines" in item["span"] else None
        for t, task in enumerate(tasks):
            if region is not None:
                overlap = min(region[1], task.end) - max(region[0], task.start)
                if overlap > 0:
                    candidates.append((overlap, g, t))
            elif _snippet_matches(item["task"], task.text):
                candidates.append((1, g, t))
    pairs: dict[str, Task] = {}
    used: set[int] = set()
    for _, g, t in sorted(candidates, key=lambda c: -c[0]):
        if gold[g]["id"] not in pairs and t not in used:
            pairs[gold[g]["id"]] = tasks[t]
            used.add(t)
    return pairs


def in_scope(task: Task, scope: dict, source: Source) -> bool:
    """Whether an extracted task lies in a complete scope, where everything extracted must be gold."""
    kind = scope["kind"]
    if kind == "document":
        return True
    document = source.document
    if kind == "section":
        marker = scope["scope"].rsplit("/", 1)[1]
        path = next(p.path for p in document.passages if p.id == task.passage_id)
        return task.source == "prose" and any(h.marker.rstrip(".") == marker for h in path)
    lines = re.search(r"lines (\d+)-(\d+)", scope.get("where", ""))
    region = (
        _line_region(source, int(lines.group(1)), int(lines.group(2))) if lines and source.raw_lines else None
    )
    inside = region is None or (region[0] <= task.start and task.end <= region[1] + 1)
    return task.source == "table" and inside


def task_format(task: Task, source: Source) -> str:
    if task.source == "prose":
        return "prose"
    extracted = source.document.extracted
    return _TABLE_FORMAT.get(extracted.format if extracted else "txt", f"{extracted.format}_table")


def _units(values: Iterable[str]) -> set[str]:
    return {re.sub(r"\s+", " ", v).strip().casefold() for v in values}


def _norm(task: Task) -> dict | None:
    norm = task.deadline_norm
    return {"kind": norm.kind, "start": norm.start, "end": norm.end} if norm else None


class _Counts:
    """True positives, predictions and gold items per field."""

    def __init__(self) -> None:
        self.tp: dict[str, int] = defaultdict(int)
        self.pred: dict[str, int] = defaultdict(int)
        self.gold: dict[str, int] = defaultdict(int)

    def add(self, name: str, tp: int, pred: int, gold: int) -> None:
        self.tp[name] += tp
        self.pred[name] += pred
        self.gold[name] += gold

    def metrics(self) -> dict[str, dict]:
        out = {}
        for name in (*FIELDS, "task_text"):
            tp, pred, gold = self.tp[name], self.pred[name], self.gold[name]
            p = tp / pred if pred else None
            r = tp / gold if gold else None
            f1 = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
            out[name] = {"precision": p, "recall": r, "f1": f1, "tp": tp, "predicted": pred, "gold": gold}
        return out


def evaluate_extraction(gold: Sequence[dict], scopes: Sequence[dict], sources: Mapping[str, Source]) -> dict:
    """Precision/recall per field, overall, per format and per document, and every miss, for the gold
    tasks of the loaded ``sources`` (gold of a source not loaded is left out, and counted)."""
    groups: dict[str, _Counts] = defaultdict(_Counts)
    per_scope: dict[str, dict] = {}
    misses: list[dict] = []
    pairs_by_id: dict[str, str] = {}
    for name, source in sources.items():
        items = [g for g in gold if g["source"] == name]
        tasks = source.document.tasks
        pairs = pair_tasks(items, tasks, source)
        pairs_by_id.update({task.id: gid for gid, task in pairs.items()})
        paired = {task.id for task in pairs.values()}
        doc = items[0]["doc"] if items else source.document.doc_id
        for item in items:
            keys = ("overall", f"format:{item['format']}", f"doc:{doc}")
            task = pairs.get(item["id"])
            for key in keys:
                groups[key].add("task", 0, 0, 1)
            if task is None:
                misses.append({"gold": item["id"], "doc": doc, "what": "missed", "task": item["task"][:80]})
                continue
            for key in keys:
                _score_pair(groups[key], item, task)
            misses += _field_misses(item, task, doc)
        complete = [s for s in scopes if s["source"] == name]
        for scope in complete:
            inside = [task for task in tasks if in_scope(task, scope, source)]
            per_scope[scope["scope"]] = {
                "gold": scope["tasks"],
                "extracted": len(inside),
                "paired": sum(task.id in paired for task in inside),
            }
        for task in tasks:
            if not any(in_scope(task, s, source) for s in complete):
                continue
            hit = int(task.id in paired)
            for key in ("overall", f"format:{task_format(task, source)}", f"doc:{doc}"):
                groups[key].add("task", hit, 1, 0)
            if not hit:
                misses.append(
                    {"extracted": task.id, "doc": doc, "what": "not a gold task", "task": task.text[:80]}
                )
    recall_hits = _recall_hits(gold, sources, pairs_by_id)
    result = {
        key: _with_recall(counts.metrics(), recall_hits.get(key, 0)) for key, counts in sorted(groups.items())
    }
    return {
        "overall": result.get("overall", {}),
        "per_format": {k.split(":", 1)[1]: v for k, v in result.items() if k.startswith("format:")},
        "per_document": {k.split(":", 1)[1]: v for k, v in result.items() if k.startswith("doc:")},
        "per_scope": per_scope,
        "gold_tasks": sum(1 for g in gold if g["source"] in sources),
        "extracted_tasks": sum(len(s.document.tasks) for s in sources.values()),
        "pairs": pairs_by_id,
        "misses": misses,
    }


def _recall_hits(gold: Sequence[dict], sources: Mapping[str, Source], pairs: Mapping[str, str]) -> dict:
    paired = set(pairs.values())
    hits: dict[str, int] = defaultdict(int)
    for item in gold:
        if item["source"] in sources and item["id"] in paired:
            for key in ("overall", f"format:{item['format']}", f"doc:{item['doc']}"):
                hits[key] += 1
    return hits


def _with_recall(metrics: dict[str, dict], recall_tp: int) -> dict[str, dict]:
    """The task row's precision counts extracted tasks in complete scopes, its recall the gold paired."""
    row = metrics["task"]
    row["recall"] = recall_tp / row["gold"] if row["gold"] else None
    row["recall_tp"] = recall_tp
    p, r = row["precision"], row["recall"]
    row["f1"] = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return metrics


def _score_pair(counts: _Counts, item: dict, task: Task) -> None:
    for name in ("lead", "partners"):
        want, got = _units(item[name]), _units(getattr(task, name))
        counts.add(name, len(want & got), len(got), len(want))
    want_dl, got_dl = clean(item["deadline"] or "").casefold(), clean(task.deadline).casefold()
    counts.add("deadline", int(bool(got_dl) and want_dl == got_dl), int(bool(got_dl)), int(bool(want_dl)))
    want_norm, got_norm = item["deadline_norm"], _norm(task)
    given = got_norm is not None
    counts.add("deadline_norm", int(given and want_norm == got_norm), int(given), int(want_norm is not None))
    counts.add("task_text", int(_snippet_matches(item["task"], task.text)), 1, 1)


def _field_misses(item: dict, task: Task, doc: str) -> list[dict]:
    out = []
    checks = {
        "lead": (_units(item["lead"]), _units(task.lead)),
        "partners": (_units(item["partners"]), _units(task.partners)),
        "deadline": (clean(item["deadline"] or "").casefold(), clean(task.deadline).casefold()),
        "deadline_norm": (item["deadline_norm"], _norm(task)),
    }
    for name, (want, got) in checks.items():
        if want != got:
            out.append({"gold": item["id"], "extracted": task.id, "doc": doc, "what": name,
                        "want": sorted(want) if isinstance(want, set) else want,
                        "got": sorted(got) if isinstance(got, set) else got})  # fmt: skip
    return out


def score_questions(
    questions: Sequence[dict], pairs: Mapping[str, str], answer: Callable[[str], Sequence[Task]]
) -> dict:
    """The who/when questions: each question's answer (tasks, from any ``answer`` callable, e.g. the
    engine) against its gold task ids, through ``pairs`` (extracted task id -> gold id, from
    ``evaluate_extraction``). Returns mean precision and recall of the tasks answered, and per question
    what was returned."""
    rows = []
    for q in questions:
        returned = [pairs.get(task.id, task.id) for task in answer(q["question"])]
        hits = len(set(returned) & set(q["tasks"]))
        rows.append({
            "id": q["id"],
            "precision": hits / len(returned) if returned else 0.0,
            "recall": hits / len(q["tasks"]),
            "returned": returned,
        })  # fmt: skip
    n = len(rows) or 1
    return {
        "precision": sum(r["precision"] for r in rows) / n,
        "recall": sum(r["recall"] for r in rows) / n,
        "questions": rows,
    }


# -- report --------------------------------------------------------------------------------------------


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def table(rows: Mapping[str, Mapping[str, dict]], markdown: bool = False) -> str:
    """One row per group (overall, a format, a document), P/R per field."""
    heads = ["", *(f"{f} {m}" for f in FIELDS for m in ("P", "R"))]
    body = [
        [name, *(_cell(values.get(f, {}).get(k)) for f in FIELDS for k in ("precision", "recall"))]
        for name, values in rows.items()
    ]
    if markdown:
        lines = ["| " + " | ".join(heads) + " |", "|" + "|".join("---" for _ in heads) + "|"]
        return "\n".join([*lines, *("| " + " | ".join(r) + " |" for r in body)])
    widths = [max(len(r[i]) for r in [heads, *body]) for i in range(len(heads))]
    return "\n".join(
        "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
        for r in [heads, *body]
    )


def summary_rows(metrics: Mapping) -> dict[str, Mapping[str, dict]]:
    return {
        "overall": metrics["overall"],
        **{f: metrics["per_format"][f] for f in FORMATS if f in metrics["per_format"]},
    }


def write_report(out: Path, metrics: Mapping, setup: Mapping, command: str) -> list[Path]:
    """``metrics.json`` and ``report.md`` in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    paths = [out / "metrics.json", out / "report.md"]
    payload = {"benchmark": "tasks", "created": stamp, "command": command, "setup": dict(setup), **metrics}
    paths[0].write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    md = [
        "# Benchmark `tasks`: task extraction",
        "",
        f"{stamp} · `{command}`",
        "",
        f"{metrics['gold_tasks']} gold tasks in the loaded files, {metrics['extracted_tasks']} tasks "
        "extracted. " + ", ".join(f"{k} = {v}" for k, v in setup.items()),
        "",
        "Task precision counts what is extracted in the complete scopes of `eval/tasks/scopes.json`; recall "
        "every labelled task. Lead and partners: units of the paired tasks; deadline: the text as written; "
        "deadline_norm: kind, start and end.",
        "",
        table(summary_rows(metrics), markdown=True),
        "",
        "## Per document",
        "",
        table(metrics["per_document"], markdown=True),
        "",
        "## Complete scopes (extracted there / paired with a gold task / labelled)",
        "",
        *(
            f"- `{name}`: {v['extracted']} / {v['paired']} / {v['gold']}"
            for name, v in metrics["per_scope"].items()
        ),
        "",
        f"## Misses ({len(metrics['misses'])})",
        "",
        *(f"- {json.dumps(m, ensure_ascii=False)}" for m in metrics["misses"]),
        *_questions_section(metrics.get("questions")),
    ]
    paths[1].write_text("\n".join(md) + "\n", encoding="utf-8")
    return paths


def _questions_section(questions: Mapping | None) -> list[str]:
    if not questions:
        return []
    rows = [q for q in questions["questions"] if q["recall"] < 1 or q["precision"] < 1]
    return [
        "",
        f"## Who / when questions ({len(questions['questions'])}): the engine's tasks against the gold",
        "",
        f"Precision {questions['precision']:.3f}, recall {questions['recall']:.3f} (means over questions).",
        "",
        *(f"- {r['id']}: P {r['precision']:.2f} R {r['recall']:.2f}, returned {r['returned']}" for r in rows),
    ]


def run(
    shared: Path | None, gold_path: Path = GOLD, scopes_path: Path = SCOPES, questions_path: Path = QUESTIONS
) -> tuple[dict, dict]:
    """Load the labelled files and measure extraction, then the who/when questions through the answer
    engine over those files (a temporary corpus); returns (metrics, setup)."""
    gold, scopes = load_gold(gold_path), load_scopes(scopes_path)
    sources, skipped = load_sources([g["source"] for g in gold] + [s["source"] for s in scopes], shared)
    if not sources:
        raise CchcError("Không nạp được tệp nào có nhãn nhiệm vụ.")
    metrics = evaluate_extraction(gold, scopes, sources)
    known = {g["id"] for g in gold if g["source"] in sources}
    questions = [q for q in load_gold(questions_path) if set(q["tasks"]) <= known]
    metrics["questions"] = _ask_questions(questions, [_path(n, shared) for n in sources], metrics["pairs"])
    setup = {"gold": str(gold_path), "files": len(sources), "skipped": skipped, "questions": len(questions)}
    return metrics, setup


def _ask_questions(questions: Sequence[dict], files: Sequence[Path], pairs: Mapping[str, str]) -> dict:
    """Each question asked of the engine over ``files``; its task answers scored by ``score_questions``."""
    from index import Engine

    folder = Path(tempfile.mkdtemp(prefix="cchc-eval-tasks-")) / "corpus"
    folder.mkdir()
    engine = Engine.open(folder, log=lambda line: None)
    try:
        engine.add_files(list(files))
        return score_questions(questions, pairs, lambda text: engine.ask(text).tasks)
    finally:
        shutil.rmtree(engine.folder, ignore_errors=True)
        shutil.rmtree(folder.parent, ignore_errors=True)
