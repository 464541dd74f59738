"""Lessons 04 to 08, the pathway: the route to a diagnosis, subtype and survival charts, treatment, side effects,
follow-up."""

from __future__ import annotations

import re

from matplotlib.patches import FancyBboxPatch

from .. import registry
from ..text import Text, fmt_percent
from .style import (
    CHANGED_EDGE,
    INK,
    NODE,
    NORMAL,
    NORMAL_EDGE,
    CourseFigure,
    arrow,
    box,
    canvas,
    facts,
    headline,
    in_style,
    new_figure,
)

# -- Flow charts (lessons 04 and 06) ----------------------------------------------------------

STEP = dict(facecolor="#E3F1FA", edgecolor=NORMAL_EDGE)
OPTIONAL_STEP = dict(facecolor="white", edgecolor=NORMAL_EDGE, linestyle="--")
GOOD = dict(facecolor="#DDF2EA", edgecolor=NODE)
NOTE = dict(facecolor="#F7F7F7", edgecolor="#999999")


@registry.figure("diagnostic-route")
@in_style
def diagnostic_route() -> CourseFigure:
    """From a symptom or a screening result to the breast clinic, its tests and results (the UK NHS route)."""
    alt_text = (
        "Flow chart of the route to a diagnosis in the UK's NHS. Two routes lead to a breast clinic: someone "
        "notices a change and sees their GP, who refers them; or a screening mammogram, offered to people with "
        "no symptoms, shows an area that needs a closer look, and the person is called back. At the breast clinic "
        "there is triple assessment, all three parts usually on the same day: a clinical examination, imaging "
        "(mammogram, ultrasound or both) and, when needed, a needle biopsy. Results then go two ways: for most "
        "people the change is not cancer; if cancer is found, the results describe its type, grade, receptors "
        "and stage, and the care team plans treatment."
    )
    caption = (
        "The route to a diagnosis in the UK (NHS): a GP referral or an abnormal screening mammogram leads to the "
        "breast clinic, where triple assessment, usually in one visit, finds out what the change is. Most people "
        "seen there do not have cancer."
    )
    fig = new_figure("diagnostic-route", (12, 5.6), alt_text, caption)
    ax = canvas(fig, (0, 12.2), (0, 5.6))
    notice = box(ax, 1.3, 4.3, 2.3, 0.95, "You notice\na change", STEP)
    gp = box(ax, 3.95, 4.3, 2.1, 0.95, "See your GP", STEP)
    screen = box(ax, 2.6, 1.4, 4.2, 0.95, "A screening mammogram\nshows an area to check", STEP)
    clinic = box(
        ax,
        7.15,
        2.85,
        3.3,
        2.9,
        "Breast clinic:\ntriple assessment,\nusually all on one day\n\n1  clinical examination\n2  imaging (mammogram,\n    ultrasound or both)"
        "\n3  needle biopsy,\n    if needed",
        STEP,
        size=11,
    )
    good = box(ax, 10.7, 4.3, 2.6, 1.1, "Most people:\nnot cancer", GOOD, bold=True)
    cancer = box(
        ax, 10.7, 1.45, 2.6, 1.5, "Cancer found:\ntype, grade,\nreceptors, stage\n→ treatment plan", NOTE, size=10.5
    )
    arrow(ax, (notice[0] + 1.15, 4.3), (gp[0] - 1.05, 4.3))
    arrow(ax, (gp[0] + 1.05, 4.3), (clinic[0] - 1.65, 3.6), "referral")
    arrow(ax, (screen[0] + 2.1, 1.4), (clinic[0] - 1.65, 2.1), "called back")
    arrow(ax, (clinic[0] + 1.65, 3.6), (good[0] - 1.3, 4.3))
    arrow(ax, (clinic[0] + 1.65, 2.1), (cancer[0] - 1.3, 1.45))
    headline(fig, "The route to a diagnosis in the UK (NHS)")
    return fig


