"""The one object a lesson notebook uses.

A lesson notebook imports one thing and talks to one object::

    from breast_cancer_course import lesson

    les = lesson.start("03")      # header: objectives, minutes, the not-advice line
    les.fact("nst_share")         # a fact in words, with a numbered source note
    les.quiz("how-cells-travel")  # one of this lesson's questions, as a widget
    les.figure("stages")          # a figure with its alt text and caption
    les.table("summary-grade")    # a table in words (lesson 09)
    les.explore("stages")         # an interactive figure
    les.review()                  # a review lesson's questions and score
    les.course_map()              # every lesson with its minutes and the learner's progress
    les.content_note("survival", "Care alongside treatment")  # a note before a hard part, and a link past it
    les.terms()                   # the glossary terms this lesson teaches
    les.glossary()                # the look-up box
    les.footer()                  # key points, numbered sources, the next lesson
    les.class_sharing()           # lesson 00: the "share my answers" box, when class mode is set up

The glossary notebook, which is not a lesson, shows the look-up box with ``lesson.lookup()``.

:data:`CALLS` is the one table of what a notebook's code cell may hold. The handout builder
(``handout.py``), ``validate`` (:func:`notebook_problems`) and the tests all read it, through
:func:`parse_cell`; nothing else parses notebook code.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from . import content as _content
from . import notebook as _notebook
from .notebook import cell_sources
from .text import NOT_ADVICE, Text, page_link

__all__ = [
    "CALLS",
    "Call",
    "Lesson",
    "NOT_ADVICE",
    "Statement",
    "start",
    "lookup",
    "parse_cell",
    "notebook_problems",
    "course_map_text",
    "CellError",
]


@dataclass(frozen=True)
class Call:
    """One thing a lesson notebook may ask its lesson object for."""

    name: str
    params: tuple[str, ...]
    what: str


CALLS: dict[str, Call] = {
    c.name: c
    for c in (
        Call("fact", ("fact_id",), "a fact from data/facts.yaml in words, with a numbered source note"),
        Call("quiz", ("question_id",), "one question of this lesson, as a widget that answers in words"),
        Call("figure", ("name",), "a figure with its alt text and caption"),
        Call("table", ("name",), "a table in words"),
        Call("explore", ("name",), "an interactive figure"),
        Call("review", (), "a review lesson's questions, with a score and the lessons to revisit"),
        Call("course_map", (), "every lesson with its minutes and the learner's progress"),
        Call("route", (), "a two-hour route through the course for a learner on their own"),
        Call("content_note", ("topic", "skip_to"), "a short note before a hard part, with a link past it"),
        Call("terms", (), "the glossary words this lesson teaches"),
        Call("glossary", (), "the look-up box"),
        Call("footer", (), "key points, numbered sources and the next lesson"),
        Call("class_sharing", (), "the box to share answers with the instructor (only when class mode is set up)"),
    )
}

# What the first code cell of a lesson holds, and the glossary notebook's one cell.
IMPORT = "from breast_cancer_course import lesson"
START = 'les = lesson.start("{id}")'
LOOKUP = "lesson.lookup()"


def _display(obj) -> None:
    from IPython.display import display

    display(obj)


FACT_LABEL = "Key fact"
# The lesson that shows the card "When to get help" (safety.py) under this heading; every footer links to it.
CARD_LESSON = "07"
CARD_ANCHOR = "When-to-get-help"


def heading_anchor(heading: str) -> str:
    """The fragment JupyterLab and Voila give a heading: its words with spaces as hyphens."""
    return heading.strip().replace(" ", "-")


def _day(day) -> str:
    """A date as people write it: 8 December 2026."""
    return f"{day.day} {day:%B %Y}"


NOT_SHARING = Text(
    "*Sharing with an instructor is not set up here, so your answers are not sent to anyone.*",
    "Sharing with an instructor is not set up here, so your answers are not sent to anyone.",
)


class Lesson:
    """One lesson: its data, the calls its notebook makes, and the numbered list of sources its facts cite."""

    def __init__(self, lesson_id: str, content: _content.Content | None = None):
        self.content = content or _content.load()
        lesson_id = str(lesson_id).zfill(2)
        if lesson_id not in self.content.lessons:
            known = ", ".join(self.content.lessons)
            raise KeyError(f"No lesson '{lesson_id}' in data/course.yaml (known: {known}).")
        self.meta = self.content.lessons[lesson_id]
        self._sources: list[tuple[str, str]] = []  # (source, url) in first-cited order

    def __repr__(self) -> str:
        return f"<Lesson {self.id}: {self.meta.title}>"

    @property
    def id(self) -> str:
        return self.meta.id

    # -- header --------------------------------------------------------------------

    def header_text(self) -> Text:
        m = self.meta
        minutes = (
            f"About {m.minutes.total} minutes: {m.minutes.teaching} reading and "
            f"{m.minutes.exercises} on questions and diagrams."
        )
        md = ["**In this lesson you will:**", ""]
        md += [f"- {o}" for o in m.objectives]
        md += ["", f"**Time:** {minutes}", "", f"> **Please note:** {NOT_ADVICE}"]
        plain = ["In this lesson you will:", *[f"- {o}" for o in m.objectives], minutes, NOT_ADVICE]
        return Text("\n".join(md), "\n".join(plain))

    # -- facts -----------------------------------------------------------------------

    def cite(self, fact) -> int:
        """The source note number for a fact (the same source always gets the same number)."""
        key = (fact.source, fact.url)
        if key not in self._sources:
            self._sources.append(key)
        return self._sources.index(key) + 1

    def fact_text(self, fact_id: str) -> Text:
        if fact_id not in self.content.facts:
            raise KeyError(f"No fact '{fact_id}' in data/facts.yaml.")
        fact = self.content.facts[fact_id]
        n = self.cite(fact)
        sentence = fact.sentence()
        numeric = fact.value is not None or fact.values is not None
        who = f" *Who this describes:* {fact.population}." if numeric and fact.population else ""
        # One style for every fact: a quoted box headed "Key fact", so it stands apart from the prose
        # around it (which leads up to it rather than saying it again).
        md = f"> **{FACT_LABEL}:** {sentence}{who} [{n}]"
        return Text(md, f"{FACT_LABEL}: {sentence}{who.replace('*', '')} [{n}]")

    def fact(self, fact_id: str) -> None:
        """Show one fact in words with its numbered source note."""
        _display(self.fact_text(fact_id))

    # -- questions -------------------------------------------------------------------

    def question(self, question_id: str):
        """One of this lesson's questions (pure Python: check answers with ``.check``)."""
        from . import quiz

        return quiz.get(self.id, question_id)

    def quiz(self, question_id: str) -> None:
        """Show one of this lesson's questions as a widget."""
        from . import quiz_view

        quiz_view.show(self.question(question_id))

    def review(self) -> None:
        """Show a review lesson's questions with a score button at the end."""
        from . import quiz_view

        if not self.meta.review:
            raise KeyError(f"Lesson {self.id} is not a review lesson (its data file lists no review questions).")
        quiz_view.show_review(self.id)

    # -- figures, tables, explorers ------------------------------------------------------

    def figure(self, name: str) -> None:
        """Show a figure with its alt text and caption."""
        from . import registry

        _display(registry.figure_display(name))

    def table(self, name: str) -> None:
        """Show a table in words."""
        from . import registry

        _display(registry.shown_table(name))

    def explore(self, name: str) -> None:
        """Show an interactive figure."""
        from . import registry

        _display(registry.explorer_widget(name))

    # -- the course map ----------------------------------------------------------------

    def course_map(self) -> None:
        """Show every lesson with its minutes and the learner's progress, as saved when the page is shown.

        The table sits in an output widget and is made again each time the page draws it (see
        ``frontend.OnShow``): the reader may have prepared the page before the learner came back from other
        lessons. An output widget keeps JupyterLab's own handling of the links in it.
        """
        import ipywidgets as widgets

        from .frontend import OnShow

        table = widgets.Output()

        def fill() -> None:
            text = course_map_text(self.content)
            data = {"text/markdown": text.markdown, "text/plain": text.plain}
            table.outputs = ({"output_type": "display_data", "data": data, "metadata": {}},)

        fill()
        _display(table)
        _display(OnShow(fill))

    def route(self) -> None:
        """Show which lessons to take in two hours, and which to leave for later."""
        _display(route_text(content=self.content))

    # -- content notes ------------------------------------------------------------

    def content_note_text(self, topic: str, skip_to: str) -> Text:
        notes = self.content.help.content_notes if self.content.help else {}
        if topic not in notes:
            raise KeyError(f"No content note '{topic}' in data/help.yaml (known: {', '.join(notes) or 'none'}).")
        link = page_link(f"Skip to: {skip_to}", "#" + heading_anchor(skip_to))
        md = f"> **Before you read on:** {notes[topic]}\n>\n> {link}"
        return Text(md, f"Before you read on: {notes[topic]} (Skip to: {skip_to}.)")

    def content_note(self, topic: str, skip_to: str) -> None:
        """A short note before a hard part (survival figures), with a link to the heading past it."""
        _display(self.content_note_text(topic, skip_to))

    # -- glossary ------------------------------------------------------------------

    def terms_text(self) -> Text:
        terms = [t for t in self.content.glossary.values() if t.lesson == self.id]
        md = ["**Words from this lesson:**", ""]
        md += [f"- **{page_link(t.term, f'glossary.ipynb#{t.anchor}')}**: {t.definition}" for t in terms]
        plain = ["Words from this lesson:", *[f"- {t.term}: {t.definition}" for t in terms]]
        return Text("\n".join(md), "\n".join(plain))

    def terms(self) -> None:
        _display(self.terms_text())

    def glossary(self) -> None:
        """Show the glossary look-up box."""
        lookup()

    # -- footer --------------------------------------------------------------------

    def footer_text(self, card_link: str | None = None) -> Text:
        m = self.meta
        points = [_content.render_text(k, self.content.facts) for k in m.key_points]
        md = ["## Key points", ""] + [f"- {k}" for k in points]
        plain = ["Key points", *[f"- {k}" for k in points]]
        help_md, help_plain = self.help_text(card_link)
        md += ["", "## Where to get help", "", *help_md]
        plain += ["Where to get help", *help_plain]
        if self._sources:
            md += ["", "## Sources", ""]
            plain.append("Sources")
            for n, (source, url) in enumerate(self._sources, 1):
                md.append(f"{n}. {source}. <{url}>")
                plain.append(f"{n}. {source}. {url}")
        reviewed = (
            f"This lesson was last checked against its sources in a clinical review on {_day(m.reviewed)}. "
            f"Next review due: {_day(m.next_review)}."
            if m.reviewed and m.next_review
            else "This lesson has not had a clinical review yet."
        )
        md += ["", f"*{reviewed}*"]
        plain.append(reviewed)
        nxt = self.content.next_lesson(m.id)
        md += ["", "## Next", ""]
        if nxt is not None:
            md.append(f"Go on to {page_link(f'Lesson {nxt.id}: {nxt.title}', nxt.file)}.")
            plain.append(f"Next: Lesson {nxt.id}: {nxt.title} ({nxt.file})")
        else:
            md.append("This is the last lesson so far. Well done for reaching it.")
            plain.append("This is the last lesson so far.")
        return Text("\n".join(md), "\n".join(plain))

    def help_text(self, card_link: str | None = None) -> tuple[list[str], list[str]]:
        """Where to turn, for the footer: one's own team, the card, someone to talk to, more support lines.

        The not-advice line itself is said once, in the header.
        """
        data = self.content
        md = ["- **About your own care:** ask your doctor or breast care nurse."]
        plain = ["- About your own care: ask your doctor or breast care nurse."]
        card = data.lessons.get(CARD_LESSON)
        if card is not None:
            link = card_link or f"{card.file}#{CARD_ANCHOR}"
            here = " (in this lesson, above)" if card.id == self.id else ""
            md.append(
                f"- **A worrying symptom:** the card {page_link('When to get help', link)}{here} says how soon to act, "
                "from calling 999 to telling your team soon."
            )
            plain.append(
                f"- A worrying symptom: the card When to get help{here} (lesson {card.id}) says how soon to act."
            )
        groups = (
            ("To talk to someone, at any hour", data.help.talk if data.help else ()),
            ("Support with breast cancer", data.help.support if data.help else ()),
        )
        for label, ids in groups:
            facts = [data.facts[f] for f in ids if f in data.facts]
            if facts:
                md.append(f"- **{label}:**")
                plain.append(f"- {label}:")
                for fact in facts:
                    n = self.cite(fact)
                    md.append(f"  - {fact.sentence()} [{n}]")
                    plain.append(f"  - {fact.sentence()} [{n}]")
        support = data.lessons.get(data.support or "")
        if support is not None and support.id != self.id:
            md.append(
                f"- **More support lines and reliable information:** "
                f"{page_link(f'Lesson {support.id}: {support.title}', support.file)}."
            )
            plain.append(f"- More support lines and reliable information: Lesson {support.id}: {support.title}.")
        return md, plain

    def footer(self) -> None:
        """Show key points, the numbered sources cited so far, and the next lesson."""
        _display(self.footer_text())

    # -- class mode ------------------------------------------------------------------

    def class_sharing(self) -> None:
        """Lesson 00: the share box with what is shared, in full; without class mode, one line saying so."""
        from .class_share import share_box

        box = share_box(full=True)
        _display(box.widget if box is not None else NOT_SHARING)


