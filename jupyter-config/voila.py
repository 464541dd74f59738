# The reader's settings are in voila.json in the repository root.  This file adds the one that needs the
# installed packages: the browser may keep the reader's lab-extension files, whose names carry a hash
# (see serving.py).
# Voila reads it from the Jupyter config path that `make reader` and Binder's start script set.  (It cannot sit
# beside voila.json: a voila.py there would hide the voila package from Python started in the repository root.)
try:
    from breast_cancer_course.serving import immutable_prefixes
except ImportError:  # the course is not installed here: the reader works as before, just without the cache
    pass
else:
    c.Voila.tornado_settings = {"static_immutable_cache": immutable_prefixes("/")}  # noqa: F821 (Voila gives `c`)
