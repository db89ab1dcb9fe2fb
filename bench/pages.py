"""Article page throughput and latency under `dateline serve`, beside the same HTML as a plain file.

    .venv/bin/python bench/pages.py            # builds a demo newsroom in a temporary home first
    .venv/bin/python bench/pages.py --home var # or measures an existing home (migrated first)

Both servers run on this machine's loopback in the same run, with the same Granian runtime and the
same number of worker processes: `dateline serve` renders the article through Wagtail, and the
reference hands out the very same bytes from a file through Granian's static-file route (Rust,
no Python). The ratio is therefore what Dateline itself costs per page, not a difference between
two HTTP stacks. wrk (C, epoll; from Debian's package) drives both; it needs far less CPU per
request than either server, so on two cores it is not the bottleneck of the Dateline figure, and
it is shared fairly in the file figure (it takes part of a core from the file server too, so the
machine's true limit is somewhat higher than the file figure). Rounds alternate between the two
servers and the median round is reported, so load from other processes hits both alike.

Bounded: loopback only, `--seconds` per round, `--max-requests` per round at most.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATELINE = [sys.executable, "-m", "dateline"]

# wrk reports through this script: a response count that stops the thread at the cap, and the
# summary as one JSON line (microseconds).
WRK_SCRIPT = """
local cap = tonumber(os.getenv("BENCH_MAX_REQUESTS"))
local answered = 0
response = function(status, headers, body)
  answered = answered + 1
  if answered >= cap then wrk.thread:stop() end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "socket_errors": %d, "non_2xx": %d, '
    .. '"p50_us": %d, "p99_us": %d, "max_us": %d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect + e.read + e.write + e.timeout,
    e.status, latency:percentile(50), latency:percentile(99), latency.max))
end
"""

# The reference server's application: never called, as every request is for the static route.
NO_APPLICATION = """
def application(environ, start_response):
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found"]
"""

ARTICLE_AND_QUERIES = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from dateline.news.models import ArticlePage

article = ArticlePage.objects.live().public().order_by("pk").first()
client = Client(HTTP_HOST="127.0.0.1")
client.get(article.url)
with CaptureQueriesContext(connection) as queries:
    status = client.get(article.url).status_code
print(json.dumps({"url": article.url, "status": status, "queries": len(queries)}))
"""


def main() -> None:
    options = parse_arguments()
    wrk = find_wrk()
    with ExitStack() as cleanup:
        home = options.home or Path(cleanup.enter_context(tempfile.TemporaryDirectory()))
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
            "DATELINE_HOME": str(home),
        }
        environment.pop("DATABASE_URL", None)
        prepare_home(environment)
        article = json.loads(
            dateline(environment, "shell", "-c", ARTICLE_AND_QUERIES).splitlines()[-1]
        )
        if article["status"] != 200:
            sys.exit(f"The demo article {article['url']} answered {article['status']}.")

        page_port, file_port = options.ports
        cleanup.enter_context(
            running(
                [
                    *DATELINE,
                    "serve",
                    f"--port={page_port}",
                    f"--workers={options.workers}",
                    f"--threads={options.threads}",
                    "--no-background-worker",
                ],
                environment,
                f"http://127.0.0.1:{page_port}{article['url']}",
            )
        )
        html = fetch(f"http://127.0.0.1:{page_port}{article['url']}")

        files = Path(cleanup.enter_context(tempfile.TemporaryDirectory()))
        (files / "article.html").write_bytes(html)
        (files / "no_application.py").write_text(NO_APPLICATION)
        cleanup.enter_context(
            running(
                [
                    sys.executable,
                    "-m",
                    "granian",
                    "--interface=wsgi",
                    f"--port={file_port}",
                    f"--workers={options.workers}",
                    f"--blocking-threads={options.threads}",
                    f"--working-dir={files}",
                    "--static-path-route=/file",
                    f"--static-path-mount={files}",
                    "no_application:application",
                ],
                environment,
                f"http://127.0.0.1:{file_port}/file/article.html",
            )
        )
        if fetch(f"http://127.0.0.1:{file_port}/file/article.html") != html:
            sys.exit("The file server did not hand out the article's bytes unchanged.")

        targets = {
            "dateline serve": f"http://127.0.0.1:{page_port}{article['url']}",
            "plain file (Granian static route)": f"http://127.0.0.1:{file_port}/file/article.html",
        }
        rounds = {name: [] for name in targets}
        for _ in range(options.rounds):
            for name, url in targets.items():
                load(wrk, url, options, seconds=1)  # Warm caches and connections; not counted.
                rounds[name].append(load(wrk, url, options, seconds=options.seconds))
        report(options, article, len(html), rounds)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, help="An existing DATELINE_HOME (SQLite) to measure.")
    parser.add_argument("--ports", type=int, nargs=2, default=[8300, 8301], metavar="PORT")
    parser.add_argument("--workers", type=int, default=2, help="Server processes (default: 2).")
    parser.add_argument("--threads", type=int, default=2, help="Threads per process (default: 2).")
    parser.add_argument("--connections", type=int, default=8, help="Readers at once (default: 8).")
    parser.add_argument("--seconds", type=int, default=5, help="Length of a round (default: 5).")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--max-requests", type=int, default=200_000, help="Cap per round.")
    return parser.parse_args()


