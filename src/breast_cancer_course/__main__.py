"""Command line: ``python -m breast_cancer_course COMMAND``.

validate   check every data file; print file, entry and problem; exit 1 on any problem
           (--stale: list the lessons and facts past their review date instead)
schema     write data/lesson.schema.json, the JSON Schema an editor uses to complete and check
           data/lessons/NN.yaml (--check: exit 1 if it is out of date)
figures    regenerate figures/ (PNG, SVG, alt text) from the diagram code
glossary   regenerate notebooks/glossary.ipynb from data/glossary.yaml
progress   the learner's progress per lesson; --export FILE.csv, --reset [--yes]
answer-key every question with its answer, explanation and sources: answer-key.md and .html
           (--out DIR, default build/answer-key/)
handout    one self-contained HTML page per lesson, plus glossary.html, to read or print without
           a kernel (--out DIR, default build/handouts/; name lessons, e.g. 03 08, or all)
guide      regenerate the instructor guide instructors/README.md (--check: exit 1 if out of date)
new-lesson make a lesson: its notebook, its data file and its place in the course
           (NN "Title" [--repo DIR]); it validates and runs as made
hub-link   print the nbgitpuller link that opens the course on a JupyterHub
           (--hub URL --repo URL [--branch B] [--path P])
class      class mode on PostgreSQL: init, drop, report, rehearse (python -m breast_cancer_course class -h)
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

from . import content


def _notebooks_dir(args: argparse.Namespace, root: Path) -> Path | None:
    """The lesson notebooks next to the data (a source checkout); None in an installed wheel."""
    if args.notebooks:
        return Path(args.notebooks)
    guess = root.parent / "notebooks"
    return guess if guess.is_dir() else None


def _stale(data: content.Content, today: _dt.date) -> int:
    """List the lessons and facts whose review date has passed; exit 1 if there are any."""
    lessons = sorted(
        (x for x in data.lessons.values() if x.next_review is None or x.next_review < today),
        key=lambda x: x.next_review or _dt.date.min,
    )
    for les in lessons:
        due_since = (
            f"due for clinical review since {les.next_review}" if les.next_review else "never clinically reviewed"
        )
        print(
            f"data/lessons/{les.id}.yaml: {due_since} (last reviewed {les.reviewed}; notebooks/{les.file}, {les.title})"
        )
    due = sorted((f for f in data.facts.values() if f.next_review < today), key=lambda f: f.next_review)
    for fact in due:
        print(
            f"data/facts.yaml: '{fact.id}': due for review since {fact.next_review} "
            f"(last reviewed {fact.reviewed}; source: {fact.source}, {fact.url})"
        )
    if lessons or due:
        parts = [
            f"{len(x)} {what}{'s' if len(x) != 1 else ''}" for x, what in ((lessons, "lesson"), (due, "fact")) if x
        ]
        print(f"{' and '.join(parts)} past review date on {today}.", file=sys.stderr)
        return 1
    upcoming = min(data.facts.values(), key=lambda f: f.next_review)
    lesson = min(data.lessons.values(), key=lambda x: x.next_review or _dt.date.min)
    print(
        f"No lesson or fact is past its review date on {today}. Next due: lesson {lesson.id} on "
        f"{lesson.next_review}; fact '{upcoming.id}' on {upcoming.next_review}."
    )
    return 0


def _validate(args: argparse.Namespace) -> int:
    from . import glossary

    root = Path(args.data) if args.data else content.data_dir()
    data, problems = content.check(root)
    if args.stale:
        if data is None:
            for p in problems:
                print(p)
            return 1
        return _stale(data, args.today or _dt.date.today())
    notebooks = _notebooks_dir(args, root)
    if data is not None and not problems and notebooks is not None:
        from . import lesson, safety

        problems = (
            lesson.notebook_problems(notebooks, data)
            + glossary.link_problems(notebooks, data)
            + safety.urgency_problems(data, notebooks.parent)
            + safety.working_note_problems(data, notebooks.parent)
        )
    if problems:
        for p in problems:
            print(p)
        n = len(problems)
        print(f"{n} problem{'s' if n != 1 else ''} found in {root}.", file=sys.stderr)
        return 1
    assert data is not None
    for w in data.warnings:
        print(f"warning: {w}")
    if notebooks is not None:
        from . import scaffold

        for line in scaffold.placeholders(notebooks.parent, data.lessons):
            print(f"warning: {line}")
    n_q = sum(len(qs) for qs in data.questions.values())
    checked = f"; lesson calls and glossary links in {notebooks}" if notebooks is not None else ""
    print(
        f"OK: {len(data.facts)} facts, {len(data.glossary)} glossary terms, "
        f"{len(data.lessons)} lessons, {n_q} questions in {root}{checked}."
    )
    return 0


def _schema(args: argparse.Namespace) -> int:
    import json

    from . import schema

    out = Path(args.out) if args.out else content.data_dir() / schema.SCHEMA_FILE
    text = json.dumps(schema.lesson_schema(), indent=2, ensure_ascii=False) + "\n"
    current = out.read_text(encoding="utf-8") if out.exists() else None
    if args.check:
        if current != text:
            print(
                f"{out} is out of date with breast_cancer_course/schema.py; run: python -m breast_cancer_course schema"
            )
            return 1
        print(f"{out} is up to date.")
        return 0
    if current != text:
        out.write_text(text, encoding="utf-8")
    print(f"{'Wrote' if current != text else 'Unchanged:'} {out}.")
    return 0


def _glossary(args: argparse.Namespace) -> int:
    from . import glossary

    out = Path(args.out)
    changed = glossary.write_notebook(out)
    print(f"{'Wrote' if changed else 'Unchanged:'} {out} ({len(content.load().glossary)} terms).")
    return 0


def _figures(args: argparse.Namespace) -> int:
    from . import diagrams, registry

    outdir = Path(args.out)
    written = diagrams.export(outdir)
    print(f"Wrote {len(written)} files for {len(registry.figure_names())} figures to {outdir}/.")
    return 0


def _progress(args: argparse.Namespace) -> int:
    from . import progress

    store = progress.default_store()
    if args.export:
        n = store.export(Path(args.export))
        print(f"Wrote {n} answer{'s' if n != 1 else ''} to {args.export}.")
        return 0 if store.problem is None else 1
    if args.reset:
        if not args.yes:
            reply = (
                input(f"Delete all saved answers in {store.path}? Type yes to confirm: ") if sys.stdin.isatty() else ""
            )
            if reply.strip().lower() != "yes":
                print("Nothing deleted. (Use --yes to reset without being asked.)")
                return 1
        store.reset()
        print(f"Progress cleared ({store.path}).")
        return 0
    rows = progress.summary(store)
    titles = {les.id: les.title for les in content.load().lessons.values()}
    print(f"Progress file: {store.path}" + ("" if store.path.exists() else " (no answers saved yet)"))
    print(f"{'lesson':<8}{'answered':>9}{'correct':>9}{'total':>7}  title")
    for row in rows:
        mark = "  done" if row.complete else ""
        print(f"{row.lesson:<8}{row.answered:>9}{row.correct:>9}{row.total:>7}  {titles[row.lesson]}{mark}")
    if store.problem:
        print(f"warning: {store.problem}")
        return 1
    return 0


def _answer_key(args: argparse.Namespace) -> int:
    from . import handout

    written = handout.write_answer_key(Path(args.out))
    n = sum(len(qs) for qs in content.load().questions.values())
    print(f"Wrote {', '.join(str(p) for p in written)} ({n} questions).")
    return 0


def _handout(args: argparse.Namespace) -> int:
    from . import handout

    try:
        written = handout.write_handouts(Path(args.out), args.lessons, Path(args.notebooks) if args.notebooks else None)
    except handout.HandoutError as exc:
        print(f"error: {exc}")
        return 1
    print(f"Wrote {len(written)} handouts to {args.out}/: {', '.join(p.name for p in written)}.")
    return 0


def _guide(args: argparse.Namespace) -> int:
    from . import instructor

    out = Path(args.out)
    if args.check:
        fresh = instructor.guide_markdown()
        if not out.exists() or out.read_text(encoding="utf-8") != fresh:
            print(
                f"{out} is out of date with data/course.yaml and data/lessons/; "
                "run: python -m breast_cancer_course guide"
            )
            return 1
        print(f"{out} is up to date.")
        return 0
    changed = instructor.write_guide(out)
    print(f"{'Wrote' if changed else 'Unchanged:'} {out}.")
    return 0


def _reading(args: argparse.Namespace) -> int:
    from . import reading

    try:
        rows = reading.lesson_readings()
    except reading.ReadingError as exc:
        print(f"error: {exc}")
        return 1
    bad = 0
    for row in rows:
        over = row.grade > reading.MAX_GRADE
        bad += over
        mark = f"  over {reading.MAX_GRADE:g}" if over else ""
        print(f"{row.lesson_id}  grade {row.grade:4.1f}  {row.words:5d} words{mark}")
        for fact_id, share in reading.repeated_facts(row.lesson_id):
            bad += 1
            print(
                f"    fact '{fact_id}': the paragraph just above already says {share:.0%} of its words; "
                "lead up to the fact instead of saying it twice"
            )
    return 1 if bad else 0


def _minutes(args: argparse.Namespace) -> int:
    from . import timing

    data = content.load()
    off = 0
    for est in timing.estimates(data):
        meta = data.lessons[est.lesson_id]
        stated, m = meta.minutes, est.minutes
        questions = sum(est.questions.values())
        line = (
            f"{est.lesson_id}  estimate {m.teaching:3d} + {m.exercises:3d} = {m.total:3d} min  "
            f"(stated {stated.teaching} + {stated.exercises} = {stated.total}; "
            f"{est.words} words, {est.figures} figures/tables, {questions} questions, {est.explorers} explorers)"
        )
        if args.write:
            path = content.data_dir() / "lessons" / f"{est.lesson_id}.yaml"
            if timing.write_minutes(path, m):
                line += f"  -> wrote {path.name}"
        elif not est.close_to(stated):
            off += 1
            line += "  differs: run with --write"
        print(line)
    return 1 if off else 0


def _hub_link(args: argparse.Namespace) -> int:
    from . import instructor

    try:
        print(instructor.nbgitpuller_link(args.hub, args.repo, branch=args.branch, path=args.path))
    except ValueError as exc:
        print(f"error: {exc}")
        return 1
    return 0


def _new_lesson(args: argparse.Namespace) -> int:
    from . import scaffold

    try:
        written = scaffold.new_lesson(Path(args.repo), args.lesson_id, args.title)
    except scaffold.ScaffoldError as exc:
        print(f"error: {exc}")
        return 1
    for path in written:
        print(f"wrote {path}")
    print(
        "Next: write the lesson where it says 'Replace:', then run: python -m breast_cancer_course validate "
        "(README.md, 'Adding a lesson', says what goes where)."
    )
    return 0


def _class(args: argparse.Namespace) -> int:
    """The class commands; any problem is one line on stderr and exit code 2."""
    import json

    from . import classroom

    try:
        if args.action == "init":
            learner, instructor = classroom.init_class(args.admin_url, args.class_name)
            print(f"Class '{args.class_name}' is ready.")
            print(f"learner: {learner}")
            print(f"instructor: {instructor}")
            print(
                f"Give the learners' environment {classroom.CLASS_URL_ENV}=<the learner string> and "
                f"{classroom.CLASS_ENV}={args.class_name}. Keep the instructor string for the class view."
            )
        elif args.action == "drop":
            export = Path(args.export) if args.export else None
            n = classroom.drop_class(args.admin_url, args.class_name, export, no_export=args.no_export)
            saved = f"{n} answer{'s' if n != 1 else ''} exported to {export}; " if export else ""
            print(f"Class '{args.class_name}' dropped: {saved}its schema and roles are removed.")
        elif args.action == "report":
            result = classroom.report(args.url, args.class_name)
            if args.json:
                print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
            elif args.csv:
                try:
                    rows = result.write_csv(Path(args.csv))
                except OSError as exc:
                    raise classroom.ClassError(f"Could not write {args.csv}: {exc.strerror or exc}.") from None
                print(
                    f"Wrote {rows} question rows to {args.csv} ({result.learners} learners, {result.answers} answers)."
                )
            else:
                print(result.text())
        else:
            result = classroom.rehearse(
                args.url, args.class_name, args.learners, args.answers, lessons=args.lessons or None, rate=args.rate
            )
            print(result.text())
            return 0 if result.waiting == 0 else 1
    except classroom.ClassError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m breast_cancer_course", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check every data file")
    v.add_argument("--data", help="data folder to check (default: the course's data/)")
    v.add_argument("--stale", action="store_true", help="list the facts past their review date (exit 1 if any)")
    v.add_argument(
        "--today",
        type=_dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="with --stale: the date to check against (default: today)",
    )
    v.add_argument(
        "--notebooks",
        help="lesson notebooks whose glossary links to check "
        "(default: the notebooks/ folder next to the data, if there is one)",
    )
    v.set_defaults(func=_validate)
    sc = sub.add_parser("schema", help="write data/lesson.schema.json, the JSON Schema of a lesson file")
    sc.add_argument("--out", help="output file (default: lesson.schema.json in the data folder)")
    sc.add_argument("--check", action="store_true", help="do not write; exit 1 if the file is out of date")
    sc.set_defaults(func=_schema)
    f = sub.add_parser("figures", help="regenerate figures/ from the diagram code")
    f.add_argument("--out", default="figures", help="output folder (default: figures)")
    f.set_defaults(func=_figures)
    gl = sub.add_parser("glossary", help="regenerate notebooks/glossary.ipynb from data/glossary.yaml")
    gl.add_argument("--out", default="notebooks/glossary.ipynb", help="output notebook (default: %(default)s)")
    gl.set_defaults(func=_glossary)
    g = sub.add_parser("progress", help="the learner's progress per lesson")
    g.add_argument("--export", metavar="FILE.csv", help="write every saved answer to a CSV file")
    g.add_argument("--reset", action="store_true", help="delete all saved answers (asks first)")
    g.add_argument("--yes", action="store_true", help="with --reset: do not ask")
    g.set_defaults(func=_progress)
    ak = sub.add_parser("answer-key", help="write the answer key (Markdown and HTML)")
    ak.add_argument("--out", default="build/answer-key", help="output folder (default: %(default)s)")
    ak.set_defaults(func=_answer_key)
    h = sub.add_parser("handout", help="write offline HTML handouts of the lessons")
    h.add_argument("lessons", nargs="*", metavar="LESSON", help="lesson ids, e.g. 03 08 (default: every lesson)")
    h.add_argument("--out", default="build/handouts", help="output folder (default: %(default)s)")
    h.add_argument("--notebooks", help="folder of the lesson notebooks (default: the course's notebooks/)")
    h.set_defaults(func=_handout)
    gd = sub.add_parser("guide", help="regenerate the instructor guide, instructors/README.md")
    gd.add_argument("--out", default="instructors/README.md", help="output file (default: %(default)s)")
    gd.add_argument("--check", action="store_true", help="do not write; exit 1 if the file is out of date")
    gd.set_defaults(func=_guide)
    nl = sub.add_parser("new-lesson", help="make a new lesson that validates and runs")
    nl.add_argument("lesson_id", metavar="NN", help="the new lesson's two-digit number, e.g. 10")
    nl.add_argument("title", help='its title, e.g. "Living with secondary breast cancer"')
    nl.add_argument("--repo", default=".", help="the course checkout to add it to (default: here)")
    nl.set_defaults(func=_new_lesson)
    rd = sub.add_parser("reading", help="the reading grade (Flesch-Kincaid) of every lesson's prose")
    rd.set_defaults(func=_reading)
    mi = sub.add_parser("minutes", help="each lesson's minutes estimated from its content, beside the stated ones")
    mi.add_argument("--write", action="store_true", help="put the estimates in the lesson files")
    mi.set_defaults(func=_minutes)
    hl = sub.add_parser("hub-link", help="print the nbgitpuller link for a JupyterHub")
    hl.add_argument(
        "--hub", required=True, help="the hub's address, e.g. https://hub.example.org (http:// only on this computer)"
    )
    hl.add_argument(
        "--repo",
        required=True,
        help="the course repository, e.g. https://github.com/ORG/REPO (or file:///PATH on the hub's disk)",
    )
    hl.add_argument("--branch", default="main", help="branch to pull (default: %(default)s)")
    hl.add_argument(
        "--path", default="notebooks/00_start_here.ipynb", help="file to open after pulling (default: %(default)s)"
    )
    hl.set_defaults(func=_hub_link)
    cl = sub.add_parser("class", help="class mode on PostgreSQL: init, drop, report, rehearse")
    actions = cl.add_subparsers(dest="action", required=True)
    ci = actions.add_parser("init", help="create a class; prints the learner and instructor connection strings")
    ci.add_argument("--admin-url", required=True, help="a connection string with the right to create roles")
    ci.add_argument("--class", dest="class_name", required=True, metavar="NAME", help="e.g. ward_a_2025")
    cd = actions.add_parser("drop", help="export a class's answers, then remove it")
    cd.add_argument("--admin-url", required=True)
    cd.add_argument("--class", dest="class_name", required=True, metavar="NAME")
    how = cd.add_mutually_exclusive_group(required=True)
    how.add_argument("--export", metavar="FILE.csv", help="write every answer here first")
    how.add_argument("--no-export", action="store_true", help="drop without keeping the answers")
    cr = actions.add_parser("report", help="per question: learners, right at the first try, common wrong answers")
    cr.add_argument("--url", required=True, help="the instructor connection string")
    cr.add_argument("--class", dest="class_name", required=True, metavar="NAME")
    out = cr.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the report as JSON")
    out.add_argument("--csv", metavar="FILE.csv", help="write one row per question")
    rh = actions.add_parser("rehearse", help="simulate a room of learners answering, to try the class view")
    rh.add_argument("--url", required=True, help="the learner connection string")
    rh.add_argument("--class", dest="class_name", required=True, metavar="NAME")
    rh.add_argument("--learners", type=int, required=True, help="how many simulated learners")
    rh.add_argument("--answers", type=int, default=10, help="answers per learner (default: %(default)s)")
    rh.add_argument("--lessons", nargs="*", metavar="NN", help="only these lessons' questions, e.g. 03")
    rh.add_argument("--rate", type=float, help="answers per second for the whole room (default: all at once)")
    cl.set_defaults(func=_class)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except content.ContentError as exc:
        print(exc)
        return 1


if __name__ == "__main__":
    sys.exit(main())
