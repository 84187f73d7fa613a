"""CI shards: the plan of a build's jobs, and gathering the downloads that shards built into one output folder.

A shard is an ordinary build of some languages' downloads into a folder of its own (build --lang en
--format pdf --out shard). Gathering takes from each shard the jobs whose key is the one this build
would give them, files and findings, and makes only what lists every edition: the pages, the search
index and the reports. A download no shard holds with the right key is an error, never rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import cache
from .diagnostics import Diagnostic, MieuxError, error
from .formats import DOWNLOADS, Artifact, Manifest

DOWNLOAD_NAMES = {f.name for f in DOWNLOADS}


def is_download(job: str) -> bool:
    return job.partition("/")[2] in DOWNLOAD_NAMES


def plan(keys: dict[str, str]) -> dict:
    """Every job of a build with its key, and the shards a CI matrix builds: one per download job."""
    jobs = [{"job": job, "language": job.partition("/")[0] if "/" in job else None,
             "format": job.partition("/")[2] or None, "key": key, "stage": "shard" if is_download(job) else "gather"}
            for job, key in keys.items()]
    shards = [{"name": job.replace("/", "-"), "language": job.partition("/")[0], "format": job.partition("/")[2],
               "args": ["--lang", job.partition("/")[0], "--format", job.partition("/")[2]]}
              for job in keys if is_download(job)]
    return {"jobs": jobs, "shards": shards}


@dataclass(frozen=True)
class Gathered:
    artifacts: tuple[Artifact, ...] = ()
    keys: dict[str, str] = field(default_factory=dict)                 # job -> key, as the shard recorded it
    problems: dict[str, list[Diagnostic]] = field(default_factory=dict)  # job -> what the shard's build reported


def gather(shards: tuple[Path, ...], keys: dict[str, str]) -> Gathered:
    """The download jobs among keys, each from a shard that built it with that key and still holds its files."""
    artifacts, found, problems, errors = [], {}, {}, []
    for shard in shards:
        manifest, recorded = Manifest.read(shard), cache.read(shard)
        if not recorded["jobs"]:
            errors.append(error(shard, None, "not-a-shard", "no mieux-pub build is in this folder (it has no "
                                                            f"{cache.CACHE}): give the folder a shard was built into"))
        for job, key in sorted(recorded["jobs"].items()):
            if job in found or not is_download(job) or keys.get(job) != key:
                continue
            if not cache.intact(shard, manifest, job):
                errors.append(error(shard, None, "shard-damaged", f"{job}: its files are not those the shard's "
                                                                  "manifest lists: build the shard again"))
                continue
            artifacts += [Artifact(e["path"], (shard / e["path"]).read_bytes(), e["language"], e["format"],
                                   tuple(e.get("inputs", ()))) for e in manifest.entries
                          if (e.get("language"), e.get("format")) in cache.owners(job)]
            found[job], problems[job] = key, recorded["problems"].get(job, [])
    errors += [error(job, None, "shard-missing", "no shard holds this job built from the current inputs: build it "
                                                 "in a shard (see mieux-pub plan), or check that every shard was "
                                                 "built from this commit") for job in keys if is_download(job)
               and job not in found]
    if errors:
        raise MieuxError(errors)
    return Gathered(tuple(artifacts), found, problems)
