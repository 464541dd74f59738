"""Lesson 07, secondary (metastatic) breast cancer: the treatment pathway, treatment by type and survival in trials.
What to report, and how soon, is the card of :mod:`breast_cancer_course.safety`.

- figure ``secondary-pathway`` -- agree goals, one line of treatment after another, checks all along, and
  supportive and palliative care from the start;
- explorer ``mbc-types`` -- choose a type, see its main treatments and the trials behind them;
- figure ``mbc-survival-by-type`` -- median overall survival in three large first-line trials, each pair of bars
  showing what a newer drug added over the usual treatment in the same trial (not a ranking of types).

Every number and claim comes from a fact in data/facts.yaml, read through :func:`.style.facts`.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass

from matplotlib.patches import FancyBboxPatch, Patch

from .. import picker, registry
from .pathway import GOOD, NOTE, OPTIONAL_STEP, STEP
from .style import INK, NORMAL_EDGE, CourseFigure, arrow, box, canvas, facts, headline, in_style, new_figure

# -- The pathway (figure) -----------------------------------------------------------------------------

PATHWAY_FACTS = ("mbc_tx_aims", "mbc_tx_lines", "mbc_palliative_from_start", "mbc_specialist_nurse")


def _sources(ids) -> str:
    """The distinct sources of some facts, in order, joined for a caption or a source line."""
    known = facts()
    seen: list[str] = []
    for fid in ids:
        if known[fid].source not in seen:
            seen.append(known[fid].source)
    return "; ".join(seen)


@registry.figure("secondary-pathway")
@in_style
def secondary_pathway() -> CourseFigure:
    """Goals agreed, one line of treatment after another with checks all along, support from the start."""
    alt_text = (
        "Diagram of how secondary breast cancer is treated, read from left to right. At the top, the aims of "
        "treatment: control the cancer, ease symptoms, keep quality of life, and help people live longer. Below, a "
        "row of boxes joined by arrows: you and your team agree your goals; a first line of treatment; when it stops "
        "working or the side effects are too much, the next line; and the next after that, if needed, drawn dashed "
        "because not everyone needs it. Under the treatments, a band reads 'regular checks all along: how you feel, "
        "blood tests and scans'. A dashed band reads 'when needed: radiotherapy for painful bones, sometimes "
        "surgery, drugs to strengthen the bones'. A band along the whole bottom, starting under the first box, "
        "reads 'from the start: supportive and palliative care and a specialist nurse'."
    )
    caption = (
        "Secondary breast cancer is treated one line at a time: each treatment goes on while it works, and the "
        "next is tried when it stops. Supportive and palliative care run alongside from the start. "
        f"Sources: {_sources(PATHWAY_FACTS)}."
    )
    fig = new_figure("secondary-pathway", (11, 7.0), alt_text, caption)
    ax = canvas(fig, (0, 12), (0, 7.7), rect=(0.01, 0.01, 0.98, 0.9))
    # Aims, across the top.
    box(
        ax,
        6.0,
        7.05,
        11.5,
        0.95,
        "Aims: control the cancer  •  ease symptoms\nkeep quality of life  •  help people live longer",
        GOOD,
        size=13,
        bold=True,
    )
    y = 4.75
    steps = [
        (1.45, "You and your\nteam agree\nyour goals", STEP),
        (4.45, "First line\nof treatment", STEP),
        (7.45, "Next line\nof treatment", STEP),
        (10.4, "And the next,\nif needed", OPTIONAL_STEP),
    ]
    for x, words, style in steps:
        box(ax, x, y, 2.5, 1.45, words, style, size=13, bold=True)
    arrow(ax, (2.7, y), (3.2, y))
    for (x0, _, _), (x1, _, _) in zip(steps[1:], steps[2:]):
        arrow(ax, (x0 + 1.25, y), (x1 - 1.25, y))
    ax.text(
        7.45,
        y + 0.95,
        "Each line goes on while it works. When it stops working,\nor the side effects are too much, the next line starts.",
        ha="center",
        va="bottom",
        fontsize=12,
        style="italic",
    )
    # Bands under the treatments: checks all along, local treatments when needed.
    ax.add_patch(FancyBboxPatch((3.2, 3.05), 8.5, 0.7, boxstyle="round,pad=0,rounding_size=0.1", **NOTE))
    ax.text(3.4, 3.4, "Regular checks all along: how you feel, blood tests, scans", va="center", fontsize=12.5)
    ax.add_patch(FancyBboxPatch((3.2, 2.05), 8.5, 0.7, boxstyle="round,pad=0,rounding_size=0.1", **OPTIONAL_STEP))
    ax.text(
        3.4,
        2.4,
        "When needed: radiotherapy for painful bones,\nsometimes surgery, drugs to strengthen the bones",
        va="center",
        fontsize=12,
    )
    # Support from the very start, the whole length.
    ax.add_patch(FancyBboxPatch((0.2, 0.25), 11.5, 1.4, boxstyle="round,pad=0,rounding_size=0.12", **GOOD))
    ax.text(
        0.45,
        0.95,
        "From the start, the whole way: supportive and palliative care\n(easing symptoms, emotional and practical "
        "help) and a specialist nurse",
        va="center",
        fontsize=12.5,
        fontweight="bold",
    )
    headline(fig, "Secondary breast cancer: one treatment after another, with support from the start")
    return fig


# -- Treatment by type (explorer) --------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """One trial behind a treatment: its fact (a values dict) and a plain sentence with {a} and {b} for its values."""

    fact: str
    sentence: str


@dataclass(frozen=True)
class CancerType:
    key: str
    title: str
    tip: str
    treatments: tuple[str, ...]
    evidence: tuple[Evidence, ...]


MBC_TYPES = (
    CancerType(
        "hr-pos",
        "HR+/HER2-",
        "Hormone receptor positive, HER2-negative: the most common type",
        ("mbc_tx_hr_pos", "mbc_tx_hr_pos_later"),
        (
            Evidence(
                "mbc_trial_monaleesa2_os",
                "MONALEESA-2: adding the CDK4/6 inhibitor ribociclib to hormone therapy helped people live longer. "
                "Median survival was {a} months, against {b} months with hormone therapy alone.",
            ),
        ),
    ),
    CancerType(
        "her2-pos",
        "HER2+",
        "HER2-positive: the cancer cells make too much of the HER2 protein",
        ("mbc_tx_her2",),
        (
            Evidence(
                "mbc_trial_cleopatra_os",
                "CLEOPATRA: two HER2 drugs (pertuzumab and trastuzumab) with chemotherapy helped people live longer "
                "than one HER2 drug with chemotherapy. Median survival was {a} months, against {b} months.",
            ),
        ),
    ),
    CancerType(
        "triple-neg",
        "Triple negative",
        "No hormone receptors and HER2-negative",
        ("mbc_tx_triple_negative", "mbc_tx_sacituzumab"),
        (
            Evidence(
                "mbc_trial_keynote355_os",
                "KEYNOTE-355: for cancers with a high level of the PD-L1 protein, adding the immunotherapy drug "
                "pembrolizumab to chemotherapy gave a median survival of {a} months, against {b} months.",
            ),
        ),
    ),
    CancerType(
        "brca",
        "Inherited BRCA change",
        "An inherited change in the BRCA1 or BRCA2 gene, with HER2-negative cancer",
        ("mbc_tx_parp",),
        (
            Evidence(
                "mbc_trial_olympiad_pfs",
                "OlympiAD: the PARP inhibitor olaparib held the cancer back for longer than chemotherapy: a median "
                "of {a} months before it grew, against {b} months. This measures time before growth, not length of life.",
            ),
        ),
    ),
    CancerType(
        "her2-low",
        "HER2-low",
        "A little HER2, not enough to count as HER2-positive: a newer treatment group",
        ("mbc_tx_her2_low", "mbc_her2_low_nice", "mbc_her2_low_uk_access"),
        (
            Evidence(
                "mbc_trial_destiny04_os",
                "DESTINY-Breast04: after earlier chemotherapy, trastuzumab deruxtecan gave a median survival of {a} "
                "months, against {b} months with a chemotherapy chosen by the doctor. It can inflame the lungs, and "
                "doctors check for this during treatment.",
            ),
        ),
    ),
)
BONE_FACTS = ("mbc_bone_denosumab", "mbc_bone_radiotherapy")
# A trial's entry rule that changes who its figures describe, shown with the trial wherever its "Who" line is.
TRIAL_NOTES = {"mbc_trial_keynote355_os": "mbc_trial_keynote355_dfi"}


def _e(words: str) -> str:
    return html.escape(words, quote=True)


def _source_note(fact) -> str:
    # How sure the course is of a fact is for maintainers (data/facts.yaml); a learner sees where it comes from.
    return (
        f'<br><small>Source: {_e(fact.source)}. <a href="{_e(fact.url)}" target="_blank" '
        f'rel="noopener">{_e(fact.url)}</a></small>'
    )


def who(fid: str, label: str = "Who: ") -> str:
    """Who a trial's figures describe: its population, and any entry rule of its own (TRIAL_NOTES)."""
    known = facts()
    words = f"{label}{known[fid].population}."
    if fid in TRIAL_NOTES:
        words += " " + known[TRIAL_NOTES[fid]].sentence()
    return words


