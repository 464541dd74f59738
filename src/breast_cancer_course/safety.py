"""When to get help: the card, and the check that nothing in the course says otherwise.

``data/help.yaml`` puts every "when to get help" line of the course in one of four tiers, from "call 999
now" to "tell your team soon"; each line is a fact in ``data/facts.yaml`` (its words, source and review
dates).  This module turns them into what a learner reads, and checks the rest of the course against them:

- table ``when-to-get-help`` -- the card: every tier and line (lessons 07 and 08);
- table ``help-during-treatment`` -- the lines about cancer drug treatment (lesson 06's side effects);
- :func:`card_html` -- the card as its own page (``python -m breast_cancer_course handout``): it reads on a phone and
  prints on both sides of one A4 sheet, the groups that cannot wait on the front;
- :func:`working_note_problems` -- a maintainer's working note ("to be re-checked", "not verified") in anything
  a learner sees: a source is verified and cited, or the claim goes;
- :func:`urgency_problems` -- every sentence a learner sees (facts, glossary, lesson files, notebooks,
  figures, tables, explorers) that pairs a symptom with the words of a tier the symptom has no line in:
  ``validate`` fails on it, naming the file, the entry and both urgencies.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import checks, registry
from . import content as _content
from .notebook import cell_sources
from .text import NOT_ADVICE, Text

CARD = "when-to-get-help"
DURING_TREATMENT = "help-during-treatment"
HELP_TABLES = (CARD, DURING_TREATMENT)


def _data(data: _content.Content | None = None) -> _content.Content:
    data = data or _content.load()
    if data.help is None:
        raise _content.ContentError([_content.Problem(f"data/{_content.HELP_FILE}", "", "file is missing")])
    return data


def _sources(facts: list[Any]) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    for fact in facts:
        if (fact.source, fact.url) not in seen:
            seen.append((fact.source, fact.url))
    return seen


def card_text(treatment_only: bool = False, data: _content.Content | None = None) -> Text:
    """The card in Markdown and plain words: the number to write down, each tier with its lines, people to talk to.

    Tiers keep their numbers on the short list of lesson 06, which says which group it leaves out.
    """
    data = _data(data)
    helpdata = data.help
    assert helpdata is not None
    facts = data.facts
    md: list[str] = []
    plain: list[str] = []
    title = "If you are having cancer drug treatment: when to get help" if treatment_only else helpdata.title
    md += [f"**{title}**", "", f"*{helpdata.intro}*", ""]
    plain += [title.upper(), helpdata.intro]
    shown = []
    if not treatment_only:
        blanks = [helpdata.alert_card, *([helpdata.my_drugs] if helpdata.my_drugs else [])]
        for blank in blanks:
            md += [f"**{blank}** ____________________", ""]
            plain.append(f"{blank} ____________________")
    if helpdata.no_line:
        shown.append(facts[helpdata.no_line])
        md += [facts[helpdata.no_line].sentence(), ""]
        plain.append(facts[helpdata.no_line].sentence())
    tiers = [
        (n, t, [ln for ln in t.lines if ln.treatment or not treatment_only]) for n, t in enumerate(helpdata.tiers, 1)
    ]
    left_out = [f"{n} ({t.title.split(':')[0].split(' (')[0].lower()})" for n, t, ls in tiers if not ls]
    for n, tier, lines in ((n, t, ls) for n, t, ls in tiers if ls):
        said = [facts[line.fact] for line in lines]
        shown += said
        extra = " ".join(x for x in (tier.also, tier.us) if x)
        md += [f"**{n}. {tier.title}.** {extra}", ""]
        md += [f"- {fact.sentence()}" for fact in said] + [""]
        plain += ["", f"{n}. {tier.title.upper()}. {extra}"] + [f"- {fact.sentence()}" for fact in said]
    talk = [facts[f] for f in helpdata.card_talk]
    if talk:
        shown += talk
        md += ["**Frightened or overwhelmed, at any hour:**", ""] + [f"- {f.sentence()}" for f in talk] + [""]
        plain += ["", "FRIGHTENED OR OVERWHELMED, AT ANY HOUR:"] + [f"- {f.sentence()}" for f in talk]
    if treatment_only:
        gap = f" Group {' and '.join(left_out)} has no lines about drug treatment." if left_out else ""
        whole = f"The numbers are the whole card's.{gap} The whole card, with the signs of cancer that has spread, is in lesson 07."
        md += [whole, ""]
        plain += ["", whole]
    cited = "; ".join(f"[{source}]({url})" for source, url in _sources(shown))
    md.append(f"*Sources: {cited}.*")
    plain.append("Sources: " + "; ".join(f"{source} ({url})" for source, url in _sources(shown)) + ".")
    return Text("\n".join(md), "\n".join(plain))


@registry.table(CARD)
def when_to_get_help() -> Text:
    """The card: every tier of urgency and its lines, with their sources."""
    return card_text()


@registry.table(DURING_TREATMENT)
def help_during_treatment() -> Text:
    """The card's lines about cancer drug treatment, for the side effects of lesson 06."""
    return card_text(treatment_only=True)


