"""The course without a kernel: printable lesson handouts and the instructor's answer key.

    from breast_cancer_course import handout
    handout.lesson_html("03")              # one lesson as a self-contained HTML page
    handout.write_handouts(Path("build/handouts"))      # every lesson, glossary.html, when-to-get-help.html
    handout.write_answer_key(Path("build/answer-key"))  # answer-key.md and answer-key.html

A handout is the lesson notebook read cell by cell.  Markdown cells are rendered with
mistune.  Each code cell holds lesson calls (``les.fact("nst_share")``, ``les.quiz("x")``),
read by ``lesson.parse_cell`` from the one table of calls, ``lesson.CALLS``; ``STATIC`` gives each
call's static equivalent: the fact in words, the figure as an embedded PNG with alt text and
caption, the question with its answer folded in ``<details>``.  Nothing is evaluated.  A cell
that holds anything else stops the build with the notebook and cell named.

Every page is one HTML file: one inline ``<style>``, no scripts, images as ``data:`` URLs,
so it opens and prints offline.  Links to other notebooks point to their handouts.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import mistune

from . import content as _content
from . import lesson, notebook, quiz, registry, safety
from .lesson import Lesson
from .text import NOT_ADVICE, fmt_number

NOTEBOOKS = _content.REPO_DIR / "notebooks"
HANDOUTS_DIR = Path("build") / "handouts"
ANSWER_KEY_DIR = Path("build") / "answer-key"
GLOSSARY_PAGE = "glossary.html"
CARD_PAGE = "when-to-get-help.html"  # the card, on its own page (safety.card_html)

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 1.1rem; line-height: 1.55; color: #1a1a1a; background: #fff;
  max-width: 45em; margin: 0 auto; padding: 1.2em 1em 3em; }
h1 { font-size: 1.9em; line-height: 1.2; margin: 0.3em 0 0.5em; }
h2 { font-size: 1.4em; margin-top: 1.8em; padding-bottom: 0.2em; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.15em; margin-top: 1.4em; }
a { color: #0645ad; overflow-wrap: anywhere; }
nav { font-size: 0.95em; }
figure { margin: 1.2em 0; }
img { max-width: 100%; height: auto; }
figcaption { color: #333; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.95em; }
@media screen and (max-width: 40em) {
  /* On a phone a wide table scrolls inside its own box; the page itself never scrolls sideways. */
  table { display: block; max-width: 100%; overflow-x: auto; }
}
th, td { border: 1px solid #bbb; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td:first-child { white-space: nowrap; }
blockquote { margin: 1em 0; padding: 0.4em 1em; border-left: 4px solid #0072B2; background: #f3f8fc; }
code { font-size: 0.95em; background: #f4f4f4; padding: 0 0.2em; overflow-wrap: anywhere; }
.note { color: #444; font-style: italic; }
.quiz { border: 1px solid #9db8d3; border-radius: 6px; padding: 0.2em 1em 0.7em; margin: 1.4em 0; background: #fafcff; }
.quiz-label { font-weight: bold; margin-bottom: 0.2em; }
.quiz .how { color: #444; margin-top: 0; }
.blank { letter-spacing: 0.05em; }
details { margin-top: 0.6em; }
summary { cursor: pointer; font-weight: bold; color: #0645ad; min-height: 24px; }
details[open] { background: #fff; border-top: 1px dashed #9db8d3; }
.print-only { display: none; }
@media print {
  body { max-width: none; font-size: 11pt; padding: 0; }
  a { color: inherit; }
  nav, .screen-only { display: none; }
  .print-only { display: block; }
  .quiz, figure, table { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  summary { color: inherit; }
}
""".strip()


class HandoutError(ValueError):
    """A notebook cell or a request that has no handout."""


