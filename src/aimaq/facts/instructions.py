"""Instructions: who tasks whom with what, by when.

``тапсырамын`` / ``қабылдасын`` always task someone; ``тапсырды`` / ``тапсырылды``
do when a verbal noun comes before (``жеделдетуді тапсырды``, not ``кілтін
тапсырды``); ``тиіс`` / ``қажет`` / ``керек`` do only when a body is named as the
subject (``Үкімет ... қарастыруға тиіс``), since they are also plain modals.
The issuer is the speaker of the quotation (``– деді Мемлекет басшысы``) or the
official named before the verb.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from aimaq.facts import lexicon, names
from aimaq.facts.lexicon import Hit
from aimaq.facts.figures import TASK_OBJECT, deadline_end, period_of
from aimaq.facts.segments import Segment
from aimaq.records import Fact, Mention

_VERBAL_NOUN = re.compile(rf"{lexicon.alt('verbal_noun_endings')}$")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_NOT_ACTION = " ,;:-–—\n\t«»\""  # around a task's words



def issuer_of(seg: Segment, mentions: list[Mention], lower: str, text: str, before: int) -> str | None:
    """The one who speaks or acts in ``seg``: the quotation's speaker, else an official named before ``before``."""
    if seg.quoted and seg.speaker_start >= 0:
        who = _who(mentions, lower, seg.speaker_start, seg.speaker_start + 80, seg.speaker)
        if who:
            return who
    who = _who(mentions, lower, seg.start, before, seg.entities)
    if who:
        return who
    if seg.speaker_start >= 0:
        return _who(mentions, lower, seg.speaker_start, seg.speaker_start + 80, seg.speaker)
    return None


def speaker_ahead(seg: Segment, mentions: list[Mention], lower: str) -> str | None:
    """The speaker named after a quotation that goes on past this sentence (``... тапсырамын. ...», – деді Президент``)."""
    if seg.next_speaker < 0:
        return None
    return _who(mentions, lower, seg.next_speaker, seg.next_speaker + 80, seg.next_speaker_entities)


def _who(mentions, lower, a, b, idx) -> str | None:
    """A position's role, else a role word in the nominative, else a person's name, found in ``[a, b)``."""
    person = None
    for i in idx:
        m = mentions[i]
        if a <= m.start < b and not _DATIVE.search(m.text.lower()):  # ``әкімдерге`` is tasked, not tasking
            if m.type == "position" and (m.value.get("role") or m.value.get("name")):
                return m.value.get("role") or m.value.get("name")
            if m.type == "person" and person is None:
                person = m.value.get("name") or m.text
    return _role_word(lower, a, b) or person


def _role_word(lower: str, a: int, b: int) -> str | None:
    window = lower[a:b]
    end = window.find(".")
    window = window if end < 0 else window[:end]
    words = _WORD.findall(window)
    for k, w in enumerate(words):
        role = lexicon.roles().get(w) or lexicon.roles().get(" ".join(words[k:k + 2]))
        if role:
            return role
    return None


_HANDED_IN = re.compile(lexicon.alt("handed_in_objects"))  # ``тестілеуді тапсырды``: sat an exam
_DATIVE = re.compile(rf"{lexicon.alt('dative_endings')}$")
_PREDICATE_END = re.compile(rf"\s*(?:[.,;:!?»\"\-]|$|{lexicon.alt('clause_end_words')})")  # ``тиіс`` ends the clause
_FIRST_PERSON = re.compile(rf"{lexicon.alt('first_person_endings')}$")
_CONVERB = re.compile(rf"{lexicon.alt('converb_final')}$")
_IMPERATIVE = re.compile(rf"(?<![^\W\d_])([^\W\d_]{{3,}}{lexicon.alt('imperative_third_endings')})(?=\s*(?:[.!?»\"]|$))")
_NOMINATIVE_BODY = re.compile(lexicon.alt("nominative_bodies"))
_PRONOUN = lexicon.WordStart(rf"{lexicon.alt('third_person_pronoun')}(?![^\W\d_])")


_IMPERATIVE_ENDINGS = lexicon.items("imperative_third_endings")


