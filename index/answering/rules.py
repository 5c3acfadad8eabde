"""Every threshold of the answer engine, with the measurement that chose it.

Calibrated on our benchmark (``eval/questions.jsonl``) and the genre benchmark over the shared plans
(``eval/plans_questions.jsonl``); see README "Evaluation" for the figures.
"""

from __future__ import annotations

# Ranking.
INTENT_BONUS = 0.25  # share of the top fused score added to passages under a section the question names
# (plans benchmark engine R@5: 0.898 with 0.25 against 0.880 with 0.5)
CANDIDATE_FACTOR = 3  # hits examined for an answer: CANDIDATE_FACTOR × the quotes asked for ...
MIN_EXAMINED = 3  # ... and at least this many quotes' worth

# Several documents: a question that names none and whose best passages in two documents score within
# CLARIFY_RATIO of each other (or that says nothing beyond the section it asks for) is asked back,
# with at most CLARIFY_MAX documents to choose from (measured on eval/multi_questions.jsonl).
CLARIFY_RATIO = 0.9
GENERIC_DOCUMENT_SHARE = 0.5  # a word used by this share of the documents tells none of them apart
CLARIFY_MAX = 10
# Below this many loaded documents, which words most of them use says little (four long codes share
# nearly every word): ambiguity is judged by the scores alone (measured on ALQAC 2022).
CLARIFY_MIN_DOCUMENTS = 8
LIST_MAX = 10  # documents listed for "kế hoạch nào …"
SECTION_QUOTES = 8  # items of a whole section quoted at once (the rest: "more")
OUTLINE_DOCUMENTS = 2  # documents whose sections are listed when the one named lacks the answer

# Abstention: a passage answers when it holds COVERAGE_MIN of the question's IDF-weighted content
# terms (FAVOURED_COVERAGE_MIN when it is under the section asked for, or cites the number asked
# about) and its embedding is at least DENSE_FLOOR close to the question's. Chosen by a grid over
# ours + plans (coverage 0.25–0.5, cosine floor 0.78–0.82); a dense-only rule was dropped: e5 cosines of
# unrelated questions reach 0.88–0.93 here.
COVERAGE_MIN = 0.4
FAVOURED_COVERAGE_MIN = 0.1
DENSE_FLOOR = 0.80
IDF_FLOOR = 0.1  # the least weight a content term has in coverage (rank-bm25 IDFs can be ~0 or negative)
SECONDARY_SHARE = 0.6  # further quotes cover at least this share of what the best one covers

# Highlight: the sentence sharing most content words with the question, slightly preferring short ones.
HIGHLIGHT_LENGTH_PENALTY = 0.02  # per word: score = shared words / (1 + penalty × words)

# Tasks: a who/when question describes a task when it shares this share of its content words with the
# task's text and headings, this much more than with the next task (measured on eval/tasks_questions).
TASK_COVERAGE_MIN = 0.5
TASK_MARGIN = 0.15
TASK_WORDS = 2  # content words beyond units and cues that make a question describe one task
TASK_UNIT_SHARE = 0.5  # a unit the question names weighs half its content words in finding the task
TASKS_TIED = 3  # tasks shown when several describe the question about equally
TASKS_SHOWN = 10  # tasks listed at once (the rest: "more")

MAX_QUESTION_CHARS = 500  # default; front ends pass their own limit (the bot's max_question_chars)

CONTEXT_TTL_S = 30 * 60  # a conversation's context expires after 30 minutes without a turn (issue 11)
