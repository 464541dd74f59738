"""Offline handouts and the answer key: complete, self-contained, and readable in a real browser."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from breast_cancer_course import content, handout, lesson, notebook, quiz, registry

from . import browser_support as bs
from .conftest import NOTEBOOKS, run_cli

LESSONS = content.load().lessons_in_order()
IDS = [les.id for les in LESSONS]
SCREENSHOTS = bs.ARTIFACTS / "handouts"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every handout and the answer key, written once through the command line."""
    out = tmp_path_factory.mktemp("build")
    result = run_cli("handout", "--out", str(out / "handouts"))
    assert result.returncode == 0, result.stdout + result.stderr
    result = run_cli("answer-key", "--out", str(out / "answer-key"))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def handout_path(built, les) -> Path:
    return built / "handouts" / les.file.replace(".ipynb", ".html")


# -- reading HTML --------------------------------------------------------------------------------


class Page(HTMLParser):
    """What the tests need from a page: tags with their attributes, the visible text, image alts."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.words: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data):
        self.words.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.words).split())

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for t, attrs in self.tags if t == tag]


def external_resources(text: str) -> list[str]:
    """src/href of script, style, img and link tags that point off the page (anything but data: or relative)."""
    found = []
    for tag, attrs in Page(text).tags:
        if tag in ("script", "style", "img", "link", "source", "iframe"):
            for key in ("src", "href", "srcset"):
                value = attrs.get(key, "").strip()
                if value and re.match(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)", value) and not value.startswith("data:"):
                    found.append(f"<{tag} {key}={value!r}>")
    return found


def flat(text: str) -> str:
    return " ".join(text.split())


def test_external_resource_check_works():
    planted = '<p>ok <a href="https://example.org/">a source link is fine</a></p><img src="https://example.org/x.png" alt="x">'
    assert external_resources(planted) == ["<img src='https://example.org/x.png'>"]
    assert external_resources('<link rel="stylesheet" href="//cdn.example.org/a.css">')
    assert not external_resources('<img src="data:image/png;base64,AAAA" alt="x"><a href="x.html">x</a>')


# -- every call in every notebook has a static form -------------------------------------------------
# (that every lesson call has a handout equivalent is tests/test_lesson.py's table check)


@pytest.mark.parametrize(
    "code, words",
    [
        ('les.frobnicate("01")', "les.frobnicate() is not a lesson call"),
        ("les.figure(name)", "text in quotes"),
        ("les.quiz()", "takes 1 argument"),
        ('les.quiz("no-such-question")', "No question 'no-such-question'"),
        ('les.figure("no-such-figure")', "no-such-figure"),
        ('print(open("x").read())', "is not a lesson call"),
    ],
)
def test_a_cell_without_a_handout_form_names_notebook_and_cell(tmp_path, code, words):
    import nbformat
    import nbformat.v4 as nbf

    nb = nbf.new_notebook(
        cells=[
            nbf.new_markdown_cell("# A lesson"),
            nbf.new_code_cell('from breast_cancer_course import lesson\n\nles = lesson.start("01")'),
            nbf.new_code_cell(code),
        ]
    )
    path = tmp_path / "99_new_lesson.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    with pytest.raises(content.ContentError) as caught:
        handout.notebook_html(path, "A lesson")
    message = str(caught.value)
    assert message.startswith("notebooks/99_new_lesson.ipynb: cell 2: "), message
    assert words in message
    assert len(message.splitlines()) == 1


# -- the handouts ----------------------------------------------------------------------------------


def expected_alts(les) -> set[str]:
    """The alt text of every figure the lesson's notebook shows, worked out from its calls."""
    alts = set()
    for _, kind, source in notebook.cell_sources(NOTEBOOKS / les.file):
        if kind != "code":
            continue
        for st in lesson.parse_cell(source):
            if st.name == "figure":
                alts.add(registry.make_figure(st.args[0]).alt_text)
            elif st.name == "explore":
                alts |= {img["alt"] for img in Page(registry.make_explorer(st.args[0]).static_html(set())).all("img")}
    return alts


def lesson_questions(les) -> list[quiz.Question]:
    if les.review:
        return quiz.review_questions(les.id)
    return [q for q in quiz.bank() if q.lesson == les.id]


