"""An interactive course on invasive breast cancer.

A lesson notebook uses one module, ``lesson`` (``les = lesson.start("03")``). The others, each
imported on first use so ``import breast_cancer_course`` stays fast:

- ``text``      -- the not-advice line, shown text and number formatting (imports nothing of the course)
- ``schema``    -- the shape of every data file (pydantic models) and the JSON Schema of a lesson file
- ``content``   -- find, read and validate everything under ``data/``; ``content.load()``
- ``checks``    -- the checks across data files (facts named in text, typed statistics, review questions)
- ``notebook``  -- read and write notebook files as plain JSON
- ``lesson``    -- the lesson object, its table of calls (``lesson.CALLS``) and the check of lesson notebooks
- ``registry``  -- the named figures, tables and explorers a lesson shows
- ``diagrams``  -- the course's matplotlib figures in one style (``diagrams.style``), one module per topic
- ``survival``  -- lesson 09: the GBSG2 trial, its Kaplan-Meier curves, tables and explorer (needs lifelines)
- ``quiz``      -- the question bank and answer checking (pure Python)
- ``quiz_view`` -- the view of a question (one anywidget each) and of a review lesson
- ``picker``    -- the one picker widget of the explorers
- ``frontend``  -- the quiz widget (anywidget: page code and CSS), the keyboard shield, the reader's helpers
- ``glossary``  -- the look-up box, the glossary notebook, the check of glossary links
- ``progress``  -- the learner's saved answers (SQLite)
- ``classroom`` -- class mode: shared answers on the instructor's PostgreSQL (off unless set up; psycopg on use)
- ``handout``   -- offline HTML handouts and the answer key
- ``instructor`` -- the instructor guide, session schedules and the JupyterHub (nbgitpuller) link
- ``scaffold``  -- ``new-lesson``: a new lesson that validates and runs
"""

__version__ = "0.1.0"
