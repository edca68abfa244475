"""The conformance vectors: inputs built compactly, expected outputs worked out by hand from the specification.

``python -m tests.conformance.cases`` writes ``data/conformance/vectors.json``: data, which the build publishes on the
site for third parties and checks the packaged engine with; a test checks that the file is up to date and that the
engine gives every expected value. Each case's expectations were computed by hand from the clause it names — never
by running the engine.
"""

from __future__ import annotations

import json
from typing import Any

from build_tools.downloads_hook import VECTORS
from tests.builders import ITEM_IDS, document, rater, rater_scoring


def case(cid: str, title: str, doc: dict[str, Any], **expected: Any) -> dict[str, Any]:
    """``expected`` keys are dotted paths into the JSON output (``certification.stars``)."""
    return {"id": cid, "title": title, "input": doc, "expected": {k.replace("__", "."): v for k, v in expected.items()}}


def _stars(
    cid: str, title: str, scores: list[str], total: int, profile: str, stars: int, **extra: Any
) -> dict[str, Any]:
    return case(
        cid,
        title,
        document([rater_scoring(s) for s in scores], total, profile=profile),
        certification__stars=stars,
        **extra,
    )


CASES: list[dict[str, Any]] = [
    # 5.1.2 and our rounding rule (reading notes): the mean, reported to 2 decimals half to even, is what is graded.
    _stars(
        "rounding-up-to-90",
        "5.1.2: raters 100, 90, 79.999 → mean 89.99966… → 90.00 → 4★ (final)",
        ["100", "90", "79.999"],
        116,
        "final",
        4,
        service__score="90.00",
        service__sum_of_rater_scores="269.999",
        management__total="116",
        management__grade=5,
    ),
    _stars(
        "rounding-down-to-89.99",
        "5.1.2: raters 100, 90, 79.98 → mean 89.99333… → 89.99 → 3★ (final)",
        ["100", "90", "79.98"],
        116,
        "final",
        3,
        service__score="89.99",
        certification__next_stars=4,
    ),
    _stars(
        "tie-to-even-up",
        "rounding: raters 89.99 and 90 → 89.995 → 90.00 (tie, 0 is even) → 4★",
        ["89.99", "90"],
        70,
        "final",
        4,
        service__score="90.00",
        management__grade=3,
    ),
    _stars(
        "tie-to-even-down",
        "rounding: raters 89.98 and 89.99 → 89.985 → 89.98 (tie, 8 is even)",
        ["89.98", "89.99"],
        70,
        "final",
        3,
        service__score="89.98",
    ),
    # 5.3 final profile: 5★ ≥ 95 & grade ≥ 4; 4★ ≥ 90 & ≥ 3; 3★ ≥ 80 & ≥ 2.
    _stars(
        "final-5-at-minimums",
        "5.3 final: 95.00 & total 95 (grade 4) → 5★",
        ["95"],
        95,
        "final",
        5,
        management__grade=4,
        certification__next_stars=None,
    ),
    _stars(
        "final-94.99-grade-5",
        "5.3 final: 94.99 & grade 5 → 4★",
        ["94.99"],
        145,
        "final",
        4,
        management__grade=5,
        certification__next_stars=5,
    ),
    _stars(
        "final-95-grade-3", "5.3 final: 95.00 & total 94 (grade 3) → 4★", ["95"], 94, "final", 4, management__grade=3
    ),
    _stars("final-4-at-minimums", "5.3 final: 90.00 & total 70 (grade 3) → 4★", ["90"], 70, "final", 4),
    _stars(
        "final-90-grade-2", "5.3 final: 90.00 & total 69 (grade 2) → 3★", ["90"], 69, "final", 3, management__grade=2
    ),
    _stars("final-3-at-minimums", "5.3 final: 80.00 & total 45 (grade 2) → 3★", ["80"], 45, "final", 3),
    _stars(
        "final-79.99",
        "5.3 final: 79.99 & grade 5 → not certified",
        ["79.99"],
        145,
        "final",
        0,
        certification__next_stars=3,
    ),
    _stars(
        "final-80-grade-1",
        "5.3 final: 80.00 & total 44 (grade 1) → not certified",
        ["80"],
        44,
        "final",
        0,
        management__grade=1,
    ),
    # 5.3 table profile: 5★ ≥ 90 & grade ≥ 4; 4★ ≥ 80 & ≥ 3; 3★ ≥ 60 & ≥ 2.
    _stars("table-5-at-minimums", "5.3 table: 90.00 & total 95 (grade 4) → 5★", ["90"], 95, "table", 5),
    _stars("table-89.99", "5.3 table: 89.99 & grade 4 → 4★", ["89.99"], 95, "table", 4),
    _stars("table-4-at-minimums", "5.3 table: 80.00 & total 70 (grade 3) → 4★", ["80"], 70, "table", 4),
    _stars("table-79.99", "5.3 table: 79.99 & grade 3 → 3★", ["79.99"], 70, "table", 3),
    _stars("table-3-at-minimums", "5.3 table: 60.00 & total 45 (grade 2) → 3★", ["60"], 45, "table", 3),
    _stars("table-59.99", "5.3 table: 59.99 & grade 5 → not certified", ["59.99"], 145, "table", 0),
    _stars("table-60-grade-1", "5.3 table: 60.00 & total 44 (grade 1) → not certified", ["60"], 44, "table", 0),
    # 5.3: the management requirements conformity examination must be passed.
    case(
        "conformity-failed",
        "5.3: conformity examination not passed → not certified, even at 100 & grade 5",
        document([rater("1")], 145, conformity_passed=False),
        certification__stars=0,
        certification__stars_by_scores=5,
        certification__certified=False,
        management__conformity_passed=False,
    ),
    # Appendix 3: grade band limits; every clause at level n totals 29 n.
    *(
        case(
            f"grade-total-{total}",
            f"appendix 3: maturity total {total} → grade {grade}",
            document([rater("0.9")], total),
            management__total=str(total),
            management__grade=grade,
        )
        for total, grade in [
            (29, 1),
            (44, 1),
            (45, 2),
            (69, 2),
            (70, 3),
            (94, 3),
            (95, 4),
            (104, 4),
            (105, 5),
            (116, 5),
            (145, 5),
        ]
    ),
    # 5.1.1 2): Likert bands, both sides of each limit, one item per value.
    case(
        "likert-bands",
        "5.1.1 2): α at and just past every band limit",
        document(
            [
                rater(
                    dict(
                        zip(
                            ITEM_IDS,
                            [
                                "0",
                                "0.2",
                                "0.2001",
                                "0.4",
                                "0.4001",
                                "0.6",
                                "0.6001",
                                "0.8",
                                "0.8001",
                                "1",
                                "0.1",
                                "0.3",
                                "0.5",
                                "0.7",
                                "0.9",
                                "0.25",
                                "0.45",
                                "0.65",
                                "0.85",
                            ],
                            strict=True,
                        )
                    )
                )
            ]
        ),
        **{
            f"service.items[{i}].band": band
            for i, band in enumerate([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 1, 2, 3, 4, 5, 2, 3, 4, 5])
        },
        service__score="51.45",
        service__sum_of_rater_scores="51.452",
    ),  # 1.4 + 1.0005 + 2 + … + 6.8
    # Appendix 1: item points = max × α; item 1.2 has 7 points, item 7 has 8.
    case(
        "item-points",
        "appendix 1: 1.2 at α 0.75 = 5.25 points; 7 at α 0.5 = 4; others at 1 → 94.25",
        document([rater(dict.fromkeys(ITEM_IDS, "1") | {"1.2": "0.75", "7": "0.5"})]),
        service__score="94.25",
        **{"service.items[1].mean_points": "5.25", "service.items[18].mean_points": "4"},
    ),
]


def write() -> None:
    VECTORS.write_text(json.dumps(CASES, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write()
