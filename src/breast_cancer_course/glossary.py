"""The glossary at hand: look a word up without leaving the lesson, or read them all.

from breast_cancer_course import glossary
glossary.lookup("her2")      # -> (term or None, suggestions)
glossary.widget()            # a search box: type or pick a word, read its meaning
glossary.write_notebook(p)   # notebooks/glossary.ipynb, every term A to Z, from the data
glossary.link_problems(nb)   # glossary links in the lessons that do not resolve
"""

from __future__ import annotations

import difflib
import html
import re
from pathlib import Path

from . import content as _content
from . import notebook


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def _names(term: _content.GlossaryTerm) -> tuple[list[str], list[str]]:
    """The ways a learner may type a term: (full names, partial names).

    Full names are the id, the whole term, its heading and the spelled-out alternatives
    ('tumor' for 'tumour (tumor)', 'colloid cancer' for 'mucinous (colloid) cancer').
    Partial names are the pieces of 'X (Y, Z)' and 'X / Y' ('oestrogen'); a full name of
    another term always wins over a piece ('cancer' is the term cancer, not a piece of
    'mucinous (colloid) cancer').
    """
    full = {term.id.replace("-", " "), term.term, term.heading}
    for match in re.finditer(r"(\S+)\s*\(([^)/,]+)\)", term.term):
        full.add((term.term[: match.start()] + match.group(2) + term.term[match.end() :]).strip())
    parts = {p.strip() for p in re.split(r"[()/,]", term.term) if p.strip()}
    return sorted(full), sorted(parts - full)


def _index(content: _content.Content) -> dict[str, _content.GlossaryTerm]:
    index: dict[str, _content.GlossaryTerm] = {}
    names = {term.id: _names(term) for term in content.glossary.values()}
    for which in (1, 0):  # pieces first, so that full names overwrite them
        for term in content.glossary.values():
            for name in names[term.id][which]:
                index[_key(name)] = term
    return index


def _find(index: dict[str, _content.GlossaryTerm], key: str) -> _content.GlossaryTerm | None:
    """An exact name, else the name without a plural ending ('lymph nodes', 'receptors')."""
    for candidate in (key, key[:-1] if key.endswith("s") else None, key[:-2] if key.endswith("es") else None):
        if candidate and candidate in index:
            return index[candidate]
    return None


def lookup(text: str, content: _content.Content | None = None):
    """Find a glossary term by any of its names (case and punctuation ignored)."""
    content = content or _content.load()
    wanted = _key(str(text or ""))
    if not wanted:
        return None, []
    index = _index(content)
    found = _find(index, wanted)
    if found is not None:
        return found, []
    close = difflib.get_close_matches(wanted, list(index), n=3, cutoff=0.6)
    return None, sorted({index[c].term for c in close})


def term_html(term: _content.GlossaryTerm, content: _content.Content | None = None) -> str:
    content = content or _content.load()
    related = [content.glossary[r].term for r in term.related if r in content.glossary]
    parts = [f"<p><strong>{html.escape(term.term)}</strong>: {html.escape(term.definition)}</p>"]
    if related:
        parts.append(f"<p>Related: {html.escape(', '.join(related))}.</p>")
    if term.lesson and term.lesson in content.lessons:
        les = content.lessons[term.lesson]
        # A widget's links are not routed through JupyterLab: a new browser tab keeps this lesson open.
        parts.append(
            f'<p>Taught in <a href="{html.escape(les.file)}" target="_blank" rel="noopener">'
            f"Lesson {les.id}: {html.escape(les.title)}</a> (opens in a new tab).</p>"
        )
    return "".join(parts)


