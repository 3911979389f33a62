"""manage.py generate_dataset --enterprises N --batches M --seed S"""

import time

from django.core.management.base import BaseCommand, CommandError

from greenfactory.bench.domain.dataset import DatasetExists, generate_dataset


class Command(BaseCommand):
    help = (
        "Generate a synthetic Jiangsu province for benchmarks: enterprises in every district, "
        "batches per city, applications in every state, expert scores, titles, evidence records."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=1000)
        parser.add_argument("--batches", type=int, default=3, help="batches per city, one a year")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--apply-rate",
            type=float,
            default=0.05,
            help="share of a city's confirmed enterprises applying in each batch",
        )

        parser.add_argument(
            "--cities", default="", help="comma-separated city codes (default: all of Jiangsu)"
        )
        parser.add_argument(
            "--ranking-applications",
            type=int,
            default=0,
            help="also a batch in review of the first city with this many reviewed applications",
        )

    def handle(self, *args, enterprises, batches, seed, apply_rate, cities, **options):
        started = time.perf_counter()
        try:
            report = generate_dataset(
                enterprises=enterprises,
                batches=batches,
                seed=seed,
                apply_rate=apply_rate,
                cities=[code for code in cities.split(",") if code] or None,
                ranking_applications=options["ranking_applications"],
            )
        except (DatasetExists, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        for name, count in sorted(report["counts"].items()):
            self.stdout.write(f"{name}: {count}")
        for step, seconds in report["seconds"].items():
            self.stdout.write(f"{step}: {seconds:.2f} s")
        self.stdout.write(f"total: {time.perf_counter() - started:.2f} s")
