"""Front-end helpers: the quiz widget, and small invisible widgets for the explorers and the reader.

``QuizWidget``: one question drawn by the page (an anywidget) -- its controls, buttons and feedback --
with one widget model per question.  The page keeps the learner's answer and sends it with Check; every
judgement and message comes from the kernel (:mod:`.quiz_view`, :mod:`.quiz`).

``KeyboardShield``: in JupyterLab, single keys such as ``d d`` (delete cell), ``m``
(make Markdown) or ``x`` (cut cell) act on the notebook whenever focus is not in a
text box -- including when a learner has tabbed to a button or a drop-down of an explorer.  Lumino skips
shortcut handling for any element inside one marked ``data-lm-suppress-shortcuts`` -- but it tests the
focused element itself first, so the mark must be on the control that has focus.  ipywidgets cannot set
attributes, so this tiny anywidget marks every control in its output area as it receives focus.  (The
quiz widget marks its own controls.)

``READER_STYLE``: rules for the reader (Voila marks its page ``body[data-voila]``, so JupyterLab is untouched):
text of at least 16 px and controls of at least 24 by 24 px, the phone checks of WCAG 2.2 (target size).
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

_SHIELD_ESM = """
function render({ el }) {
  el.style.display = "none";
  let tries = 0;
  const mark = () => {
    const area = el.closest(".jp-OutputArea-output") || el.closest(".widget-vbox");
    if (area) {
      // Lumino matches the focused element itself against the command-mode selector before it
      // looks at ancestors, so the focused control must carry the attribute: mark each control
      // as it receives focus (controls re-rendered later are marked too).
      area.setAttribute("data-lm-suppress-shortcuts", "true");
      area.classList.add("course-keyboard-shield");
      area.addEventListener("focusin", (event) => {
        event.target.setAttribute("data-lm-suppress-shortcuts", "true");
      });
      return;
    }
    if (tries++ < 100) setTimeout(mark, 50);
  };
  mark();
}
export default { render };
"""


_READER_SUPPORT_ESM = """
function render({ el }) {
  el.style.display = "none";
  // The reader shuts a lesson's kernel when its page is left, with a request that must carry the page's
  // _xsrf cookie; Voila 0.5 does not always set one, and the request is then refused and the kernel
  // lives on. A random token set here, on this site only, lets the request through (double-submit).
  if (!document.body || !document.body.hasAttribute("data-voila")) return;
  // On a phone a wide table scrolls inside its own box (READER_STYLE); a keyboard user must be able to
  // reach that box to scroll it, so each such table takes focus.
  for (const table of document.querySelectorAll(".jp-OutputArea-output table")) {
    if (!table.hasAttribute("tabindex")) table.setAttribute("tabindex", "0");
  }
  if (/(^|;\\s*)_xsrf=/.test(document.cookie)) return;
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  const token = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  document.cookie = "_xsrf=" + token + "; path=/; SameSite=Strict";
}
export default { render };
"""


class ReaderSupport(anywidget.AnyWidget):
    """Invisible; in the reader only: makes sure a left page's kernel is shut down, and lets the keyboard reach
    tables that scroll in their own box (see the ESM above)."""

    _esm = traitlets.Unicode(_READER_SUPPORT_ESM).tag(sync=True)


_ON_SHOW_ESM = """
function render({ model, el }) {
  el.style.display = "none";
  model.send({ event: "shown" });
}
export default { render };
"""


class OnShow(anywidget.AnyWidget):
    """Invisible; runs ``callback()`` in the kernel each time the page draws it.

    For what depends on the learner's saved answers (the course map): a page the reader prepared before
    the learner arrived, or a tab left open while the learner answered elsewhere, would otherwise show
    the answers as they were then.
    """

    _esm = traitlets.Unicode(_ON_SHOW_ESM).tag(sync=True)

    def __init__(self, callback, **kwargs):
        super().__init__(**kwargs)
        self._callback = callback
        self.on_msg(self._handle_message)

    def _handle_message(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("event") == "shown":
            self._callback()


class KeyboardShield(anywidget.AnyWidget):
    """An invisible widget that stops notebook shortcuts inside its output area."""

    _esm = traitlets.Unicode(_SHIELD_ESM).tag(sync=True)


READER_STYLE = """<style>
body[data-voila] { font-size: 16px; }
body[data-voila] .jp-RenderedHTMLCommon, body[data-voila] .jp-RenderedMarkdown,
body[data-voila] .jp-RenderedHTMLCommon p, body[data-voila] .jp-RenderedHTMLCommon li,
body[data-voila] .jp-RenderedHTMLCommon td, body[data-voila] .jp-RenderedHTMLCommon th,
body[data-voila] .jupyter-widgets, body[data-voila] .widget-label, body[data-voila] .widget-html-content,
body[data-voila] .jupyter-widgets label, body[data-voila] .jupyter-widgets button,
body[data-voila] .jupyter-widgets select, body[data-voila] .jupyter-widgets input { font-size: 16px; }
body[data-voila] .jupyter-widgets button, body[data-voila] .jupyter-widgets select,
body[data-voila] .jupyter-widgets input[type=text] { min-height: 32px; min-width: 24px; }
body[data-voila] .jupyter-widgets input[type=radio], body[data-voila] .jupyter-widgets input[type=checkbox] {
  width: 24px; height: 24px; min-width: 24px; }