CARD_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 1.1rem;
  line-height: 1.45; color: #111; background: #fff; max-width: 42em; margin: 0 auto; padding: 1em; }
h1 { font-size: 1.7em; margin: 0.2em 0 0.3em; }
.intro { font-style: italic; margin: 0 0 0.8em; }
section { border: 3px solid #333; border-radius: 8px; padding: 0.3em 0.9em 0.4em; margin: 0 0 0.7em; }
section.tier-1 { border-color: #B00020; }
section.tier-2 { border-color: #C85200; border-style: solid; }
section.tier-3 { border-color: #0072B2; border-style: dashed; }
section.tier-4 { border-color: #555; border-style: dotted; }
section.talk { border: 1px solid #999; }
.no-line { font-weight: bold; }
h2 { font-size: 1.15em; margin: 0.3em 0 0.2em; }
h2 .n { display: inline-block; min-width: 1.4em; }
.also { margin: 0 0 0.3em; color: #111; font-style: italic; }
ul { margin: 0.2em 0 0.2em 1.1em; padding: 0; }
li { margin: 0.15em 0; }
.number { font-weight: bold; margin: 0.8em 0; }
.number span { display: inline-block; min-width: 12em; border-bottom: 1px solid #000; }
.sources { font-size: 0.92em; color: #333; overflow-wrap: anywhere; }
a { color: #0645ad; overflow-wrap: anywhere; }
@media print {
  /* One A4 sheet, printed on both sides: the front holds the two groups that cannot wait. */
  @page { size: A4; margin: 9mm; }
  body { font-size: 8.6pt; max-width: none; padding: 0; line-height: 1.15; }
  main { column-count: 2; column-gap: 5mm; }
  h1, .intro, .number, .no-line, section.tier-3 { column-span: all; }
  section.tier-3 { break-before: page; }
  h1 { font-size: 15pt; margin: 0 0 1mm; }
  .intro, .no-line { margin: 0 0 1.5mm; }
  .number { margin: 0.5mm 8mm 0.5mm 0; display: inline-block; white-space: nowrap; }
  .number span { min-width: 30mm; }
  h2 { font-size: 10.5pt; margin: 0.5mm 0; }
  section { margin: 0 0 2mm; padding: 0.5mm 2.5mm 1mm; border-width: 2px; break-inside: avoid; }
  h2 { break-after: avoid; }
  ul { margin-left: 4mm; }
  li { margin: 0.2mm 0; break-inside: avoid; }
  .sources { font-size: 6.5pt; line-height: 1.15; }
  .sources .url { display: none; }
  a { color: inherit; text-decoration: none; }
}
""".strip()


LONG_GROUP = 13  # more lines than this, and the printed card splits a group into two titled boxes

_PHONE = re.compile(r"(?<![\w.])(999|911|111|988|116 123)(?![\w.])")


def _tel(escaped: str) -> str:
    """Emergency numbers as links a phone can call."""
    return _PHONE.sub(lambda m: f'<a href="tel:{m.group(1).replace(" ", "")}">{m.group(1)}</a>', escaped)


def card_html(data: _content.Content | None = None) -> str:
    """The card as a self-contained page that reads on a phone and prints on both sides of one A4 sheet."""
    data = _data(data)
    helpdata = data.help
    assert helpdata is not None
    e = html.escape
    parts = [
        f"<h1>{e(helpdata.title)}</h1>",
        f'<p class="intro">{e(helpdata.intro)}</p>',
        f'<p class="number">{e(helpdata.alert_card)} <span>&nbsp;</span></p>',
        *([f'<p class="number">{e(helpdata.my_drugs)} <span>&nbsp;</span></p>'] if helpdata.my_drugs else []),
    ]
    shown = []
    if helpdata.no_line:
        shown.append(data.facts[helpdata.no_line])
        parts.append(f'<p class="no-line">{_tel(e(data.facts[helpdata.no_line].sentence()))}</p>')
    for n, tier in enumerate(helpdata.tiers, 1):
        shown += [data.facts[line.fact] for line in tier.lines]
        extra = " ".join(x for x in (tier.also, tier.us) if x)
        # A long group is printed as two boxes, each with the group's heading, so that a box continued in the
        # next column is never without one: its lines for anyone first, then those about drug treatment.
        boxes = [list(tier.lines)]
        if len(tier.lines) > LONG_GROUP:
            boxes = [[ln for ln in tier.lines if not ln.treatment], [ln for ln in tier.lines if ln.treatment]]
        for k, lines in enumerate(box for box in boxes if box):
            items = "".join(f"<li>{e(data.facts[line.fact].sentence())}</li>" for line in lines)
            hid = f"tier-{n}" + (f"-{k}" if k else "")
            parts.append(
                f'<section class="tier-{n}" aria-labelledby="{hid}"><h2 id="{hid}"><span class="n">{n}.</span>'
                f"{_tel(e(tier.title))}{' (continued)' if k else ''}</h2>"
                + ("" if k else f'<p class="also">{_tel(e(extra))}</p>')
                + f"<ul>{items}</ul></section>"
            )
    talk = [data.facts[f] for f in helpdata.card_talk]
    if talk:
        shown += talk
        items = "".join(f"<li>{_tel(e(f.sentence()))}</li>" for f in talk)
        parts.append(f'<section class="talk"><h2>Frightened or overwhelmed, at any hour</h2><ul>{items}</ul></section>')
    parts.append(f"<p>{e(NOT_ADVICE)}</p>")
    # On paper only the organisations are named (their pages are on screen): the card must stay one sheet.
    cited = "; ".join(
        f'{e(source.split(",")[0])}<span class="url">{e(source[len(source.split(",")[0]) :])}, '
        f'<a href="{e(url)}">{e(url)}</a></span>'
        for source, url in _sources(shown)
    )
    parts.append(f'<p class="sources">Sources: {cited}.</p>')
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(helpdata.title)}</title>\n<style>\n{CARD_CSS}\n</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(parts)
        + "\n</main>\n</body>\n</html>\n"
    )


# -- the check: nothing in the course contradicts the card ----------------------------------------------------

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def sentences(text: str) -> list[str]:
    """Plain sentences of some Markdown or HTML: links keep their words, markup goes."""
    text = _TAG.sub(" ", _LINK.sub(r"\1", text))
    text = html.unescape(text).replace("*", "").replace("#", " ").replace(">", " ")
    return [s.strip(" -☐\t") for s in _SENTENCE_END.split(text) if s.strip(" -☐\t")]


def _question_strings(node: Any) -> Iterator[str]:
    """Every string of a question a learner may read, except the words of a wrong option (a misconception)."""
    if isinstance(node, dict):
        is_wrong = node.get("correct") is False and "text" in node and "feedback" in node
        for key, value in node.items():
            if key in ("id", "kind", "lesson", "facts", "misconception", "objective", "category", "answer"):
                continue
            if key == "text" and is_wrong:
                continue
            yield from _question_strings(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _question_strings(value)
    elif isinstance(node, str):
        yield node


def learner_texts(
    data: _content.Content, repo: Path | None, include_card: bool = False
) -> Iterator[tuple[str, str, str]]:
    """(file, entry, text) for everything a learner reads (the card's own words only with include_card)."""
    base = data.root.name
    help_facts = {line.fact for _, line in data.help.lines()} if data.help and not include_card else set()
    for fact in data.facts.values():
        if fact.id not in help_facts:
            yield f"{base}/facts.yaml", f"'{fact.id}'", fact.sentence()
    for term in data.glossary.values():
        yield f"{base}/glossary.yaml", f"'{term.id}'", term.definition
    for les in data.lessons.values():
        rel = f"{base}/lessons/{les.id}.yaml"
        for n, text in enumerate(les.objectives, 1):
            yield rel, f"objectives {n}", text
        for n, text in enumerate(les.key_points, 1):
            yield rel, f"key_points {n}", _content.render_text(text, data.facts)
        notes = les.notes.model_dump()
        for key, value in notes.items():
            for text in _question_strings(value):
                yield rel, f"instructor: {key}", text
        for qid, q in data.questions.get(les.id, {}).items():
            for text in _question_strings(q.model_dump()):
                yield rel, f"'{qid}'", _content.render_text(text, data.facts)
    if repo is None:
        return
    notebooks = repo / "notebooks"
    if notebooks.is_dir():
        for path in sorted(notebooks.glob("*.ipynb")):
            for i, kind, source in cell_sources(path):
                if kind == "markdown":
                    yield f"notebooks/{path.name}", f"cell {i}", source
    figures = repo / "figures"
    if figures.is_dir():
        for path in sorted(figures.glob("*.txt")):
            yield f"figures/{path.name}", "", path.read_text(encoding="utf-8")
        for path in sorted(figures.glob("*.table.json")):
            if path.name.removesuffix(".table.json") in HELP_TABLES and not include_card:
                continue
            yield f"figures/{path.name}", "", json.loads(path.read_text(encoding="utf-8")).get("markdown", "")
        for path in sorted(figures.glob("*.explorer.json")):
            yield f"figures/{path.name}", "", " ".join(_strings(json.loads(path.read_text(encoding="utf-8"))))


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str) and not node.startswith(("data:", "iVBOR")):
        yield node


def urgency_problems(data: _content.Content, repo: Path | None = None) -> list[_content.Problem]:
    """Every sentence that says a symptom needs a different urgency from the card's."""
    helpdata = data.help
    if helpdata is None:
        return []
    symptoms = {sid: checks.symptom_pattern(words) for sid, words in helpdata.symptoms.items()}
    allowed = {sid: set(helpdata.tiers_of(sid)) for sid in symptoms}
    word_tiers: dict[str, set[str]] = {}  # a word may say several tiers ("at once": 999, or the 24-hour line)
    for tier in helpdata.tiers:
        for word in tier.words:
            word_tiers.setdefault(word.lower(), set()).add(tier.id)
    said_pattern = checks.urgency_pattern(word_tiers)
    titles = {tier.id: tier.title for tier in helpdata.tiers}
    problems = []
    for file, entry, text in learner_texts(data, repo):
        for sentence in sentences(text):
            said = {m.group(0).lower() for m in said_pattern.finditer(sentence)}
            if not said:
                continue
            for sid, pattern in symptoms.items():
                named = pattern.search(sentence)
                if named is None:
                    continue
                wrong = sorted(word for word in said if not word_tiers[word] & allowed[sid])
                if not wrong:
                    continue
                short = sentence if len(sentence) <= 90 else sentence[:87] + "..."
                words = " and ".join(f'"{word}"' for word in wrong)
                problems.append(
                    _content.Problem(
                        file,
                        entry,
                        f'"{short}" says {words} about "{named.group(0)}", but data/{_content.HELP_FILE} '
                        f"puts it under: {'; '.join(titles[t] for t in helpdata.tiers_of(sid))}. "
                        "Say that, or point to the card instead.",
                    )
                )
    return problems


# Words that belong in a fact's note: for maintainers, never for a learner.
WORKING_NOTE = re.compile(
    r"re-?check(?:ed)?\b|\bnot (?:yet )?verified\b|\bunverified\b|\bseen (?:only )?in (?:a |an )?(?:summary|copy|mirror)"
    r"|\bto be confirmed\b|\bTODO\b|\bFIXME\b|\bnot (?:re-)?seen\b",
    re.IGNORECASE,
)


def working_note_problems(data: _content.Content, repo: Path | None = None) -> list[_content.Problem]:
    """Every place a learner would read a working note about a source."""
    problems = []
    for file, entry, text in learner_texts(data, repo, include_card=True):
        found = WORKING_NOTE.search(text)
        if found:
            at = max(found.start() - 40, 0)
            problems.append(
                _content.Problem(
                    file,
                    entry,
                    f'a learner would read the working note "{found.group(0)}" ("...{text[at : found.end() + 20]}..."); '
                    "verify and cite the source, or leave the claim out",
                )
            )
    return problems
