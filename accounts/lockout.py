"""Login lock-out (django-axes) with one limit for the pair (user name, client address) and a
higher one for the address alone.

``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]`` makes axes count the
failures of both sets, but it compares each with the same ``AXES_FAILURE_LIMIT``, and since
every failure of a pair is also one of its address, the address would always lock first.
Its maintainers point to a handler of one's own for separate limits
(jazzband/django-axes#661); this is that handler, kept to the two methods that differ.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def _limit(parameter, pair_limit: int) -> int:
    return settings.LOGIN_ADDRESS_FAILURE_LIMIT if parameter == "ip_address" else pair_limit


class PairAndAddressHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """The failures of the set nearest to its own limit, on the scale of
        ``AXES_FAILURE_LIMIT`` (the one number axes compares with it): an address at its
        limit counts as ``AXES_FAILURE_LIMIT`` failures, at half of it as half as many."""
        pair_limit = get_failure_limit(request, credentials)
        parameters = get_lockout_parameters(request, credentials)
        attempts_per_set = self.get_user_attempts(request, credentials)
        failures = [0]
        for parameter, attempts in zip(parameters, attempts_per_set, strict=True):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            failures.append(count * pair_limit // _limit(parameter, pair_limit))
        return max(failures)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """After a successful login, forget that name's failures from that address only.
        Axes would clear every set, the address's included, so that anyone with an account
        could wipe their guesses at other names by logging in between them."""
        count, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        ).delete()
        return count