def widget():
    """A search box with suggestions; the meaning shows underneath."""
    import ipywidgets as widgets

    from .frontend import KeyboardShield

    content = _content.load()
    terms = sorted(content.glossary.values(), key=lambda t: t.term.casefold())
    box = widgets.Combobox(
        options=[t.term for t in terms],
        placeholder="type a word, e.g. HER2",
        description="Look up a word:",
        ensure_option=False,
        continuous_update=False,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="28em", max_width="100%"),
    )
    box.add_class("glossary-search")
    answer = widgets.HTML('<p style="line-height:1.45">Type a word from the course, or pick one from the list.</p>')
    answer.add_class("glossary-definition")

    def show(change=None) -> None:
        text = box.value
        term, close = lookup(text, content)
        if term is not None:
            answer.value = f'<div role="status" style="line-height:1.45">{term_html(term, content)}</div>'
        elif text.strip():
            hint = (
                f" Did you mean: {', '.join(close)}?"
                if close
                else " Try another spelling, or open the glossary notebook."
            )
            answer.value = f'<p role="status" style="line-height:1.45">No glossary entry for “{html.escape(text)}”.{html.escape(hint)}</p>'

    box.observe(show, names="value")
    panel = widgets.VBox([box, answer, KeyboardShield()])
    panel.add_class("glossary-widget")
    return panel


# -- the glossary notebook ------------------------------------------------------------

NOTEBOOK_NAME = "glossary.ipynb"
_INTRO = """Every word the course defines, from A to Z, in plain language. Each entry says which words are related and in which
lesson the word is taught. Words in the lessons link here. To find one word quickly, type it in the box.

This course is education, not medical advice. For questions about your own care, ask your doctor or breast care
nurse."""
_GENERATED = (
    "This notebook is generated from `data/glossary.yaml` by `python -m breast_cancer_course glossary`; "
    "change the data, not this page."
)


def by_letter(content: _content.Content) -> dict[str, list[_content.GlossaryTerm]]:
    """Every term A to Z by its heading, grouped under its first letter (the glossary notebook and handout)."""
    letters: dict[str, list[_content.GlossaryTerm]] = {}
    for term in sorted(content.glossary.values(), key=lambda t: t.heading.casefold()):
        letters.setdefault(term.heading[0].upper(), []).append(term)
    return letters


def entry_markdown(term: _content.GlossaryTerm, content: _content.Content) -> str:
    """One entry of the glossary notebook: its heading (the link target), meaning, related words, lesson."""
    lines = [f"### {term.heading}", ""]
    name = f"**{term.term}**: " if term.term != term.heading else ""
    lines.append(name + term.definition)
    related = [content.glossary[r] for r in term.related if r in content.glossary]
    extra = []
    if related:
        extra.append("Related: " + ", ".join(f"[{r.heading}](#{r.anchor})" for r in related) + ".")
    if term.lesson and term.lesson in content.lessons:
        les = content.lessons[term.lesson]
        extra.append(f"Taught in [Lesson {les.id}: {les.title}]({les.file}).")
    if extra:
        lines += ["", " ".join(extra)]
    return "\n".join(lines)


def notebook_text(content: _content.Content | None = None) -> str:
    """The glossary notebook, built from data/glossary.yaml: one Markdown cell per letter, a heading per term.

    Real Markdown headings (not cell output) give every term a link target that works before
    anything is run, in JupyterLab and in any notebook viewer.
    """
    content = content or _content.load()
    groups = by_letter(content)
    letters = " · ".join(f"[{letter}](#{letter})" for letter in groups)
    cells = [
        ("markdown", "# Glossary"),
        ("markdown", f"{_INTRO}\n\nJump to a letter: {letters}"),
        ("code", "from breast_cancer_course import lesson\n\nlesson.lookup()"),
    ]
    for letter, terms in groups.items():
        body = "\n\n".join(entry_markdown(t, content) for t in terms)
        cells.append(("markdown", f"## {letter}\n\n{body}"))
    cells.append(("markdown", f"---\n\n*{_GENERATED}*"))
    return notebook.notebook_json(cells, "glossary")


def write_notebook(path: Path, content: _content.Content | None = None) -> bool:
    """Write the glossary notebook; return True if the file changed."""
    text = notebook_text(content)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


# -- links from the lessons ----------------------------------------------------------

_LINK = re.compile(r"\]\(" + re.escape(NOTEBOOK_NAME) + r"#([^)\s]*)\)")
_TOKEN = re.compile(
    r"\[\*\*(?P<linked>[^\]]+?)\*\*\]\(" + re.escape(NOTEBOOK_NAME) + r"#(?P<anchor>[^)\s]*)\)"
    r"|\*\*(?P<bold>[^*]+?)\*\*"
)


