"""Article reads: rendered by Dateline, and baked, beside the same HTML served by nginx.

    .venv/bin/python bench/pages.py            # builds a demo newsroom in a temporary home first
    .venv/bin/python bench/pages.py --home var # or measures an existing home (migrated first)

Four servers run on this machine's loopback in the same run, each with the same number of worker
processes, all answering the same article:

- `dateline serve` with baking off renders it through Wagtail on every request (the render figure);
- `dateline serve` with baking on answers it from the baked file through its front (no Django);
- nginx (Debian's package), configured by `dateline nginx_config`, serves the baked file itself:
  the reference the baked figure is a ratio to;
- Granian's static-file route hands out the same bytes from a file (Rust, no Python): the project's
  earlier reference, kept beside nginx.

The article is baked with `dateline bake` when that command exists; otherwise the bench writes the
HTML the live server renders into the baked layout itself (with its .gz and .br siblings). wrk (C,
epoll; from Debian's package) drives each server in turn; it needs far less CPU per request than
any of them, but it shares the two cores, so every figure is somewhat below the machine's limit.
Rounds alternate between the servers and the median round is reported, so load from other
processes hits all alike.

Bounded: loopback only, `--seconds` per round, `--max-requests` per round at most.
"""

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import brotli
from common import DATELINE, REPO, fetch, running


def _private_main_config(prefix: Path, workers: int) -> str:
    """Return nginx's main configuration as `dateline nginx_config` pairs it, from Dateline itself.

    Imported here, not at the top: the module reads the settings and models, which benches that
    import this one as a library of helpers never set up.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings.dev")
    import django

    django.setup()
    from dateline.publish.nginx import private_main_config

    return private_main_config(prefix, workers=workers, as_root=os.geteuid() == 0)


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
    nginx = find_nginx()
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

        render_port, static_port, baked_port, nginx_port = options.ports
        render_url = f"http://127.0.0.1:{render_port}{article['url']}"
        cleanup.enter_context(
            running(
                serve_command(options, render_port),
                {**environment, "DATELINE_BAKE": "0"},
                render_url,
            )
        )
        html = fetch(render_url)
        bake_article(environment, home, article["url"], html)
        baked_file = home / "baked" / "site" / article["url"].lstrip("/") / "index.html"
        if not baked_file.exists():
            sys.exit(f"The article {article['url']} is not baked in {home}: bake it first.")
        baked = baked_file.read_bytes()

        baked_url = f"http://127.0.0.1:{baked_port}{article['url']}"
        cleanup.enter_context(
            running(
                serve_command(options, baked_port), {**environment, "DATELINE_BAKE": "1"}, baked_url
            )
        )
        nginx_url = f"http://127.0.0.1:{nginx_port}{article['url']}"
        cleanup.enter_context(
            running_nginx(nginx, options, environment, nginx_port, baked_port, nginx_url)
        )
        static_url = f"http://127.0.0.1:{static_port}/file/article.html"
        cleanup.enter_context(
            running_granian_static(options, environment, static_port, baked, static_url)
        )
        for name, url in (
            ("dateline serve (baked)", baked_url),
            ("nginx", nginx_url),
            ("Granian static route", static_url),
        ):
            if fetch(url) != baked:
                sys.exit(f"{name} did not hand out the baked article's bytes unchanged.")

        targets = {
            RENDERED: render_url,
            BAKED: baked_url,
            NGINX: nginx_url,
            GRANIAN_STATIC: static_url,
        }
        rounds = {name: [] for name in targets}
        for _ in range(options.rounds):
            for name, url in targets.items():
                load(wrk, url, options, seconds=1)  # Warm caches and connections; not counted.
                rounds[name].append(load(wrk, url, options, seconds=options.seconds))
        report(options, article, len(html), rounds)


RENDERED = "dateline serve, rendered"
BAKED = "dateline serve, baked"
NGINX = "nginx, baked file"
GRANIAN_STATIC = "Granian static route"


def serve_command(options, port) -> list[str]:
    return [
        *DATELINE,
        "serve",
        f"--port={port}",
        f"--workers={options.workers}",
        f"--threads={options.threads}",
        "--no-background-worker",
    ]


def bake_article(environment, home, url, html) -> None:
    """Bake the site with `dateline bake` when it exists, else write the article's file by hand."""
    if "bake" in dateline(environment, "help", "--commands").split():
        dateline(environment, "bake")
        return
    site = home / "baked" / "site"
    if site.exists():
        return  # An existing home's own bake: measure it as it is.
    build = home / "baked" / "builds" / "bench"
    page = build / url.lstrip("/") / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_bytes(html)
    Path(f"{page}.gz").write_bytes(gzip.compress(html))
    Path(f"{page}.br").write_bytes(brotli.compress(html))
    site.symlink_to(build.relative_to(site.parent))


