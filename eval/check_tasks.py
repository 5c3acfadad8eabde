"""Checks the task gold set (issue 10) against the documents it was written from.

    PYTHONPATH=$PWD .venv/bin/python eval/check_tasks.py [--shared ../shared]

Validates ``eval/tasks_gold.jsonl``, ``eval/tasks_questions.jsonl`` and ``eval/tasks/scopes.json``:

- every field has its type; ids are unique; a null deadline has a null ``deadline_norm``; a norm's kind,
  dates and span agree (a quarter is three months, a month one month ...);
- every label is found in its source, read the way the labels were written (hard wraps joined with one
  space, ``**``/``*`` removed): the ``task`` snippet (60-150 characters, or the whole text when shorter)
  at the start of the task cell or inside the clause of its ``span``, the ``deadline`` and ``output`` as
  written, every lead and partner unit in its cell (tables) or in the clause or its heading (prose);
  crawled tables: the line at ``span.lines[0]`` is the row number ``row_no``; DOCX tables are read with
  python-docx (a vertically merged cell is read in every row it spans), HTML tables with ``html.parser``
  (``rowspan``/``colspan`` expanded);
- the shared plans are read from ``--shared`` (default ``../shared`` next to the repository) and skipped,
  with a note, when that folder is absent;
- every complete scope of ``scopes.json`` holds exactly its number of labelled tasks;
- every question references existing tasks, its ``expect`` agrees with them, and a question with a
  ``match`` rule lists exactly the labelled tasks the rule selects (so "which tasks ..." answers are
  complete over the labelled documents).

Prints counts per format, document, deadline kind and tag; exits 1 on any error.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "eval"
FORMATS = {"md_table", "docx_table", "html_table", "prose"}
KINDS = {
    "date",
    "month",
    "quarter",
    "half_year",
    "year",
    "range",
    "recurring",
    "ongoing",
    "separate_plan",
    "other",
}
DATED = {"date", "month", "quarter", "half_year", "year", "range"}
TASK_FIELDS = {
    "id": str,
    "doc": str,
    "source": str,
    "format": str,
    "heading": list,
    "task": str,
    "lead": list,
    "partners": list,
    "span": dict,
}
OPTIONAL = {
    "row_no": str,
    "deadline": (str, type(None)),
    "deadline_norm": (dict, type(None)),
    "output": (str, type(None)),
    "scope": str,
    "tags": list,
    "note": str,
}
Q_FIELDS = {"id": str, "question": str, "tasks": list, "expect": dict}
Q_OPTIONAL = {"tags": list, "kind": str, "match": dict, "note": str}


def clean(text: str) -> str:
    """Hard wraps joined with one space, markdown emphasis removed, spaces collapsed."""
    text = text.replace("**", "").replace("*", "").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def fold(text: str) -> str:
    return clean(text).casefold()


# ------------------------------------------------------------------------------------------ readers
class _HTMLTables(HTMLParser):
    """Tables as grids (rowspan/colspan expanded) and the text of every <p>, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.paragraphs: list[str] = []
        self._rows: list[list[tuple[str, int, int]]] | None = None
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._p: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._rows = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []
            self._span = (int(a.get("rowspan", 1)), int(a.get("colspan", 1)))
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")
        elif tag == "p":
            self._p = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._rows is not None:
            self._rows[-1].append((clean("".join(self._cell)), *self._span))
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables.append(_grid(self._rows))
            self._rows = None
        elif tag == "p" and self._p is not None:
            self.paragraphs.append(clean("".join(self._p)))
            self._p = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._p is not None:
            self._p.append(data)


def _grid(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    grid: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text
            c += colspan
    width = 1 + max((c for _, c in grid), default=0)
    return [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))]


class Sources:
    def __init__(self, shared: Path | None) -> None:
        self.shared = shared
        self._cache: dict[tuple[str, str], object] = {}

    def path(self, source: str) -> Path | None:
        if source.startswith("shared:"):
            return None if self.shared is None else self.shared / source[len("shared:") :]
        return ROOT / source

    def lines(self, source: str) -> list[str]:
        key = ("lines", source)
        if key not in self._cache:
            self._cache[key] = self.path(source).read_text(encoding="utf-8").split("\n")
        return self._cache[key]

    def docx(self, source: str):
        key = ("docx", source)
        if key not in self._cache:
            import docx  # python-docx: the one non-standard import, only for the DOCX file

            self._cache[key] = docx.Document(str(self.path(source)))
        return self._cache[key]

    def html(self, source: str) -> _HTMLTables:
        key = ("html", source)
        if key not in self._cache:
            parser = _HTMLTables()
            parser.feed(self.path(source).read_text(encoding="utf-8"))
            self._cache[key] = parser
        return self._cache[key]


