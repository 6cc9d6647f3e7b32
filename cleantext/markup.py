"""The HTML pieces shared by every notebook view: one style sheet, scoped
to the ``cleantext`` class, and the table of a pass's options.

It imports nothing of cleantext, so the core (:mod:`cleantext.core`) can
show a pass in a notebook without depending on the reports.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cleantext.core import Pass

__all__ = ["STYLE", "escape", "options_rows", "pass_html"]


def escape(text: str) -> str:
    """``text`` safe inside HTML, attributes included.

    >>> escape('<a href="x">')
    '&lt;a href=&quot;x&quot;&gt;'
    """
    return html.escape(text, quote=True)


# -- styles -------------------------------------------------------------------------------

# Every rule is under the one root class, and tables and cells set their own
# alignment, padding and background, so a notebook's CSS cannot misalign them.
# Light by default; dark with the browser's preference, unless the notebook
# says it is light; dark when JupyterLab or VS Code say so.
_LIGHT = (
    "--ct-fg:#1f2328;--ct-bg:#ffffff;--ct-muted:#59636e;--ct-line:#d0d7de;--ct-head:#f6f8fa;"
    "--ct-del-bg:#ffebe9;--ct-del-fg:#82071e;--ct-ins-bg:#dafbe1;--ct-ins-fg:#116329;"
    "--ct-badge-bg:#eaeef2;--ct-badge-fg:#3b4450;--ct-why:#0550ae;--ct-accent:#8250df"
)
_DARK = (
    "--ct-fg:#e6edf3;--ct-bg:#0d1117;--ct-muted:#9198a1;--ct-line:#3d444d;--ct-head:#151b23;"
    "--ct-del-bg:#4b1b1f;--ct-del-fg:#ffc1bb;--ct-ins-bg:#163823;--ct-ins-fg:#aff5b4;"
    "--ct-badge-bg:#30363d;--ct-badge-fg:#d1d7e0;--ct-why:#79c0ff;--ct-accent:#d2a8ff"
)
_MONO = "ui-monospace,SFMono-Regular,Menlo,Consolas,monospace"
STYLE = (
    "<style>"
    f".cleantext{{{_LIGHT}}}"
    f"@media (prefers-color-scheme:dark){{.cleantext{{{_DARK}}}}}"
    f"[data-jp-theme-light=true] .cleantext,body.vscode-light .cleantext{{{_LIGHT}}}"
    f"[data-jp-theme-light=false] .cleantext,body.vscode-dark .cleantext,"
    f"body.vscode-high-contrast .cleantext{{{_DARK}}}"
    ".cleantext{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px;line-height:1.45;"
    "color:var(--ct-fg);background:var(--ct-bg);text-align:left;max-width:62em;padding:.6em .9em;"
    "border:1px solid var(--ct-line);border-radius:6px;box-sizing:border-box;margin:.3em 0}"
    ".cleantext *{box-sizing:border-box}"
    ".cleantext code{font-family:" + _MONO + ";font-size:12px;background:none;color:inherit;padding:0}"
    ".cleantext .ct-summary{color:var(--ct-muted);margin:0 0 .4em}"
    ".cleantext .ct-pass{margin:.7em 0 0;padding:0;border:0}"
    ".cleantext .ct-pass-head{font-size:14px;font-weight:600;padding:.25em .5em;background:var(--ct-head);"
    "border-left:3px solid var(--ct-accent);border-radius:3px}"
    ".cleantext .ct-pass-head .ct-name{font-size:13px;font-weight:600}"
    ".cleantext .ct-count{color:var(--ct-muted);font-weight:normal;font-size:12px;margin-left:.4em}"
    ".cleantext .ct-group{margin:.35em 0 .2em .9em}"
    ".cleantext .ct-reason{color:var(--ct-why);font-style:italic}"
    ".cleantext .ct-reason .ct-count{font-style:normal}"
    ".cleantext ol.ct-entries{list-style:none;margin:.15em 0;padding:0}"
    ".cleantext li.ct-entry{display:flex;gap:.6em;margin:0;padding:.15em 0;border-top:1px solid var(--ct-line)}"
    ".cleantext li.ct-entry:first-child{border-top:0}"
    ".cleantext .ct-gutter{flex:0 0 7.4em;white-space:nowrap;color:var(--ct-muted);font-size:11.5px;line-height:1.6;text-align:right}"
    ".cleantext .ct-gutter>span{display:block}"
    ".cleantext .ct-n{color:var(--ct-accent)}"
    ".cleantext .ct-body{flex:1 1 auto;min-width:0}"
    ".cleantext .ct-text{font-family:" + _MONO + ";font-size:12px;white-space:pre-wrap;overflow-wrap:anywhere}"
    ".cleantext del,.cleantext ins{text-decoration:none;border-radius:2px;padding:0 1px}"
    ".cleantext del.ct-old{background:var(--ct-del-bg);color:var(--ct-del-fg);text-decoration:line-through;"
    "text-decoration-color:var(--ct-del-fg)}"
    ".cleantext del.ct-old.ct-ws{text-decoration:none}"
    ".cleantext ins.ct-new{margin-left:2px;background:var(--ct-ins-bg);color:var(--ct-ins-fg);font-weight:600}"
    ".cleantext del.ct-removed-line{display:block;background:var(--ct-del-bg);color:var(--ct-del-fg);"
    "padding:1px 6px;border-left:2px solid var(--ct-del-fg);border-radius:0 3px 3px 0}"
    ".cleantext .ct-ch{display:inline-block;font-family:system-ui,sans-serif;font-size:9.5px;font-weight:600;"
    "line-height:1.2;padding:0 3px;margin:0 1px;border-radius:3px;vertical-align:1px;"
    "background:var(--ct-badge-bg);color:var(--ct-badge-fg);border:1px solid var(--ct-line)}"
    ".cleantext .ct-sp{opacity:.8}"
    ".cleantext .ct-cut,.cleantext .ct-empty{color:var(--ct-muted);font-style:italic;font-family:system-ui,sans-serif}"
    ".cleantext .ct-entry-why{color:var(--ct-why);font-style:italic;font-size:12px}"
    ".cleantext details.ct-more{margin:.1em 0 .2em}"
    ".cleantext details.ct-more>summary{cursor:pointer;color:var(--ct-muted);font-size:12px}"
    ".cleantext .ct-hidden{color:var(--ct-muted);font-size:12px}"
    ".cleantext table.ct-table{border-collapse:collapse;margin:.3em 0;width:auto;table-layout:auto;"
    "font-size:12.5px;color:var(--ct-fg);background:transparent}"
    ".cleantext table.ct-table th,.cleantext table.ct-table td{text-align:left;vertical-align:top;"
    "padding:3px 10px 3px 0;border:0;border-bottom:1px solid var(--ct-line);background:transparent;"
    "color:var(--ct-fg);white-space:normal;max-width:none}"
    ".cleantext table.ct-table th{font-weight:600;color:var(--ct-muted);white-space:nowrap}"
    ".cleantext table.ct-table td code{white-space:nowrap}"
    ".cleantext table.ct-table tr,.cleantext table.ct-table tr:nth-child(odd),"
    ".cleantext table.ct-table tr:hover{background:transparent}"
    ".cleantext table.ct-table td.ct-num,.cleantext table.ct-table th.ct-num{text-align:right;"
    "font-variant-numeric:tabular-nums}"
    ".cleantext table.ct-table th.ct-sort{cursor:pointer;user-select:none}"
    ".cleantext table.ct-table th.ct-sort:after{content:' ⇅';opacity:.5}"
    ".cleantext table.ct-table .ct-why{color:var(--ct-muted);font-style:italic}"
    ".cleantext table.ct-table .ct-set{font-weight:600}"
    ".cleantext .ct-preview{font-family:" + _MONO + ";font-size:12px;white-space:pre-wrap;max-height:24em;"
    "overflow:auto;border:1px solid var(--ct-line);padding:.4em;margin:.3em 0}"
    "</style>"
)


# -- passes, pipelines and results in notebooks ----------------------------------------


def options_rows(p: Pass) -> str:
    """The rows of a pass's options: name, value (marked when set) and why the default."""
    rows = []
    set_now = p.config()
    for name, (default, why) in type(p).options().items():
        value = getattr(p, name)
        cls = ' class="ct-set"' if name in set_now else ""
        note = f" (default {escape(repr(default))})" if name in set_now else ""
        rows.append(
            f"<tr><td><code>{escape(name)}</code></td><td{cls}><code>{escape(repr(value))}</code>{note}</td>"
            f'<td class="ct-why">{escape(why)}</td></tr>'
        )
    return "".join(rows)


def pass_html(p: Pass) -> str:
    """An HTML table of a pass: its name, summary and options with their reasons."""
    rows = options_rows(p) or '<tr><td colspan="3" class="ct-why">no options</td></tr>'
    return (
        f'<div class="cleantext cleantext-pass">{STYLE}<div><code>{escape(p.name)}</code>: {escape(type(p).summary())}</div>'
        f'<table class="ct-table"><thead><tr><th>option</th><th>value</th><th>why this default</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )
