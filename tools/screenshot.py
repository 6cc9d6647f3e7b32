"""Render the explanation of the sample article to HTML and take a
screenshot of it with headless Chromium: docs/report.png.

    python tools/screenshot.py                      # docs/report.png
    python tools/screenshot.py --dark -o dark.png   # the dark theme
    python tools/screenshot.py --html report.html   # keep the page too

Run it again whenever the report's look changes. Needs a `chromium` (or
`chromium-browser`, `google-chrome`) on the PATH; reads only the bundled
corpus.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleantext import Pipeline  # noqa: E402

SAMPLE = ROOT / "corpora" / "reuters-2022-02-01-putin-nato.txt"
WIDTH = 860
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
]


def page(body: str, *, dark: bool) -> str:
    theme = "false" if dark else "true"
    background = "#0d1117" if dark else "#ffffff"
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>cleantext report</title></head>'
        f'<body data-jp-theme-light="{theme}" style="margin:0;padding:16px;background:{background}">{body}'
        "<script>document.body.setAttribute('data-height',"
        "Math.ceil(document.documentElement.getBoundingClientRect().height))</script></body></html>"
    )


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("screenshot.py: no chromium on the PATH (apt-get install chromium)")


def run(browser: str, profile: str, *args: str) -> str:
    done = subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "report.png")
    parser.add_argument("--html", type=Path, help="also keep the rendered page here")
    parser.add_argument("--dark", action="store_true", help="the dark theme")
    parser.add_argument("--document", type=Path, default=SAMPLE, help="another document (default: the sample)")
    parser.add_argument("--preset", default="news")
    args = parser.parse_args(argv)

    report = Pipeline.from_preset(args.preset).explain(args.document.read_text(encoding="utf-8"))
    markup = page(report._repr_html_(), dark=args.dark)
    browser = chromium()
    with tempfile.TemporaryDirectory() as tmp:
        html_path = Path(tmp) / "report.html"
        html_path.write_text(markup, encoding="utf-8")
        if args.html:
            args.html.write_text(markup, encoding="utf-8")
        url = html_path.as_uri()
        dom = run(browser, str(Path(tmp) / "profile-1"), f"--window-size={WIDTH},800", "--dump-dom", url)
        found = re.search(r'data-height="(\d+)"', dom)
        height = int(found.group(1)) + 32 if found else 1400
        run(
            browser,
            str(Path(tmp) / "profile-2"),
            f"--window-size={WIDTH},{height}",
            f"--screenshot={args.output.resolve()}",
            url,
        )
    print(f"{args.output}: {WIDTH}x{height}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
