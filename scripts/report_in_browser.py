#!/usr/bin/env python3
"""Render a report page in headless Chromium and check it as a reader would see it.

Drives Chromium over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
no port, no extra package) and fails unless, in each of four renderings
(desktop light, desktop dark, phone, print):

- no console message of level error or warning, no uncaught exception, no
  log entry of level error (a Content-Security-Policy violation is one);
- no network request but the page's own file;
- the page has its title, its six headline figures, its charts (`--charts`, 3 by
  default: by code, by event, over time) and a coverage heat-map;
- on a phone-sized screen nothing but the scrollable tables is wider than the
  screen.

It saves screenshots of the desktop renderings (`--screenshot`, and the dark one
beside it as `*-dark.png`). `--self-test` first proves the checks can fail: pages
with an external image, a console error, an exception and a too-wide element
must each be refused.

Usage: report_in_browser.py PAGE.html [--screenshot OUT.png] [--self-test]
"""

from __future__ import annotations

import argparse
import base64
import fcntl
import json
import os
import pathlib
import select
import shutil
import subprocess
import sys
import tempfile
import time
from typing import Any

TIMEOUT = 60.0


class Browser:
    """One headless Chromium, spoken to over the DevTools pipe."""

    def __init__(self) -> None:
        exe = next(
            (p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p),
            None,
        )
        if exe is None:
            sys.exit("report_in_browser: no chromium on PATH (apt-get install chromium)")
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()
        # Chromium reads commands on fd 3 and writes replies on fd 4.
        hi_r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 100)
        hi_w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 100)

        def wire() -> None:
            os.dup2(hi_r, 3)
            os.dup2(hi_w, 4)

        self.profile = tempfile.TemporaryDirectory(prefix="report-browser-")
        args = [
            exe,
            "--headless",
            "--remote-debugging-pipe",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--metrics-recording-only",
            "--hide-scrollbars",
            f"--user-data-dir={self.profile.name}",
        ]
        if os.geteuid() == 0:
            args.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
        self.proc = subprocess.Popen(
            args,
            preexec_fn=wire,
            close_fds=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for fd in (to_child_r, from_child_w, hi_r, hi_w):
            os.close(fd)
        self.buf = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        self.next_id += 1
        msg: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_child, json.dumps(msg).encode() + b"\0")
        want = self.next_id
        deadline = time.monotonic() + TIMEOUT
        while True:
            for m in self._read(deadline):
                if m.get("id") == want:
                    if "error" in m:
                        raise RuntimeError(f"{method}: {m['error']}")
                    result: dict[str, Any] = m.get("result", {})
                    return result
                self.events.append(m)

    def wait_for(self, method: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == method:
                    return self.events.pop(i)
            self.events.extend(self._read(deadline))

    def _read(self, deadline: float) -> list[dict[str, Any]]:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("Chromium did not answer in time")
        ready, _, _ = select.select([self.from_child], [], [], left)
        if not ready:
            raise TimeoutError("Chromium did not answer in time")
        chunk = os.read(self.from_child, 1 << 20)
        if not chunk:
            raise RuntimeError("Chromium closed the pipe")
        self.buf += chunk
        *done, self.buf = self.buf.split(b"\0")
        return [json.loads(d) for d in done if d]

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self.to_child)
        os.close(self.from_child)
        self.profile.cleanup()


PROBE = """(() => {
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    if (e.closest('.scroll')) return false;
    const r = e.getBoundingClientRect();
    return r.right > window.innerWidth + 1;
  }).map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className : ''));
  return JSON.stringify({
    title: document.title,
    cards: document.querySelectorAll('.card').length,
    svgs: document.querySelectorAll('svg').length,
    heat: document.querySelectorAll('table.heat').length,
    width: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    wide: wide.slice(0, 5),
  });
})()"""


