"""release/ and solutions/ are what the build command makes of source/ today."""

import pytest

from clustercourse.build import available_labs, stale


@pytest.mark.parametrize("lab", available_labs())
def test_release_and_solutions_match_source(lab):
    problems = stale(lab)
    assert problems == [], f"{lab} is stale (run `bash course.sh build {lab}`): {problems}"