def page_html(title: str, body: str, nav: bool = True) -> str:
    """A complete, self-contained HTML page."""
    links = (
        f'<nav aria-label="Course"><a href="00_start_here.html">Course map</a> · '
        f'<a href="{GLOSSARY_PAGE}">Glossary</a> · <a href="{CARD_PAGE}">When to get help</a></nav>\n'
        if nav
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n"
        f"{links}<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


_markdown = mistune.create_markdown(escape=False, plugins=["table"])
# A relative link to a notebook (no scheme), with or without #anchor.
_NOTEBOOK_LINK = re.compile(r'href="(?![a-zA-Z][a-zA-Z0-9+.-]*:)([^"#]*?)\.ipynb(#[^"]*)?"')


_HEADING = re.compile(r"<h([23])>(.*?)</h\1>")
_TAG = re.compile(r"<[^>]+>")


def relink(text: str) -> str:
    """Point links to notebooks at their handouts: X.ipynb#A -> X.html#A."""
    return _NOTEBOOK_LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', text)


def markdown_html(text: str) -> str:
    """Markdown to HTML (mistune), with notebook links pointing at handouts."""
    return relink(_markdown(text)).strip()


def _e(text: str) -> str:
    return html.escape(text, quote=True)


# -- questions -----------------------------------------------------------------------------------

_HOW = {
    "single": "Choose one answer.",
    "multiple": "Choose all that apply.",
    "true_false": "True or false?",
    "numeric": "Answer with one number.",
    "ordering": "Put these in order.",
    "sorting": "Put each item in one group.",
}
_KIND_NAME = {
    "single": "single choice",
    "multiple": "choose all that apply",
    "true_false": "true or false",
    "numeric": "one number",
    "ordering": "put in order",
    "sorting": "sort into groups",
}


def _letter(n: int) -> str:
    return chr(ord("A") + n)


def answer_only(q: quiz.Question) -> str:
    """The correct answer in words, without the explanation that answer_text() adds."""
    text = q.answer_text()
    return text.removesuffix(q.explain()).strip() if text.endswith(q.explain()) else text


def _why_lines(q: quiz.Question) -> list[str]:
    """Per option or item: why it is right or not (plain text)."""
    d = q.data
    if q.kind in ("single", "multiple"):
        return [
            f"{_letter(n)} ({'correct' if o.correct else 'not correct'}): {q._text(o.feedback)}"
            for n, o in enumerate(d.options)
        ]
    if q.kind == "true_false":
        return [f"{key.title()}: {q._text(text)}" for key, text in d.feedback.items()]
    if q.kind == "sorting":
        cats = dict(q.categories)
        return [f"{q._text(i.text)} → {cats[i.category]}: {q._text(i.feedback)}" for i in d.items]
    return []


def _choices_html(q: quiz.Question) -> str:
    if q.kind in ("single", "multiple", "true_false"):
        items = "".join(f"<li>{_e(text)}</li>" for _, text in q.options)
        return f'<ol type="A">{items}</ol>'
    if q.kind == "numeric":
        unit = "%" if q.unit == "%" else (f" {q.unit}" if q.unit else "")
        return f'<p class="blank">Your answer: ____________{_e(unit)}</p>'
    if q.kind == "ordering":
        places = ", ".join(q.positions)
        items = "".join(f"<li>{_e(text)}</li>" for _, text in q.items)
        return f"<p>Places, in order: {_e(places)}.</p><ul>{items}</ul>"
    groups = "; ".join(text for _, text in q.categories)
    items = "".join(f"<li>{_e(text)}</li>" for _, text in q.items)
    return f"<p>Groups: {_e(groups)}.</p><ul>{items}</ul>"


def question_html(q: quiz.Question, label: str = "Question") -> str:
    """One question as a static box: prompt, choices, and the answer folded in <details>."""
    why = _why_lines(q)
    why_html = f"<ul>{''.join(f'<li>{_e(w)}</li>' for w in why)}</ul>" if why else ""
    source = q.source_text()
    return (
        f'<section class="quiz"><p class="quiz-label">{_e(label)}</p>'
        f'<p>{_e(q.prompt)}</p><p class="how">{_e(_HOW[q.kind])}</p>{_choices_html(q)}'
        f"<details><summary>Show the answer</summary><p><strong>{_e(answer_only(q))}</strong></p>{why_html}"
        f"<p>{_e(q.explanation)}</p>" + (f'<p class="note">{_e(source)}</p>' if source else "") + "</details></section>"
    )


# -- the calls in lesson notebooks ----------------------------------------------------------------


@dataclass
class _Page:
    """What the handout of one notebook knows so far."""

    notebook: str
    lesson: Lesson | None = None
    shown: set[str] = field(default_factory=set)  # figure names already on the page

    def les(self) -> Lesson:
        if self.lesson is None:
            raise HandoutError("this call needs the lesson; lesson.start(...) must come first")
        return self.lesson


def _figure(page: _Page, name: str) -> str:
    page.shown.add(name)
    return registry.figure_html(name)


def _course_map(page: _Page) -> str:
    data = _content.load()
    rows = ["| Lesson | Title | Minutes (reading + exercises) |", "|---|---|---|"]
    rows += [
        f"| {les.id} | [{les.title}]({les.file}) | {les.minutes.total} ({les.minutes.teaching} + "
        f"{les.minutes.exercises}) |"
        for les in data.lessons_in_order()
    ]
    total = sum(les.minutes.total for les in data.lessons_in_order())
    rows += ["", f"**Whole course: about {total} minutes.** In the notebook, this table also shows your progress."]
    return markdown_html("\n".join(rows))


def _glossary_box(page: _Page) -> str:
    return (
        f'<p class="note">In the notebook, a look-up box sits here. In this handout, look words up in the '
        f'<a href="{GLOSSARY_PAGE}">glossary</a>, which lists every term from A to Z.</p>'
    )


def _review(page: _Page) -> str:
    data = _content.load()
    questions = quiz.review_questions(page.les().id)
    parts = [
        '<p class="note">In the notebook, a “Show my score” button at the end counts the questions answered '
        "correctly at the first try and names the lessons to revisit.</p>"
    ]
    for k, q in enumerate(questions, 1):
        title = data.lessons[q.lesson].title
        parts.append(question_html(q, f"Question {k} of {len(questions)} (from lesson {q.lesson}: {title})"))
    return "\n".join(parts)


# The static equivalent of every call in lesson.CALLS (a test checks that the two tables match).
STATIC: dict[str, Callable[..., str]] = {
    "fact": lambda page, fid: markdown_html(page.les().fact_text(fid).markdown),
    "quiz": lambda page, qid: question_html(page.les().question(qid)),
    "figure": _figure,
    "table": lambda page, name: markdown_html(registry.make_table(name).markdown),
    "explore": lambda page, name: registry.make_explorer(name).static_html(page.shown),
    "review": _review,
    "course_map": _course_map,
    "route": lambda page: markdown_html(lesson.route_text().markdown),
    "content_note": lambda page, topic, skip_to: markdown_html(page.les().content_note_text(topic, skip_to).markdown),
    "terms": lambda page: markdown_html(page.les().terms_text().markdown),
    "glossary": _glossary_box,
    "footer": lambda page: markdown_html(page.les().footer_text(card_link=CARD_PAGE).markdown),
    "class_sharing": lambda page: "",  # a handout is not part of a class: nothing is shared from paper
}


def convert_cell(page: _Page, source: str) -> str:
    """The static HTML for one code cell; HandoutError saying what a cell may hold for anything else."""
    try:
        statements = lesson.parse_cell(source)
    except lesson.CellError as exc:
        raise HandoutError(f"this code cell {exc}") from None
    parts = []
    for st in statements:
        try:
            if st.kind == "start":
                page.lesson = Lesson(st.args[0])
                parts.append(markdown_html(page.lesson.header_text().markdown))
            elif st.kind == "lookup":
                parts.append(_glossary_box(page))
            else:
                parts.append(STATIC[st.name](page, *st.args))
        except KeyError as exc:
            raise HandoutError(
                f"les.{st.name}({', '.join(map(repr, st.args))}): {exc.args[0] if exc.args else exc}"
            ) from None
    return "\n".join(parts)


def notebook_html(path: Path, title: str) -> str:
    """A notebook as a handout page; ContentError naming notebook and cell for a call with no handout."""
    path = Path(path)
    page = _Page(path.name)
    parts: list[str] = []
    for i, kind, source in notebook.cell_sources(path):
        if kind == "markdown":
            parts.append(markdown_html(source))
        elif kind == "code":
            try:
                parts.append(convert_cell(page, source))
            except HandoutError as exc:
                raise _content.ContentError(
                    [_content.Problem(f"notebooks/{path.name}", f"cell {i}", str(exc))]
                ) from None
    # Headings get the ids JupyterLab gives them, so a link to "#A-heading" (a content note's) lands here too.
    body = _HEADING.sub(
        lambda m: (
            f'<h{m.group(1)} id="{_e(lesson.heading_anchor(html.unescape(_TAG.sub("", m.group(2)))))}">'
            f"{m.group(2)}</h{m.group(1)}>"
        ),
        "\n".join(parts),
    )
    intro = (
        f'<p class="note screen-only">The printable version of <code>notebooks/{_e(path.name)}</code>. Questions '
        "keep their answers folded under “Show the answer”.</p>"
        '<p class="print-only note">Answers do not print unless opened first: open the ones you want '
        "before printing.</p>"
    )
    body = body.replace("</h1>", "</h1>\n" + intro, 1) if "</h1>" in body else intro + body
    return page_html(title, body)


def lesson_html(lesson_id: str, notebooks: Path | None = None) -> str:
    """One lesson's handout."""
    data = _content.load()
    lesson_id = str(lesson_id).zfill(2)
    if lesson_id not in data.lessons:
        raise HandoutError(f"no lesson '{lesson_id}'; lessons: {', '.join(data.lessons)}")
    les = data.lessons[lesson_id]
    return notebook_html(Path(notebooks or NOTEBOOKS) / les.file, f"Lesson {les.id}: {les.title}")


def glossary_html() -> str:
    """Every glossary term, A to Z; each heading's id is the anchor lessons link to."""
    from .glossary import by_letter, entry_markdown

    data = _content.load()
    groups = by_letter(data)
    letters = " · ".join(f'<a href="#{letter}">{letter}</a>' for letter in groups)
    parts = [
        "<h1>Glossary</h1>",
        "<p>Every word the course defines, from A to Z, in plain language, with related words and the lesson "
        "that teaches it. Words in the lesson handouts link here.</p>",
        f"<blockquote><p>{_e(NOT_ADVICE)}</p></blockquote>",
        f"<p>Jump to a letter: {letters}</p>",
    ]
    for letter, terms in groups.items():
        parts.append(f'<h2 id="{letter}">{letter}</h2>')
        for term in terms:
            entry = markdown_html(entry_markdown(term, data))
            parts.append(entry.replace("<h3>", f'<h3 id="{_e(term.anchor)}">', 1))
    return page_html("Glossary", "\n".join(parts))


def handout_name(lesson_id: str) -> str:
    return _content.load().lessons[lesson_id].file.removesuffix(".ipynb") + ".html"


def write_handouts(
    outdir: Path = HANDOUTS_DIR, lessons: list[str] | None = None, notebooks: Path | None = None
) -> list[Path]:
    """Write the handout of each lesson (default: all) and glossary.html; return the paths written."""
    data = _content.load()
    wanted = [str(x).zfill(2) for x in lessons] if lessons else [les.id for les in data.lessons_in_order()]
    unknown = [x for x in wanted if x not in data.lessons]
    if unknown:
        raise HandoutError(f"no lesson {', '.join(repr(x) for x in unknown)}; lessons: {', '.join(data.lessons)}")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for lesson_id in wanted:
        path = outdir / handout_name(lesson_id)
        path.write_text(lesson_html(lesson_id, notebooks), encoding="utf-8")
        written.append(path)
    path = outdir / GLOSSARY_PAGE
    path.write_text(glossary_html(), encoding="utf-8")
    card = outdir / CARD_PAGE
    card.write_text(safety.card_html(), encoding="utf-8")
    return written + [path, card]


# -- the answer key --------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def _md(text: str) -> str:
    """Plain text made safe to put into Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _question_markdown(n: int, q: quiz.Question) -> list[str]:
    md = [f"### {n}. {_md(q.prompt)}", "", f"*{_KIND_NAME[q.kind].capitalize()}; question `{q.lesson}/{q.id}`.*", ""]
    if q.kind in ("single", "multiple", "true_false"):
        right = (
            {o.id for o in q.data.options if o.correct}
            if q.kind != "true_false"
            else {"true" if q.data.answer else "false"}
        )
        md += ["Options:", ""]
        md += [
            f"- {_letter(k)}. {_md(text)}" + (" **(correct)**" if oid in right else "")
            for k, (oid, text) in enumerate(q.options)
        ]
        md.append("")
    elif q.kind == "ordering":
        md += [f"Items as shown (places: {_md(', '.join(q.positions))}):", ""]
        md += [f"- {_md(text)}" for _, text in q.items] + [""]
    elif q.kind == "sorting":
        md += [f"Groups: {_md('; '.join(t for _, t in q.categories))}. Items as shown:", ""]
        md += [f"- {_md(text)}" for _, text in q.items] + [""]
    answer = re.sub(r"^The answer(, in order)?: ", lambda m: "in order: " if m.group(1) else "", answer_only(q))
    md += [f"**Correct answer:** {_md(answer[0].upper() + answer[1:])}", ""]
    if q.kind == "numeric":
        low, high = q.accepted
        md += [f"Accepted: any number from {fmt_number(low)} to {fmt_number(high)}.", ""]
    why = _why_lines(q)
    if why:
        md += ["Feedback a learner sees:", ""] + [f"- {_md(w)}" for w in why] + [""]
    md += [f"**Explanation:** {_md(q.explanation)}", ""]
    facts = q.sources()
    if facts:
        md += ["**Facts used:**", ""]
        for fact in facts:
            dated = f", page dated {fact.source_date.isoformat()}" if fact.source_date else ""
            md.append(f"- {_md(fact.sentence())} Source: {_md(fact.source)}{dated}. <{fact.url}>")
        md.append("")
    return md


def answer_key_markdown() -> str:
    """Every question in the bank, lesson by lesson, with its answer, explanation and sourced facts."""
    data = _content.load()
    questions = quiz.bank()
    md = [
        "# Answer key",
        "",
        f"Every question in the course's question bank ({len(questions)} questions), lesson by lesson: the prompt, "
        "the options, the correct answer, the explanation, and each fact used with its source. For instructors; "
        "generated by `python -m breast_cancer_course answer-key` from the questions in `data/lessons/`.",
        "",
        f"> {NOT_ADVICE}",
        "",
    ]
    for les in data.lessons_in_order():
        mine = [q for q in questions if q.lesson == les.id]
        if not mine:
            continue
        md += [f"## Lesson {les.id}: {_md(les.title)}", ""]
        for n, q in enumerate(mine, 1):
            md += _question_markdown(n, q)
    return "\n".join(md).rstrip() + "\n"


def write_answer_key(outdir: Path = ANSWER_KEY_DIR) -> list[Path]:
    """Write answer-key.md and a self-contained answer-key.html into outdir."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    text = answer_key_markdown()
    md_path, html_path = outdir / "answer-key.md", outdir / "answer-key.html"
    md_path.write_text(text, encoding="utf-8")
    html_path.write_text(page_html("Answer key", _markdown(text), nav=False), encoding="utf-8")
    return [md_path, html_path]
