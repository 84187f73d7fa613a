"""CI shards: plan lists the jobs with the keys a build records; shards built apart and gathered give the very files
of a one-shot build; a gather never rebuilds a download, and refuses what no shard holds."""

import json
import re

import pytest
from click.testing import CliRunner

from mieux_pub import cache
from mieux_pub.cli import main

pytestmark = pytest.mark.slow   # every test here builds a publication or runs GNU gettext many times

# A fixed date, as a CI workflow sets from the commit, so that separate builds can be compared byte for byte.
ENV = {"SOURCE_DATE_EPOCH": "1600000000"}


def run(sample, *args) -> str:
    result = CliRunner().invoke(main, ["--project", str(sample), *map(str, args)], env=ENV)
    assert result.exit_code == 0, result.output
    return result.output


def files(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_shards_gathered_are_the_one_shot_build(sample, tmp_path):
    planned = json.loads(run(sample, "plan", "--format", "json"))
    one = tmp_path / "one"
    run(sample, "build", "--quiet", "--out", one)
    # The keys plan gives are those the build recorded.
    recorded = json.loads((one / cache.CACHE).read_text())["jobs"]
    assert {job["job"]: job["key"] for job in planned["jobs"]} == recorded
    assert {shard["name"] for shard in planned["shards"]} == {f"{code}-{name}" for code in ("fr", "en")
                                                              for name in ("pdf", "print", "epub", "docx")}
    # Two shards, one per language, as a matrix would build them; then the gathering job.
    for code in ("fr", "en"):
        run(sample, "build", "--quiet", "--lang", code, "--format", "pdf", "--format", "print", "--format", "epub",
            "--format", "docx", "--out", tmp_path / code)
    gathered = tmp_path / "gathered"
    output = run(sample, "build", "--gather", tmp_path / "fr", "--gather", tmp_path / "en", "--out", gathered)
    assert files(gathered) == files(one)
    for job in ("fr/pdf", "fr/print", "fr/epub", "fr/docx", "en/pdf", "en/print", "en/epub", "en/docx"):
        assert re.search(rf"^{job} +reused ", output, re.M), output   # taken from its shard, not made again


def test_a_download_no_shard_holds_is_an_error_and_nothing_is_written(sample, tmp_path):
    shard = tmp_path / "fr"
    run(sample, "build", "--quiet", "--lang", "fr", "--format", "epub", "--out", shard)
    out = tmp_path / "gathered"
    result = CliRunner().invoke(main, ["--project", str(sample), "build", "--format", "html", "--format", "epub",
                                       "--gather", str(shard), "--gather", str(sample), "--out", str(out)], env=ENV)
    assert result.exit_code == 1
    assert f"{sample}: not-a-shard: " in result.output
    assert "en/epub: shard-missing: " in result.output
    assert "fr/epub: shard-missing" not in result.output
    assert not out.exists()


def test_a_shard_built_from_other_inputs_is_not_taken(sample, tmp_path):
    shard = tmp_path / "fr"
    run(sample, "build", "--quiet", "--lang", "fr", "--format", "epub", "--out", shard)
    chapter = sample / "content" / "chapters" / "accueil.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--project", str(sample), "build", "--lang", "fr", "--format", "html",
                                       "--format", "epub", "--gather", str(shard), "--out", str(tmp_path / "out")],
                                env=ENV)
    assert result.exit_code == 1
    assert "fr/epub: shard-missing: " in result.output
