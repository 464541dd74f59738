"""Command line: ``python -m breast_cancer_course COMMAND``.

validate   check every data file; print file, entry and problem; exit 1 on any problem
figures    regenerate figures/ (PNG, SVG, alt text) from the diagram code
glossary   regenerate notebooks/glossary.ipynb from data/glossary.yaml
progress   the learner's progress per lesson; --export FILE.csv, --reset [--yes]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import content


def _notebooks_dir(args: argparse.Namespace, root: Path) -> Path | None:
    """The lesson notebooks next to the data (a source checkout); None in an installed wheel."""
    if args.notebooks:
        return Path(args.notebooks)
    guess = root.parent / "notebooks"
    return guess if guess.is_dir() else None


def _validate(args: argparse.Namespace) -> int:
    from . import glossary

    root = Path(args.data) if args.data else content.data_dir()
    data, problems = content.check(root)
    notebooks = _notebooks_dir(args, root)
    if data is not None and notebooks is not None:
        problems = glossary.link_problems(notebooks, data)
    if problems:
        for p in problems:
            print(p)
        n = len(problems)
        print(f"{n} problem{'s' if n != 1 else ''} found in {root}.", file=sys.stderr)
        return 1
    assert data is not None
    for w in data.warnings:
        print(f"warning: {w}")
    n_q = sum(len(qs) for qs in data.questions.values())
    checked = f"; glossary links in {notebooks}" if notebooks is not None else ""
    print(
        f"OK: {len(data.facts)} facts, {len(data.glossary)} glossary terms, "
        f"{len(data.lessons)} lessons, {n_q} questions in {root}{checked}."
    )
    return 0


def _glossary(args: argparse.Namespace) -> int:
    from . import glossary

    out = Path(args.out)
    changed = glossary.write_notebook(out)
    print(f"{'Wrote' if changed else 'Unchanged:'} {out} ({len(content.load().glossary)} terms).")
    return 0


def _figures(args: argparse.Namespace) -> int:
    from . import diagrams

    outdir = Path(args.out)
    written = diagrams.export(outdir)
    print(f"Wrote {len(written)} files for {len(diagrams.names())} figures to {outdir}/.")
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
            reply = input(f"Delete all saved answers in {store.path}? Type yes to confirm: ") if sys.stdin.isatty() else ""
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m breast_cancer_course", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check every data file")
    v.add_argument("--data", help="data folder to check (default: the course's data/)")
    v.add_argument("--notebooks", help="lesson notebooks whose glossary links to check "
                   "(default: the notebooks/ folder next to the data, if there is one)")
    v.set_defaults(func=_validate)
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
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except content.ContentError as exc:
        print(exc)
        return 1


if __name__ == "__main__":
    sys.exit(main())