body[data-voila] .widget-radio-box label, body[data-voila] .widget-checkbox label { min-height: 24px; }
body[data-voila] .jupyter-widgets, body[data-voila] .widget-vbox, body[data-voila] .widget-hbox,
body[data-voila] .widget-html, body[data-voila] .widget-html-content { max-width: 100%; min-width: 0; }
body[data-voila] .widget-html-content { white-space: normal; overflow-wrap: anywhere; }
body[data-voila] .widget-toggle-buttons { flex-wrap: wrap; height: auto; }
body[data-voila] .jp-OutputArea-output table { display: block; max-width: 100%; overflow-x: auto; }
body[data-voila] .jp-OutputArea-output td, body[data-voila] .jp-OutputArea-output th { white-space: normal; }
body[data-voila] .jp-RenderedImage img, body[data-voila] .jp-OutputArea-output img,
body[data-voila] figure img { max-width: 100%; height: auto; }
</style>"""


# -- the quiz --------------------------------------------------------------------------------------------

_QUIZ_ESM = r"""
const NO_REPLY_READER =
  "⚠ No reply from this page yet. If nothing happens, reload the page: your saved answers stay.";
const NO_REPLY_LAB =
  "⚠ No reply from this lesson yet. If nothing happens, choose Kernel, then Restart Kernel and Run All " +
  "Cells: your saved answers stay.";
let counter = 0;

function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(text, icon, className) {
  const b = make("button", "jupyter-button widget-button " + className);
  b.type = "button";
  const i = make("i", "fa fa-" + icon);
  i.setAttribute("aria-hidden", "true");
  b.append(i, " " + text);
  return b;
}

function menu(choices, title) {
  const select = make("select");
  select.append(new Option("Choose…", ""));
  for (const [value, text] of choices) select.append(new Option(text, value));
  if (title) select.title = title;
  return select;
}