def start(lesson_id: str) -> Lesson:
    """Load a lesson, show its header, and return it for the cells below."""
    les = Lesson(lesson_id)
    _display(les.header_text())
    _reader_style()
    if les.meta.order > 0:  # the start page shows the box in full, where it explains it (les.class_sharing())
        from .class_share import share_box

        box = share_box(full=False)
        if box is not None:
            _display(box.widget)
    return les


def _reader_style() -> None:
    """The reader's phone-size rules and its kernel clean-up (they act only in Voila; JupyterLab ignores them)."""
    from IPython.display import HTML

    from .frontend import READER_STYLE, ReaderSupport

    _display(HTML(READER_STYLE))
    _display(ReaderSupport())


def lookup() -> None:
    """Show the glossary look-up box (the glossary notebook's one call)."""
    from . import glossary

    _display(glossary.widget())
    _reader_style()


def course_map_text(content: _content.Content | None = None, store=None) -> Text:
    """Every lesson with its minutes and the learner's progress."""
    from . import progress

    content = content or _content.load()
    store = store or progress.default_store()
    rows = content.lessons_in_order()
    done = {r.lesson: r for r in progress.summary(store)}
    md = ["| Lesson | Title | Minutes (reading + exercises) | Your progress |", "|---|---|---|---|"]
    plain = []
    for les in rows:
        mins = f"{les.minutes.total} ({les.minutes.teaching} + {les.minutes.exercises})"
        row = done[les.id]
        if row.complete:
            state = "✓ complete"
        elif row.answered:
            state = f"{row.correct} of {row.total} questions right"
        else:
            state = "not started"
        md.append(f"| {les.id} | {page_link(les.title, les.file)} | {mins} | {state} |")
        plain.append(f"{les.id}  {les.title}  {mins} min  {state}")
    total = sum(les.minutes.total for les in rows)
    md += ["", f"**Whole course: about {total} minutes.**"]
    plain.append(f"Whole course: about {total} minutes.")
    nxt = progress.next_lesson(list(done.values()))
    if nxt is not None:
        les = content.lessons[nxt]
        verb = "Continue where you left off" if any(r.answered for r in done.values()) else "Start with"
        md += ["", f"**{verb}:** {page_link(f'Lesson {les.id}: {les.title}', les.file)}"]
        plain.append(f"{verb}: Lesson {les.id}: {les.title}")
    else:
        md += ["", "**You have answered every question correctly. Well done.**"]
        plain.append("You have answered every question correctly.")
    if store.problem:
        md += ["", f"⚠ {store.problem}"]
        plain.append(store.problem)
    return Text("\n".join(md), "\n".join(plain))