def imperative(lower: str) -> bool:
    """A third-person imperative somewhere in ``lower`` (the assembler's gate asks before reading)."""
    return lexicon.holds(lower, _IMPERATIVE_ENDINGS, 0, len(lower)) and _IMPERATIVE.search(lower) is not None


def build(seg: Segment, mentions: list[Mention], lower: str, text: str, region: str | None,
          state: dict | None = None) -> Sequence[Fact]:
    """Instruction facts of ``seg`` (none: the shared empty tuple); ``state`` carries the last issuer, for
    ``Сондай-ақ ол ... тапсырды``."""
    tasking = False  # a tasking verb or a modal
    for h in seg.verbs:
        if h.cls == "instr" or h.cls == "modal":
            tasking = True
            break
    if not tasking and not seg.institutions:
        return ()  # nothing tasks anyone here (an imperative needs a body)
    state = {} if state is None else state
    facts = []
    last_end = seg.start
    taken = []
    for h in seg.verbs:
        if h.cls == "instr":
            taken.append((h.start, h.end))
    # ``Министрлігі ... қолдау көрсетсін.``: any third-person imperative, when a body is its subject
    # (none without a body; the regex only where an ending is, since it is entered at every word)
    imperatives = [Hit(m.start(1), m.end(1), "instr", "imperative") for m in _IMPERATIVE.finditer(lower, seg.start, seg.end)
                   if not any(a <= m.start(1) < b for a, b in taken)] \
        if seg.institutions and lexicon.holds(lower, _IMPERATIVE_ENDINGS, seg.start, seg.end) else []
    if not imperatives and not tasking:
        return facts  # nothing tasks anyone here
    for h in sorted([*seg.verbs, *imperatives], key=lambda x: x.start) if imperatives else seg.verbs:
        ok = False
        if h.cls == "instr" and h.label == "strong":
            ok = True
        elif h.cls == "instr" and h.label == "imperative":
            ok = any(_nominative(lower, x) for x in seg.institutions if last_end <= x.start < h.start)
        elif h.cls == "instr":
            words = _WORD.findall(lower[max(seg.start, h.start - 60):h.start])
            while len(words) > 1 and _CONVERB.search(words[-1]):
                words.pop()  # ``шешуді қадап тапсырды``: an adverbial converb between the task and the verb
            if len(words) > 1 and not _VERBAL_NOUN.search(words[-1]) and TASK_OBJECT.search(words[-2]):
                words.pop()  # ``аяқтауды қатаң тапсырды``: an adverb between the task and the verb
            ok = bool(words) and bool(_VERBAL_NOUN.search(words[-1])) and not _HANDED_IN.match(words[-1])
        elif h.cls == "modal" and h.label == "must" and lower.startswith("тиіс", h.start) \
                and _PREDICATE_END.match(lower, h.end):
            subj = [x for x in seg.institutions if last_end <= x.start < h.start]
            ok = any(_nominative(lower, x) for x in subj)
        if not ok:
            continue
        named = [i for i in seg.entities if last_end <= mentions[i].start < h.start
                 and mentions[i].type in ("position", "person", "organization") and _DATIVE.search(mentions[i].text.lower())]
        view = _View(text, lower, mentions)
        # a body by its full name: an organization named around it (``Энергетика министрлігі``), else the plain nouns
        # before its head word (``Ауыл шаруашылығы басқармасына``)
        addressees = []
        for x in seg.institutions:
            if not (last_end <= x.start < h.start) or any(mentions[i].start <= x.start < mentions[i].end for i in named):
                continue  # (named in full below)
            org = next((mentions[i] for i in seg.entities if mentions[i].type == "organization"
                        and mentions[i].start <= x.start < mentions[i].end), None)
            body = org.text if org is not None else \
                text[names.body_start(view, seg, x.start, last_end):_word_end(lower, x.end - 1)]
            if body not in addressees:
                addressees.append(body)
        addressees += [mentions[i].text for i in named if mentions[i].text not in addressees]
        # the ends of the bodies tasked, in the dative (``Үкіметке``, ``басқармаларына``)
        told_bodies = [x.end for x in seg.institutions if last_end <= x.start and x.end <= h.start
                       and _DATIVE.search(lower[x.start:_word_end(lower, x.end - 1)])]
        deadline, di = period_of(mentions, seg, h.start, deadline=True, lower=lower)
        if deadline is None:
            # ``Үкіметке ... 2026 жылы ... ашуды тапсырды``: a date inside the task (after an addressee) is its deadline
            told = [mentions[i].end for i in named] + told_bodies
            if told:
                when, wi = period_of(mentions, seg, h.start, lower=lower)
                if wi is not None and min(told) <= mentions[wi].start < h.start:
                    deadline, di = when, wi
        mids = [i for i in seg.entities if last_end <= mentions[i].start < h.end]
        if di is not None:
            mids.append(di)
        # the task follows the deadline and the addressees (``аудан әкімдеріне ... дейін ... аяқтауды тапсырды``)
        # (a deadline with its postposition: ``2026 жылға қарай``)
        # (any body before the task: ``Энергетика министрлігі ... аяқтауы тиіс`` is its subject)
        body_cut = max([mentions[i].end for i in named if last_end <= mentions[i].end <= h.start] + told_bodies
                       + [_word_end(lower, x.end - 1) for x in seg.institutions if last_end <= x.start and x.end <= h.start
                          and _nominative(lower, x)]
                       + [last_end])
        cut, inside = body_cut, None  # ``inside``: a deadline between the body and the task's last words
        for d in seg.dates:
            if last_end <= mentions[d].end <= h.start:
                end = deadline_end(mentions[d], lower)
                if end is not None and end > cut:
                    cut, inside = end, (mentions[d].start if mentions[d].start > body_cut else None)
        words = list(_WORD.finditer(text, cut, h.start))
        action = None
        before_words = list(_WORD.finditer(text, body_cut, inside)) \
            if inside is not None and len(words) < 2 and body_cut > last_end else []
        if before_words:
            # ``аудан әкімдеріне ... дайындықты қазан айына дейін аяқтауды``: the task is read around its deadline
            before = text[before_words[max(0, len(before_words) - 5)].start():inside].strip(_NOT_ACTION)
            action = f"{before} {text[cut:h.start].strip(_NOT_ACTION)}".strip() or None
            words = []
        if words:  # (from the cut when the task is short: a figure opening it stays, ``5000000000 долларға``)
            a = words[-6].start() if len(words) > 6 else cut
            for i in seg.places:  # a place is not cut off its head (``Атырау қаласының жаңа су құбырын``)
                m = mentions[i]
                if cut <= m.start < a and (a < m.end or not text[m.end:a].strip()):
                    a = m.start
            action = text[a:h.start].strip(_NOT_ACTION) or None
        elif action is None:
            words = list(_WORD.finditer(text, last_end, h.start))
            action = text[words[max(0, len(words) - 6)].start():h.start].strip() if words else None
        ev_start = last_end
        while ev_start < h.start and not text[ev_start].isalnum() and text[ev_start] not in "«\"":
            ev_start += 1
        issuer = issuer_of(seg, mentions, lower, text, h.start)
        if issuer is None and h.label == "strong" and _FIRST_PERSON.search(lower, h.start, h.end):
            issuer = speaker_ahead(seg, mentions, lower) or state.get("issuer")
        if issuer is None and _PRONOUN.search(lower, seg.start, h.start):
            issuer = state.get("issuer")
        if issuer is not None:
            state["issuer"] = issuer
        facts.append(Fact("instruction", (ev_start, h.end), region, None, sorted(mids),
                          {"issuer": issuer, "addressees": addressees,
                           "action": action or None, "deadline": deadline}))
        last_end = h.end
    return facts


class _View:
    """The text, its lower-cased copy and the mentions, as ``facts.names`` reads them."""

    __slots__ = ("text", "lower", "mentions")

    def __init__(self, text: str, lower: str, mentions: list[Mention]):
        self.text, self.lower, self.mentions = text, lower, mentions


def _word_end(lower: str, pos: int) -> int:
    m = _WORD.match(lower, pos)
    return m.end() if m else pos


def _nominative(lower: str, hit) -> bool:
    """The body is the subject: the bare word (``Үкімет``), a plural, or a genitive-less form ending a name."""
    word = lower[hit.start:_word_end(lower, hit.start)]
    return bool(_NOMINATIVE_BODY.fullmatch(word))
