"""Front-end helpers shared by the quiz view and the diagram explorers.

``KeyboardShield``: in JupyterLab, single keys such as ``d d`` (delete cell), ``m``
(make Markdown) or ``x`` (cut cell) act on the notebook whenever focus is not in a
text box -- including when a learner has tabbed to a radio button, a drop-down or
a button of a quiz.  Lumino skips shortcut handling for any element inside one
marked ``data-lm-suppress-shortcuts`` -- but it tests the focused element itself
first, so the mark must be on the control that has focus.  ipywidgets cannot set
attributes, so this tiny anywidget marks every control in its output area as it
receives focus.  Keys typed inside a quiz
then reach the quiz, and the notebook is safe.

``STYLE``: a few CSS rules, scoped to ``.quiz``, so long answers wrap instead of
overlapping the next option (ipywidgets gives radio labels a fixed height).

``READER_STYLE``: rules for the reader (Voila marks its page ``body[data-voila]``, so JupyterLab is untouched):
text of at least 16 px and controls of at least 24 by 24 px, the phone checks of WCAG 2.2 (target size).
"""

from __future__ import annotations

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


STYLE = """<style>
.quiz .widget-radio-box label { height: auto; min-height: 1.6em; line-height: 1.4;
  display: flex; align-items: flex-start; white-space: normal; margin: 0.15em 0; }
.quiz .widget-radio-box input { order: -1; height: auto; float: none; flex: none; margin: 0.22em 0.6em 0 1px; }
.quiz .widget-checkbox { height: auto; }
.quiz .widget-checkbox label, .quiz .widget-checkbox label span { height: auto; line-height: 1.4;
  white-space: normal; }
.quiz .widget-checkbox input { align-self: flex-start; margin-top: 0.22em; }
.quiz .widget-dropdown select { min-width: 8em; }
</style>"""


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


_CHECK_ESM = """
function render({ model, el }) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "jupyter-button widget-button mod-primary quiz-check";
  const label = () => {
    button.innerHTML = '<i class="fa fa-check" aria-hidden="true"></i> ';
    button.append(model.get("description"));
  };
  label();
  model.on("change:description", label);
  // If the lesson's kernel has stopped (shut down to save memory, or idle too long), a click gets no reply:
  // say so, and what to do, instead of leaving the learner waiting. The note goes when a reply comes.
  const note = document.createElement("span");
  note.className = "quiz-no-reply";
  note.setAttribute("role", "status");
  note.style.cssText = "display: block; margin: 0.3em 0; line-height: 1.4; white-space: normal;";
  let timer = null;
  model.on("change:replies", () => {
    clearTimeout(timer);
    note.textContent = "";
  });
  button.addEventListener("click", () => {
    const before = model.get("replies");
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (model.get("replies") !== before) return;
      note.textContent = document.body.hasAttribute("data-voila")
        ? "⚠ No reply from this page yet. If nothing happens, reload the page: your saved answers stay."
        : "⚠ No reply from this lesson yet. If nothing happens, choose Kernel, then Restart Kernel and Run " +
          "All Cells: your saved answers stay.";
    }, model.get("patience_ms"));
    // Send what the learner sees in the quiz with the click itself. ipywidgets holds a control's own
    // update back while an earlier one waits for the kernel, but this message leaves at once, so
    // without it the kernel could check an older answer (or none). Radio inputs carry their option's
    // index as their value; drop-downs and tick boxes are read in the order they appear.
    const quiz = el.closest(".quiz");
    const screen = {};
    let text = null;
    if (quiz) {
      const box = quiz.querySelector("input[type=text]");
      if (box) text = box.value;
      const radios = Array.from(quiz.querySelectorAll("input[type=radio]"));
      if (radios.length) {
        const chosen = radios.find((r) => r.checked);
        screen.radio = chosen ? parseInt(chosen.value, 10) : null;
      }
      const ticks = Array.from(quiz.querySelectorAll("input[type=checkbox]"));
      if (ticks.length) screen.ticks = ticks.map((t) => t.checked);
      const lists = Array.from(quiz.querySelectorAll("select"));
      if (lists.length) screen.lists = lists.map((s) => s.selectedIndex);
    }
    model.send({ event: "check", text, screen });
  });
  el.appendChild(button);
  el.appendChild(note);
  model.send({ event: "shown" });
}
export default { render };
"""


class CheckButton(anywidget.AnyWidget):
    """The quiz's Check button: its click carries the answer on screen, so an old answer is never checked.

    ``on_click(callback)`` registers ``callback(button, text, screen)``: ``text`` is the quiz's text box
    as the learner sees it (or None); ``screen`` is a dict with what the other controls show --
    ``radio`` (the chosen option's index, or None), ``ticks`` (one bool per tick box) and ``lists``
    (each drop-down's selected index) -- each key present only when the quiz has such controls.
    ``click()`` does the same from Python, for tests.
    """

    _esm = traitlets.Unicode(_CHECK_ESM).tag(sync=True)
    description = traitlets.Unicode("Check answer").tag(sync=True)
    # Counts the clicks the kernel has answered; the page shows a note when a click gets no reply in time.
    replies = traitlets.Int(0).tag(sync=True)
    patience_ms = traitlets.Int(10_000).tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._callbacks: list = []
        self._shown_callbacks: list = []
        self.on_msg(self._handle_message)

    def on_click(self, callback) -> None:
        self._callbacks.append(callback)

    def on_shown(self, callback) -> None:
        """``callback()`` runs each time the page draws the button (the quiz is shown, or shown again)."""
        self._shown_callbacks.append(callback)

    def click(self, text: str | None = None, screen: dict | None = None) -> None:
        for callback in self._callbacks:
            callback(self, text, screen or {})

    def _handle_message(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("event") == "shown":
            for callback in self._shown_callbacks:
                callback()
        if isinstance(content, dict) and content.get("event") == "check":
            text = content.get("text")
            screen = content.get("screen")
            try:
                self.click(text if isinstance(text, str) else None, screen if isinstance(screen, dict) else None)
            finally:
                self.replies += 1