SHORT_ROUTE_MINUTES = 120
SKIM_MINUTES = 2  # reading one lesson's key points


def route_text(minutes: int = SHORT_ROUTE_MINUTES, content: _content.Content | None = None) -> Text:
    """A route for a learner on their own with `minutes` to spare: lessons to take, to skim, and to leave.

    The lessons to take are the instructor's schedule for a session that long (the same lesson minutes and
    cut order from data/; no set breaks, since a learner on their own stops when they like). The time left
    over goes on skimming the key points of the most important lessons left out (the last in the cut order).
    """
    from . import instructor

    content = content or _content.load()
    hours = f"{minutes // 60} hours" if minutes % 60 == 0 else f"{minutes} minutes"
    try:
        plan = instructor.schedule(minutes, instructor.course_items(content), content.cut_order, break_minutes=0)
    except ValueError:
        first = content.lessons_in_order()[min(1, len(content.lessons) - 1)]
        msg = f"About {hours} is too short for the core lessons; start with Lesson {first.id}: {first.title}."
        return Text(f"**{msg}**", msg)
    spare = minutes - plan.minutes_of("lesson")
    left = {item.id: item for item in plan.self_study}
    skim = []
    for lesson_id in reversed(content.cut_order):
        if lesson_id in left and not content.lessons[lesson_id].review and spare >= SKIM_MINUTES:
            skim.append(left.pop(lesson_id))
            spare -= SKIM_MINUTES
    skim.sort(key=lambda item: content.lessons[item.id].order)

    def line(item, n: str, skim: bool = False) -> tuple[str, str]:
        les = content.lessons[item.id]
        how = "its key points" if skim else f"about {item.minutes} minutes"
        return (
            f"{n} {page_link(f'Lesson {les.id}: {les.title}', les.file)}, {how}",
            f"- Lesson {les.id}: {les.title}, {how}",
        )

    md, plain = (
        [f"**If you have about {hours}**, take these lessons, in this order:", ""],
        [f"If you have about {hours}:"],
    )
    for item in plan.lessons:
        m, p = line(item, "1.")
        md.append(m)
        plain.append(p)
    if skim:
        md += [
            "",
            f"Then skim these: read only the key points at the end of each (about {SKIM_MINUTES} minutes a lesson):",
            "",
        ]
        plain.append("Then skim the key points of:")
        for item in skim:
            m, p = line(item, "-", skim=True)
            md.append(m)
            plain.append(p)
    if left:
        md += ["", "Leave these for another day:", ""]
        plain.append("Leave for another day:")
        for item in sorted(left.values(), key=lambda i: content.lessons[i.id].order):
            m, p = line(item, "-")
            md.append(m)
            plain.append(p)
    return Text("\n".join(md), "\n".join(plain))