# ------------------------------------------------------------------------------------------ checks
def check_norm(t: dict, err) -> None:
    dl, norm = t.get("deadline"), t.get("deadline_norm")
    if dl is None and norm is not None:
        err("deadline_norm given for a null deadline")
    if norm is None:
        return
    if set(norm) != {"kind", "start", "end"}:
        err(f"deadline_norm keys {sorted(norm)}")
        return
    kind, start, end = norm["kind"], norm["start"], norm["end"]
    if kind not in KINDS:
        err(f"deadline kind {kind!r}")
    try:
        d0 = dt.date.fromisoformat(start) if start else None
        d1 = dt.date.fromisoformat(end) if end else None
    except ValueError as exc:
        err(f"deadline_norm date: {exc}")
        return
    if kind not in DATED:
        if d0 or d1:
            err(f"{kind} deadline with dates")
        return
    if d1 is None:
        err(f"{kind} deadline without an end date")
        return
    if kind == "date":
        if d0 is not None:
            err("a 'date' deadline has start null")
        return
    if d0 is None or d0 > d1:
        err(f"{kind} deadline start {start} / end {end}")
        return
    months = (d1.year - d0.year) * 12 + d1.month - d0.month + 1
    whole = d0.day == 1 and d1.day == calendar.monthrange(d1.year, d1.month)[1]
    expected = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}.get(kind)
    if not whole or (expected and months != expected):
        err(f"{kind} deadline {start}..{end} is not one whole {kind}")
    if kind == "quarter" and d0.month not in (1, 4, 7, 10):
        err("quarter does not start a quarter")
    if kind == "half_year" and d0.month not in (1, 7):
        err("half_year does not start a half-year")
    if kind == "year" and d0.month != 1:
        err("year does not start in January")


def _cells_from_lines(lines: list[str]) -> list[str]:
    cells, cur = [], []
    for line in lines:
        if line.strip() == "|":
            cells.append(clean(" ".join(cur)))
            cur = []
        else:
            cur.append(line)
    cells.append(clean(" ".join(cur)))
    return cells


def _contains(hay: str, needle: str) -> bool:
    return fold(needle) in fold(hay)


def check_against_source(t: dict, src: Sources, err) -> None:
    fmt, span = t["format"], t["span"]
    snippet = clean(t["task"])
    units_lead, units_part = t["lead"], t["partners"]
    heading_text = " ".join(t["heading"])
    cells: list[str] | None = None  # task, lead, partners, deadline, output when the row is a table row
    text: str  # the text the labels must be found in

    if "lines" in span:
        a, b = span["lines"]
        lines = src.lines(t["source"])
        if not 1 <= a <= b <= len(lines):
            err(f"span lines {a}-{b} outside the file ({len(lines)} lines)")
            return
        seg = lines[a - 1 : b]
        text = clean(" ".join(seg))
        if fmt == "md_table":
            if clean(seg[0]) != t.get("row_no"):
                err(f"line {a} is {clean(seg[0])!r}, not row {t.get('row_no')!r}")
            raw = _cells_from_lines(seg)
            cells = raw[1:] + [""] * (6 - len(raw))
    elif "paragraph" in span:
        paras = src.docx(t["source"]).paragraphs
        text = clean(paras[span["paragraph"]].text)
    elif "p" in span:
        text = src.html(t["source"]).paragraphs[span["p"]]
    elif "table" in span:
        if t["source"].endswith(".docx"):
            row = src.docx(t["source"]).tables[span["table"]].rows[span["row"]]
            raw = [clean(c.text) for c in row.cells]
        elif t["source"].endswith((".html", ".htm")):
            raw = src.html(t["source"]).tables[span["table"]][span["row"]]
        else:
            err(f"a table span in {t['source']}")
            return
        if clean(raw[0]) != t.get("row_no"):
            err(f"table row {span['row']} has STT {raw[0]!r}, not {t.get('row_no')!r}")
        cells = raw[1:]
        text = " | ".join(raw)
    else:
        err(f"span {span}")
        return

    if cells is not None:
        task_cell, lead_cell, part_cell, dl_cell = cells[0], cells[1], cells[2], cells[3]
        out_cell = cells[4] if len(cells) > 4 else ""
        if not task_cell.startswith(snippet):
            err(f"task cell does not start with the snippet: {task_cell[:80]!r}")
        if len(snippet) < 60 and snippet != task_cell:
            err("snippet shorter than 60 characters but not the whole task cell")
        lead_hay, part_hay = lead_cell, part_cell
        if not any(cells[2:]):  # a table with no partner column (TT | Chỉ tiêu | Chủ trì): one cell
            part_hay = lead_cell
        if (t["deadline"] or "") != dl_cell and clean(t["deadline"] or "") != dl_cell:
            err(f"deadline {t['deadline']!r} != cell {dl_cell!r}")
        if (t["output"] or "") != out_cell:
            err(f"output {t['output']!r} != cell {out_cell!r}")
    else:
        if snippet not in text:
            err(f"task snippet not in the span: {snippet[:60]!r}")
        if len(snippet) < 60:
            err("a clause's snippet is shorter than 60 characters")
        lead_hay = part_hay = text + " " + heading_text
        if t["deadline"] is not None and not _contains(text, t["deadline"]):
            err(f"deadline {t['deadline']!r} not in the span")
        if t["output"] is not None and not _contains(text, t["output"]):
            err(f"output {t['output']!r} not in the span")
    for unit in units_lead:
        if not _contains(lead_hay, unit):
            err(f"lead unit {unit!r} not found")
    for unit in units_part:
        if not _contains(part_hay, unit):
            err(f"partner unit {unit!r} not found")