@registry.figure("treatment-pathway")
@in_style
def treatment_pathway() -> CourseFigure:
    """The treatment pathway from diagnosis to follow-up, with what shapes each step."""
    years = facts()["hormone_therapy_duration"].value_text()
    alt_text = (
        "Flow chart from top to bottom: diagnosis, with an ultrasound of the armpit; the care team and the person "
        "agree a plan; neoadjuvant treatment before surgery, drawn dashed because only some people have it "
        "(chemotherapy, often with a HER2-targeted drug or immunotherapy, or hormone therapy, to shrink the "
        "cancer and see how it responds); surgery "
        "(breast-conserving surgery or mastectomy, reconstruction at the same time or later, and a check of the "
        "armpit lymph nodes, usually a sentinel lymph node biopsy); adjuvant treatment after surgery "
        "(radiotherapy, usually after breast-conserving surgery, chemotherapy, HER2-targeted drugs, and "
        "bisphosphonates mainly after the menopause); and follow-up. A band beside the last two steps shows that "
        f"hormone therapy, for hormone receptor positive cancer, usually lasts {years} and goes on during follow-up."
    )
    caption = (
        "The treatment pathway. Dashed steps are for some people only. The notes on the right show what changes "
        f"a step. Hormone therapy, if needed, usually lasts {years}, so it carries on through follow-up."
    )
    fig = new_figure("treatment-pathway", (11, 8.4), alt_text, caption)
    ax = canvas(fig, (0, 11), (0, 8.6), rect=(0.01, 0.01, 0.98, 0.92))
    x = 2.85
    steps = [
        (7.9, "Diagnosis", STEP),
        (6.55, "Care team and person\nagree a plan", STEP),
        (5.2, "Neoadjuvant treatment\n(before surgery)", OPTIONAL_STEP),
        (3.85, "Surgery", STEP),
        (2.5, "Adjuvant treatment\n(after surgery)", STEP),
        (1.15, "Follow-up", STEP),
    ]
    notes = [
        "Tests show the type, grade, receptors and stage;\nan ultrasound checks the armpit lymph nodes.",
        "Uses stage, grade, receptors, general health,\nmenopause and what the person wants.",
        "Some people: chemotherapy, often with a HER2 drug\nor immunotherapy, or hormone therapy; to shrink\nthe cancer and see how it responds.",
        "Breast-conserving surgery or mastectomy;\nreconstruction now or later; armpit nodes checked\n(usually a sentinel lymph node biopsy).",
        "Radiotherapy (usually after breast-conserving surgery),\nchemotherapy, HER2-targeted drugs if HER2-positive,\nbisphosphonates (mainly after the menopause).",
        "Regular check-ups and mammograms.\nHormone therapy goes on, if it is part of the plan.",
    ]
    for n, ((y, text, style), note) in enumerate(zip(steps, notes)):
        box(ax, x, y, 3.5, 1.0, text, style, size=11.5, bold=True)
        box(ax, 8.0, y, 5.8, 1.1, note, NOTE, size=10.2)
        ax.plot([x + 1.75, 8.0 - 2.9], [y, y], color="#999999", lw=1.5, ls=":", zorder=1)
        if n < len(steps) - 1:
            arrow(ax, (x, y - 0.5), (x, steps[n + 1][0] + 0.5))
    # Hormone therapy runs beside adjuvant treatment and on through follow-up.
    top, bottom = steps[4][0] + 0.5, steps[5][0] - 0.5
    ax.add_patch(FancyBboxPatch((0.3, bottom), 0.62, top - bottom, boxstyle="round,pad=0,rounding_size=0.12", **GOOD))
    ax.text(
        0.61,
        (top + bottom) / 2,
        f"Hormone therapy (if HR+):\nusually {years}",
        rotation=90,
        ha="center",
        va="center",
        fontsize=10,
        fontweight="bold",
    )
    headline(fig, "The treatment pathway, from diagnosis to follow-up")
    return fig


# -- Charts (lesson 05) -------------------------------------------------------------------------


# -- Side effects at a glance (lesson 06) -------------------------------------------------------

