"""test_score.py — the scoring rule and the reliability bins, on made-up rows.

Run: python3 tests/eval/test_score.py (ends with "N passed, N failed").
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True

import score  # noqa: E402

ROW = {"registrable_domain": "example-news.com", "host": "www.example-news.com",
       "page_declared_domain": "example-news.com,amp.example-news.com"}


def res(result, conf, newsish="news", in_db="yes"):
    return {"result": result, "confidence": conf, "newsish": newsish, "in_db": in_db}


class Verdict(unittest.TestCase):
    def test_expected_set(self):
        self.assertEqual(score.expected_domains(ROW),
                         {"example-news.com", "www.example-news.com", "amp.example-news.com"})

    def test_domain_or_domains(self):
        self.assertEqual(score.verdict(ROW, {"domain": "example-news.com"}), "right")
        self.assertEqual(score.verdict(ROW, {"domain": "other.org",
                                             "domains": ["amp.example-news.com"]}), "right")
        self.assertEqual(score.verdict(ROW, {"domain": "Example-News.com"}), "right")

    def test_other_publisher_is_wrong(self):
        self.assertEqual(score.verdict(ROW, {"domain": "news.example-news.org"}), "wrong")
        self.assertEqual(score.verdict(ROW, {"domain": None, "domains": []}), "wrong")

    def test_null_publisher_is_no_answer(self):
        self.assertEqual(score.verdict(ROW, None), "none")

    def test_empty_declared_domain(self):
        row = dict(ROW, page_declared_domain="")
        self.assertNotIn("", score.expected_domains(row))


class Metrics(unittest.TestCase):
    def test_precision_recall(self):
        m = score.metrics([res("right", 0.9), res("wrong", 0.6), res("none", None),
                           res("error", None)])
        self.assertEqual((m["pages"], m["answered"], m["right"]), (4, 2, 1))
        self.assertAlmostEqual(m["precision"], 0.5)
        self.assertAlmostEqual(m["recall"], 0.25)

    def test_no_answers(self):
        self.assertIsNone(score.metrics([res("none", None)])["precision"])


class Reliability(unittest.TestCase):
    def test_bins_edges(self):
        rows = score.reliability([res("right", 0.5), res("right", 0.95), res("wrong", 1.0),
                                  res("right", 0.0)])
        self.assertEqual([b["n"] for b in rows], [1, 1, 0, 0, 0, 2])

    def test_flag_needs_twenty_answers(self):
        few = score.reliability([res("wrong", 0.97)] * 19)
        self.assertFalse(few[-1]["flagged"])
        many = score.reliability([res("wrong", 0.97)] * 20)
        self.assertTrue(many[-1]["flagged"])

    def test_calibrated_bin_not_flagged(self):
        rows = score.reliability([res("right", 0.92)] * 19 + [res("wrong", 0.92)] * 1
                                 + [res("right", 0.92)] * 5)
        self.assertFalse(rows[4]["flagged"])


if __name__ == "__main__":
    r = unittest.TextTestRunner(verbosity=1).run(
        unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__]))
    failed = len(r.failures) + len(r.errors)
    print(f"{r.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
