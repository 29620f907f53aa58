"""spaCy's entity recognizer at a third of the cost of ``nlp.pipe``, with the same entities.

spaCy's NER is a greedy transition system. A window encoder (hash embeddings, four maxout
layers) turns every token into a vector once; then a loop walks each document token by
token, scores the actions (Begin, In, Last or Unit of a label, or Out) from a small network
over the state (the next token, and the open entity's first and last token if one is open)
and takes the best valid one. Measured on the seeds (5 articles, 4.1k tokens; 0.31 s of NER
in a 0.46 s warm brief; contended 2-core AMD EPYC), three things made it slow, none of them
the model:

- BLIS: the encoder's matrix products went through BLIS, which on this CPU ran 4 to 8 times
  slower than numpy's OpenBLAS on the same shapes (4119x288 by 288x288: 20 ms against 5,
  one thread). `use_numpy_ops` gives the model thinc's ``NumpyOps(use_blis=False)``: the
  encoder took 0.09 s instead of 0.19 s.
- The GIL: spaCy's C loop (``Parser.greedy_parse``) releases the GIL, then takes it back
  inside every validity check (each ``StateC.B()`` that answers -1 asks for it to look for
  an exception): perf put 30 % of the NER's time in take_gil/drop_gil and their mutexes.
- One step per token of the longest document: the loop advances all documents together,
  so the seeds took 1,577 steps of at most 5 states each, and spaCy checks all 74 actions
  of each state one by one (28 ms for the 4,119 state-steps even with the GIL held).

`Decoder` keeps spaCy's encoder and its state-to-hidden layer (``state2vec``, the same C
sums) and does the rest in numpy: the validity rules of spaCy's ``BiluoPushDown`` as array
masks, the output layer as one product, the argmax, the moves. Each document is cut into
runs at sentence ends and line breaks, and all runs step together (about 80 steps of 200
states on the seeds instead of 1,577 of 5). A run that starts where the whole-document
decode has no entity open is in the same state as that decode (the features and the rules
see only the position and the open entity), so a run stops at its end only when no
entity is open there; if one is, it carries on through the next run's tokens and that run's
entities are dropped. The entities are therefore the ones spaCy's loop finds, whatever the
cuts; checked on the seeds, the example, PolNeAR dev (83 articles) and 400 Multi-News val
documents: 11,857 spans, all equal. (numpy and BLIS round the sums differently, which
could in principle move an argmax; none moved.) `Decoder.agrees` checks a probe text
against spaCy's own loop when the model is loaded; the caller uses `nlp.pipe` if it does
not agree, or if the model is not the kind decoded here (greedy, no preset entities).

NER of the seeds, same session: ``nlp.pipe`` 0.31 s; numpy ops 0.23 s; plus the loop in
Python through spaCy's ``transition_states`` 0.12 s; this decoder 0.09 s.

Tried and left: two BLAS threads for the encoder: 0.128 s against 0.143 with the other core
idle, 0.200 against 0.144 with it busy (this machine is shared). glibc's malloc kept from
returning the encoder's arrays to the system (MALLOC_MMAP_THRESHOLD_/TRIM_THRESHOLD_, to
save page faults): 4 ms, not worth a process-wide setting.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

# The probe `Decoder.agrees` runs through both paths: people, places, organisations, dates,
# a line break, and entities near the end of the text.
PROBE = (
    "Mayor Ana Ruiz of Alden said on Tuesday that the Harbor Bridge would close in March.\n\n"
    "The Coastline Transit Authority and Governor Tom Becker met in Sacramento, California "
    "on Jan. 4, 2024. \u201cWe will reopen it,\u201d Becker told the Alden Courier"
)
# Docs are decoded together up to this many tokens (the encoder holds a few arrays of 288
# floats a token: about 25 MB each at this size); a doc's entities do not depend on the
# others in its batch.
MAX_BATCH_TOKENS = 20_000
# Action kinds, in the order of spaCy's BiluoPushDown names ("B-ORG", ..., "U-", "O").
BEGIN, IN, LAST, UNIT, OUT, NEVER = range(6)
_KINDS = {"B": BEGIN, "I": IN, "L": LAST, "U": UNIT}
# Tokens after which a run may end: line breaks and sentence ends (any cut gives the same
# entities; these are where an entity is rarely open, so little work is thrown away).
_RUN_ENDS = frozenset({".", "?", "!", "\u201d", '"'})


def use_numpy_ops(component: Any) -> None:
    """Have every layer of `component`'s model multiply with numpy instead of BLIS."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for node in component.model.walk():
        node.ops = ops


