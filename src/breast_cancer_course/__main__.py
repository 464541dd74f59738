"""Command line: ``python -m breast_cancer_course COMMAND``.

validate   check every data file; print file, entry and problem; exit 1 on any problem
figures    regenerate figures/ (PNG, SVG, alt text) from the diagram code
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import content


def _validate(args: argparse.Namespace) -> int:
    root = Path(args.data) if args.data else content.data_dir()
    data, problems = content.check(root)
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
    print(
        f"OK: {len(data.facts)} facts, {len(data.glossary)} glossary terms, "
        f"{len(data.lessons)} lessons, {n_q} questions in {root}."
    )
    return 0


def _figures(args: argparse.Namespace) -> int:
    from . import diagrams

    outdir = Path(args.out)
    written = diagrams.export(outdir)
    print(f"Wrote {len(written)} files for {len(diagrams.names())} figures to {outdir}/.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m breast_cancer_course", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check every data file")
    v.add_argument("--data", help="data folder to check (default: the course's data/)")
    v.set_defaults(func=_validate)
    f = sub.add_parser("figures", help="regenerate figures/ from the diagram code")
    f.add_argument("--out", default="figures", help="output folder (default: figures)")
    f.set_defaults(func=_figures)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except content.ContentError as exc:
        print(exc)
        return 1


if __name__ == "__main__":
    sys.exit(main())