def find_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("This benchmark needs wrk: `sudo apt-get install wrk`.")
    return wrk


def dateline(environment, *arguments) -> str:
    completed = subprocess.run(
        [*DATELINE, *arguments], env=environment, cwd=REPO, capture_output=True, text=True
    )
    if completed.returncode != 0:
        sys.exit(f"dateline {' '.join(arguments)} failed:\n{completed.stderr}")
    return completed.stdout


def prepare_home(environment) -> None:
    """Migrate and collect static files; load the demo newsroom when the site has no articles."""
    print("Preparing the home folder (a minute when it is new)...", flush=True)
    dateline(environment, "migrate", "--noinput")
    dateline(environment, "collectstatic", "--noinput")
    dateline(environment, "load_demo_newsroom", "--if-empty")


@contextmanager
def running(command, environment, ready_url):
    """Run a server in a process group of its own until the block ends; wait until it answers."""
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            command,
            env=environment,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    fetch(ready_url)
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        sys.exit(f"{command[2]} did not start:\n{log.read().decode()}")
                    time.sleep(0.3)
            yield server
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)


def fetch(url) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def load(wrk, url, options, *, seconds) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT)
        script.flush()
        completed = subprocess.run(
            [
                wrk,
                "--threads=1",
                f"--connections={options.connections}",
                f"--duration={seconds}s",
                "--timeout=10s",
                f"--script={script.name}",
                url,
            ],
            env={**os.environ, "BENCH_MAX_REQUESTS": str(options.max_requests)},
            capture_output=True,
            text=True,
            check=True,
        )
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    result["per_second"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def report(options, article, size, rounds) -> None:
    def median(name, key):
        return statistics.median(result[key] for result in rounds[name])

    print(
        f"\nArticle page {article['url']} ({size:,} bytes of HTML, {article['queries']} SQL "
        f"queries per request); {options.workers} server processes x {options.threads} threads; "
        f"wrk 1 thread, {options.connections} connections; median of {options.rounds} rounds of "
        f"{options.seconds} s each.\n"
    )
    print(f"{'':36}{'requests/s':>12}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}")
    for name, results in rounds.items():
        errors = sum(result["socket_errors"] + result["non_2xx"] for result in results)
        print(
            f"{name:36}{median(name, 'per_second'):>12,.0f}"
            f"{median(name, 'p50_us') / 1000:>10.2f}{median(name, 'p99_us') / 1000:>10.2f}"
            f"{errors:>8}"
        )
    page, plain = rounds
    ratio = median(plain, "per_second") / median(page, "per_second")
    print(f"\nThe plain file is served {ratio:.1f}x as fast as the rendered page.")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Load average at the end (1, 5, 15 min; {os.cpu_count()} CPUs): {load}.")
    results = REPO / "bench" / "results"
    results.mkdir(exist_ok=True)
    path = results / f"pages-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(
        json.dumps(
            {
                "options": vars(options) | {"home": str(options.home)},
                "article": article,
                "rounds": rounds,
            },
            indent=2,
        )
    )
    print(f"Every round: {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