@contextmanager
def running_nginx(nginx, options, environment, port, upstream_port, ready_url):
    """Run nginx with `dateline nginx_config`'s configuration from a folder of its own."""
    with tempfile.TemporaryDirectory() as prefix:
        config = dateline(
            environment,
            "nginx_config",
            # reuseport spreads connections evenly over nginx's workers: its best case.
            f"--listen=127.0.0.1:{port} reuseport",
            f"--upstream=127.0.0.1:{upstream_port}",
            "--access-log=off",
        )
        Path(prefix, "dateline.conf").write_text(config)
        main = _private_main_config(Path(prefix), options.workers)
        Path(prefix, "nginx.conf").write_text(main)
        command = [nginx, "-p", prefix, "-e", f"{prefix}/error.log", "-c", f"{prefix}/nginx.conf"]
        with running(command, environment, ready_url) as server:
            yield server


@contextmanager
def running_granian_static(options, environment, port, html, ready_url):
    """Run Granian's static-file route on a folder holding the article's bytes."""
    with tempfile.TemporaryDirectory() as folder:
        files = Path(folder)
        (files / "article.html").write_bytes(html)
        (files / "no_application.py").write_text(NO_APPLICATION)
        command = [
            sys.executable,
            "-m",
            "granian",
            "--interface=wsgi",
            f"--port={port}",
            f"--workers={options.workers}",
            f"--blocking-threads={options.threads}",
            f"--working-dir={files}",
            "--static-path-route=/file",
            f"--static-path-mount={files}",
            "no_application:application",
        ]
        with running(command, environment, ready_url) as server:
            yield server


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, help="An existing DATELINE_HOME (SQLite) to measure.")
    parser.add_argument(
        "--ports",
        type=int,
        nargs=4,
        default=[8300, 8301, 8302, 8303],
        metavar="PORT",
        help="Rendering serve, Granian static route, baked serve, nginx.",
    )
    parser.add_argument("--workers", type=int, default=2, help="Server processes (default: 2).")
    parser.add_argument("--threads", type=int, default=2, help="Threads per process (default: 2).")
    parser.add_argument(
        "--connections", type=int, default=16, help="Readers at once (default: 16)."
    )
    parser.add_argument("--seconds", type=int, default=5, help="Length of a round (default: 5).")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--max-requests", type=int, default=2_000_000, help="Cap per round (default: 2,000,000)."
    )
    return parser.parse_args()


def find_nginx() -> str:
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if nginx is None:
        sys.exit("This benchmark needs nginx: `sudo apt-get install nginx`.")
    return nginx


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
    reference = median(NGINX, "per_second")
    print(f"{'':28}{'requests/s':>12}{'p50 ms':>10}{'p99 ms':>10}{'x nginx':>10}{'errors':>8}")
    for name, results in rounds.items():
        errors = sum(result["socket_errors"] + result["non_2xx"] for result in results)
        print(
            f"{name:28}{median(name, 'per_second'):>12,.0f}"
            f"{median(name, 'p50_us') / 1000:>10.2f}{median(name, 'p99_us') / 1000:>10.2f}"
            f"{median(name, 'per_second') / reference:>10.2f}{errors:>8}"
        )
    baked = median(BAKED, "per_second")
    print(
        f"\nBaked read through `dateline serve`: {baked / reference:.2f}x nginx's rate "
        f"(target at least 0.50), p99 {median(BAKED, 'p99_us') / 1000:.2f} ms (target under 10)."
    )
    print(
        f"The baked article is served {baked / median(RENDERED, 'per_second'):.0f}x as fast as "
        "the rendered one."
    )
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
