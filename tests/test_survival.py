"""Lesson 09: the GBSG2 trial read with lifelines, its numbers, figures and explorer."""

from __future__ import annotations

import math
import re
import subprocess
import sys

import pytest

from breast_cancer_course import content, registry, survival

from .conftest import ROOT


def test_trial_is_the_whole_gbsg2_data_with_every_woman_grouped():
    df = survival.trial()
    assert len(df) == content.load().facts["gbsg2_trial"].value
    for g in survival.GROUPINGS.values():
        assert set(df[g.column]) == set(g.labels), g.id
    assert set(df["event"]) == {0, 1}
    assert (df["years"] > 0).all()


def test_the_handful_has_events_and_censored_women_and_lifelines_builds_its_curve():
    df = survival.handful()
    assert len(df) == 8 and df["event"].sum() == 4
    assert list(df["years"]) == sorted(df["years"])
    kmf = survival.handful_fit()
    # The product of (1 - events / at risk) over the event times is the Kaplan-Meier curve: check lifelines' result.
    table = kmf.event_table
    expected = 1.0
    for t, row in table.iterrows():
        if row["observed"]:
            expected *= 1 - row["observed"] / row["at_risk"]
        assert kmf.survival_function_.iloc[:, 0].loc[t] == pytest.approx(expected)
    text = registry.make_table("km-handful")
    assert text.markdown.count("(censored)") == 4 and text.markdown.count("(an event)") == 4
    assert text.plain.count("censored") >= 4


def test_summaries_per_grade_nodes_and_hormone_therapy():
    grade = {r.label: r for r in survival.summary("grade")}
    assert grade["Grade 1"].median_years is None  # more than half of grade 1 never had an event in follow-up
    assert grade["Grade 3"].median_years < grade["Grade 2"].median_years
    nodes = [r.free_at_landmark for r in survival.summary("nodes")]
    assert nodes == sorted(nodes, reverse=True)
    for r in survival.summary("hormone"):
        low, high = r.ci_at_landmark
        assert low < r.free_at_landmark < high
    assert survival.logrank_p("grade") < 0.001 and survival.logrank_p("nodes") < 0.001
    assert survival.logrank_p("all") is None
    assert sum(r.women for r in survival.summary("nodes")) == len(survival.trial())


def test_every_number_fact_read_off_the_curves_matches_the_data():
    assert survival.fact_problems(content.load()) == []


def test_a_fact_that_no_longer_matches_the_curves_is_caught(data_copy):
    from .test_content import _edit_yaml

    def change(doc):
        fact = next(f for f in doc["facts"] if f["id"] == "gbsg2_rfs5_by_nodes")
        fact["values"]["10 or more nodes"] = 30

    _edit_yaml(data_copy / "facts.yaml", change)
    problems = survival.fact_problems(content.load())
    assert problems == ["data/facts.yaml: 'gbsg2_rfs5_by_nodes': '10 or more nodes' is 30 but the trial data give 20"]


@pytest.mark.parametrize("which", survival.GROUPINGS)
def test_each_figure_has_alt_text_with_the_computed_numbers(which):
    fig = registry.make_figure(f"km-{which}")
    for r in survival.summary(which):
        assert r.label in fig.alt_text
        assert survival.share(r.free_at_landmark) in fig.alt_text
        assert survival.years_text(r.median_years) in fig.alt_text
    assert content.load().facts["gbsg2_trial"].population in fig.caption
    # the at-risk table starts with every woman of each group
    counts = survival.at_risk(which)
    assert [row[0] for row in counts.values()] == [r.women for r in survival.summary(which)]
    drawn = {t.get_text() for t in fig.texts}
    for row in counts.values():
        assert {str(n) for n in row} <= drawn


def test_curves_are_told_apart_by_line_style_not_colour_alone():
    fig = registry.make_figure("km-nodes")
    ax = fig.axes[0]
    styles = {line.get_linestyle() for line in ax.get_lines() if line.get_label() in survival.GROUPINGS["nodes"].labels}
    assert len(styles) == 3


def test_explorer_switches_grouping_and_shows_figure_and_table():
    box = registry.make_explorer("survival").widget()
    buttons, picture, words, shield = box.children
    assert "survival-explorer" in box._dom_classes and "survival-explorer-picker" in buttons._dom_classes
    assert "survival-explorer-figure" in picture._dom_classes and "survival-explorer-summary" in words._dom_classes
    assert type(shield).__name__ == "KeyboardShield" and buttons.description.strip()
    for g in survival.GROUPINGS.values():
        buttons.value = g.id
        assert g.title in words.value and all(label in words.value for label in g.labels)
        assert picture.value == registry.figure_html(f"km-{g.id}")


def test_explorer_static_html_skips_curves_already_on_the_page():
    explorer = registry.make_explorer("survival")
    everything = explorer.static_html(set())
    assert everything.count("<figure") == len(survival.GROUPINGS)
    shown = {f"km-{which}" for which in survival.TAUGHT}
    rest = explorer.static_html(shown)
    assert rest.count("<figure") == len(survival.GROUPINGS) - len(survival.TAUGHT)
    for which in survival.TAUGHT:
        assert registry.figure_html(f"km-{which}") not in rest
        assert survival.GROUPINGS[which].title in rest  # named as shown earlier