# -- reading notebook cells --------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    """One statement of a notebook code cell: a lesson start, the look-up box, or a call from CALLS."""

    kind: str  # "start", "lookup" or "call"
    name: str  # the CALLS name for a call; "start" or "lookup" otherwise
    args: tuple[str, ...]


class CellError(ValueError):
    """A code cell that holds something other than the calls in CALLS."""


def _forms() -> str:
    calls = ", ".join(f"les.{c.name}({', '.join(c.params)})" for c in CALLS.values())
    return f"`{IMPORT}` then `{START.format(id='NN')}`, `{LOOKUP}`, or one of: {calls}"


def _strings(node: ast.Call, name: str, params: tuple[str, ...]) -> tuple[str, ...]:
    if node.keywords or len(node.args) != len(params):
        want = f"{len(params)} argument{'s' if len(params) != 1 else ''}" + (
            f" ({', '.join(params)})" if params else ""
        )
        raise CellError(f"{name}() takes {want} in quotes, given {len(node.args) + len(node.keywords)}")
    out = []
    for arg in node.args:
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            raise CellError(f'{name}() takes text in quotes, e.g. {name}("…"), not {ast.unparse(arg)}')
        out.append(arg.value)
    return tuple(out)


def parse_cell(source: str) -> list[Statement]:
    """The statements of one code cell; CellError saying what a cell may hold for anything else.

    Comments and blank lines are ignored.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise CellError(f"is not valid Python ({exc.msg}, line {exc.lineno})") from None
    out: list[Statement] = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and ast.unparse(node) == IMPORT:
            continue
        call = node.value if isinstance(node, (ast.Expr, ast.Assign)) else None
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
        ):
            owner, method = call.func.value.id, call.func.attr
            if isinstance(node, ast.Assign):
                target = node.targets[0] if len(node.targets) == 1 else None
                if owner == "lesson" and method == "start" and isinstance(target, ast.Name) and target.id == "les":
                    out.append(Statement("start", "start", _strings(call, "lesson.start", ("lesson_id",))))
                    continue
            elif owner == "lesson" and method == "lookup":
                out.append(Statement("lookup", "lookup", _strings(call, "lesson.lookup", ())))
                continue
            elif owner == "les" and method in CALLS:
                out.append(Statement("call", method, _strings(call, f"les.{method}", CALLS[method].params)))
                continue
            elif owner == "les":
                raise CellError(f"les.{method}() is not a lesson call; a cell may hold {_forms()}")
        raise CellError(f"{ast.unparse(node)!r} is not a lesson call; a cell may hold {_forms()}")
    return out


def notebook_problems(notebooks: Path, content: _content.Content | None = None) -> list[_content.Problem]:
    """Lesson notebooks whose code cells hold anything but lesson calls, or name what does not exist.

    Checks, per lesson notebook: the first code cell starts the lesson it belongs to; every code
    cell parses (see :func:`parse_cell`); facts and questions named exist; every question in the
    lesson's data file is asked exactly once; figures, tables and explorers are registered.
    """
    from . import registry

    content = content or _content.load()
    problems: list[_content.Problem] = []
    known = {
        "fact": (set(content.facts), "data/facts.yaml"),
        "figure": (set(registry.figure_names()), "the figures (python -m breast_cancer_course figures --list)"),
        "table": (set(registry.table_names()), "the tables"),
        "explore": (set(registry.explorer_names()), "the explorers"),
    }
    for les in content.lessons_in_order():
        path = Path(notebooks) / les.file
        where = f"notebooks/{les.file}"
        if not path.is_file():
            continue  # reported by content's own checks
        asked: dict[str, int] = {}
        started = False
        for i in _notebook.shown_code_cells(path):
            problems.append(
                _content.Problem(
                    where,
                    f"cell {i}",
                    'shows its code; fold it away with the cell metadata "jupyter": {"source_hidden": true} '
                    "(make strip adds it)",
                )
            )
        for i, kind, source in cell_sources(path):
            if kind != "code":
                continue
            try:
                statements = parse_cell(source)
            except CellError as exc:
                problems.append(_content.Problem(where, f"cell {i}", str(exc)))
                continue
            for st in statements:
                if st.kind == "start":
                    if started or st.args[0] != les.id:
                        problems.append(
                            _content.Problem(
                                where,
                                f"cell {i}",
                                f'must start lesson "{les.id}" once, in its first code cell: {START.format(id=les.id)}',
                            )
                        )
                    started = True
                    continue
                if not started:
                    problems.append(
                        _content.Problem(
                            where,
                            f"cell {i}",
                            f"comes before the lesson starts; the first code "
                            f"cell must be: {IMPORT} / {START.format(id=les.id)}",
                        )
                    )
                    started = True
                if st.name == "quiz":
                    qid = st.args[0]
                    if qid not in content.questions.get(les.id, {}):
                        problems.append(
                            _content.Problem(
                                where, f"cell {i}", f'les.quiz("{qid}"): no such question in data/lessons/{les.id}.yaml'
                            )
                        )
                    asked[qid] = asked.get(qid, 0) + 1
                elif st.name in known:
                    names, home = known[st.name]
                    if st.args[0] not in names:
                        problems.append(
                            _content.Problem(where, f"cell {i}", f'les.{st.name}("{st.args[0]}"): not one of {home}')
                        )
                elif st.name == "content_note":
                    problems += _content_note_problems(content, where, f"cell {i}", st.args, path, i)
                elif st.name == "review" and not les.review:
                    problems.append(
                        _content.Problem(
                            where, f"cell {i}", f"les.review(): data/lessons/{les.id}.yaml lists no review questions"
                        )
                    )
        if not started:
            problems.append(_content.Problem(where, "", f"never starts its lesson: {START.format(id=les.id)}"))
        for qid in content.questions.get(les.id, {}):
            n = asked.get(qid, 0)
            if n != 1:
                what = "is never asked" if n == 0 else f"is asked {n} times"
                problems.append(
                    _content.Problem(
                        where,
                        "",
                        f"question '{qid}' of data/lessons/{les.id}.yaml {what}; show it once with les.quiz(\"{qid}\")",
                    )
                )
    return problems


_HEADING = re.compile(r"^#{2,3}\s+(.+?)\s*$", re.MULTILINE)


def _content_note_problems(content, where: str, cell: str, args, path: Path, index: int) -> list[_content.Problem]:
    """A content note names a note of data/help.yaml and a heading that comes after it in the same notebook."""
    topic, skip_to = args
    problems = []
    notes = content.help.content_notes if content.help else {}
    if topic not in notes:
        problems.append(
            _content.Problem(where, cell, f'les.content_note("{topic}"): not a content note of data/help.yaml')
        )
    later = [
        h
        for i, kind, source in cell_sources(path)
        if kind == "markdown" and i > index
        for h in _HEADING.findall(source)
    ]
    if skip_to not in later:
        problems.append(
            _content.Problem(
                where,
                cell,
                f'les.content_note(skip_to="{skip_to}"): no ## or ### heading with these words comes after it',
            )
        )
    return problems