def _trial_sources(fids) -> list[str]:
    """The sources of some trial facts and of their entry-rule notes, in order, each once."""
    known = facts()
    out: list[str] = []
    for fid in fids:
        for f in (fid, TRIAL_NOTES.get(fid)):
            if f and known[f].source not in out:
                out.append(known[f].source)
    return out


def evidence_text(item: Evidence) -> str:
    """The trial's sentence with its two numbers from the fact, in plain words."""
    fact = facts()[item.fact]
    a, b = (months(v) for v in fact.values.values())
    return item.sentence.format(a=a, b=b)


def type_html(key: str) -> str:
    """One type's panel: its main treatments and the trials behind them, each with its source."""
    known = facts()
    kind = next(t for t in MBC_TYPES if t.key == key)
    parts = [
        f"<h3>{_e(kind.title)}</h3>",
        f"<p><em>{_e(kind.tip)}.</em></p>",
        "<p><strong>Main treatments</strong></p><ul>",
    ]
    parts += [f"<li>{_e(known[f].summary)}{_source_note(known[f])}</li>" for f in kind.treatments]
    parts += ["</ul>", "<p><strong>The evidence</strong></p><ul>"]
    for item in kind.evidence:
        fact = known[item.fact]
        note = TRIAL_NOTES.get(item.fact)
        notes = _source_note(known[note]) if note else ""
        parts.append(
            f"<li>{_e(evidence_text(item))} <br><small>{_e(who(item.fact))}</small>{_source_note(fact)}{notes}</li>"
        )
    parts += ["</ul>", "<p><strong>For cancer in the bones (any type)</strong></p><ul>"]
    parts += [f"<li>{_e(known[f].summary)}{_source_note(known[f])}</li>" for f in BONE_FACTS]
    parts += [
        "</ul>",
        "<p><small>Trial results describe selected groups treated years ago; a median is the middle value for a "
        "group, not a prediction for one person.</small></p>",
    ]
    return f'<div class="mbc-type" role="region" aria-label="{_e(kind.title)}">' + "\n".join(parts) + "</div>"


