"""The one Jinja2 environment for the web pages and the HTML report, and the escaping helpers they share.

Article text is untrusted. Everything reaches HTML through Jinja2 autoescape; the two places autoescape does
not cover are handled here: JSON embedded in a ``<script>`` element (:func:`script_json`) and URLs placed in
``href`` (:func:`safe_url`: a ``javascript:`` URL is perfectly well-escaped HTML and still runs).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

__all__ = ["environment", "safe_url", "script_json"]

# Characters that could end a <script> element or start an HTML comment/CDATA inside one, and the two
# line terminators old JavaScript parsers reject, replaced by JSON's own \\u escapes (the value is unchanged).
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SAFE_SCHEMES = frozenset({"http", "https"})


def script_json(value: Any) -> Markup:
    """JSON safe to place inside ``<script type="application/json">``: no ``</script>`` can appear in it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in _SCRIPT_ESCAPES.items():
        text = text.replace(raw, escaped)
    return Markup(text)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL, else None (``javascript:``/``data:`` never become links)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.netloc:
        return None
    return url.strip()


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("dateline.web", "templates"),
        autoescape=True,  # every template, whatever its extension: all displayed text is untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["script_json"] = script_json
    env.filters["safe_url"] = safe_url
    return env
