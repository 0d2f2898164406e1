"""HTML from question banks turned into the Markdown our items hold.

Moodle questions written as ``[html]`` carry paragraphs, emphasis, links, images
and audio. Learners must never see raw tags, and media must not vanish without a
word: a link, an image or a sound becomes a Markdown link (lint then tells the
author that a terminal cannot show or play it).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "ul", "ol", "table", "tr", "blockquote", "pre", "h1", "h2", "h3", "h4"}
_EMPHASIS = {"b": "**", "strong": "**", "i": "*", "em": "*", "code": "`", "tt": "`"}
_HIDDEN = {"script", "style"}
_MEDIA = {"img": "image", "audio": "audio", "video": "video", "source": "audio", "embed": "media"}


class _ToMarkdown(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.links: list[str | None] = []
        self.spans: list[str] = []
        self.hidden = 0
        """Depth inside <script> or <style>, whose text is never content."""
        self.media_seen: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.out.append("\n\n")
        elif tag == "br":
            self.out.append("\n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in _EMPHASIS:
            self.out.append(_EMPHASIS[tag])
        elif tag == "a":
            self.links.append(values.get("href"))
            self.out.append("[")
        elif tag in _MEDIA:
            self._media(tag, values)
        elif tag == "span":
            style = values.get("style", "").replace(" ", "").lower()
            mark = "**" if "font-weight:bold" in style else ""
            mark += "*" if "font-style:italic" in style else ""
            self.spans.append(mark)
            self.out.append(mark)

    def _media(self, tag: str, values: dict[str, str]) -> None:
        src = values.get("src", "")
        if not src or src in self.media_seen:
            return
        self.media_seen.add(src)
        label = values.get("alt") or values.get("title") or _MEDIA[tag]
        self.out.append(f"![{label}]({src})" if tag == "img" else f"[{label}]({src})")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.out.append("\n\n")
        elif tag in _EMPHASIS:
            self.out.append(_EMPHASIS[tag])
        elif tag == "span" and self.spans:
            self.out.append(self.spans.pop()[::-1])
        elif tag == "a" and self.links:
            href = self.links.pop()
            self.out.append(f"]({href})" if href else "]")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.out.append(data)


def html_to_markdown(text: str) -> str:
    """Markdown for an HTML fragment: structure kept, tags gone, entities decoded."""
    parser = _ToMarkdown()
    parser.feed(text)
    parser.close()
    while parser.links:  # an <a> never closed
        href = parser.links.pop()
        parser.out.append(f"]({href})" if href else "]")
    joined = "".join(parser.out)
    joined = re.sub(r"[ \t]*\n[ \t]*", "\n", joined)
    joined = re.sub(r"\n{3,}", "\n\n", joined)
    return joined.strip()