@pytest.mark.parametrize("les", LESSONS, ids=IDS)
def test_handout_is_complete(built, les):
    path = handout_path(built, les)
    assert path.is_file(), f"no handout for lesson {les.id}"
    text = path.read_text(encoding="utf-8")
    page = Page(text)
    words = page.text
    questions = lesson_questions(les)
    assert questions or les.id == "00"
    for q in questions:
        assert flat(q.prompt) in words, f"question {q.lesson}/{q.id} is missing"
        assert flat(handout.answer_only(q)) in words, f"the answer to {q.lesson}/{q.id} is missing"
    assert text.count("<summary>Show the answer</summary>") == len(questions)
    alts = {img["alt"] for img in page.all("img")}
    missing = expected_alts(les) - alts
    assert not missing, f"figures missing from the handout: {missing}"
    assert all(len(img["alt"]) > 40 for img in page.all("img")), "every image has real alt text"
    assert text.count("<figcaption") == len(page.all("img"))
    facts = content.load().facts
    assert flat(content.render_text(les.key_points[0], facts)) in words, "the footer's key points are there"
    assert flat(les.objectives[0]) in words, "the header is there"


@pytest.mark.parametrize("les", LESSONS, ids=IDS)
def test_handout_is_self_contained(built, les):
    text = handout_path(built, les).read_text(encoding="utf-8")
    page = Page(text)
    assert "<script" not in text.lower()
    assert external_resources(text) == []
    assert len(page.all("style")) == 1, "one inline <style> block"
    assert page.all("html")[0].get("lang") == "en"
    assert len(page.all("h1")) == 1
    assert re.search(r"<title>[^<]+</title>", text)
    assert '.ipynb"' not in text and ".ipynb#" not in text, "links to notebooks point at handouts"


def test_links_between_handouts_resolve(built):
    folder = built / "handouts"
    glossary = Page((folder / "glossary.html").read_text(encoding="utf-8"))
    ids = [attrs["id"] for _, attrs in glossary.tags if "id" in attrs]
    assert len(ids) == len(set(ids)), "ids in the glossary are unique"
    for term in content.load().glossary.values():
        assert term.anchor in ids, f"glossary.html has no heading with id {term.anchor!r}"
    broken = []
    for path in sorted(folder.glob("*.html")):
        targets = {}
        for a in Page(path.read_text(encoding="utf-8")).all("a"):
            href = a.get("href", "")
            if not href or re.match(r"^[a-z]+:", href):
                continue
            file, _, anchor = href.partition("#")
            target = folder / file if file else path
            if not target.is_file():
                broken.append(f"{path.name}: {href}")
                continue
            if anchor:
                if target not in targets:
                    targets[target] = {
                        attrs["id"] for _, attrs in Page(target.read_text(encoding="utf-8")).tags if "id" in attrs
                    }
                if anchor not in targets[target]:
                    broken.append(f"{path.name}: {href}")
    assert not broken, broken


def test_handout_command_for_some_lessons_and_a_bad_one(tmp_path):
    result = run_cli("handout", "03", "--out", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "03_invasive_vs_metastatic.html",
        "glossary.html",
        "when-to-get-help.html",
    ]
    bad = run_cli("handout", "42", "--out", str(tmp_path / "x"))
    assert bad.returncode == 1
    assert bad.stdout.strip().startswith("error: no lesson '42'")
    assert "Traceback" not in bad.stdout + bad.stderr


# -- the answer key ---------------------------------------------------------------------------------


def test_answer_key_covers_every_question(built):
    md = (built / "answer-key" / "answer-key.md").read_text(encoding="utf-8")
    page_text = (built / "answer-key" / "answer-key.html").read_text(encoding="utf-8")
    words = Page(page_text).text
    bank = quiz.bank()
    assert len(bank) == sum(len(qs) for qs in content.load().questions.values())
    for q in bank:
        answer = flat(re.sub(r"^The answer(, in order)?: ", "", handout.answer_only(q)))
        assert flat(q.prompt) in words, f"{q.lesson}/{q.id}: prompt missing from answer-key.html"
        assert answer.casefold() in words.casefold(), f"{q.lesson}/{q.id}: answer missing from answer-key.html"
        assert f"`{q.lesson}/{q.id}`" in md
        assert flat(q.explanation) in words
        for fact in q.sources():
            assert fact.url in md and fact.source in words
    for les in LESSONS:
        if any(q.lesson == les.id for q in bank):
            assert f"Lesson {les.id}: {les.title}" in words
    assert "<script" not in page_text.lower()
    assert external_resources(page_text) == []
    assert len(Page(page_text).all("h1")) == 1


