"""Settings of the server under `bench/run.py`: production settings, plus the floor page.

The product's settings unchanged (DEBUG off, the same middleware, templates and caches), with
one URLconf added in front so the floor (a 20-row template) is served by the same process.
"""

from sangkien.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405
