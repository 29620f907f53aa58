"""Summary lines a reader can read alone: the standalone count, the word budget and ROUGE.

The count is `storyfold.brief.summary.standalone.stands_alone` (lines that open on a pronoun
or a connective outside a quotation, or whose attribution is a bare he/she/they; a bracket
after the pronoun resolves it). For each input it prints lines, lines that fail, their
share, summaries over the word budget (by `word_count` and by whitespace tokens), and for
Multi-News clusters ROUGE-1/2/Lsum of the same summaries.

    # the brief's own summary (storyfold.brief, with quotes and dates for the brackets)
    .venv/bin/python benchmarks/summary_standalone.py examples/harbor-bridge ../shared/seeds
    .venv/bin/python benchmarks/summary_standalone.py --multinews VAL.jsonl.gz --limit 300
    # the evaluation's path (select.summarize, cut to the budget), as ROUGE sees it
    .venv/bin/python benchmarks/summary_standalone.py --multinews TRAIN.jsonl.gz --skip 21000 \
        --limit 500 --path eval [--set NAME=VALUE]
    --show N lists up to N failing lines.
"""

from __future__ import annotations

import argparse
import ast
import gzip
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from storyfold.text import word_count

WORDS = 230


@dataclass
class Tally:
    lines: int = 0
    failing: int = 0
    summaries: int = 0
    over_words: int = 0
    over_tokens: int = 0
    rouge: list[tuple[float, float, float]] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)

    def add(self, lines: list[str], words: int, show: int) -> None:
        from storyfold.brief.summary.standalone import standalone_problems

        self.summaries += 1
        self.lines += len(lines)
        for line in lines:
            problems = standalone_problems(line)
            if problems:
                self.failing += 1
                if len(self.examples) < show:
                    self.examples.append(f"{'; '.join(problems)}: {line}")
        text = " ".join(lines)
        self.over_words += word_count(text) > words
        self.over_tokens += len(text.split()) > words


def brief_lines(articles: object, words: int) -> list[str]:
    import storyfold
    from storyfold.config import Settings

    result = storyfold.brief(articles, Settings(words=words))  # type: ignore[arg-type]
    return [line.text for line in result.summary]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("inputs", nargs="*", help="story folders or files, one story each")
    parser.add_argument("--multinews", type=Path)
    parser.add_argument("--skip", type=int, default=0)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--words", type=int, default=WORDS)
    parser.add_argument("--path", choices=("brief", "eval"), default="brief")
    parser.add_argument("--set", action="append", default=[], help="select.NAME=VALUE")
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()

    from storyfold.brief.summary import select

    for assignment in args.set:
        name, _, value = assignment.partition("=")
        setattr(select, name, ast.literal_eval(value))

    import storyfold
    from storyfold.config import Settings
    from storyfold.eval.multinews import prepare_articles
    from storyfold.eval.rouge import Rouge, reference_lines, truncate

    print(f"{'input':<28} {'lines':>6} {'fail':>5} {'share':>7} {'over':>5} {'R1':>6} {'R2':>6}")
    for path in args.inputs:
        tally = Tally()
        tally.add(brief_lines(storyfold.load_articles([path]), args.words), args.words, args.show)
        _row(Path(path).name, tally)
    if args.multinews is None:
        return
    rouge = Rouge()
    tally = Tally()
    started = time.perf_counter()
    with gzip.open(args.multinews, "rt", encoding="utf-8") as fh:
        for number, raw in enumerate(fh, start=1):
            if number <= args.skip:
                continue
            if number > args.skip + args.limit:
                break
            row = json.loads(raw)
            articles = prepare_articles(row["documents"])
            if not articles:
                continue
            if args.path == "brief":
                lines = brief_lines(articles, args.words)
            else:
                lines = select.summarize(articles, Settings(words=args.words))
            tally.add(lines, args.words, args.show)
            scores = rouge.score(reference_lines(row["summary"]), truncate(lines, args.words))
            tally.rouge.append((scores.rouge1, scores.rouge2, scores.rougeLsum))
    _row(f"{args.multinews.name} {args.skip + 1}-{args.skip + args.limit}", tally)
    print(f"({args.path} path, {time.perf_counter() - started:.0f} s)")
    for example in tally.examples:
        print("  " + example)


def _row(name: str, tally: Tally) -> None:
    share = 100 * tally.failing / max(tally.lines, 1)
    over = f"{tally.over_words}/{tally.over_tokens}"
    rouge = ""
    if tally.rouge:
        n = len(tally.rouge)
        r1, r2 = (sum(r[k] for r in tally.rouge) / n for k in (0, 1))
        rouge = f" {r1:>6.2f} {r2:>6.2f}"
    print(f"{name:<28} {tally.lines:>6} {tally.failing:>5} {share:>6.1f}% {over:>5}{rouge}")
    for example in tally.examples if not tally.rouge else ():
        print("  " + example)


if __name__ == "__main__":
    main()