def check_task_fields(t: dict, err) -> None:
    for name, typ in TASK_FIELDS.items():
        if not isinstance(t.get(name), typ):
            err(f"field {name!r} missing or not {typ.__name__}")
    for name, typ in OPTIONAL.items():
        if name in t and not isinstance(t[name], typ):
            err(f"field {name!r} has type {type(t[name]).__name__}")
    for name in ("deadline", "deadline_norm", "output"):
        if name not in t:
            err(f"field {name!r} missing (null when none)")
    unknown = set(t) - set(TASK_FIELDS) - set(OPTIONAL)
    if unknown:
        err(f"unknown fields {sorted(unknown)}")
    if t.get("format") not in FORMATS:
        err(f"format {t.get('format')!r}")
    if t.get("format", "").endswith("_table") and "row_no" not in t:
        err("table task without row_no")
    task = clean(t.get("task", ""))
    if len(task) > 150:
        err(f"task snippet longer than 150 characters ({len(task)})")
    if task != t.get("task"):
        err("task snippet is not normalised (markers or double spaces)")
    for unit in t.get("lead", []) + t.get("partners", []):
        if not isinstance(unit, str) or not unit.strip() or unit != unit.strip():
            err(f"unit {unit!r}")
    if not t.get("lead"):
        err("no lead unit")
    check_norm(t, err)


def _norm_within(norm: dict | None, lo: str, hi: str) -> bool:
    if not norm or norm["kind"] not in DATED:
        return False
    start = norm["start"] or norm["end"]
    return lo <= start and norm["end"] <= hi


def select(rule: dict, gold: list[dict]) -> list[str]:
    """The ids of the gold tasks a question's ``match`` rule selects (documented in DATASETS.md)."""
    out = []
    for t in gold:
        if "doc" in rule:
            docs = rule["doc"] if isinstance(rule["doc"], list) else [rule["doc"]]
            if t["doc"] not in docs:
                continue
        if "unit" in rule:
            role = rule.get("role", "any")
            pool = {"lead": t["lead"], "partner": t["partners"], "any": t["lead"] + t["partners"]}[role]
            names = {u.casefold() for u in rule["unit"]}
            if not any(u.casefold() in names for u in pool):
                continue
        if "deadline_kind" in rule:
            kinds = rule["deadline_kind"]
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if not t["deadline_norm"] or t["deadline_norm"]["kind"] not in kinds:
                continue
        if "deadline_within" in rule and not _norm_within(t["deadline_norm"], *rule["deadline_within"]):
            continue
        if "text" in rule and not any(fold(w) in fold(t["task"]) for w in rule["text"]):
            continue
        out.append(t["id"])
    return out


def check_question(q: dict, gold: dict[str, dict], gold_list: list[dict], err) -> None:
    for name, typ in Q_FIELDS.items():
        if not isinstance(q.get(name), typ):
            err(f"field {name!r} missing or not {typ.__name__}")
    for name, typ in Q_OPTIONAL.items():
        if name in q and not isinstance(q[name], typ):
            err(f"field {name!r} has type {type(q[name]).__name__}")
    unknown = set(q) - set(Q_FIELDS) - set(Q_OPTIONAL)
    if unknown:
        err(f"unknown fields {sorted(unknown)}")
    ids = q.get("tasks", [])
    if not ids:
        err("no task")
    if len(set(ids)) != len(ids):
        err("a task listed twice")
    missing = [i for i in ids if i not in gold]
    if missing:
        err(f"unknown task ids {missing}")
        return
    expect = q.get("expect", {})
    for field, want in expect.items():
        for i in ids:
            t = gold[i]
            if field in ("lead", "partners"):
                have = {u.casefold() for u in t[field]}
                if not all(w.casefold() in have for w in want):
                    err(f"expect {field} {want} but {i} has {t[field]}")
            elif field == "deadline":
                if t["deadline"] != want:
                    err(f"expect deadline {want!r} but {i} has {t['deadline']!r}")
            elif field == "deadline_norm":
                if t["deadline_norm"] != want:
                    err(f"expect deadline_norm {want} but {i} has {t['deadline_norm']}")
            elif field == "deadline_kind":
                if not t["deadline_norm"] or t["deadline_norm"]["kind"] != want:
                    err(f"expect deadline kind {want!r} but {i} has {t['deadline_norm']}")
            elif field == "doc":
                if t["doc"] != want:
                    err(f"expect doc {want!r} but {i} is in {t['doc']!r}")
            else:
                err(f"unknown expect field {field!r}")
    if "match" in q:
        selected = select(q["match"], gold_list)
        if sorted(selected) != sorted(ids):
            extra = sorted(set(selected) - set(ids))
            lost = sorted(set(ids) - set(selected))
            err(
                f"match rule selects {len(selected)} tasks: not listed {extra}, "
                f"listed but not selected {lost}"
            )


