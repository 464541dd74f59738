"""Lesson 09: what a real trial says about prognosis (GBSG2, Kaplan-Meier curves with lifelines).

The data are the German Breast Cancer Study Group 2 trial (GBSG2), read at run time from the
``lifelines`` package (``lifelines.datasets.load_gbsg2()``); nothing of it is copied into the
course.  The curves, medians and log-rank tests are lifelines' own: the course only groups the
women, draws the result in the course style and puts it into words.

    from breast_cancer_course import survival
    survival.trial()              # the 686 women, one row each, with plain-language columns
    survival.fit("grade")         # {group label: fitted KaplanMeierFitter}
    survival.summary("nodes")     # one row per group: women, recurrences, median, share at 5 years

It registers lesson 09's figures (``km-handful``, ``km-<grouping>``), tables (``km-handful``,
``summary-<grouping>``, ``mix-hormone``) and the explorer ``survival`` with :mod:`.registry`;
lifelines and pandas are imported only when one of them is first made.

Recurrence-free survival here means: alive with no sign of the cancer coming back.  An *event*
is a recurrence or death (``cens == 1`` in the data); a woman still free of both at her last
visit is *censored* at that time.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from functools import cache, lru_cache

from . import content as _content
from . import picker, registry
from .diagrams.style import headline, in_style, line_colours, new_figure
from .text import Text, fmt_percent

DAYS_PER_YEAR = 365.25
# Years at which the at-risk table counts the women still followed.
TABLE_YEARS = (0, 1, 2, 3, 4, 5, 6, 7)
LANDMARK_YEARS = 5
# Line styles go with the colours so that no curve is told apart by colour alone.
LINES = ("-", "--", ":", "-.")
# The handful of women used to build one curve by hand: rows of the trial data, chosen so that
# some have a recurrence and some are censored, at times spread over the follow-up.
HANDFUL_ROWS = (11, 26, 44, 25, 33, 20, 7, 45)


class MissingPackage(ImportError):
    """lifelines (or pandas) is not installed.  Shown in a notebook as one line, not a traceback."""

    def _render_traceback_(self) -> list[str]:
        return [f"\u26a0 {self}"]


def _lifelines():
    try:
        from lifelines import KaplanMeierFitter
        from lifelines.datasets import load_gbsg2
        from lifelines.statistics import multivariate_logrank_test
    except ImportError as exc:
        raise MissingPackage(
            "Lesson 09 needs the lifelines package for its survival curves "
            f"({exc.name or 'lifelines'} is not installed). Install the course's pinned versions with "
            "`pip install -c requirements.lock -e .` (or `make lab`); every other lesson works without it."
        ) from None
    return KaplanMeierFitter, load_gbsg2, multivariate_logrank_test


@dataclass(frozen=True)
class Grouping:
    """One way to split the women into groups, with the groups in the order they are drawn."""

    id: str
    title: str  # "Tumour grade"
    column: str  # column of trial() holding each woman's group label
    labels: tuple[str, ...]
    question: str  # what the comparison asks, in plain words
    caveat: str | None = None  # what the comparison cannot show: in its figure's caption and alt text


def _nodes_label(n: int) -> str:
    if n <= 3:
        return "1\u20133 nodes"
    if n <= 9:
        return "4\u20139 nodes"
    return "10 or more nodes"


def _size_label(mm: int) -> str:
    if mm <= 20:
        return "up to 2 cm"
    if mm <= 50:
        return "2 to 5 cm"
    return "over 5 cm"


GROUPINGS: dict[str, Grouping] = {
    "all": Grouping(
        "all",
        "All women in the trial",
        "everyone",
        ("All women",),
        "How many women stayed free of recurrence over time?",
    ),
    "grade": Grouping(
        "grade",
        "Tumour grade",
        "grade",
        ("Grade 1", "Grade 2", "Grade 3"),
        "Did women whose cancer had a higher grade have a recurrence sooner?",
    ),
    "nodes": Grouping(
        "nodes",
        "Positive lymph nodes",
        "nodes",
        ("1\u20133 nodes", "4\u20139 nodes", "10 or more nodes"),
        "Did women with more lymph nodes containing cancer have a recurrence sooner?",
    ),
    "hormone": Grouping(
        "hormone",
        "Hormone therapy (tamoxifen)",
        "hormone",
        ("Hormone therapy", "No hormone therapy"),
        "Did women who had hormone therapy stay free of recurrence longer?",
        "Tamoxifen was not given at random to every woman, so this is an observational comparison: the gap "
        "does not show what caused it. Large randomised trials show that tamoxifen lowers recurrence in "
        "oestrogen receptor positive cancer.",
    ),
    "menopause": Grouping(
        "menopause",
        "Menopause at diagnosis",
        "menopause",
        ("Before the menopause", "After the menopause"),
        "Did recurrence differ between women before and after the menopause?",
    ),
    "size": Grouping(
        "size",
        "Tumour size",
        "size",
        ("up to 2 cm", "2 to 5 cm", "over 5 cm"),
        "Did women with larger tumours have a recurrence sooner?",
    ),
}
TAUGHT = ("grade", "nodes", "hormone")  # the groupings the lesson walks through; the explorer has them all


@lru_cache(maxsize=1)
def trial():
    """The GBSG2 women, one row each: the original columns plus plain-language ones.

    Added columns: ``years`` (follow-up in years), ``event`` (1 = recurrence or death),
    ``everyone``, ``grade``, ``nodes``, ``hormone``, ``menopause``, ``size`` (group labels).
    """
    _, load_gbsg2, _ = _lifelines()
    df = load_gbsg2()
    out = df.assign(
        years=df["time"] / DAYS_PER_YEAR,
        event=df["cens"].astype(int),
        everyone="All women",
        grade=df["tgrade"].map({"I": "Grade 1", "II": "Grade 2", "III": "Grade 3"}),
        nodes=df["pnodes"].map(_nodes_label),
        hormone=df["horTh"].map({"yes": "Hormone therapy", "no": "No hormone therapy"}),
        menopause=df["menostat"].map({"Pre": "Before the menopause", "Post": "After the menopause"}),
        size=df["tsize"].map(_size_label),
    )
    missing = [g.column for g in GROUPINGS.values() if out[g.column].isna().any()]
    if missing:
        raise ValueError(f"GBSG2 data has values the course does not recognise in: {', '.join(missing)}")
    return out


def grouping(which: str) -> Grouping:
    if which not in GROUPINGS:
        raise KeyError(f"No grouping '{which}'. Choose one of: {', '.join(GROUPINGS)}.")
    return GROUPINGS[which]


@cache
def fit(which: str) -> dict:
    """{group label: KaplanMeierFitter fitted on that group}, in drawing order."""
    kmf_class, _, _ = _lifelines()
    g = grouping(which)
    df = trial()
    fits = {}
    for label in g.labels:
        rows = df[df[g.column] == label]
        fits[label] = kmf_class(alpha=0.05).fit(rows["years"], rows["event"], label=label)
    return fits


@dataclass(frozen=True)
class GroupSummary:
    label: str
    women: int
    events: int
    median_years: float | None  # None: more than half were still free of recurrence at the end
    free_at_landmark: float  # share (0-1) free of recurrence at LANDMARK_YEARS
    ci_at_landmark: tuple[float, float]


def summary(which: str) -> list[GroupSummary]:
    """Per group: women, events, median recurrence-free time and the share free at 5 years."""
    rows = []
    for label, kmf in fit(which).items():
        median = float(kmf.median_survival_time_)
        at = float(kmf.survival_function_at_times(LANDMARK_YEARS).iloc[0])
        ci = kmf.confidence_interval_survival_function_
        before = ci[ci.index <= LANDMARK_YEARS].iloc[-1]
        rows.append(
            GroupSummary(
                label=label,
                women=int(kmf.event_observed.size),
                events=int(kmf.event_observed.sum()),
                median_years=None if math.isinf(median) else median,
                free_at_landmark=at,
                ci_at_landmark=(float(before.iloc[0]), float(before.iloc[1])),
            )
        )
    return rows


def logrank_p(which: str) -> float | None:
    """The log-rank test's p-value for 'these groups' curves are the same'; None for one group."""
    g = grouping(which)
    if len(g.labels) < 2:
        return None
    _, _, test = _lifelines()
    df = trial()
    return float(test(df["years"], df[g.column], df["event"]).p_value)


def at_risk(which: str, years=TABLE_YEARS) -> dict[str, list[int]]:
    """How many women in each group were still being followed, free of recurrence, at each year."""
    out = {}
    for label, kmf in fit(which).items():
        durations = kmf.durations
        out[label] = [int((durations >= t).sum()) for t in years]
    return out


# -- words -------------------------------------------------------------------------------


def years_text(x: float | None) -> str:
    """A time in years as the lesson writes it, to one decimal: 4.25 -> '4.2 years'; None -> 'not reached'."""
    if x is None:
        return "not reached"
    return f"{x:.1f} years"


def share(x: float) -> str:
    """A 0-1 share as a whole percentage: 0.744 -> '74%'."""
    return fmt_percent(x, share=True)


def p_text(p: float | None) -> str:
    if p is None:
        return ""
    if p < 0.001:
        return "p < 0.001"
    return f"p = {p:.3f}"


SUMMARY_HEAD = (
    "Group",
    "Women",
    "Recurrences or deaths",
    "Median recurrence-free time",
    f"Free of recurrence at {LANDMARK_YEARS} years (95% CI)",
)


def summary_cells(which: str) -> list[list[str]]:
    """The summary of one grouping as rows of words, one per group, in the order of SUMMARY_HEAD."""
    return [
        [
            r.label,
            str(r.women),
            str(r.events),
            years_text(r.median_years),
            f"{share(r.free_at_landmark)} ({share(r.ci_at_landmark[0])}\u2013{share(r.ci_at_landmark[1])})",
        ]
        for r in summary(which)
    ]


def logrank_text(which: str) -> str | None:
    p = logrank_p(which)
    if p is None:
        return None
    return (
        f"Log-rank test that the groups' curves are the same: {p_text(p)}. The p-value says how surprising a gap "
        "this big would be if the groups really did the same; a small p-value means it would be surprising. It is not "
        "the chance that the gap is due to chance, and it does not say what caused the gap."
    )


MEDIAN_NOTE = "Median not reached: more than half the group was still free of recurrence when follow-up ended."


def median_note(which: str) -> str | None:
    """The note under a summary that explains 'not reached', or None when every group reached its median."""
    if any(r.median_years is None for r in summary(which)):
        return MEDIAN_NOTE
    return None


def summary_table(which: str) -> Text:
    """A table of the groups in words (Markdown and plain text)."""
    g = grouping(which)
    body = summary_cells(which)
    md = [f"**{g.title}.** {g.question}", "", "| " + " | ".join(SUMMARY_HEAD) + " |", "|" + "---|" * len(SUMMARY_HEAD)]
    md += ["| " + " | ".join(row) + " |" for row in body]
    plain = [f"{g.title}. {g.question}"] + [", ".join(f"{h}: {c}" for h, c in zip(SUMMARY_HEAD, row)) for row in body]
    test = logrank_text(which)
    if test is not None:
        md += ["", test]
        plain.append(test)
    note = median_note(which)
    if note is not None:
        md += ["", f"*{note}*"]
        plain.append(note)
    return Text("\n".join(md), "\n".join(plain))


def step_text(before: float, at_risk: int, events: int) -> str:
    """How the curve moves at one time, as arithmetic: '75% × 4/5 = 60%', or 'no step' when nobody had an event.

    At an event the curve keeps the share of its current height that the women still followed and still free of
    recurrence make up: (at risk - events) / at risk.  It is a fraction of the height, not a drop of that many points.
    """
    if events == 0:
        return f"no step: stays at {share(before)}"
    kept = at_risk - events
    return f"{share(before)} \u00d7 {kept}/{at_risk} = {share(before * kept / at_risk)}"


def example_step() -> tuple[float, float, int, int]:
    """The step the lesson works out: the first event after a censored woman (her leaving makes it larger).

    Returns (time, curve height just before, women still followed just before, events then).
    """
    kmf = handful_fit()
    table, surv = kmf.event_table, kmf.survival_function_.iloc[:, 0]
    first_censor = table[table["censored"] > 0].index[0]
    later = table[(table.index > first_censor) & (table["observed"] > 0)]
    t = float(later.index[0])
    return t, float(surv[surv.index < t].iloc[-1]), int(later.iloc[0]["at_risk"]), int(later.iloc[0]["observed"])


def handful():
    """The handful of women used to build one curve by hand, sorted by follow-up time."""
    df = trial().iloc[list(HANDFUL_ROWS)]
    return df.sort_values("years")


def handful_fit():
    kmf_class, _, _ = _lifelines()
    df = handful()
    return kmf_class(alpha=0.05).fit(df["years"], df["event"], label="Eight women")


def handful_tables() -> Text:
    """Two tables in words: the eight women, then the curve computed step by step (from lifelines)."""
    df = handful()
    women = ["| Woman | Followed for | What happened |", "|---|---|---|"]
    plain = ["The eight women:"]
    for n, (_, row) in enumerate(df.iterrows(), 1):
        what = (
            "recurrence or death (an event)"
            if row["event"]
            else "still free of recurrence at her last visit (censored)"
        )
        women.append(f"| {n} | {years_text(row['years'])} | {what} |")
        plain.append(f"Woman {n}: followed for {years_text(row['years'])}, {what}.")
    kmf = handful_fit()
    table = kmf.event_table
    surv = kmf.survival_function_.iloc[:, 0]
    steps = [
        "| Time | Still followed just before | Events then | Censored then | How the curve moves | Curve after this time |",
        "|---|---|---|---|---|---|",
    ]
    plain.append("The curve step by step:")
    before = 1.0
    for t, row in table.iterrows():
        if t == 0:
            continue
        after = float(surv.loc[t])
        move = step_text(before, int(row["at_risk"]), int(row["observed"]))
        steps.append(
            f"| {years_text(t)} | {int(row['at_risk'])} | {int(row['observed'])} | {int(row['censored'])} | "
            f"{move} | {share(after)} |"
        )
        plain.append(
            f"At {years_text(t)}: {int(row['at_risk'])} followed, {int(row['observed'])} events, "
            f"{int(row['censored'])} censored; {move}; curve {share(after)}."
        )
        before = after
    md = "\n".join(["**The eight women**", "", *women, "", "**The curve, step by step**", "", *steps])
    return Text(md, "\n".join(plain))


# -- figures -------------------------------------------------------------------------------


def _draw_curves(ax, fits: dict, ci: bool = True, censors: bool = False) -> None:
    """Draw lifelines' estimates (curve, 95% band, censoring times) with matplotlib alone.

    The numbers are lifelines' own; only the drawing is done here, on the course's figure, so that no
    pyplot or pandas plotting is involved (it is also the slow part of lifelines' plot methods).
    """
    colours = line_colours()
    for i, (label, kmf) in enumerate(fits.items()):
        colour, line = colours[i % len(colours)], LINES[i % len(LINES)]
        curve = kmf.survival_function_.iloc[:, 0]
        ax.step(curve.index, curve.to_numpy(), where="post", color=colour, linestyle=line, linewidth=2.2, label=label)
        if ci:
            band = kmf.confidence_interval_survival_function_
            ax.fill_between(
                band.index,
                band.iloc[:, 0].to_numpy(),
                band.iloc[:, 1].to_numpy(),
                step="post",
                color=colour,
                alpha=0.15,
                linewidth=0,
            )
        if censors:
            times = kmf.durations[kmf.event_observed == 0]
            heights = kmf.survival_function_at_times(times).to_numpy()
            ax.plot(times, heights, linestyle="none", marker="|", markersize=10, markeredgewidth=1.8, color=colour)
    ax.set_ylim(0, 1.02)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_yticklabels(["0%", "25%", "50%", "75%", "100%"])
    ax.set_ylabel("Still free of recurrence")
    ax.axhline(0.5, color="#9a9a9a", linewidth=0.9, linestyle="-", zorder=0)  # the median line: thin, grey, solid


def _at_risk_table(fig, ax, which: str, top: float) -> None:
    counts = at_risk(which)
    colours = line_colours()
    fig.text(0.02, top, "Number still followed (at risk)", fontsize=10.5, fontweight="bold")
    for i, (label, row) in enumerate(counts.items()):
        y = top - 0.045 * (i + 1)
        fig.text(0.02, y, label, fontsize=10, color=colours[i % len(colours)], fontweight="bold")
        for t, n in zip(TABLE_YEARS, row):
            x = ax.transData.transform((t, 0))[0]
            xf = fig.transFigure.inverted().transform((x, 0))[0]
            fig.text(xf, y, str(n), fontsize=10, ha="center")


@in_style
def km_figure(which: str):
    """Kaplan-Meier curves with 95% confidence bands and the number at risk under the x-axis."""
    g = grouping(which)
    rows = summary(which)
    n_groups = len(g.labels)
    p = logrank_p(which)
    groups = "; ".join(
        f"{r.label} ({r.women} women): {share(r.free_at_landmark)} free of recurrence at {LANDMARK_YEARS} years, "
        f"median {years_text(r.median_years)}"
        for r in rows
    )
    population = _content.load().facts["gbsg2_trial"].population
    subject = "for all women in the GBSG2 data" if which == "all" else f"in the GBSG2 trial by {g.title.lower()}"
    alt_text = (
        f"Kaplan-Meier curves of recurrence-free survival {subject}: the share of "
        f"women still free of recurrence (0 to 100%) against years since joining the study (0 to 7), each with a "
        f"shaded 95% confidence band. {groups}."
        + (f" Log-rank test {p_text(p)}." if p is not None else "")
        + " A table under the chart gives the number of women still followed each year."
        + (f" {g.caveat}" if g.caveat else "")
    )
    caption = (
        f"Recurrence-free survival by {g.title.lower()}, with 95% confidence bands and the number at risk. "
        f"Who this describes: {population}. Data: GBSG2 trial (Schumacher et al., J Clin Oncol 1994), "
        "curves from lifelines' Kaplan-Meier estimator. A curve describes a group, never one person."
        + (f" {g.caveat}" if g.caveat else "")
    )
    if which == "all":
        caption = caption.replace(f"by {g.title.lower()}", "for all women in the trial")
    height = 5.4 + 0.32 * n_groups
    fig = new_figure(f"km-{which}", (10, height), alt_text, caption)
    table_h = 0.07 + 0.045 * n_groups
    bottom = table_h + 0.12
    ax = fig.add_axes((0.2, bottom, 0.76, 0.9 - bottom))
    _draw_curves(ax, fit(which))
    ax.set_xlim(-0.1, 7.4)
    ax.set_xticks(list(TABLE_YEARS))
    ax.set_xlabel("Years since joining the study")
    if n_groups > 1:
        ax.legend(loc="lower left", handlelength=3)
    else:
        ax.get_legend() and ax.get_legend().remove()
    _at_risk_table(fig, ax, which, table_h)
    title = {"all": "Recurrence-free survival in the GBSG2 trial"}.get(
        which, f"Recurrence-free survival by {g.title.lower()}"
    )
    headline(fig, title)
    fig.tight = False  # laid out to fit its canvas: one drawing instead of two (see diagrams.style.render)
    return fig


@registry.figure("km-handful")
@in_style
def km_handful_figure():
    """The step curve of the eight women, censoring marks shown, no confidence band."""
    kmf = handful_fit()
    df = handful()
    events = int(df["event"].sum())
    surv = kmf.survival_function_.iloc[:, 0]
    steps = "; ".join(
        f"at {years_text(t)} it drops to {share(float(v))}"
        for t, v in surv.items()
        if t > 0 and t in set(df.loc[df["event"] == 1, "years"])
    )
    t, before, at_risk_then, events_then = example_step()
    alt_text = (
        f"A step-shaped Kaplan-Meier curve for eight women from the GBSG2 trial. It starts at 100%; {steps}. "
        f"Small vertical ticks mark the {len(df) - events} women who were censored (followed up to then with no "
        "recurrence); the curve does not drop at a tick. At each event the curve keeps the fraction of its height "
        f"made up by the women still followed who stayed free, for example at {years_text(t)}: "
        f"{step_text(before, at_risk_then, events_then)}."
    )
    caption = (
        "One Kaplan-Meier curve built from eight women of the GBSG2 trial: the curve steps down at each "
        "recurrence; a tick marks a woman censored at that time. Data: Schumacher et al., J Clin Oncol 1994."
    )
    fig = new_figure("km-handful", (10, 4.8), alt_text, caption)
    ax = fig.add_axes((0.1, 0.16, 0.86, 0.72))
    _draw_curves(ax, {"Eight women": kmf}, ci=False, censors=True)
    ax.set_xlim(-0.1, 7.4)
    ax.set_xticks(list(TABLE_YEARS))
    ax.set_xlabel("Years since joining the study")
    if ax.get_legend():
        ax.get_legend().remove()
    first_event = float(df.loc[df["event"] == 1, "years"].iloc[0])
    first_censor = float(df.loc[df["event"] == 0, "years"].iloc[0])
    arrow = {"arrowstyle": "->", "color": "#444444", "lw": 1.2}
    ax.annotate(
        "event: a step down",
        xy=(first_event + 0.02, float(surv.asof(first_event)) + 0.06),
        xytext=(first_event + 0.1, 0.64),
        fontsize=11,
        arrowprops=arrow,
    )
    ax.annotate(
        "censored: a tick, no step",
        xy=(first_censor, float(surv.asof(first_censor)) + 0.03),
        xytext=(first_censor - 0.3, 0.93),
        fontsize=11,
        arrowprops=arrow,
    )
    t, before, at_risk_then, events_then = example_step()
    ax.annotate(
        f"{at_risk_then - events_then} of {at_risk_then} still followed stay free:\n"
        + step_text(before, at_risk_then, events_then),
        xy=(t + 0.03, (before + float(surv.loc[t])) / 2),
        xytext=(t + 0.45, 0.8),
        fontsize=11,
        arrowprops=arrow,
    )
    headline(fig, "Building a Kaplan-Meier curve from eight women")
    fig.tight = False
    return fig


# -- the explorer widget -----------------------------------------------------------------


@registry.explorer("survival")
class SurvivalExplorer:
    """Choose how to group the women and see their curves and the table in words."""

    def spec(self, start: str = "grade") -> picker.Spec:
        return picker.Spec(
            "survival-explorer",
            "Group by:",
            [(g.title, g.id) for g in GROUPINGS.values()],
            start,
            [("figure", curves_html), ("summary", summary_html)],
            style={"description_width": "initial", "button_width": "auto"},
        )

    def widget(self, start: str = "grade"):
        return self.spec(start).build()

    def static_html(self, shown: set[str]) -> str:
        """Every grouping's curves and summary, skipping the curves already printed on the page."""
        above = [g.title for g in GROUPINGS.values() if f"km-{g.id}" in shown]
        intro = "In the notebook, buttons regroup the same women. "
        intro += (
            f"Shown earlier in this handout: {', '.join(above)}. Here are the other groupings."
            if above
            else "Here is every grouping."
        )
        parts = [f'<p class="note">{html.escape(intro, quote=True)}</p>']
        for g in GROUPINGS.values():
            if f"km-{g.id}" not in shown:
                parts += [f"<h3>{html.escape(g.title, quote=True)}</h3>", curves_html(g.id), summary_html(g.id)]
        return "\n".join(parts)


def curves_html(which: str) -> str:
    """The curves of one grouping as accessible HTML (the registry draws each figure once per session)."""
    return registry.figure_html(f"km-{grouping(which).id}")


def summary_html(which: str) -> str:
    """The same summary as summary_table, as an HTML table (for the explorer widget and handouts)."""
    g = grouping(which)
    head = "".join(f"<th scope='col'>{html.escape(h)}</th>" for h in SUMMARY_HEAD)
    body = "".join(
        f"<tr><th scope='row'>{html.escape(row[0])}</th>"
        + "".join(f"<td>{html.escape(c)}</td>" for c in row[1:])
        + "</tr>"
        for row in summary_cells(which)
    )
    notes = [t for t in (logrank_text(which), median_note(which)) if t]
    return (
        f"<div role='status' style='line-height:1.45'><p><strong>{html.escape(g.title)}.</strong> "
        f"{html.escape(g.question)}</p><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        + "".join(f"<p>{html.escape(t)}</p>" for t in notes)
        + "</div>"
    )


# -- how groups differ in more than one way ---------------------------------------------------

MIX_COLUMNS = ("menopause", "grade", "nodes")


def mix_table(which: str = "hormone") -> Text:
    """How the groups of one grouping differ in other ways (menopause, grade, nodes), as shares."""
    g = grouping(which)
    df = trial()
    head = ["Share of the group who were\u2026", *g.labels]
    lines = []
    for col in MIX_COLUMNS:
        other = grouping(col)
        for label in other.labels:
            shares = []
            for mine in g.labels:
                rows = df[df[g.column] == mine]
                shares.append(share(float((rows[col] == label).mean())))
            lines.append(
                [
                    label[0].lower() + label[1:] if label[0].isupper() and not label.startswith("Grade") else label,
                    *shares,
                ]
            )
    md = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    md += ["| " + " | ".join(row) + " |" for row in lines]
    plain = [", ".join(f"{h}: {c}" for h, c in zip(head, row)) for row in lines]
    intro = (
        f"**The groups differ in more than {g.title.lower().split(' (')[0]}.** "
        "Each column is one group of the chart above."
    )
    return Text("\n".join([intro, "", *md]), "\n".join([intro.replace("**", ""), *plain]))


# -- what the registry names --------------------------------------------------------------


def _register(which: str) -> None:
    registry.figure(f"km-{which}")(lambda: km_figure(which))
    registry.table(f"summary-{which}")(lambda: summary_table(which))


for _which in GROUPINGS:
    _register(_which)
registry.table("km-handful")(handful_tables)
registry.table("mix-hormone")(lambda: mix_table("hormone"))


# -- facts read off the curves ------------------------------------------------------------------

# Facts in data/facts.yaml whose values are read off this lesson's curves: fact id -> grouping.
CURVE_FACTS = {"gbsg2_rfs5_by_grade": "grade", "gbsg2_rfs5_by_nodes": "nodes"}


def fact_problems(data: _content.Content) -> list[str]:
    """Facts read off the curves that no longer match the trial data (share free at 5 years, whole %)."""
    problems = []
    for fact_id, which in CURVE_FACTS.items():
        fact = data.facts.get(fact_id)
        where = f"data/facts.yaml: '{fact_id}'"
        if fact is None or fact.values is None:
            problems.append(f"{where}: missing, or has no values")
            continue
        computed = {r.label: round(100 * r.free_at_landmark) for r in summary(which)}
        if set(fact.values) != set(computed):
            problems.append(f"{where}: groups {sorted(fact.values)} but the lesson draws {sorted(computed)}")
            continue
        for label, value in fact.values.items():
            if value != computed[label]:
                problems.append(f"{where}: '{label}' is {value:g} but the trial data give {computed[label]}")
    return problems