# One row per kind of treatment: (treatment, fact for effects during and soon after, fact for lasting or later
# effects). Every cell is a sourced fact from a patient-information page (data/facts.yaml).
SIDE_EFFECT_ROWS = (
    ("Surgery", "side_effects_surgery_short", "side_effects_surgery_long"),
    ("Radiotherapy", "side_effects_radiotherapy_short", "side_effects_radiotherapy_long"),
    ("Chemotherapy", "side_effects_chemo_short", "side_effects_chemo_long"),
    ("Chemotherapy: nerve damage", "side_effects_nerves_short", "side_effects_nerves_long"),
    ("Hormone therapy: tamoxifen", "side_effects_tamoxifen_short", "side_effects_tamoxifen_long"),
    ("Hormone therapy: aromatase inhibitors", "side_effects_hormone_short", "side_effects_hormone_long"),
    ("Targeted drugs (HER2)", "side_effects_targeted_short", "side_effects_targeted_long"),
    ("Bone-strengthening drugs", "side_effects_bone_short", "side_effects_bone_long"),
)
# Said under the table: whom to tell. How soon to act is the card's (safety.py), shown in lesson 06 under the table.
SIDE_EFFECT_NOTES = (("Whom to tell", "side_effects_tell"),)
# The surgery row points to the lesson's lymphoedema fact (how often) rather than repeating it.
SIDE_EFFECT_SEE_ALSO = {"Surgery": "lymphoedema_after_axilla"}
# Sourced facts said after a row's "Lasting or later" effects: what to do about them, and when (each cited).
SIDE_EFFECT_ALSO = {
    "Chemotherapy": ("fertility_before_treatment",),
    "Chemotherapy: nerve damage": ("nerves_tell_early",),
    "Bone-strengthening drugs": ("denosumab_calcium",),
}
SIDE_EFFECT_HEAD = ("Treatment", "During and soon after", "Lasting or later", "Source")


def _source_link(fact) -> str:
    name = fact.source.split(",")[0]
    return f"[{name}]({fact.url})"


def _source_plain(fact) -> str:
    return f"{fact.source} ({fact.url})"


def _cell(text: str) -> str:
    return text.replace("|", "/")


@registry.table("side-effects")
def side_effects_table() -> Text:
    """The common side effects of each kind of treatment, whom to tell, with each row's source."""
    f = facts()
    md = [
        "**Side effects at a glance.** Common effects of each kind of treatment. Not everyone has them.",
        "",
        "| " + " | ".join(SIDE_EFFECT_HEAD) + " |",
        "|" + "---|" * len(SIDE_EFFECT_HEAD),
    ]
    plain = ["Side effects at a glance. Common effects of each kind of treatment. Not everyone has them."]
    for treatment, short_id, long_id in SIDE_EFFECT_ROWS:
        short, late = f[short_id], f[long_id]
        cited = [short] + ([late] if (late.source, late.url) != (short.source, short.url) else [])
        late_text = late.sentence()
        for also_id in SIDE_EFFECT_ALSO.get(treatment, ()):
            also = f[also_id]
            late_text += " " + also.sentence()
            if all((also.source, also.url) != (c.source, c.url) for c in cited):
                cited.append(also)
        see = SIDE_EFFECT_SEE_ALSO.get(treatment)
        if see:
            cited.append(f[see])
            late_text += " How often: see the lymphoedema key fact above."
        md.append(
            f"| **{treatment}** | {_cell(short.sentence())} | {_cell(late_text)} | "
            + "; ".join(_source_link(c) for c in cited)
            + " |"
        )
        plain.append(
            f"{treatment}: during and soon after: {short.sentence()} Lasting or later: {late_text} "
            f"Source: {'; '.join(_source_plain(c) for c in cited)}."
        )
    for label, fact_id in SIDE_EFFECT_NOTES:
        fact = f[fact_id]
        md += ["", f"**{label}:** {fact.sentence()} *Source: {_source_link(fact)}.*"]
        plain.append(f"{label}: {fact.sentence()} Source: {_source_plain(fact)}.")
    return Text("\n".join(md), "\n".join(plain))


def _bars(ax, values: dict, title: str, xlabel: str, color: str = NORMAL_EDGE) -> None:
    items = list(values.items())[::-1]  # first entry at the top
    names = [k for k, _ in items]
    nums = [v for _, v in items]
    ax.barh(names, nums, color=color, height=0.6)
    for y, v in enumerate(nums):
        ax.text(v + 1, y, fmt_percent(v), va="center", fontsize=11.5)
    ax.set_xlim(0, 118)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_xlabel(xlabel)
    ax.set_title(title, fontsize=13, loc="left")
    ax.tick_params(axis="y", labelsize=11.5)


