"""Class mode on The Littlest JupyterHub: give every learner's server the course's two class variables.

Copy this file to /opt/tljh/config/jupyterhub_config.d/breast-cancer-course-class.py and set CLASS_NAME below.
Put the learner connection string that `python -m breast_cancer_course class init` prints, alone on one line,
in the file URL_FILE names (same folder, readable by root only), then run `sudo tljh-config reload hub`.
The password in that string thus never sits in this file.  Without the URL file, class mode stays off and the
hub log says so in one line.  The class's PostgreSQL needs max_connections of the class size plus 20 (220 for
200 learners; the default is 100).  instructors/workshops.md has every step.
"""

import sys
from pathlib import Path

c = get_config()  # noqa: F821  (JupyterHub provides get_config to its configuration files)

CLASS_NAME = "CLASS-NAME"  # the --class name given to `class init`
URL_FILE = Path(__file__).with_name("breast-cancer-course-class-url")

if URL_FILE.is_file() and URL_FILE.read_text(encoding="utf-8").strip():
    c.Spawner.environment.update(
        {
            "BREAST_CANCER_COURSE_CLASS": CLASS_NAME,
            "BREAST_CANCER_COURSE_CLASS_URL": URL_FILE.read_text(encoding="utf-8").strip(),
        }
    )
else:
    print(f"breast-cancer-course: class mode is off: no learner connection string in {URL_FILE}", file=sys.stderr)
