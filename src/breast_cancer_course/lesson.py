"""What every lesson notebook shows around its prose: header, cited facts, terms, footer.

In a notebook::

    from breast_cancer_course import lesson
    les = lesson.start("01")      # shows objectives, minutes and the not-advice line
    les.fact("nst_share")         # a fact in words, with a numbered source note
    les.terms()                   # the glossary terms this lesson teaches
    les.footer()                  # key points, numbered sources, link to the next lesson

Each object shown has a Markdown form (what JupyterLab displays) and a plain-text
form (what nbval compares), both built from ``data/``.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import content as _content

NOT_ADVICE = (
    "This course is education, not medical advice. For questions about your own care, "
    "ask your doctor or breast care nurse."
)


@dataclass(frozen=True)
class Text:
    """Markdown for the notebook, plain text for comparisons and terminals."""

    markdown: str
    plain: str

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return self.plain


def _display(obj: Text) -> None:
    from IPython.display import display

    display(obj)


class Lesson:
    """One lesson's data, plus the numbered list of sources its facts cite."""

    def __init__(self, lesson_id: str, content: _content.Content | None = None):
        self.content = content or _content.load()
        lesson_id = str(lesson_id).zfill(2)
        if lesson_id not in self.content.lessons:
            known = ", ".join(self.content.lessons)
            raise KeyError(f"No lesson '{lesson_id}' in data/lessons.yaml (known: {known}).")
        self.meta = self.content.lessons[lesson_id]
        self._sources: list[tuple[str, str]] = []  # (source, url) in first-cited order

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

    def cite(self, fact: _content.Fact) -> int:
        """The source note number for a fact (the same source always gets the same number)."""
        key = (fact.source, fact.url)
        if key not in self._sources:
            self._sources.append(key)
        return self._sources.index(key) + 1

    def fact_text(self, fact_id: str) -> Text:
        fact = self.content.facts[fact_id]
        n = self.cite(fact)
        sentence = fact.sentence()
        if fact.value is None and fact.values is None:
            return Text(f"{sentence} [{n}]", f"{sentence} [{n}]")
        who = f" *Who this describes:* {fact.population}." if fact.population else ""
        md = f"**{sentence}**{who} [{n}]"
        return Text(md, f"{sentence}{who.replace('*', '')} [{n}]")

    def fact(self, fact_id: str) -> None:
        """Show one fact in words with its numbered source note."""
        _display(self.fact_text(fact_id))

    # -- glossary ------------------------------------------------------------------

    def terms_text(self) -> Text:
        terms = [t for t in self.content.glossary.values() if t.lesson == self.id]
        md = ["**Words from this lesson:**", ""]
        md += [f"- [**{t.term}**](glossary.ipynb#{t.anchor}): {t.definition}" for t in terms]
        plain = ["Words from this lesson:", *[f"- {t.term}: {t.definition}" for t in terms]]
        return Text("\n".join(md), "\n".join(plain))

    def terms(self) -> None:
        _display(self.terms_text())

    def glossary(self) -> None:
        """Show the glossary look-up widget."""
        from . import glossary

        glossary.show()

    # -- footer --------------------------------------------------------------------

    def footer_text(self) -> Text:
        m = self.meta
        points = [_content.render_text(k, self.content.facts) for k in m.key_points]
        md = ["## Key points", ""] + [f"- {k}" for k in points]
        plain = ["Key points", *[f"- {k}" for k in points]]
        if self._sources:
            md += ["", "## Sources", ""]
            plain.append("Sources")
            for n, (source, url) in enumerate(self._sources, 1):
                md.append(f"{n}. {source}. <{url}>")
                plain.append(f"{n}. {source}. {url}")
        nxt = self.content.next_lesson(m.id)
        md += ["", "## Next", ""]
        if nxt is not None:
            md.append(f"Go on to [Lesson {nxt.id}: {nxt.title}]({nxt.file}).")
            plain.append(f"Next: Lesson {nxt.id}: {nxt.title} ({nxt.file})")
        else:
            md.append("This is the last lesson so far. Well done for reaching it.")
            plain.append("This is the last lesson so far.")
        md += ["", f"> **Please note:** {NOT_ADVICE}"]
        plain.append(NOT_ADVICE)
        return Text("\n".join(md), "\n".join(plain))

    def footer(self) -> None:
        """Show key points, the numbered sources cited so far, and the next lesson."""
        _display(self.footer_text())


def start(lesson_id: str) -> Lesson:
    """Load a lesson, show its header, and return it for the cells below."""
    les = Lesson(lesson_id)
    _display(les.header_text())
    return les


def course_map_text(content: _content.Content | None = None, store=None) -> Text:
    """Every lesson with its minutes (from data/lessons.yaml) and the learner's progress."""
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
        state = "✓ complete" if row.complete else (f"{row.correct} of {row.total} questions right" if row.answered else "not started")
        md.append(f"| {les.id} | [{les.title}]({les.file}) | {mins} | {state} |")
        plain.append(f"{les.id}  {les.title}  {mins} min  {state}")
    total = sum(les.minutes.total for les in rows)
    md += ["", f"**Whole course: about {total} minutes.**"]
    plain.append(f"Whole course: about {total} minutes.")
    nxt = progress.next_lesson(list(done.values()))
    if nxt is not None:
        les = content.lessons[nxt]
        verb = "Continue where you left off" if any(r.answered for r in done.values()) else "Start with"
        md += ["", f"**{verb}:** [Lesson {les.id}: {les.title}]({les.file})"]
        plain.append(f"{verb}: Lesson {les.id}: {les.title}")
    else:
        md += ["", "**You have answered every question correctly. Well done.**"]
        plain.append("You have answered every question correctly.")
    if store.problem:
        md += ["", f"⚠ {store.problem}"]
        plain.append(store.problem)
    return Text("\n".join(md), "\n".join(plain))


def course_map() -> None:
    """Show the course map."""
    _display(course_map_text())