@registry.figure("subtype-shares")
@in_style
def subtype_shares() -> CourseFigure:
    """How common each receptor subtype is."""
    fact = facts()["subtype_share"]
    listing = "; ".join(f"{k}: {fmt_percent(v)}" for k, v in fact.values.items())
    alt_text = (
        f"Horizontal bar chart of how common each receptor subtype was among female breast cancers. {listing}. "
        "HR+/HER2- is by far the longest bar."
    )
    caption = f"Breast cancer subtypes by receptor. Who this describes: {fact.population}. Source: {fact.source}."
    fig = new_figure("subtype-shares", (10, 4.8), alt_text, caption)
    ax = fig.add_axes((0.3, 0.2, 0.66, 0.66))
    _bars(ax, fact.values, "Share of breast cancers by subtype", "Share of cases (%)")
    fig.text(0.02, 0.02, f"Who this describes: {fact.population}.", fontsize=9.5, color="#444444")
    headline(fig, "Most breast cancers are hormone receptor positive and HER2-negative")
    return fig


def _period(fact) -> str:
    """The years of diagnosis a fact's population names, e.g. '2014–2020'."""
    found = re.search(r"\d{4}\s*[–-]\s*\d{4}", fact.population or "")
    if found is None:
        raise ValueError(f"fact '{fact.id}' names no period (years) in its population")
    return found.group(0)


@registry.figure("survival-charts")
@in_style
def survival_charts() -> CourseFigure:
    """Five-year relative survival by receptor subtype and by SEER stage."""
    known = facts()
    sub, stage = known["subtype_survival"], known["survival_by_seer_stage"]
    alt_text = (
        f"Two horizontal bar charts of five-year relative survival. Left, by receptor subtype, for women diagnosed "
        f"{_period(sub)}: "
        + "; ".join(f"{k}: {fmt_percent(v)}" for k, v in sub.values.items())
        + f". Right, by how far the cancer had spread when found, for women diagnosed {_period(stage)}: "
        + "; ".join(f"{k}: {fmt_percent(v)}" for k, v in stage.values.items())
        + ". Survival is lower for triple negative cancers and much lower when the cancer had spread to distant organs."
    )
    caption = (
        f"Five-year relative survival, left by subtype ({sub.population}), right by stage at diagnosis "
        f"({stage.population}). These describe groups diagnosed years ago, not any one person. "
        f"Sources: {sub.source}; {stage.source}."
    )
    fig = new_figure("survival-charts", (13, 5.0), alt_text, caption)
    left = fig.add_axes((0.2, 0.24, 0.3, 0.54))
    right = fig.add_axes((0.74, 0.24, 0.23, 0.54))
    _bars(left, sub.values, f"By receptor subtype\n(diagnosed {_period(sub)})", "5-year relative survival (%)")
    short = {k.split(" (")[0]: v for k, v in stage.values.items()}
    _bars(
        right,
        short,
        f"By stage when found (SEER)\n(diagnosed {_period(stage)})",
        "5-year relative survival (%)",
        color=CHANGED_EDGE,
    )
    fig.text(0.02, 0.04, f"Left: {sub.population}.", fontsize=9.5, color="#444444")
    fig.text(0.55, 0.04, f"Right: {stage.population}.", fontsize=9.5, color="#444444")
    headline(fig, "Five-year relative survival is a group average, not a prediction for one person")
    return fig


# -- Follow-up timeline (lesson 08) ---------------------------------------------------------------