@registry.explorer("mbc-types")
class MbcTypesExplorer:
    """Choose a type of secondary breast cancer and see its main treatments and the evidence behind each."""

    css = "mbc-types"

    def spec(self, start: str = "hr-pos") -> picker.Spec:
        return picker.Spec(
            self.css,
            "Type:",
            [(t.title, t.key) for t in MBC_TYPES],
            start,
            [("panel", type_html)],
            tooltips=[t.tip for t in MBC_TYPES],
            style={"description_width": "initial", "button_width": "auto"},
        )

    def widget(self, start: str = "hr-pos"):
        return self.spec(start).build()

    def static_html(self, shown: set[str]) -> str:
        intro = "In the notebook, buttons switch between the types. Here is every type."
        return "\n".join([f'<p class="note">{_e(intro)}</p>', *(type_html(t.key) for t in MBC_TYPES)])


# -- Survival in trials, by type (figure) --------------------------------------------------------------------

SURVIVAL_TRIALS = (
    ("HR+/HER2-", "MONALEESA-2", "mbc_trial_monaleesa2_os"),
    ("HER2+", "CLEOPATRA", "mbc_trial_cleopatra_os"),
    ("triple negative, PD-L1 score 10+", "KEYNOTE-355", "mbc_trial_keynote355_os"),
)
NEW_FILL = NORMAL_EDGE
OLD_FILL = "#D9D9D9"
OLD_HATCH = "xx"


def months(value: float) -> str:
    """A trial's median as the paper gives it, to one decimal place: 23.0 -> '23.0'."""
    return f"{value:.1f}"


def _published(fact) -> str:
    """The year a trial's results were published, as its fact's population says."""
    return fact.population.split("results published ")[1].split(";")[0]


