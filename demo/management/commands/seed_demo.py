from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from demo.seeding import demo_seed


class Command(BaseCommand):
    help = (
        "Create clearly fictional demo data: the six demo accounts and N projects with status "
        "updates. Deterministic for a given --seed; running it again adds nothing twice. "
        "Never run this in production: the demo accounts share a published password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=300, help="number of projects")
        parser.add_argument("--seed", type=int, default=2026, help="random seed")
        parser.add_argument(
            "--reset", action="store_true", help="delete earlier demo projects first"
        )
        parser.add_argument(
            "--offices",
            type=int,
            default=None,
            help="top the organisation up with fictional offices to this total (benchmarks)",
        )

    def handle(self, *args, projects, seed, reset, offices, **options):
        if projects < 0:
            raise CommandError("--projects must not be negative.")
        try:
            report = demo_seed(projects=projects, seed=seed, reset=reset, offices=offices)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Demo data: {report.projects_created} projects created "
            f"({report.projects_existing} already present), "
            f"{report.status_updates_created} status updates, "
            f"{report.accounts_created} new accounts, {report.goals_created} example goals."
        )
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.username:<22} {account.description}")
