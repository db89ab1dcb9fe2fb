"""Django's SQLite backend, with writers taking turns on a lock file instead of SQLite's busy sleep.

Every transaction here begins IMMEDIATE (see the settings): it takes SQLite's one write lock at
its start. A transaction that finds the lock held is left by SQLite to its busy handler, which
sleeps between tries for longer and longer (1, 2, 5 ... up to 100 ms each). Under steady writing
(16 readers posting comments at once) a waiter asleep for 100 ms loses the lock, again and again,
to writers that come after it: `bench/comments.py` measured a p99 of 0.95 s for a post whose own
work takes a few milliseconds.

So before it begins, a transaction takes an exclusive `flock` on a file beside the database
(`<database>-writers`), and lets go as it commits or rolls back. A waiter tries again after
0.1 ms, then twice as long each time up to 2 ms, so it takes the lock within about 2 ms of its
release. Measured with bench/comments.py on the demo: p99 193-213 ms instead of 951 ms, and
240-256 instead of 201 accepted posts a second. A kernel-blocking `flock` (no tries at all) did
no better (230 a second, p99 185 ms) and cannot give up, where this one gives up after the
connection's `timeout` with the error SQLite itself would give.

A write outside any transaction (Django's autocommit) does not take the turn; SQLite's own lock
still keeps it correct. An in-memory database has a single connection and no file to lock.
"""

import fcntl
import os
import time

from django.db.backends.sqlite3 import base
from django.db.utils import OperationalError

FIRST_WAIT = 0.0001
LONGEST_WAIT = 0.002
# sqlite3.connect's own default, when OPTIONS give no `timeout`.
DEFAULT_TIMEOUT = 5.0


class DatabaseWrapper(base.DatabaseWrapper):
    _turn: int | None = None  # the lock file, held open while this connection's transaction runs

    def _start_transaction_under_autocommit(self):
        if not self.is_in_memory_db():
            self._turn = take_turn(
                writers_lock_path(self.settings_dict["NAME"]),
                self.settings_dict["OPTIONS"].get("timeout", DEFAULT_TIMEOUT),
            )
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._end_turn()
            raise

    def _commit(self):
        # A COMMIT that fails (a deferred foreign key, say) leaves the transaction open until
        # Django rolls it back, so the turn is kept until then.
        done = super()._commit()
        self._end_turn()
        return done

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._end_turn()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._end_turn()

    def _end_turn(self) -> None:
        turn, self._turn = self._turn, None
        if turn is not None:
            os.close(turn)  # closing the only descriptor of the lock releases it


def writers_lock_path(database) -> str:
    return f"{database}-writers"


def take_turn(path: str, timeout: float) -> int:
    """Return an open descriptor of `path` holding its exclusive lock, once no one else holds it.

    The file is opened for each transaction, so a process forked while idle inherits no lock.
    """
    turn = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    deadline, wait = time.monotonic() + timeout, FIRST_WAIT
    while True:
        try:
            fcntl.flock(turn, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return turn
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(turn)
                raise OperationalError(
                    f"database is locked: another transaction kept {path} for {timeout:g} s"
                ) from None
            time.sleep(wait)
            wait = min(wait * 2, LONGEST_WAIT)
        except BaseException:
            os.close(turn)
            raise