# -- in a real browser, offline ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(playwright_session):
    chromium = playwright_session.chromium.launch(
        executable_path=bs.find_chromium(), headless=True, args=bs.CHROMIUM_ARGS
    )
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.mark.parametrize("les", LESSONS, ids=IDS)
def test_handout_renders_offline_in_chromium(built, browser, les):
    path = handout_path(built, les)
    blocked: list[str] = []

    def only_files(route):
        url = route.request.url
        if url.startswith(("file://", "data:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context = browser.new_context(viewport={"width": 1000, "height": 1300}, offline=True)
    try:
        page = context.new_page()
        page.route("**/*", only_files)
        page.goto(path.as_uri(), wait_until="load")
        images = page.evaluate("() => [...document.images].map(i => ({alt: i.alt, w: i.naturalWidth, ok: i.complete}))")
        assert blocked == [], f"the handout tried to reach the network: {blocked}"
        assert all(i["ok"] and i["w"] > 0 for i in images), [i["alt"][:40] for i in images if not i["w"]]
        assert page.locator("h1").count() == 1
        details = page.locator("details")
        assert all(not d.evaluate("d => d.open") for d in details.all()), "answers start folded"
        if details.count():
            details.first.locator("summary").click()
            assert details.first.evaluate("d => d.open"), "a click opens an answer"
            details.first.locator("summary").click()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = page.locator("figure").first if images else page.locator("h1")
        target.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"{path.stem}.png"))
    finally:
        context.close()


PHONE_REPORT = """() => {
  const visible = e => !!(e.offsetParent || e.getClientRects().length);
  const width = document.documentElement.clientWidth;
  const words = [...document.querySelectorAll('p, li, td, th, summary, figcaption, nav, label, h1, h2, h3')]
      .filter(e => visible(e) && e.innerText.trim());
  const inScroller = e => { const t = e.closest('table'); return !!t && getComputedStyle(t).overflowX === 'auto'; };
  return {
    sideways: document.documentElement.scrollWidth - width,
    smallText: words.map(e => [parseFloat(getComputedStyle(e).fontSize), e.innerText.slice(0, 40)])
        .filter(([size]) => size < 16).slice(0, 5),
    clipped: words.filter(e => !inScroller(e) && e.getBoundingClientRect().right > width + 1)
        .map(e => e.innerText.slice(0, 40)).slice(0, 5),
    wideImages: [...document.images].filter(i => i.getBoundingClientRect().right > width + 1).length,
    smallTargets: [...document.querySelectorAll('summary, button, input, select')].filter(visible)
        .map(e => [e.getBoundingClientRect(), e.innerText.slice(0, 30)])
        .filter(([r]) => r.width < 24 || r.height < 24).map(([r, t]) => [t, r.width, r.height]).slice(0, 5),
  };
}"""


@pytest.mark.parametrize("les", LESSONS, ids=IDS)
def test_handout_reads_on_a_phone(built, browser, les):
    """The reader's phone checks, offline: no sideways scrolling, figures fit, text >= 16 px, targets >= 24 px."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, offline=True)
    try:
        page = context.new_page()
        page.goto(handout_path(built, les).as_uri(), wait_until="load")
        report = page.evaluate(PHONE_REPORT)
        if les.id == LESSONS[0].id:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"phone-{handout_path(built, les).stem}.png"))
    finally:
        context.close()
    assert report["sideways"] <= 0, "the page scrolls sideways on a phone"
    assert report["wideImages"] == 0, "every figure fits the phone's width"
    assert report["clipped"] == [], "no text runs off the right edge"
    assert report["smallText"] == [], "text is at least 16 px"
    assert report["smallTargets"] == [], "every control is at least 24 by 24 px"


def test_the_card_prints_on_one_sheet_and_reads_on_a_phone(built, browser):
    """The card "When to get help": one A4 sheet printed on both sides, the urgent groups on the front; and the
    phone checks of every handout."""
    path = built / "handouts" / handout.CARD_PAGE
    context = browser.new_context(viewport={"width": 390, "height": 844}, offline=True)
    try:
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="load")
        report = page.evaluate(PHONE_REPORT)
        calls = page.locator('a[href="tel:999"]').count()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "phone-when-to-get-help.png"), full_page=True)
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        untitled = page.evaluate(
            "() => [...document.querySelectorAll('section')].filter(s => !s.querySelector('h2')).map(s => s.className)"
        )
        # What starts a new page when printed: only group 3, so groups 1 and 2 are on the front.
        front = page.evaluate(
            """() => [...document.querySelectorAll('section[class^="tier-"]')]
                 .filter(s => !s.previousElementSibling || getComputedStyle(s).breakBefore !== 'page')
                 .map(s => s.className)
                 .slice(0, [...document.querySelectorAll('section[class^="tier-"]')]
                     .findIndex(s => getComputedStyle(s).breakBefore === 'page'))"""
        )
        (SCREENSHOTS / "when-to-get-help.pdf").write_bytes(pdf)
    finally:
        context.close()
    assert report["sideways"] <= 0 and report["clipped"] == [] and report["smallText"] == [], report
    assert calls >= 1, "999 is a number a phone can call from the card"
    pages = re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)
    assert len(pages) == 2, f"the card prints on {len(pages)} A4 pages, not the two sides of one sheet"
    assert sorted(set(front)) == ["tier-1", "tier-2"], (
        f"the front of the sheet holds the groups that cannot wait, not {front}"
    )
    assert untitled == [], "every printed box starts with its group's heading"
