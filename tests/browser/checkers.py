"""The two page checkers, run the way CI runs them, each returning problems a person can act on.

Both come from npm (package.json, installed by `npm ci` in `make test` and CI): the W3C Nu HTML
checker, run once over every page with Debian's Java, and axe-core, injected into each page in
Chromium. A problem is a `Problem(page, rule, where, message)`, so a failing test lists which page
broke which rule at which element.
"""

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
INSTALL_HINT = "Install the page checkers first: `npm ci --ignore-scripts` in the repository."


@dataclass(frozen=True)
class Problem:
    page: str
    rule: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.page}: [{self.rule}] {self.where}\n    {self.message}"


def report(problems: list[Problem]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(str(problem) for problem in problems)


def _required(path: Path) -> Path:
    if not path.exists():
        raise AssertionError(f"{path} is missing. {INSTALL_HINT}")
    return path


def nu_html_problems(documents: dict[str, bytes], folder: Path) -> list[Problem]:
    """Check every document in one run of the Nu HTML checker; return its errors by page.

    `documents` maps a page's name (its address) to the bytes the server sent. Warnings are left
    out: the checker's errors are what the HTML standard forbids.
    """
    files = {}
    for number, (name, html) in enumerate(documents.items()):
        path = folder / f"page-{number}.html"
        path.write_bytes(html)
        files[path.resolve().as_uri()] = name
    result = subprocess.run(
        ["java", "-jar", str(_required(VNU_JAR)), "--errors-only", "--format", "json", "--stdout"]
        + [str(folder / f"page-{number}.html") for number in range(len(documents))],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError) as error:
        raise AssertionError(f"The Nu HTML checker gave no report: {result.stderr}") from error
    return [
        Problem(
            page=files.get(_as_uri(message.get("url", "")), message.get("url", "?")),
            rule="html",
            where=f"line {message.get('lastLine', '?')}: {_one_line(message.get('extract', ''))}",
            message=message["message"],
        )
        for message in messages
        if message["type"] != "info"
    ]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _as_uri(url: str) -> str:
    # The checker writes "file:/tmp/…"; Path.as_uri writes "file:///tmp/…".
    return "file://" + url.removeprefix("file:") if url.startswith("file:/") else url


# The rules whose outcome a colour scheme can change: the other rules read the document, which is
# the same in the light and the dark scheme.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_problems(page, name: str, rules: list[str] | None = None) -> list[Problem]:
    """Run axe-core's default rules (or only `rules`) on the open page; return each violation at
    each element."""
    page.add_script_tag(path=str(_required(AXE_SCRIPT)))
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    violations = page.evaluate(
        "async (options) => (await axe.run(document, options)).violations", options
    )
    return [
        Problem(
            page=name,
            rule=violation["id"],
            where=" ".join(map(str, element["target"])),
            message=_one_line(
                f"{violation['help']}. {element['failureSummary']} Element: {element['html'][:200]}"
            ),
        )
        for violation in violations
        for element in violation["nodes"]
    ]
