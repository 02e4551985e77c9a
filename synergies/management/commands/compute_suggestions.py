"""Compute the synergy suggestions now, in this process (the worker does it nightly and after
every change; this is for operators and after a bulk import)."""

from django.core.management.base import BaseCommand

from synergies import suggestions


class Command(BaseCommand):
    help = (
        "Compute the suggested synergies of every project now (or, with --changed, of the "
        "projects changed since the last computation) and store them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--changed",
            action="store_true",
            help="only the projects changed since the last computation",
        )

    def handle(self, *args, changed: bool, **options):
        computation = suggestions.refresh_pending() if changed else suggestions.recompute_all()
        if computation is None:
            self.stdout.write("No project changed since the last computation.")
            return
        self.stdout.write(
            f"{computation.computed} of {computation.projects} projects computed, "
            f"{computation.suggestions} suggestions stored in {computation.seconds:.1f} s "
            f"(peak memory {computation.peak_memory_mb} MB)."
        )