def render(browser: Browser, page: pathlib.Path, *, width: int, height: int, mobile: bool,
           media: str = "screen", dark: bool = False, shot: pathlib.Path | None = None) -> tuple[dict[str, Any], list[str]]:
    """Opens `page` in a new tab; returns what the probe saw and every problem."""
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.send(f"{domain}.enable", session=session)
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}, session)
    browser.send("Emulation.setEmulatedMedia",
                 {"media": media, "features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]},
                 session)
    browser.events.clear()
    url = page.resolve().as_uri()
    browser.send("Page.navigate", {"url": url}, session)
    browser.wait_for("Page.loadEventFired")
    # Let late console messages and requests arrive.
    browser.send("Runtime.evaluate", {"expression": "new Promise(r => setTimeout(r, 300))", "awaitPromise": True}, session)
    probe = json.loads(browser.send("Runtime.evaluate", {"expression": PROBE, "returnByValue": True}, session)["result"]["value"])
    problems: list[str] = []
    for e in browser.events:
        method, params = e.get("method"), e.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
            args = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            problems.append(f"console {params['type']}: {args}")
        elif method == "Runtime.exceptionThrown":
            problems.append(f"exception: {params.get('exceptionDetails', {}).get('text')}")
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") in ("error", "warning"):
            problems.append(f"log {params['entry']['level']}: {params['entry'].get('text')}")
        elif method == "Network.requestWillBeSent" and params.get("request", {}).get("url") != url:
            problems.append(f"network request: {params['request']['url']}")
    if mobile and probe["wide"]:
        problems.append(f"wider than a {width}px screen: {', '.join(probe['wide'])}")
    if shot is not None:
        data = browser.send("Page.captureScreenshot", {"format": "png"}, session)["data"]
        shot.parent.mkdir(parents=True, exist_ok=True)
        shot.write_bytes(base64.b64decode(data))
    if media == "print":
        browser.send("Page.printToPDF", {}, session)
    browser.send("Target.closeTarget", {"targetId": target})
    return probe, problems


def check(page: pathlib.Path, shot: pathlib.Path | None, min_charts: int) -> list[str]:
    """Every problem of the page in the four renderings."""
    browser = Browser()
    problems: list[str] = []
    try:
        dark_shot = shot.with_name(shot.stem + "-dark" + shot.suffix) if shot else None
        runs = [
            ("desktop", dict(width=1200, height=1500, mobile=False, shot=shot)),
            ("dark", dict(width=1200, height=1500, mobile=False, dark=True, shot=dark_shot)),
            ("phone", dict(width=390, height=844, mobile=True)),
            ("print", dict(width=1000, height=1400, mobile=False, media="print")),
        ]
        for name, opts in runs:
            probe, found = render(browser, page, **opts)  # type: ignore[arg-type]
            problems += [f"{name}: {p}" for p in found]
            print(f"  {name}: {json.dumps(probe)}")
            if name == "desktop":
                if not probe["title"].startswith("Data-quality report"):
                    problems.append(f"{name}: title {probe['title']!r}")
                if probe["cards"] < 6:
                    problems.append(f"{name}: {probe['cards']} headline cards")
                if probe["svgs"] < min_charts:
                    problems.append(f"{name}: {probe['svgs']} charts, expected at least {min_charts}")
                if probe["heat"] < 1:
                    problems.append(f"{name}: no coverage heat-map")
    finally:
        browser.close()
    return problems


BAD_PAGES = {
    "external image": '<img src="http://example.invalid/x.png" alt="">',
    "console error": "<script>console.error('boom')</script>",
    "exception": "<script>null.x()</script>",
    "too wide": '<div style="width:2000px">wide</div>',
}


def self_test() -> None:
    """Each check must refuse a page made to break it."""
    with tempfile.TemporaryDirectory() as tmp:
        browser = Browser()
        try:
            for name, body in BAD_PAGES.items():
                page = pathlib.Path(tmp) / "bad.html"
                page.write_text(f"<!doctype html><title>Data-quality report</title><body>{body}</body>")
                _, problems = render(browser, page, width=390, height=844, mobile=True)
                if not problems:
                    sys.exit(f"self-test: a page with {name} passed the checks")
                print(f"  self-test: {name} refused ({problems[0]})")
        finally:
            browser.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("page", type=pathlib.Path)
    ap.add_argument("--screenshot", type=pathlib.Path)
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("--charts", type=int, default=3,
                    help="charts the page must show (3: by code, by event, over time)")
    args = ap.parse_args()
    if args.self_test:
        self_test()
    problems = check(args.page, args.screenshot, args.charts)
    if problems:
        print("report_in_browser: the page has problems:", *problems, sep="\n  ", file=sys.stderr)
        sys.exit(1)
    print(f"report_in_browser: {args.page} renders cleanly in headless Chromium"
          + (f"; screenshot: {args.screenshot}" if args.screenshot else ""))


if __name__ == "__main__":
    main()
