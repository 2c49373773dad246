"""Shared pytest setup.

Hypothesis runs derandomised (a fixed example sequence) so that CI on a new
machine sees exactly what a developer saw; `HYPOTHESIS_PROFILE=explore` opts
back into random search locally.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
