"""Open an HTML view in a real headless browser: what loaded, what it says, and a screenshot.

Chromium is driven by Playwright for Python with a browser installed by the system (Debian's ``chromium``
package: ``/usr/bin/chromium``, or ``$JNR_CHROMIUM``); Playwright's own browser download is not used. Used by the
tests of the HTML view and to make the screenshot in docs/extract.md::

    python -m joint_ner_re.writers.browser view.html view.png [--width 1100]
"""
import argparse
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional

CHROMIUM = os.environ.get("JNR_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass
class PageReport:
    """What the browser saw: script errors and console errors, requests that failed (a self-contained page makes
    none that can), the highlighted entities (``mark.entity``: text and label), the arc labels (``textPath``) and
    the node labels under each arc diagram's entities, as rendered text."""

    errors: List[str] = field(default_factory=list)
    failed_requests: List[str] = field(default_factory=list)
    entity_marks: List[str] = field(default_factory=list)
    arc_labels: List[str] = field(default_factory=list)
    node_tags: List[str] = field(default_factory=list)
    width: int = 0
    height: int = 0


def missing() -> Optional[str]:
    """Why a page cannot be opened here (None when it can)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install playwright; `make install` does it)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium as root; `make test` does it where it can)"
    return None


def open_page(html_path: str, screenshot: Optional[str] = None, width: int = 1100, timeout_ms: int = 60000,
              clip_selector: Optional[str] = None) -> PageReport:
    """Load ``html_path`` in headless Chromium, collect a ``PageReport``, and save a full-page screenshot (or of the
    first element matching ``clip_selector``) to ``screenshot`` when given."""
    from playwright.sync_api import sync_playwright

    report = PageReport()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 800})
            page.on("pageerror", lambda error: report.errors.append(f"page error: {error}"))
            page.on("console", lambda message: message.type == "error" and report.errors.append(
                f"console: {message.text}"))
            page.on("requestfailed", lambda request: report.failed_requests.append(request.url))
            page.goto(Path(html_path).resolve().as_uri(), wait_until="load", timeout=timeout_ms)
            report.entity_marks = page.eval_on_selector_all("mark.entity", "marks => marks.map(m => m.innerText)")
            report.arc_labels = page.eval_on_selector_all("textPath", "paths => paths.map(p => p.textContent)")
            report.node_tags = page.eval_on_selector_all(
                "text.displacy-token tspan.displacy-tag", "tags => tags.map(t => t.textContent)")
            size = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            report.width, report.height = size
            if screenshot:
                Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
                if clip_selector:
                    page.locator(clip_selector).first.screenshot(path=screenshot)
                else:
                    page.screenshot(path=screenshot, full_page=True)
        finally:
            browser.close()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m joint_ner_re.writers.browser", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("html")
    parser.add_argument("screenshot")
    parser.add_argument("--width", type=int, default=1100, help="viewport width in pixels (default 1100)")
    parser.add_argument("--selector", help="screenshot only the first element matching this CSS selector")
    args = parser.parse_args()
    problem = missing()
    if problem:
        raise SystemExit(problem)
    report = open_page(args.html, args.screenshot, args.width, clip_selector=args.selector)
    print(f"{args.screenshot}: {report.width}x{report.height} page, {len(report.entity_marks)} entities, "
          f"{len(report.arc_labels)} relation arcs, {len(report.errors)} errors")
    for error in report.errors:
        print(" ", error)


if __name__ == "__main__":
    main()