class Decoder:
    """Sets ``doc.ents`` on fresh docs (tokenized only) as spaCy's entity recognizer
    `component` would."""

    def __init__(self, component: Any, ends_run: Callable[[str], bool] | None = None) -> None:
        """`ends_run`: whether a run may end after a token of this text (tests cut
        everywhere to show that the cuts do not change the entities)."""
        import numpy as np

        model = component.model
        if component.cfg.get("beam_width", 1) != 1 or not model.attrs.get("has_upper"):
            raise ValueError("only the greedy NER with an output layer is decoded here")
        if model.attrs.get("unseen_classes"):
            raise ValueError("classes left untrained score by batch in spaCy: not decoded here")
        if model.get_ref("lower").get_dim("nF") != 3:
            raise ValueError("features other than spaCy NER's three")
        moves = component.moves
        kinds, labels = [], []
        for i in range(moves.n_moves):
            name = moves.get_class_name(i)
            head, _, label = name.partition("-")
            kind = OUT if name == "O" else _KINDS.get(head, NEVER) if label else NEVER
            kinds.append(kind)
            labels.append(label)
        self.component = component
        self._ends_run = ends_run or _ends_run
        self._np = np
        self._kind = np.array(kinds)
        self._labels = labels
        names = sorted(set(labels) - {""})
        self._label = np.array([names.index(x) if x else -1 for x in labels])
        self._names = names
        upper = model.get_ref("upper")
        self._weights_t = np.ascontiguousarray(upper.get_param("W").T)
        self._bias = upper.get_param("b")

    def __call__(self, docs: Sequence[Any]) -> None:
        if any(len(doc) and doc.has_annotation("ENT_IOB") for doc in docs):
            raise ValueError("docs with entities already set are not decoded here")
        batch: list[Any] = []
        tokens = 0
        for doc in docs:
            if batch and tokens + len(doc) > MAX_BATCH_TOKENS:
                self._decode_batch(batch)
                batch, tokens = [], 0
            batch.append(doc)
            tokens += len(doc)
        if batch:
            self._decode_batch(batch)

    def _decode_batch(self, docs: list[Any]) -> None:
        np = self._np
        found: list[list[Any]] = [[] for _ in docs]
        if any(len(doc) for doc in docs):
            step = self.component.model.predict(docs)
            try:
                spans = self._decode(step, docs)
            finally:
                step.clear_memory()
            offsets = np.cumsum([0] + [len(doc) for doc in docs])
            which = np.searchsorted(offsets, spans[:, 0], side="right") - 1
            from spacy.tokens import Span

            for d, (start, end, label) in zip(which.tolist(), spans.tolist(), strict=True):
                base = int(offsets[d])
                found[d].append(Span(docs[d], start - base, end - base, self._names[label]))
        for doc, ents in zip(docs, found, strict=True):
            doc.set_ents(ents, default="outside")

    def _decode(self, step: Any, docs: list[Any]) -> Any:
        """(start, end, label index) of every entity, in token offsets into the docs laid end
        to end (as the encoder saw them)."""
        np = self._np
        arrays = [doc.to_array(["ORTH", "IS_SPACE", "SENT_START"]) for doc in docs if len(doc)]
        table = np.concatenate(arrays)  # uint64: ORTH is a 64-bit hash
        sizes = np.array([len(doc) for doc in docs if len(doc)])
        doc_end = np.repeat(np.cumsum(sizes), sizes)  # each token's document's end
        count = len(table)
        space = table[:, 1] != 0
        # Begin and In need the next token not to start a sentence (spaCy's rule; the
        # tokenizer marks none, but docs that come with sentence starts keep the rule).
        blocked = np.zeros(count, dtype=bool)
        blocked[:-1] = table[1:, 2] == 1
        blocked &= np.arange(count) + 1 < doc_end
        # Runs: cut after line breaks and sentence ends, never at a document's end.
        strings = docs[0].vocab.strings
        orth = table[:, 0]
        ends = [o for o in set(orth.tolist()) if self._ends_run(strings[o])]
        cut = np.isin(orth, np.array(ends, dtype=np.uint64))
        cut[doc_end - 1] = True
        stop = np.flatnonzero(cut) + 1  # one past each run's last token
        start = np.concatenate(([0], stop[:-1]))
        runs = len(start)
        end = doc_end[start]
        following = np.arange(1, runs + 1)
        following[stop == end] = -1  # a document's last run has none after it
        pos = start.copy()
        ent_start = np.full(runs, -1)
        ent_label = np.full(runs, -1)
        alive = np.ones(runs, dtype=bool)
        kind_of, label_of = self._kind, self._label
        begin_cols = np.flatnonzero(kind_of == BEGIN)
        in_cols = np.flatnonzero(kind_of == IN)
        last_cols = np.flatnonzero(kind_of == LAST)
        unit_cols = np.flatnonzero(kind_of == UNIT)
        out_cols = np.flatnonzero(kind_of == OUT)
        record: list[Any] = []
        active = np.arange(runs)
        ids = np.empty((runs, 3), dtype=np.int32)
        while active.size:
            p, open_start = pos[active], ent_start[active]
            is_open = open_start >= 0
            n = len(active)
            ids[:n, 0] = p
            ids[:n, 1] = open_start
            ids[:n, 2] = np.where(is_open, p - 1, -1)
            hidden = step.state2vec.predict(ids[:n])
            scores = hidden @ self._weights_t
            scores += self._bias
            # spaCy's validity rules (ner.pyx) for docs without preset entities.
            two_left = end[active] - p >= 2
            same = label_of[None, :] == ent_label[active][:, None]
            valid = np.zeros(scores.shape, dtype=bool)
            closed = ~is_open
            valid[:, begin_cols] = (closed & two_left & ~space[p] & ~blocked[p])[:, None]
            valid[:, in_cols] = (is_open & two_left & ~blocked[p])[:, None] & same[:, in_cols]
            valid[:, last_cols] = is_open[:, None] & same[:, last_cols]
            valid[:, unit_cols] = (closed & ~space[p])[:, None]
            valid[:, out_cols] = closed[:, None]
            scores[~valid] = -np.inf
            best = scores.argmax(axis=1)  # the first of equal scores, as spaCy
            kind, label = kind_of[best], label_of[best]
            opens = kind == BEGIN
            ent_start[active[opens]] = p[opens]
            ent_label[active[opens]] = label[opens]
            closes = kind == LAST
            units = kind == UNIT
            record.append(
                np.stack(
                    (
                        active[closes | units],
                        np.where(closes, open_start, p)[closes | units],
                        (p + 1)[closes | units],
                        label[closes | units],
                    ),
                    axis=1,
                )
            )
            ent_start[active[closes]] = -1
            ent_label[active[closes]] = -1
            pos[active] += 1
            done = pos[active] == stop[active]
            # Later runs first, so that a run taking over one that took over its own next
            # in this same step takes the whole stretch.
            for r in reversed(active[done & (ent_start[active] >= 0)].tolist()):
                # An entity open across the cut: this run goes on through the next run's
                # tokens, whose own decoding started from the wrong state.
                nxt = following[r]
                alive[nxt] = False
                stop[r], following[r] = stop[nxt], following[nxt]
            active = active[(pos[active] < stop[active]) & alive[active]]
        spans = np.concatenate(record) if record else np.empty((0, 4), dtype=np.int64)
        spans = spans[alive[spans[:, 0]]][:, 1:]
        return spans[np.argsort(spans[:, 0], kind="stable")]

    def agrees(self, nlp: Any, text: str = PROBE) -> bool:
        """Whether this decoder finds the entities spaCy's own loop finds in `text`."""
        ours = nlp.make_doc(text)
        self([ours])
        theirs = self.component(nlp.make_doc(text))
        return bool(_ents(ours) == _ents(theirs)) and len(ours.ents) > 0


def _ends_run(token: str) -> bool:
    return token in _RUN_ENDS or (token.isspace() and "\n" in token)


def _ents(doc: Any) -> list[tuple[int, int, str]]:
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]