function render({ model, el }) {
  const spec = model.get("spec");
  const kind = spec.kind;
  const name = "quiz-" + spec.lesson + "-" + spec.id + "-" + ++counter;
  if (spec.heading) {
    const heading = make("p", "quiz-heading");
    heading.append(make("strong", "", spec.heading.title), " " + spec.heading.from);
    el.append(heading);
  }
  const root = make("div", "quiz quiz-" + kind.replace(/_/g, "-") + " quiz-q-" + spec.lesson + "-" + spec.id);
  // Single keys (d d, m, x) would act on the notebook in JupyterLab while a quiz control has focus; Lumino
  // skips them for an element marked like this (it tests the focused element itself, so each control).
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  root.addEventListener("focusin", (event) => event.target.setAttribute("data-lm-suppress-shortcuts", "true"));
  const prompt = make("p", "quiz-prompt");
  prompt.append(make("strong", "", "Question:"), " " + spec.prompt);
  root.append(prompt);

  // The learner's answer lives in this page until Check sends it; the kernel never sets the controls, so
  // nothing it sends late (after Start again, say) can undo what the learner has just chosen.
  let read = () => null;
  let show = () => {};
  let controls = [];
  if (kind === "single" || kind === "true_false" || kind === "multiple") {
    const many = kind === "multiple";
    const group = make("fieldset", "quiz-option quiz-choices");
    group.append(make("legend", "", many ? "Your answer (tick every option that applies):" : "Your answer:"));
    for (const [value, text] of spec.options) {
      const label = make("label", "quiz-choice");
      const input = make("input");
      input.type = many ? "checkbox" : "radio";
      input.name = name;
      input.value = value;
      label.append(input, make("span", "", text));
      group.append(label);
      controls.push(input);
    }
    root.append(group);
    if (many) {
      read = () => controls.filter((c) => c.checked).map((c) => c.value);
      show = (answer) => controls.forEach((c) => (c.checked = Array.isArray(answer) && answer.includes(c.value)));
    } else {
      read = () => (controls.find((c) => c.checked) || { value: null }).value;
      show = (answer) => controls.forEach((c) => (c.checked = c.value === answer));
    }
  } else if (kind === "numeric") {
    const label = make("label", "quiz-option quiz-field");
    const input = make("input");
    input.type = "text";
    input.inputMode = "decimal";
    input.autocomplete = "off";
    input.placeholder = "a number, e.g. 50";
    label.append(make("span", "", spec.unit ? "Your answer (" + spec.unit + "):" : "Your answer:"), input);
    root.append(label);
    controls = [input];
    read = () => input.value;
    show = (answer) => (input.value = typeof answer === "string" ? answer : "");
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        check();
      }
    });
  } else if (kind === "ordering") {
    root.append(make("p", "quiz-hint", "Pick a step for each position, first step at the top."));
    for (const position of spec.positions) {
      const label = make("label", "quiz-option quiz-field");
      const select = menu(spec.items);
      label.append(make("span", "", position + ":"), select);
      root.append(label);
      controls.push(select);
    }
    read = () => controls.map((s) => s.value || null);
    show = (answer) => controls.forEach((s, n) => (s.value = (Array.isArray(answer) && answer[n]) || ""));
  } else if (kind === "sorting") {
    root.append(make("p", "quiz-hint", "For each description, choose where it belongs."));
    spec.items.forEach(([item, text], n) => {
      const row = make("div", "quiz-sort-item");
      const words = make("p", "quiz-sort-text");
      words.append(make("strong", "", n + 1 + "."), " " + text);
      const label = make("label", "quiz-option quiz-field");
      const select = menu(spec.categories, text);
      select.dataset.item = item;
      label.append(make("span", "", n + 1 + ". belongs to:"), select);
      row.append(words, label);
      root.append(row);
      controls.push(select);
    });
    read = () => Object.fromEntries(controls.map((s) => [s.dataset.item, s.value || null]));
    show = (answer) => controls.forEach((s) => (s.value = (answer && answer[s.dataset.item]) || ""));
  }
  controls.forEach((c) => c.setAttribute("data-lm-suppress-shortcuts", "true"));
  show(model.get("answer"));
  // Kept in the model too, so a quiz drawn again (a second view, a scrolled-away cell) shows the same answer.
  const keep = () => {
    model.set("answer", read());
    model.save_changes();
  };
  for (const c of controls) c.addEventListener("change", keep);

  const checkButton = button("Check answer", "check", "mod-primary quiz-check");
  const showButton = button("Show answer", "lightbulb-o", "quiz-show-answer");
  const resetButton = button("Start again", "refresh", "quiz-reset");
  const buttons = make("div", "quiz-buttons");
  buttons.append(checkButton, showButton, resetButton);
  root.append(buttons);
  [checkButton, showButton, resetButton].forEach((b) => b.setAttribute("data-lm-suppress-shortcuts", "true"));

  const note = make("span", "quiz-no-reply");
  note.setAttribute("role", "status");
  const feedback = make("div", "quiz-feedback");
  const store = make("div", "quiz-store-status");
  const classLine = make("div", "quiz-class-status");
  root.append(note, feedback, store, classLine);
  el.append(root);

  const draw = () => {
    feedback.innerHTML = model.get("feedback");
    store.innerHTML = model.get("store_status");
    classLine.innerHTML = model.get("class_status");
    showButton.disabled = !model.get("can_reveal");
    showButton.title = showButton.disabled ? "Available after a first try" : "";
  };
  draw();
  for (const key of ["feedback", "store_status", "class_status", "can_reveal"]) model.on("change:" + key, draw);

  // If the lesson's kernel has stopped (shut down to save memory, or idle too long), a click gets no reply:
  // say so, and what to do, instead of leaving the learner waiting. The note goes when a reply comes.
  let timer = null;
  model.on("change:replies", () => {
    clearTimeout(timer);
    note.textContent = "";
  });
  function check() {
    const before = model.get("replies");
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (model.get("replies") !== before) return;
      note.textContent = document.body.hasAttribute("data-voila") ? NO_REPLY_READER : NO_REPLY_LAB;
    }, model.get("patience_ms"));
    // The answer on screen travels with the click, so the kernel checks exactly what the learner sees.
    model.send({ event: "check", answer: read() });
  }
  checkButton.addEventListener("click", check);
  showButton.addEventListener("click", () => model.send({ event: "show" }));
  resetButton.addEventListener("click", () => {
    // Empty the page at once; the kernel then forgets the attempts and clears the feedback.
    show(null);
    keep();
    feedback.innerHTML = "";
    showButton.disabled = true;
    model.send({ event: "reset" });
  });
  model.send({ event: "shown" });
}
export default { render };
"""

_QUIZ_CSS = """
.quiz { border: 1px solid #999; padding: 0.5em 1em; margin: 0.5em 0; line-height: 1.45;
  font-size: var(--jp-content-font-size1, 14px); color: var(--jp-content-font-color1, #212121);
  max-width: 100%; box-sizing: border-box; overflow-wrap: anywhere; }
.quiz p, .quiz-heading { margin: 0.25em 0; line-height: 1.45; }
.quiz fieldset { border: none; margin: 0.25em 0; padding: 0; min-width: 0; }
.quiz legend { padding: 0; margin-bottom: 0.2em; }
.quiz-choice { display: flex; align-items: flex-start; gap: 0.5em; margin: 0.2em 0; min-height: 24px;
  cursor: pointer; }
.quiz-choice input { flex: none; width: 20px; height: 20px; margin: 0.1em 0 0 1px; cursor: pointer; }
.quiz-field { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25em 0.6em; margin: 0.3em 0; }
.quiz-field select, .quiz-field input { font: inherit; min-height: 28px; max-width: 100%;
  color: inherit; background: var(--jp-layout-color1, #fff); border: 1px solid #767676; border-radius: 2px; }
.quiz-field select { min-width: 8em; }
.quiz-field input { width: 12em; padding: 0 0.4em; }
.quiz-sort-item { margin: 0.4em 0 0.6em; }
.quiz-buttons { display: flex; flex-wrap: wrap; gap: 0.4em; margin: 0.5em 0 0.25em; }
.quiz-buttons button { width: auto; min-height: 28px; font-size: inherit; height: auto; padding: 0.2em 0.8em; }
.quiz-no-reply { display: block; margin: 0.3em 0; white-space: normal; }
.quiz-feedback ul { margin: 0.25em 0; }
body[data-voila] .quiz, body[data-voila] .quiz-heading { font-size: 16px; }
body[data-voila] .quiz-choice input { width: 24px; height: 24px; }
body[data-voila] .quiz-field select, body[data-voila] .quiz-field input,
body[data-voila] .quiz-buttons button { min-height: 32px; font-size: 16px; }
"""


class QuizWidget(anywidget.AnyWidget):
    """One question as one widget: the page draws the controls from ``spec`` and keeps the learner's answer.

    The page sends ``{"event": ...}`` messages -- ``check`` (with ``answer``, what the page shows),
    ``show``, ``reset`` and ``shown`` (drawn) -- to ``on_event(callback)``'s ``callback(event, answer)``;
    ``receive(content)`` does the same from Python, for tests.  The kernel sets only what it says back:
    ``feedback``, ``store_status``, ``class_status`` (HTML made and escaped in Python) and ``can_reveal``.
    One widget model per question (ipywidgets controls need two or three each), so a page draws sooner.
    """

    _esm = traitlets.Unicode(_QUIZ_ESM).tag(sync=True)
    _css = traitlets.Unicode(_QUIZ_CSS).tag(sync=True)
    spec = traitlets.Dict().tag(sync=True)
    answer = traitlets.Any(None).tag(sync=True)
    feedback = traitlets.Unicode("").tag(sync=True)
    store_status = traitlets.Unicode("").tag(sync=True)
    class_status = traitlets.Unicode("").tag(sync=True)
    can_reveal = traitlets.Bool(False).tag(sync=True)
    # Counts the checks the kernel has answered; the page shows a note when a check gets no reply in time.
    replies = traitlets.Int(0).tag(sync=True)
    patience_ms = traitlets.Int(10_000).tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._callbacks: list = []
        self.on_msg(lambda _widget, content, _buffers: self.receive(content))

    def on_event(self, callback) -> None:
        self._callbacks.append(callback)

    def receive(self, content: Any) -> None:
        """Handle one message from the page; anything that is not a known event is ignored."""
        if not isinstance(content, dict) or content.get("event") not in ("check", "show", "reset", "shown"):
            return
        event = content["event"]
        try:
            for callback in self._callbacks:
                callback(event, content.get("answer"))
        finally:
            if event == "check":
                self.replies += 1