@registry.figure("followup-timeline")
@in_style
def followup_timeline() -> CourseFigure:
    """A timeline of follow-up after the main treatment: yearly mammograms, check-ups, contact any time, and
    hormone therapy, which for many people goes on through follow-up."""
    known = facts()
    fact, hormone = known["followup"], known["hormone_therapy_during_followup"]
    years = int(fact.value)
    alt_text = (
        f"Timeline starting at the end of the main treatment (surgery, and often chemotherapy or radiotherapy) and "
        f"running for {years + 1} years. A mammogram is marked at each year from 1 to {years}. A band under the "
        "timeline reads 'check-ups at the clinic, or patient-initiated follow-up', and a second band across the "
        "whole timeline reads 'any time: contact your breast care nurse or doctor about a new symptom or a worry'. "
        "A dashed band at the bottom starts before the end of the main treatment and runs on past the end of the "
        f"timeline: hormone therapy, for hormone receptor positive cancer, usually {hormone.value_text()} in all, "
        "so it goes on through follow-up. After the last yearly mammogram, a note says that what comes next "
        "depends on age and local guidance, for example screening."
    )
    caption = (
        f"Follow-up after the main treatment: usually a yearly mammogram for at least {fact.value_text()}, with "
        "check-ups or patient-initiated follow-up, and help whenever something changes. For hormone receptor "
        f"positive cancer, hormone therapy usually lasts {hormone.value_text()} in all, so it goes on during "
        f"follow-up. Sources: {fact.source}; {hormone.source}"
    )
    caption += "" if caption.endswith((".", "?", "!")) else "."
    fig = new_figure("followup-timeline", (11.5, 5.0), alt_text, caption)
    ax = canvas(fig, (-0.8, years + 2.6), (-2.6, 1.9), rect=(0.01, 0.02, 0.98, 0.86))
    ax.annotate("", xy=(years + 1.4, 0.6), xytext=(-0.3, 0.6), arrowprops=dict(arrowstyle="-|>", color=INK, lw=2.2))
    ax.plot([0, 0], [0.35, 0.85], color=INK, lw=3)
    ax.text(0, 1.05, "End of main\ntreatment", ha="center", va="bottom", fontsize=11, fontweight="bold")
    for year in range(1, years + 1):
        ax.plot(
            [year],
            [0.6],
            marker="o",
            markersize=17,
            markerfacecolor=NORMAL,
            markeredgecolor=NORMAL_EDGE,
            markeredgewidth=1.5,
            zorder=3,
        )
        ax.text(year, 1.05, f"Year {year}\nmammogram", ha="center", va="bottom", fontsize=10)
    ax.text(
        years + 1.5,
        0.6,
        "Next: depends on age\nand local guidance,\ne.g. screening",
        ha="left",
        va="center",
        fontsize=10,
        style="italic",
    )
    ax.add_patch(
        FancyBboxPatch((0.1, -0.45), years - 0.2 + 0.9, 0.55, boxstyle="round,pad=0,rounding_size=0.1", **NOTE)
    )
    ax.text(
        0.3,
        -0.17,
        "Check-ups at the clinic, or patient-initiated follow-up (no routine visits)",
        va="center",
        fontsize=10.5,
    )
    ax.add_patch(FancyBboxPatch((0.1, -1.35), years + 1.2, 0.55, boxstyle="round,pad=0,rounding_size=0.1", **GOOD))
    ax.text(
        0.3,
        -1.07,
        "Any time: contact your breast care nurse or doctor about a new symptom or a worry",
        va="center",
        fontsize=10.5,
        fontweight="bold",
    )
    # Hormone therapy: only for some people (dashed), starts before the main treatment ends and runs on
    # past the end of the drawing, because it usually lasts longer than the yearly mammograms shown here.
    ax.add_patch(
        FancyBboxPatch((-0.6, -2.25), years + 1.9, 0.6, boxstyle="round,pad=0,rounding_size=0.1", **OPTIONAL_STEP)
    )
    ax.annotate(
        "", xy=(years + 2.5, -1.95), xytext=(years + 1.3, -1.95), arrowprops=dict(arrowstyle="-|>", color=INK, lw=1.8)
    )
    ax.text(
        -0.45,
        -1.95,
        f"Hormone therapy, if the cancer is hormone receptor positive: usually {hormone.value_text()} in all,"
        "\nso it often goes on through follow-up",
        va="center",
        fontsize=10.5,
    )
    headline(fig, "Follow-up after the main treatment, with hormone therapy alongside for many")
    return fig
