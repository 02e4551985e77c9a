"""Demo data: the last two quarters as reporting rounds, rebuilt from the demo's status
update history (so the trend, a round's dashboards and the comparison show real
differences)."""

from datetime import date, timedelta

from reporting import services
from reporting.models import ReportingRound

NOTE = "Demo: aus dem Verlauf der Statusmeldungen rekonstruiert."


def quarter_ends(today: date, count: int) -> list[date]:
    """The last ``count`` quarter ends before ``today``, oldest first."""
    ends, day = [], today
    while len(ends) < count:
        first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)  # this quarter's first day
        day = first - timedelta(days=1)
        ends.append(day)
    return ends[::-1]


def seed(run) -> None:
    if run.reset:
        ReportingRound.objects.filter(note=NOTE).delete()
    rds = run.users.get("rds")
    if rds is None:
        return
    for end in quarter_ends(run.today, 2):
        title = f"Q{(end.month - 1) // 3 + 1} {end.year}"
        if not ReportingRound.objects.filter(title__iexact=title).exists():
            services.round_reconstruct(actor=rds, title=title, reference_date=end, note=NOTE)