@registry.figure("mbc-survival-by-type")
@in_style
def survival_by_type() -> CourseFigure:
    """Median overall survival in three large first-line trials: each pair, a newer drug against the usual treatment.

    The trials took different people at different times, so the chart compares within a pair only; it is drawn
    and worded so that it does not read as a ranking of the types (clinical review 2026-12, M5).
    """
    known = facts()
    rows = [(label, trial, known[fid], fid) for label, trial, fid in SURVIVAL_TRIALS]
    listing = "; ".join(
        f"{trial} trial, {label} (results published {_published(f)}): "
        + " versus ".join(f"{k} {months(v)} months" for k, v in f.values.items())
        for label, trial, f, _ in rows
    )
    alt_text = (
        "Horizontal bar chart of median overall survival, in months, in three large trials of a first treatment "
        "for secondary breast cancer. Each trial is one pair of bars: a newer drug added to the usual treatment "
        "(solid dark bar) against the usual treatment with a placebo (light hatched bar), in the same trial. "
        f"{listing}. The trials took different people at different times, so each pair shows only what the newer "
        "drug added in its own trial; the chart is not a ranking of the types of cancer or of anyone's outlook. "
        "A note on the chart says to compare the two bars in a pair, not bars from different trials; that trial "
        "patients were chosen by strict rules and were often fitter than many people; that they were treated years "
        "ago; and that a median is the middle value for a group, not a prediction for one person."
    )
    caption = (
        "Each pair of bars compares a newer drug with the usual treatment in the same trial. The three trials took "
        "different people at different times, so compare within a pair, not across trials: the chart is not a "
        "ranking of the types of cancer. Median overall survival in three first-line trials: "
        + " ".join(f"{trial} ({label}): {who(fid, label='')}" for label, trial, _, fid in rows)
        + " Sources: "
        + "; ".join(_trial_sources(fid for *_, fid in rows))
        + "."
    )
    fig = new_figure("mbc-survival-by-type", (10, 10.6), alt_text, caption)
    ax = fig.add_axes((0.03, 0.21, 0.94, 0.67))
    longest = max(v for _, _, f, _ in rows for v in f.values.values())
    ax.set_xlim(0, longest * 1.22)
    top = 0.0
    for i, (label, trial, fact, fid) in enumerate(rows):
        if i:  # a rule between trials: each pair stands on its own
            ax.axhline(top + 0.6, color="#999999", linewidth=0.8, linestyle=(0, (4, 3)))
        ax.text(0, top + 0.05, f"{trial} trial: {label}", fontsize=13.5, fontweight="bold", va="bottom")
        lines = textwrap.fill(who(fid), 112)
        ax.text(0, top - 0.1, lines, fontsize=10.5, va="top", color="#333333", linespacing=1.25)
        first = top - 0.8 - 0.3 * (lines.count("\n") + 1)  # below the "Who" lines, whatever their number
        for n, (arm, value) in enumerate(fact.values.items()):
            centre = first - n * 0.95
            new = n == 0
            ax.barh(
                centre,
                value,
                height=0.42,
                color=NEW_FILL if new else OLD_FILL,
                edgecolor=INK if not new else NEW_FILL,
                hatch=None if new else OLD_HATCH,
                linewidth=1,
            )
            ax.text(0, centre + 0.25, arm, fontsize=11.5, va="bottom")
            ax.text(value + 0.8, centre, f"{months(value)} months", fontsize=12.5, va="center", fontweight="bold")
        top = centre - 1.3
    ax.set_ylim(top + 0.9, 0.55)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("Median overall survival (months)", fontsize=12)
    ax.tick_params(axis="x", labelsize=11)
    fig.legend(
        handles=[
            Patch(facecolor=NEW_FILL, edgecolor=NEW_FILL, label="newer drug added to the usual treatment"),
            Patch(facecolor=OLD_FILL, edgecolor=INK, hatch=OLD_HATCH, label="usual treatment, with a placebo"),
        ],
        loc="upper left",
        bbox_to_anchor=(0.02, 0.935),
        ncol=2,
        fontsize=12,
        frameon=False,
    )
    fig.text(
        0.03,
        0.02,
        "Read with care. Compare the two bars in a pair, not bars from different trials:\n"
        "each trial took different people, at a different time. It is not a ranking of types.\n"
        "Trial patients were chosen by strict rules and were often fitter than many people.\n"
        "They were treated years ago, and treatment has changed since. A median is the middle value:\n"
        "half the group lived longer, half less. It is not a prediction for any one person.",
        fontsize=12,
        va="bottom",
        linespacing=1.4,
        bbox=dict(boxstyle="round,pad=0.5", facecolor="#F7F7F7", edgecolor="#999999"),
    )
    headline(fig, "In each trial, in the group shown, adding a newer drug helped people live longer")
    fig.tight = False
    return fig