@pytest.mark.parametrize("which", survival.GROUPINGS)
def test_summary_tables_are_registered_per_grouping(which):
    table = registry.make_table(f"summary-{which}")
    assert table == survival.summary_table(which)
    for r in survival.summary(which):
        assert r.label in table.markdown and str(r.women) in table.plain


def test_mix_table_shows_how_the_hormone_groups_differ():
    text = registry.make_table("mix-hormone").markdown
    rows = [line for line in text.splitlines() if line.startswith("| before the menopause")]
    assert rows, text
    values = [int(v.strip().rstrip("%")) for v in rows[0].split("|")[2:4]]
    assert values[0] != values[1]  # the groups really do differ: the point of the table


def test_missing_lifelines_gives_one_clear_line(monkeypatch):
    monkeypatch.setitem(sys.modules, "lifelines", None)
    with pytest.raises(survival.MissingPackage) as info:
        survival._lifelines()
    lines = info.value._render_traceback_()
    assert len(lines) == 1 and "lifelines" in lines[0]


def test_the_trial_data_are_not_copied_into_the_repository():
    tracked = subprocess.run(["git", "ls-files"], capture_output=True, text=True, cwd=ROOT).stdout.split()
    for name in tracked:
        if name.endswith((".csv", ".tsv", ".parquet", ".feather", ".xlsx")):
            pytest.fail(f"a data table is committed: {name}")
    pattern = re.compile(r"horTh\W+age\W+menostat")
    for name in tracked:
        path = ROOT / name
        if path.suffix in {".py", ".yaml", ".ipynb", ".md", ".txt"} and pattern.search(path.read_text(errors="ignore")):
            pytest.fail(f"{name} looks like it holds the GBSG2 table")


def test_medians_are_finite_or_not_reached():
    for g in survival.GROUPINGS:
        for r in survival.summary(g):
            assert r.median_years is None or (math.isfinite(r.median_years) and r.median_years > 0)


def _not_reached_rows(which):
    return [row for row in survival.summary_cells(which) if "not reached" in row]


@pytest.mark.parametrize("which", survival.GROUPINGS)
def test_the_median_note_appears_only_under_a_table_with_a_not_reached_row(which):
    table = survival.summary_table(which)
    html_table = survival.summary_html(which)
    if _not_reached_rows(which):
        assert survival.MEDIAN_NOTE in table.markdown and survival.MEDIAN_NOTE in table.plain
        assert survival.MEDIAN_NOTE in html_table
    else:
        assert survival.MEDIAN_NOTE not in table.markdown and survival.MEDIAN_NOTE not in table.plain
        assert survival.MEDIAN_NOTE not in html_table


def test_the_median_note_follows_the_rows_both_ways():
    # Grade 1 never reached its median in follow-up: the note explains it.
    assert _not_reached_rows("grade") and survival.MEDIAN_NOTE in survival.summary_table("grade").markdown
    # Both hormone therapy groups reached their median: no row says "not reached", so no note.
    assert not _not_reached_rows("hormone")
    assert survival.MEDIAN_NOTE not in survival.summary_table("hormone").markdown


def test_the_median_note_is_driven_by_the_summary_not_by_the_grouping(monkeypatch):
    rows = survival.summary("hormone")
    monkeypatch.setattr(survival, "summary", lambda which: rows)
    assert survival.median_note("hormone") is None
    changed = [rows[0].__class__(**{**rows[0].__dict__, "median_years": None}), *rows[1:]]
    monkeypatch.setattr(survival, "summary", lambda which: changed)
    assert survival.median_note("hormone") == survival.MEDIAN_NOTE
    assert survival.MEDIAN_NOTE in survival.summary_table("hormone").markdown


def test_each_step_keeps_a_fraction_of_the_curve_not_a_number_of_points():
    assert survival.step_text(0.75, 5, 1) == "75% \u00d7 4/5 = 60%"
    assert survival.step_text(0.75, 6, 0) == "no step: stays at 75%"
    # The worked example in the handful table and figure is one real step of the curve.
    t, before, at_risk, events = survival.example_step()
    kmf = survival.handful_fit()
    after = float(kmf.survival_function_.iloc[:, 0].loc[t])
    assert after == pytest.approx(before * (at_risk - events) / at_risk)
    text = registry.make_table("km-handful")
    assert survival.step_text(before, at_risk, events) in text.markdown
    assert survival.step_text(before, at_risk, events) in registry.make_figure("km-handful").alt_text


def test_the_log_rank_sentence_does_not_call_the_p_value_the_chance_of_chance():
    text = survival.logrank_text("hormone")
    assert "if the groups really did the same" in text
    assert "not the chance that the gap is due to chance" in text
    assert "unlikely to be chance alone" not in text


def test_the_hormone_therapy_figure_says_the_comparison_is_observational():
    caveat = survival.GROUPINGS["hormone"].caveat
    assert caveat and "observational" in caveat
    fig = registry.make_figure("km-hormone")
    assert caveat in fig.alt_text and caveat in fig.caption
