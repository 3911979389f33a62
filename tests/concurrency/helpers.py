import threading

from django.db import connection
from django.utils import translation


def at_once(*calls):
    """Run each call in its own thread (so on its own database connection), all released
    together by a barrier; return, in the order given, what each returned or the exception it
    raised. Messages are in English."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            with translation.override("en"):
                outcomes[index] = call()
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    return outcomes


def winner_and_loser(outcomes, refusal):
    """The one outcome that is not a ``refusal`` and the one that is; fails otherwise."""
    won = [o for o in outcomes if not isinstance(o, BaseException)]
    lost = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert type(lost[0]) is refusal or isinstance(lost[0], refusal), lost[0]
    return won[0], lost[0]
