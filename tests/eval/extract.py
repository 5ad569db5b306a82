"""extract.py — the cached visible texts of the corpus pages (text mode's input).

Texts come from headless Chromium (extract-text.mjs: document.body.innerText
with JavaScript and the network off) when node, playwright-core (in
tests/eval/node_modules, installed from package-lock.json on first use) and
Chromium are present, else from textify.py. They are cached in
build/eval/text/ID.txt; the file `.extractor` there names the extractor, and a
change of extractor (or a page newer than its text) re-extracts. Pages the
browser fails on fall back to textify, are listed in `.fallback` and are
tried again with the browser on the next run.
Environment: EVAL_TEXT=fallback forces textify; CHROMIUM names the browser;
EVAL_NO_INSTALL=1 forbids the npm install.
"""

import os
import re
import shutil
import subprocess

import textify

HERE = os.path.dirname(os.path.abspath(__file__))


def _chromium_path():
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    return path if os.access(path, os.X_OK) else None


def _playwright_ready(log):
    """True when node_modules/playwright-core is there, installing it if allowed."""
    if os.path.isdir(os.path.join(HERE, "node_modules", "playwright-core")):
        return True
    if os.environ.get("EVAL_NO_INSTALL") == "1" or not shutil.which("npm"):
        return False
    log("eval: installing playwright-core into tests/eval/node_modules (npm ci)")
    r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=HERE,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        log(f"eval: npm ci failed: {r.stderr.strip().splitlines()[-1:]}")
    return r.returncode == 0


def choose_extractor(log):
    """Name of the extractor to use: 'chromium <version>' or 'textify', with why on log."""
    if os.environ.get("EVAL_TEXT") == "fallback":
        log("eval: EVAL_TEXT=fallback: using the textify fallback")
        return "textify"
    missing = []
    if not shutil.which("node"):
        missing.append("node")
    chromium = _chromium_path()
    if not chromium:
        missing.append("chromium (set CHROMIUM or apt-get install chromium)")
    if not missing and not _playwright_ready(log):
        missing.append("playwright-core (cd tests/eval && npm ci)")
    if missing:
        log("eval: text mode falls back to textify; missing: " + ", ".join(missing))
        return "textify"
    r = subprocess.run([chromium, "--version"], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, text=True)
    m = re.search(r"[\d.]+\d", r.stdout)
    return "chromium " + (m.group(0) if m else "unknown")


def _read_html(path):
    """The page as str, decoded by its declared charset (UTF-8 by default)."""
    with open(path, "rb") as f:
        raw = f.read()
    m = re.search(rb'<meta[^>]+charset=["\']?([A-Za-z0-9_.:-]+)', raw[:4096], re.I)
    enc = m.group(1).decode("ascii") if m else "utf-8"
    try:
        return raw.decode(enc, errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")


def _textify_one(page_id, html_path, outdir):
    tmp = os.path.join(outdir, f".{page_id}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(textify.visible_text(_read_html(html_path)))
    os.replace(tmp, os.path.join(outdir, f"{page_id}.txt"))


def _stale(html_path, txt_path):
    return (not os.path.exists(txt_path)
            or os.path.getmtime(txt_path) < os.path.getmtime(html_path))


def extract_texts(pages, outdir, jobs, log):
    """Make outdir/ID.txt for every (id, html_path) in pages.

    Returns (extractor name, list of ids that fell back to textify)."""
    os.makedirs(outdir, exist_ok=True)
    tag_path = os.path.join(outdir, ".extractor")
    fb_path = os.path.join(outdir, ".fallback")
    extractor = choose_extractor(log)
    old = open(tag_path, encoding="utf-8").read().strip() if os.path.exists(tag_path) else ""
    if old != extractor:
        for name in os.listdir(outdir):
            os.unlink(os.path.join(outdir, name))
    fallback = set()
    if os.path.exists(fb_path):
        fallback = set(open(fb_path, encoding="utf-8").read().split())
    retry = fallback if extractor.startswith("chromium") else set()
    todo = [(i, p) for i, p in pages
            if i in retry or _stale(p, os.path.join(outdir, f"{i}.txt"))]
    if todo:
        log(f"eval: extracting the text of {len(todo)} pages with {extractor}")
    failed = []
    if todo and extractor.startswith("chromium"):
        lst = "".join(f"{i}\t{p}\n" for i, p in todo)
        env = dict(os.environ, CHROMIUM=_chromium_path())
        r = subprocess.run(["node", os.path.join(HERE, "extract-text.mjs"), outdir, str(jobs)],
                           input=lst, stdout=subprocess.PIPE, text=True, env=env)
        done = {}
        for line in r.stdout.splitlines():
            pid, _, status = line.partition("\t")
            done[pid] = status
        failed = [(i, p) for i, p in todo if done.get(i) != "ok"]
        for i, _ in failed:
            log(f"eval: chromium failed on {i} ({done.get(i, 'no result')}); using textify")
        fallback.difference_update(i for i, _ in todo)
    else:
        failed = todo
    for i, p in failed:
        _textify_one(i, p, outdir)
        if extractor.startswith("chromium"):
            fallback.add(i)
    with open(fb_path, "w", encoding="utf-8") as f:
        f.write("".join(f"{i}\n" for i in sorted(fallback)))
    with open(tag_path, "w", encoding="utf-8") as f:
        f.write(extractor + "\n")
    return extractor, sorted(fallback)