def _used_before_taught(les, linked: set[str], content: _content.Content, rel: str) -> list[_content.Problem]:
    """A lesson's questions use no glossary term that a later lesson teaches, unless this lesson links it too."""
    from .checks import question_texts

    later = [
        t
        for t in content.glossary.values()
        if t.lesson in content.lessons and content.lessons[t.lesson].order > les.order and t.id not in linked
    ]
    problems = []
    for q in content.questions.get(les.id, {}).values():
        text = " ".join(words for _, words in question_texts(q))
        for term in later:
            name = term.term.split(" (")[0]
            # An abbreviation (WHO, GP, SEER) counts only in capitals: "who" is not the WHO.
            flags = 0 if name.isupper() else re.IGNORECASE
            if re.search(rf"\b{re.escape(name)}s?\b", text, flags):
                problems.append(
                    _content.Problem(
                        f"data/lessons/{les.id}.yaml",
                        f"'{q.id}'",
                        f"uses '{name}', which lesson {term.lesson} teaches later; define it in this lesson "
                        f"(link its first use to the glossary) or reword the question",
                    )
                )
    return problems


def link_problems(notebooks: Path, content: _content.Content | None = None) -> list[_content.Problem]:
    """What is wrong with the glossary links in the lesson notebooks, and with the glossary notebook.

    - every link to glossary.ipynb#ANCHOR must name a defined term;
    - every term a lesson teaches (its ``lesson:`` in data/glossary.yaml) is linked in that lesson;
    - the first time a lesson puts a glossary term in bold, that mention is the link
      (written ``[**word**](glossary.ipynb#ANCHOR)``);
    - notebooks/glossary.ipynb matches data/glossary.yaml.
    """
    content = content or _content.load()
    by_anchor = {t.anchor: t for t in content.glossary.values()}
    index = _index(content)
    problems: list[_content.Problem] = []
    for les in content.lessons_in_order():
        path = notebooks / les.file
        rel = f"notebooks/{les.file}"
        if not path.exists():
            problems.append(_content.Problem(rel, "", "lesson notebook not found"))
            continue
        try:
            cells = [(i, text) for i, kind, text in notebook.cell_sources(path) if kind == "markdown"]
        except _content.ContentError as exc:
            problems.extend(exc.problems)
            continue
        linked: set[str] = set()
        for i, text in cells:
            for anchor in _LINK.findall(text):
                if anchor not in by_anchor:
                    close = difflib.get_close_matches(anchor, list(by_anchor), n=1)
                    hint = f" (did you mean #{close[0]}?)" if close else ""
                    problems.append(
                        _content.Problem(
                            rel,
                            f"cell {i}",
                            f"links to glossary term '#{anchor}', which the glossary does not define{hint}",
                        )
                    )
            for token in _TOKEN.finditer(text):
                if token["anchor"] is not None:
                    term = by_anchor.get(token["anchor"])
                    if term is not None:
                        linked.add(term.id)
                    continue
                term = _find(index, _key(token["bold"]))
                if term is not None and term.id not in linked:
                    problems.append(
                        _content.Problem(
                            rel,
                            f"cell {i}",
                            f"first use of glossary term '{token['bold']}' is not linked; write "
                            f"[**{token['bold']}**]({NOTEBOOK_NAME}#{term.anchor})",
                        )
                    )
                    linked.add(term.id)
        problems += _used_before_taught(les, linked, content, rel)
        for term in content.glossary.values():
            if term.lesson == les.id and term.id not in linked:
                problems.append(
                    _content.Problem(
                        rel,
                        f"'{term.id}'",
                        f"is taught in this lesson (data/glossary.yaml) but never linked; link its "
                        f"first use as [**{term.heading}**]({NOTEBOOK_NAME}#{term.anchor})",
                    )
                )
    gpath = notebooks / NOTEBOOK_NAME
    if not gpath.exists() or gpath.read_text(encoding="utf-8") != notebook_text(content):
        problems.append(
            _content.Problem(
                f"notebooks/{NOTEBOOK_NAME}",
                "",
                "is out of date with data/glossary.yaml; run: python -m breast_cancer_course glossary",
            )
        )
    return problems
