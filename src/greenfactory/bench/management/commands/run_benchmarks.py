"""manage.py run_benchmarks: generate the datasets (once), measure, write docs/benchmarks.md.

With ``--part`` it runs one measurement in this process against the configured database and
prints its figures as one JSON line; the full run starts one such process per measurement.
"""

import json
import os

from django.core.management.base import BaseCommand

from greenfactory.bench.benchmarks.runner import PART_MARK


class Command(BaseCommand):
    help = "Run the benchmarks on generated datasets and write docs/benchmarks.md."

    def add_arguments(self, parser):
        parser.add_argument("--part", default="", help="run one measurement (internal)")
        parser.add_argument("--kind", default="")
        parser.add_argument("--rows", type=int, default=0)
        parser.add_argument("--sizes", default="10,1000,100000")
        parser.add_argument("--ranking-applications", type=int, default=10000)
        parser.add_argument("--export-rows", default="10000,100000")
        parser.add_argument("--load-seconds", type=int, default=20)
        parser.add_argument("--load-rounds", type=int, default=3)
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--deadline-users", type=int, default=50)
        parser.add_argument("--deadline-seconds", type=int, default=120)
        parser.add_argument(
            "--deadline-databases",
            default="sqlite,postgresql",
            help="the deadline peak's databases (postgresql only with --postgres)",
        )
        parser.add_argument(
            "--signatures", type=int, default=10000, help="stored applications (copied text)"
        )
        parser.add_argument("--only", default="", help="comma-separated sections to run")
        parser.add_argument("--output", default="docs/benchmarks.md")
        parser.add_argument(
            "--postgres",
            default=os.environ.get("BENCH_POSTGRES_URL", ""),
            help="an empty PostgreSQL database (URL) for the ranking benchmark",
        )

    def handle(self, *args, **options):
        if options["part"]:
            result = self.run_part(options)
            self.stdout.write(PART_MARK + json.dumps(result, ensure_ascii=False, default=str))
            return
        from greenfactory.bench.benchmarks.suite import run_suite  # noqa: PLC0415 -- a part's process loads only its own measurement (max RSS)

        run_suite(options, log=self.stdout.write)

    def run_part(self, options) -> dict:
        part = options["part"]
        if part == "queries":
            from greenfactory.bench.benchmarks.queries import measure_queries  # noqa: PLC0415 -- a part's process loads only its own measurement (max RSS)

            return measure_queries()
        if part == "ranking":
            from greenfactory.bench.benchmarks.ranking import measure_ranking  # noqa: PLC0415 -- a part's process loads only its own measurement (max RSS)

            return measure_ranking()
        if part == "grow-rows":
            from greenfactory.bench.benchmarks.exports import grow_rows  # noqa: PLC0415 -- a part's process loads only its own measurement (max RSS)

            return grow_rows(options["rows"])
        if part == "export":
            from greenfactory.bench.benchmarks.exports import measure_export  # noqa: PLC0415 -- a part's process loads only its own measurement (max RSS)

            return measure_export(options["kind"])
        if part == "certificates":
            from greenfactory.bench.benchmarks.certificates import measure_certificates  # noqa: PLC0415 -- a part's process loads only its own measurement (max RSS)

            return measure_certificates()
        if part == "signatures":
            from greenfactory.bench.benchmarks.signatures import measure_signatures  # noqa: PLC0415 -- a part's process loads only its own measurement (max RSS)

            return measure_signatures(options["signatures"])
        if part == "sessions":
            from greenfactory.bench.benchmarks.load import page_sessions  # noqa: PLC0415 -- a part's process loads only its own measurement (max RSS)

            return page_sessions()
        if part == "deadline-setup":
            from greenfactory.bench.benchmarks.deadline import prepare_users  # noqa: PLC0415 -- a part's process loads only its own measurement (max RSS)

            return prepare_users(options["rows"])
        if part == "deadline-profile":
            from greenfactory.bench.benchmarks.deadline_profile import profile_requests  # noqa: PLC0415 -- a part's process loads only its own measurement (max RSS)

            return profile_requests(options["kind"].split(","), options["rows"] or 5)
        if part == "deadline-check":
            from greenfactory.bench.benchmarks.deadline import check_uploads  # noqa: PLC0415 -- a part's process loads only its own measurement (max RSS)

            return check_uploads(options["kind"])
        raise ValueError(f"unknown part {part!r}")