# ------------------------------------------------------------------------------------------ main
def load_jsonl(path: Path, errors: list[str]) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            errors.append(f"{path.name}:{n}: {exc}")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--shared",
        type=Path,
        default=ROOT.parent / "shared",
        help="the shared material folder (plans/ inside); skipped when absent",
    )
    ap.add_argument("--gold", type=Path, default=EVAL / "tasks_gold.jsonl")
    ap.add_argument("--questions", type=Path, default=EVAL / "tasks_questions.jsonl")
    ap.add_argument("--scopes", type=Path, default=EVAL / "tasks" / "scopes.json")
    args = ap.parse_args(argv)

    errors: list[str] = []
    shared = args.shared if (args.shared / "plans").is_dir() else None
    src = Sources(shared)
    gold_list = load_jsonl(args.gold, errors)
    questions = load_jsonl(args.questions, errors)
    gold: dict[str, dict] = {}
    skipped = Counter()

    for t in gold_list:
        tid = t.get("id", "?")

        def err(msg: str, tid: str = tid) -> None:
            errors.append(f"{tid}: {msg}")

        if tid in gold:
            err("duplicate id")
        gold[tid] = t
        check_task_fields(t, err)
        if errors and errors[-1].startswith(f"{tid}: field"):
            continue
        if t["source"].startswith("shared:") and shared is None:
            skipped[t["doc"]] += 1
            continue
        path = src.path(t["source"])
        if not path.is_file():
            err(f"source {t['source']} not found")
            continue
        try:
            check_against_source(t, src, err)
        except (IndexError, KeyError) as exc:
            err(f"span {t['span']} not in the source: {exc!r}")

    scopes = json.loads(args.scopes.read_text(encoding="utf-8"))
    per_scope = Counter(t.get("scope") for t in gold_list)
    names = set()
    for s in scopes:
        names.add(s["scope"])
        if per_scope.get(s["scope"], 0) != s["tasks"]:
            errors.append(
                f"scope {s['scope']}: {per_scope.get(s['scope'], 0)} labelled tasks, "
                f"scopes.json says {s['tasks']}"
            )
    for name in per_scope:
        if name is not None and name not in names:
            errors.append(f"scope {name!r} is not in scopes.json")

    qids = set()
    for q in questions:
        qid = q.get("id", "?")
        if qid in qids:
            errors.append(f"{qid}: duplicate id")
        qids.add(qid)
        check_question(q, gold, gold_list, lambda msg, qid=qid: errors.append(f"{qid}: {msg}"))

    def show(title: str, counter: Counter) -> None:
        print(f"{title}: " + ", ".join(f"{k} {v}" for k, v in sorted(counter.items(), key=lambda kv: -kv[1])))

    print(
        f"{len(gold_list)} labelled tasks, {len(questions)} questions, "
        f"{sum(1 for s in scopes if s['tasks'])} complete scopes "
        f"({sum(s['tasks'] for s in scopes)} tasks) + {sum(1 for s in scopes if not s['tasks'])} scopes "
        "with no task"
    )
    show("per format", Counter(t.get("format") for t in gold_list))
    show("per document", Counter(t.get("doc") for t in gold_list))
    show("per deadline kind", Counter((t.get("deadline_norm") or {}).get("kind", "null") for t in gold_list))
    show("per tag", Counter(tag for t in gold_list for tag in t.get("tags", [])))
    show("question tags", Counter(tag for q in questions for tag in q.get("tags", [])))
    if skipped:
        print(f"skipped (no {args.shared}/plans): " + ", ".join(f"{d} {n}" for d, n in skipped.items()))
    if errors:
        print(f"\n{len(errors)} error(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
