"""SQLite under concurrent use, through Dateline's real settings on a database file.

Each scenario runs in a fresh process (the test suite itself uses an in-memory database), with
threads that each hold their own connection, as the server's threads and the background worker do.
"""

SCENARIO_PREAMBLE = """
import json, threading, time
from django.db import connection, transaction

def prepare():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        cursor.execute("INSERT INTO note (body) VALUES ('already there')")
    connection.close()

def guarded(errors, work):
    def run():
        try:
            work()
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()
    return threading.Thread(target=run)
"""

LONG_WRITE_WITH_READERS = (
    SCENARIO_PREAMBLE
    + """
prepare()
writing, committing = threading.Event(), threading.Event()
errors, counts_seen = [], []

def write_for_a_long_time():
    with transaction.atomic():
        with connection.cursor() as cursor:
            # A small page cache makes the big write spill to disk before it commits: in SQLite's
            # rollback-journal mode that takes the exclusive lock and would stall every reader.
            cursor.execute("PRAGMA cache_size=50")
            cursor.executemany(
                "INSERT INTO note (body) VALUES (%s)", [("x" * 1000,) for _ in range(3000)]
            )
        writing.set()
        time.sleep(1.5)
        committing.set()

def read_while_writing():
    writing.wait()
    while not committing.is_set():
        with connection.cursor() as cursor:
            counts_seen.append(cursor.execute("SELECT count(*) FROM note").fetchone()[0])
        time.sleep(0.01)

threads = [guarded(errors, write_for_a_long_time)]
threads += [guarded(errors, read_while_writing) for _ in range(3)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    final = cursor.execute("SELECT count(*) FROM note").fetchone()[0]
print(json.dumps({"errors": errors, "counts_seen": counts_seen, "final": final}))
"""
)

WRITERS_THAT_READ_THEN_WRITE = (
    SCENARIO_PREAMBLE
    + """
prepare()
start = threading.Barrier(4)
errors, counts_read = [], []

def count_then_add():
    start.wait()
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Read, dawdle, then write: with deferred transactions two writers both hold a read
            # snapshot here and the second one's write fails at once with "database is locked".
            count = cursor.execute("SELECT count(*) FROM note").fetchone()[0]
            time.sleep(0.2)
            cursor.execute("INSERT INTO note (body) VALUES (%s)", [f"note {count + 1}"])
    counts_read.append(count)

threads = [guarded(errors, count_then_add) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    final = cursor.execute("SELECT count(*) FROM note").fetchone()[0]
print(json.dumps({"errors": errors, "counts_read": sorted(counts_read), "final": final}))
"""
)


def test_long_write_transaction_does_not_stop_readers(run_with_settings):
    result = run_with_settings(LONG_WRITE_WITH_READERS).value
    assert result["errors"] == []
    # The readers kept reading while the writer held its transaction open...
    assert len(result["counts_seen"]) >= 3 * 10
    # ...and saw the table as it was before the write, never half of it.
    assert set(result["counts_seen"]) == {1}
    assert result["final"] == 3001


def test_concurrent_writers_queue_instead_of_failing(run_with_settings):
    result = run_with_settings(WRITERS_THAT_READ_THEN_WRITE).value
    assert result["errors"] == []
    # Each writer saw the previous one's row: the transactions ran one after another, none lost.
    assert result["counts_read"] == [1, 2, 3, 4]
    assert result["final"] == 5


TURN_HELD_FOR_THE_TRANSACTION = (
    SCENARIO_PREAMBLE
    + """
import fcntl, os
prepare()
path = str(connection.settings_dict["NAME"]) + "-writers"

def someone_else_could_write():
    probe = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(probe)

seen = {}
with transaction.atomic():
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO note (body) VALUES ('kept')")
    seen["during a transaction"] = someone_else_could_write()
seen["after its commit"] = someone_else_could_write()
try:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO note (body) VALUES ('undone')")
        raise RuntimeError("the editor's change failed")
except RuntimeError:
    pass
seen["after its rollback"] = someone_else_could_write()
with connection.cursor() as cursor:
    seen["rows"] = [row[0] for row in cursor.execute("SELECT body FROM note ORDER BY id")]
print(json.dumps(seen))
"""
)

WRITER_KEPT_WAITING_TOO_LONG = (
    SCENARIO_PREAMBLE
    + """
import fcntl, os
prepare()
connection.settings_dict["OPTIONS"]["timeout"] = 0.3
holder = os.open(str(connection.settings_dict["NAME"]) + "-writers", os.O_RDWR | os.O_CREAT)
fcntl.flock(holder, fcntl.LOCK_EX)  # another process in a long transaction
result = {}
started = time.monotonic()
try:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO note (body) VALUES ('too late')")
except Exception as error:
    result["error"] = f"{type(error).__name__}: {error}"
result["waited"] = time.monotonic() - started
os.close(holder)  # the other transaction ends
with transaction.atomic():
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO note (body) VALUES ('on time')")
with connection.cursor() as cursor:
    result["rows"] = [row[0] for row in cursor.execute("SELECT body FROM note ORDER BY id")]
print(json.dumps(result))
"""
)


def test_a_transaction_holds_the_writers_turn_until_it_commits_or_rolls_back(run_with_settings):
    """Writers wait for the turn, not in SQLite's busy handler, which sleeps up to 100 ms a try."""
    result = run_with_settings(TURN_HELD_FOR_THE_TRANSACTION).value
    assert result == {
        "during a transaction": False,
        "after its commit": True,
        "after its rollback": True,
        "rows": ["already there", "kept"],
    }


def test_a_writer_kept_waiting_past_the_timeout_gets_sqlites_error_and_writes_nothing(
    run_with_settings,
):
    result = run_with_settings(WRITER_KEPT_WAITING_TOO_LONG).value
    assert result["error"].startswith("OperationalError: database is locked")
    assert "-writers for 0.3 s" in result["error"]
    assert 0.3 <= result["waited"] < 5
    assert result["rows"] == ["already there", "on time"]
