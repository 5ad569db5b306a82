"""textify.py — visible text of an HTML page without a browser (the fallback extractor).

Approximates document.body.innerText of a page rendered with JavaScript
disabled: the text of <body>, without script, style, template and elements
hidden by the `hidden` attribute or an inline `display:none`; block elements and <br> start new lines; runs of spaces
collapse as a browser collapses them. It ignores external CSS, as an offline
browser does. Used only when node, Playwright or Chromium is missing.
"""

from html.parser import HTMLParser
import re

SKIP = {"script", "style", "template", "head", "title", "svg", "math", "iframe", "object"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "param", "source", "track", "wbr"}
BLOCK = {"address", "article", "aside", "blockquote", "dd", "details", "dialog", "div",
         "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
         "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
         "section", "summary", "table", "tr", "ul", "caption", "option", "select",
         "noscript", "body", "html"}
CELL = {"td", "th"}
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


class _Visible(HTMLParser):
    """Collects visible text with line breaks where a browser would put them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.stack = []          # open elements: (tag, hides)
        self.hidden_depth = 0    # > 0 while inside a hidden or skipped element
        self.pre_depth = 0

    def _newline(self):
        self.out.append("\n")

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        hides = (tag in SKIP or "hidden" in a
                 or HIDDEN_STYLE.search(a.get("style") or "") is not None
                 or (tag == "input" and (a.get("type") or "").lower() == "hidden"))
        if tag in VOID:
            if self.hidden_depth == 0 and not hides:
                if tag in ("br", "hr"):
                    self._newline()
            return
        self.stack.append((tag, hides))
        if hides:
            self.hidden_depth += 1
        if self.hidden_depth:
            return
        if tag == "pre":
            self.pre_depth += 1
        if tag in BLOCK:
            self._newline()
        elif tag in CELL:
            self.out.append("\t")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        # Pop to the matching open element, as an HTML parser's recovery would.
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                break
        else:
            return
        while len(self.stack) > i:
            t, hides = self.stack.pop()
            if self.hidden_depth == 0:
                if t == "pre":
                    self.pre_depth -= 1
                if t in BLOCK:
                    self._newline()
            if hides:
                self.hidden_depth -= 1

    def handle_data(self, data):
        if self.hidden_depth:
            return
        if self.pre_depth:
            self.out.append(data)
        else:
            self.out.append(re.sub(r"[ \t\r\n\f]+", " ", data))


def visible_text(html):
    """Return the visible text of `html` (a str), one block per line."""
    p = _Visible()
    p.feed(html)
    p.close()
    lines = []
    for line in "".join(p.out).split("\n"):
        line = line.strip(" ")
        if line.strip():
            lines.append(line)
    return "\n".join(lines) + "\n"
