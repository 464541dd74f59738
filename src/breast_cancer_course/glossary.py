"""The glossary at hand: look a word up without leaving the lesson, or read them all.

    from breast_cancer_course import glossary
    glossary.lookup("her2")      # -> (term or None, suggestions)
    glossary.widget()            # a search box: type or pick a word, read its meaning
    glossary.show_all()          # every term, A to Z (notebooks/glossary.ipynb)
"""

from __future__ import annotations

import difflib
import html
import re

from . import content as _content
from .lesson import Text


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def _names(term: _content.GlossaryTerm) -> list[str]:
    """The ways a learner may type a term: its id, its full name, and the parts of 'X (Y)' and 'X / Y'."""
    names = {term.id.replace("-", " "), term.term}
    for part in re.split(r"[()/,]", term.term):
        if part.strip():
            names.add(part.strip())
    return sorted(names)


def lookup(text: str, content: _content.Content | None = None):
    """Find a glossary term by any of its names (case and punctuation ignored)."""
    content = content or _content.load()
    wanted = _key(str(text or ""))
    if not wanted:
        return None, []
    index = {_key(name): term for term in content.glossary.values() for name in _names(term)}
    if wanted in index:
        return index[wanted], []
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
        parts.append(f'<p>Taught in <a href="{html.escape(les.file)}">Lesson {les.id}: {html.escape(les.title)}</a>.</p>')
    return "".join(parts)


def widget():
    """A search box with suggestions; the meaning shows underneath."""
    import ipywidgets as widgets

    from ._frontend import KeyboardShield

    content = _content.load()
    terms = sorted(content.glossary.values(), key=lambda t: t.term.casefold())
    box = widgets.Combobox(
        options=[t.term for t in terms], placeholder="type a word, e.g. HER2", description="Look up a word:",
        ensure_option=False, continuous_update=False, style={"description_width": "initial"},
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
            hint = f" Did you mean: {', '.join(close)}?" if close else " Try another spelling, or open the glossary notebook."
            answer.value = f'<p role="status" style="line-height:1.45">No glossary entry for “{html.escape(text)}”.{html.escape(hint)}</p>'

    box.observe(show, names="value")
    panel = widgets.VBox([box, answer, KeyboardShield()])
    panel.add_class("glossary-widget")
    return panel


def all_terms_text(content: _content.Content | None = None) -> Text:
    """Every term A to Z, each under its own heading so that lessons can link to it."""
    content = content or _content.load()
    md, plain = [], []
    for term in sorted(content.glossary.values(), key=lambda t: t.term.casefold()):
        related = [content.glossary[r].term for r in term.related if r in content.glossary]
        md += [f"### {term.term}", "", term.definition]
        plain += [term.term, f"  {term.definition}"]
        extra = []
        if related:
            extra.append(f"Related: {', '.join(related)}.")
        if term.lesson and term.lesson in content.lessons:
            les = content.lessons[term.lesson]
            extra.append(f"Taught in [Lesson {les.id}: {les.title}]({les.file}).")
        if extra:
            md += ["", " ".join(extra)]
            plain.append("  " + " ".join(extra))
        md.append("")
    return Text("\n".join(md), "\n".join(plain))


def show_all() -> None:
    from IPython.display import display

    display(all_terms_text())


def show() -> None:
    """Display the look-up widget."""
    from IPython.display import display

    display(widget())
