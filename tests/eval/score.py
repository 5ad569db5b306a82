"""score.py — the scoring rule of the accuracy evaluation, and its tables.

A page is *right* when the publisher's `domain`, or one of its `domains`,
equals the manifest's registrable_domain or host, or one of the
page_declared_domain entries (a comma-separated list). A page whose publisher
is another outlet is *wrong*; publisher null is *none* (no answer); a run of
masthead that failed is *error* (counted as no answer, and reported).
Precision = right / answered, recall = right / pages.
"""

NEWS = ("news", "article")
# Reliability bins over publisher.confidence: [lo, hi), the last one closed.
BINS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.0))
CALIBRATION_MIN = 20     # answers a bin needs before its calibration is judged
CALIBRATION_GAP = 0.1    # |share right - mean confidence| above this is flagged


def expected_domains(row):
    """The set of domains that make an answer right for a manifest row."""
    want = {row["registrable_domain"], row["host"]}
    want.update(d.strip() for d in row["page_declared_domain"].split(","))
    return {d.lower() for d in want if d}


def publisher_domains(pub):
    """The publisher's domain and domains, lower-cased (empty for no publisher)."""
    if not pub:
        return set()
    got = {pub.get("domain") or ""}
    got.update(pub.get("domains") or [])
    return {d.lower() for d in got if d}


def verdict(row, pub):
    """'right', 'wrong' or 'none' for a manifest row and a publisher object (or None)."""
    if not pub:
        return "none"
    return "right" if publisher_domains(pub) & expected_domains(row) else "wrong"


def metrics(results):
    """Counts, precision and recall over a list of result dicts (key 'result')."""
    pages = len(results)
    right = sum(r["result"] == "right" for r in results)
    answered = sum(r["result"] in ("right", "wrong") for r in results)
    return {
        "pages": pages, "answered": answered, "right": right,
        "wrong": answered - right,
        "none": sum(r["result"] == "none" for r in results),
        "error": sum(r["result"] == "error" for r in results),
        "not_in_db": sum(r["result"] in ("right", "wrong") and r.get("in_db") == "no"
                         for r in results),
        "precision": right / answered if answered else None,
        "recall": right / pages if pages else None,
    }


def _bin_of(conf):
    for i, (lo, hi) in enumerate(BINS):
        if lo <= conf < hi or (i == len(BINS) - 1 and conf >= lo):
            return i
    return 0


def reliability(results):
    """Answers binned by confidence: one dict per bin with n, right, share, mean, flagged."""
    rows = [{"lo": lo, "hi": hi, "n": 0, "right": 0, "sum": 0.0} for lo, hi in BINS]
    for r in results:
        if r["result"] not in ("right", "wrong") or r["confidence"] is None:
            continue
        b = rows[_bin_of(r["confidence"])]
        b["n"] += 1
        b["right"] += r["result"] == "right"
        b["sum"] += r["confidence"]
    for b in rows:
        b["share"] = b["right"] / b["n"] if b["n"] else None
        b["mean"] = b["sum"] / b["n"] if b["n"] else None
        b["flagged"] = (b["n"] >= CALIBRATION_MIN
                        and abs(b["share"] - b["mean"]) > CALIBRATION_GAP)
    return rows


def _fmt(x):
    return "–" if x is None else f"{x:.3f}"


def accuracy_table(by_mode, modes):
    """Markdown table: per mode, news/article pages and all pages.

    by_mode maps a mode to its list of result dicts (each with 'newsish')."""
    out = ["| mode | pages | answered | right | wrong | none | error | precision | recall "
           "| answers not in db |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for mode in modes:
        res = by_mode.get(mode, [])
        for label, subset in (("news+article", [r for r in res if r["newsish"] in NEWS]),
                              ("all", res)):
            m = metrics(subset)
            out.append(f"| {mode} ({label}) | {m['pages']} | {m['answered']} | {m['right']} | "
                       f"{m['wrong']} | {m['none']} | {m['error']} | {_fmt(m['precision'])} | "
                       f"{_fmt(m['recall'])} | {m['not_in_db']} |")
    return "\n".join(out)


def reliability_table(results):
    """Markdown reliability table for one mode's results (all pages)."""
    out = ["| confidence | answers | right | share right | mean confidence | calibration |",
           "|---|---:|---:|---:|---:|---|"]
    for b in reliability(results):
        close = "]" if b["hi"] == BINS[-1][1] else ")"
        note = ""
        if b["flagged"]:
            note = "**over-confident**" if b["share"] < b["mean"] else "**under-confident**"
        elif b["n"] and b["n"] < CALIBRATION_MIN:
            note = f"(< {CALIBRATION_MIN} answers)"
        out.append(f"| [{b['lo']:.2f}, {b['hi']:.2f}{close} | {b['n']} | {b['right']} | "
                   f"{_fmt(b['share'])} | {_fmt(b['mean'])} | {note} |")
    return "\n".join(out)
