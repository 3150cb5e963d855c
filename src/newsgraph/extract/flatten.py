"""HTML -> flattened page text, the form of pages a scraper has already turned into text.

The same method as ``../shared/eval/flatten.py`` (inscriptis with default settings, one block per
line, every line stripped, blank-line runs collapsed, one trailing newline), so training and
benchmark pages flattened here match the dev sets byte for byte. Needs ``inscriptis`` (the
``dev`` extra); the runtime text path does not.
"""

from __future__ import annotations

from ..errors import ExtraMissing


def flatten_html(html: str) -> str:
    """The visible text of an HTML page, one block per line, as the plaintext dev sets hold it."""
    try:
        import inscriptis
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ExtraMissing("flattening HTML needs inscriptis: pip install 'newsgraph[dev]'") from err
    text = inscriptis.get_text(html)
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    blank = True
    for line in lines:
        if line:
            out.append(line)
            blank = False
        elif not blank:
            out.append("")
            blank = True
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
