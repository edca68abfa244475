"""JSON Schemas (draft 2020-12) of the evaluation document and of the result, built from the rules.

The shipped files in ``schemas/`` are these schemas written out; a test keeps them identical.
"""

from __future__ import annotations

from typing import Any

from .errors import DEFAULT_IGNORABLE_BMP
from .limits import (
    MAX_EVALUATOR_NAME_LENGTH,
    MAX_EVALUATORS,
    MAX_NAME_LENGTH,
    MAX_OBSERVATION_LENGTH,
    MAX_ORGANIZATION_LENGTH,
    MAX_RATER_ID_LENGTH,
    MAX_RATERS,
)
from .numbers import plain
from .rules import Rules, load_rules

BASE_URI = "https://tbsc55.invalid/schemas/"  # an identifier, never fetched

# α as text: decimal text from 0 to 1 — zeros before the point and any fraction, or 1 with only zeros after it — in
# ASCII or with the full-width digits and stops of a Chinese input method, which the engine reads as ASCII
# (scoring.document.FULL_WIDTH_NUMBER: ０–９, ． and 。; written as \u escapes, which every validator reads).
_DIGIT, _ZERO, _ONE, _STOP = r"[0-9\uff10-\uff19]", r"[0\uff10]", r"[1\uff11]", r"[.\uff0e\u3002]"
_ALPHA_TEXT = rf"^({_ZERO}+({_STOP}{_DIGIT}*)?|{_ZERO}*{_STOP}{_DIGIT}+|{_ZERO}*{_ONE}({_STOP}{_ZERO}*)?)$"


def evaluation_schema(rules: Rules | None = None) -> dict[str, Any]:
    rules = rules or load_rules()
    low, high = rules.service.alpha_min, rules.service.alpha_max
    if low != 0 or high != 1:  # the string pattern below spells out [0, 1]
        raise ValueError("the α pattern of the schema assumes 0 ≤ α ≤ 1")
    alpha = {
        "description": f"experience coefficient α, {plain(low)} ≤ α ≤ {plain(high)} (5.1.1 2)): a JSON number or a "
        'decimal string such as "0.75" (full-width digits and stops, "０．７５", are read as ASCII)',
        "oneOf": [
            {"type": "number", "minimum": int(low), "maximum": int(high)},
            # decimal text from 0 to 1: zeros before the point and any fraction, or 1 with only zeros after it
            {"type": "string", "pattern": _ALPHA_TEXT},
        ],
    }
    level = {
        "description": "maturity level (appendix 3)",
        "type": "integer",
        "minimum": rules.management.level_min,
        "maximum": rules.management.level_max,
    }
    item_ids = [item.id for item in rules.service.items]
    clause_ids = [clause.id for clause in rules.management.clauses]
    # Names refuse control and default-ignorable characters (scoring.document.check_text). A pattern is read as
    # UTF-16 by some validators and as code points by others: it spells out the Basic Multilingual Plane's
    # characters only (the engine also refuses lone surrogates and the tag characters beyond it).
    refused = "\u0000-\u001f\u007f-\u009f\u2028\u2029" + DEFAULT_IGNORABLE_BMP
    no_controls = "^[^" + "".join(ch if ch == "-" else f"\\u{ord(ch):04x}" for ch in refused) + "]*$"
    organization = {"type": "string", "maxLength": MAX_ORGANIZATION_LENGTH, "pattern": no_controls}
    rater_id = {"type": "string", "maxLength": MAX_RATER_ID_LENGTH, "pattern": no_controls}
    name = {
        "description": "the evaluation's name in the calculator's list of evaluations: the file's, never graded",
        "type": "string",
        "maxLength": MAX_NAME_LENGTH,
        "pattern": no_controls,
    }
    # Observations (issue 23): refused as names are, but a line feed (U+000A) may end a line.
    observation_refused = refused.replace("\u000a", "")
    observation = {
        "description": "an observation: plain text, never graded",
        "type": "string",
        "maxLength": MAX_OBSERVATION_LENGTH,
        "pattern": "^[^" + "".join(ch if ch == "-" else f"\\u{ord(ch):04x}" for ch in observation_refused) + "]*$",
    }

    def observations(ids: list[str], what: str) -> dict[str, Any]:
        return {
            "description": f"observations by {what} id (optional; each optional)",
            "type": "object",
            "additionalProperties": False,
            "properties": {key: {"oneOf": [{"$ref": "#/$defs/observation"}, {"type": "null"}]} for key in ids},
        }

    record = {
        "description": "the evaluation's record (optional; never graded)",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "date": {
                "description": "YYYY-MM-DD (ISO 8601), a real calendar date",
                "type": "string",
                "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            },
            "evaluators": {
                "description": "the evaluation team's names",
                "type": "array",
                "maxItems": MAX_EVALUATORS,
                "items": {"type": "string", "maxLength": MAX_EVALUATOR_NAME_LENGTH, "pattern": no_controls},
            },
            "scope": {"$ref": "#/$defs/observation"},
            "remarks": {"$ref": "#/$defs/observation"},
        },
    }
    complete = {
        "required": ["service", "management"],
        "properties": {
            "organization": organization,
            "record": record,
            "service": {
                "type": "object",
                "additionalProperties": False,
                "required": ["raters"],
                "properties": {
                    "raters": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": MAX_RATERS,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["alpha"],
                            "properties": {
                                "id": rater_id,
                                "alpha": {
                                    "type": "object",
                                    "additionalProperties": False,
                                    "required": item_ids,
                                    "properties": {item_id: {"$ref": "#/$defs/alpha"} for item_id in item_ids},
                                },
                                "observations": observations(item_ids, "service item"),
                            },
                        },
                    }
                },
            },
            "management": {
                "type": "object",
                "additionalProperties": False,
                "required": ["levels"],
                "properties": {
                    "levels": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": clause_ids,
                        "properties": {clause_id: {"$ref": "#/$defs/level"} for clause_id in clause_ids},
                    },
                    "conformity_passed": {"type": "boolean", "default": True},
                    "observations": observations(clause_ids, "management clause"),
                },
            },
        },
    }
    # A draft (scoring/drafts.py): the same members, any of them missing or null, every value as it was typed —
    # an α as text or a number, a level as an integer or text, names, observations and the record's members as text
    # (its evaluators a list of them) — wrong ones included.
    typed = {"type": ["string", "number", "null"]}
    text_or_null = {"type": ["string", "null"]}

    def typed_observations(ids: list[str]) -> dict[str, Any]:
        properties = dict.fromkeys(ids, text_or_null)
        return {"type": ["object", "null"], "additionalProperties": False, "properties": properties}

    draft = {
        "description": "a draft: the calculator's form as far as it is filled in, kept as typed (validate lists "
        "what is missing or wrong; it is graded only once nothing is)",
        "properties": {
            "organization": {"type": ["string", "null"]},
            "record": {
                "type": ["object", "null"],
                "additionalProperties": False,
                "properties": {
                    "date": text_or_null,
                    "evaluators": {"type": ["array", "null"], "items": {"type": "string"}},
                    "scope": text_or_null,
                    "remarks": text_or_null,
                },
            },
            "service": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "raters": {
                        "type": ["array", "null"],
                        "maxItems": MAX_RATERS,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                "id": {"type": ["string", "null"]},
                                "alpha": {
                                    "type": ["object", "null"],
                                    "additionalProperties": False,
                                    "properties": dict.fromkeys(item_ids, typed),
                                },
                                "observations": typed_observations(item_ids),
                            },
                        },
                    }
                },
            },
            "management": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "levels": {
                        "type": ["object", "null"],
                        "additionalProperties": False,
                        "properties": dict.fromkeys(clause_ids, typed),
                    },
                    "conformity_passed": {"type": "boolean", "default": True},
                    "observations": typed_observations(clause_ids),
                },
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": BASE_URI + "evaluation.schema.json",
        "title": f"Evaluation document, {rules.scheme.full_id}",
        "description": 'An evaluation document; with "draft": true, a draft document (the members of a complete one '
        "may be missing, and values are kept as typed)",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "draft": {"type": "boolean", "default": False},
            "name": name,
            "scheme": {"const": rules.scheme.full_id},
            "profile": {
                "enum": list(rules.certification.profile_ids),
                "default": rules.certification.default_profile,
            },
            "organization": True,
            "record": True,
            "service": True,
            "management": True,
        },
        "if": {"required": ["draft"], "properties": {"draft": {"const": True}}},
        "then": {"$ref": "#/$defs/draft"},
        "else": {"$ref": "#/$defs/complete"},
        "$defs": {"alpha": alpha, "level": level, "observation": observation, "complete": complete, "draft": draft},
    }


def result_schema(rules: Rules | None = None) -> dict[str, Any]:
    rules = rules or load_rules()
    exact = {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}
    named_points = {
        "type": "object",
        "required": ["id", "points"],
        "properties": {"id": {"type": "string"}, "points": exact},
    }
    stars = sorted({0} | {lv.stars for p in rules.certification.profiles for lv in p.levels})
    # A place on the site, relative to a language's root (scoring.anchors.href): spec/chapter-5/#clause-5-1-1.
    link = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9/-]*/(#[A-Za-z0-9_-]+)?$"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": BASE_URI + "result.schema.json",
        "title": f"Evaluation result, {rules.scheme.full_id}",
        "type": "object",
        "required": ["scheme", "package", "vector", "service", "management", "certification", "trace"],
        "properties": {
            "scheme": {
                "type": "object",
                "properties": {"id": {"const": rules.scheme.id}, "version": {"const": rules.scheme.version}},
            },
            "package": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "version": {"type": "string"}},
            },
            "organization": {"type": ["string", "null"]},
            "vector": {"type": "string"},
            "record": {
                "description": "the document's record, carried through when it has one (never graded)",
                "type": "object",
            },
            "service": {
                "type": "object",
                "required": [
                    "score",
                    "rounding",
                    "rater_count",
                    "sum_of_rater_scores",
                    "mean",
                    "characteristics",
                    "items",
                    "raters",
                ],
                "properties": {
                    "score": {
                        "type": "string",
                        "pattern": rf"^[0-9]+\.[0-9]{{{rules.service.score_places}}}$",
                    },
                    "rater_count": {"type": "integer", "minimum": 1},
                    "sum_of_rater_scores": exact,
                    "mean": exact,
                    "items": {
                        "type": "array",
                        "minItems": len(rules.service.items),
                        "maxItems": len(rules.service.items),
                    },
                    "raters": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["id", "score", "characteristics", "items"],
                            "properties": {
                                "observations": {
                                    "description": "the rater's observations by item id, carried through when the "
                                    "document has them (never graded)",
                                    "type": "object",
                                    "additionalProperties": {"type": "string"},
                                },
                                "score": exact,
                                "characteristics": {"type": "array", "items": named_points},
                            },
                        },
                    },
                },
            },
            "management": {
                "type": "object",
                "required": ["total", "grade", "conformity_passed", "groups", "clauses"],
                "properties": {
                    "total": exact,
                    "grade": {"enum": [g.grade for g in rules.management.grades]},
                    "conformity_passed": {"type": "boolean"},
                    "observations": {
                        "description": "the clauses' observations by clause id, carried through when the document "
                        "has them (never graded)",
                        "type": "object",
                        "additionalProperties": {"type": "string"},
                    },
                    "groups": {"type": "array", "items": named_points},
                    "clauses": {
                        "type": "array",
                        "minItems": len(rules.management.clauses),
                        "maxItems": len(rules.management.clauses),
                    },
                },
            },
            "certification": {
                "type": "object",
                "required": [
                    "profile",
                    "stars",
                    "certified",
                    "stars_by_scores",
                    "next_stars",
                    "shortfalls",
                    "reasons",
                    "summary",
                ],
                "properties": {
                    "profile": {"enum": list(rules.certification.profile_ids)},
                    "stars": {"enum": stars},
                    "certified": {"type": "boolean"},
                    "next_stars": {"enum": [*stars[1:], None]},
                    "reasons": {
                        "type": "array",
                        "items": {"type": "object", "required": ["code", "clause", "zh", "en"]},
                    },
                    "summary": {
                        "description": "the reasons run together as one sentence in each language",
                        "type": "object",
                        "required": ["zh", "en"],
                        "properties": {"zh": {"type": "string"}, "en": {"type": "string"}},
                    },
                    "readings": _readings_schema(rules, stars),
                },
            },
            "trace": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["clause", "href", "zh", "en"],
                    "properties": {
                        "clause": {"type": "string"},
                        "clause_zh": {"type": "string"},
                        "href": {"description": "the first clause's place, relative to a language's root", **link},
                        "refs": {
                            "description": "each clause the step applies (clause and clause_zh join them), linked to "
                            "its own place on the site: 5.1.1, appendix 3 note 3) ⑤",
                            "type": "array",
                            "minItems": 1,
                            "items": {
                                "type": "object",
                                "required": ["clause", "clause_zh", "href"],
                                "properties": {
                                    "clause": {"type": "string"},
                                    "clause_zh": {"type": "string"},
                                    "href": link,
                                },
                            },
                        },
                        "zh": {"type": "string"},
                        "en": {"type": "string"},
                    },
                },
            },
            "diagnostics": _diagnostics_schema(exact),
        },
    }


def _readings_schema(rules: Rules, stars: list[int]) -> dict[str, Any]:
    """``certification.readings`` (scoring.engine.readings_to_obj): present only when the profiles — the two readings
    of 5.3, reading note E1 — give different stars for the evaluation."""
    text = {
        "type": "object",
        "required": ["zh", "en"],
        "properties": {"zh": {"type": "string"}, "en": {"type": "string"}},
    }
    return {
        "description": "present only when the two readings of 5.3 (the profiles) give different stars: each reading's "
        "stars and what its next star would take; zh and en say it in one sentence",
        "type": "object",
        "required": ["zh", "en", "title", "profiles", "note", "href"],
        "properties": {
            "zh": {"type": "string"},
            "en": {"type": "string"},
            "title": text,
            "profiles": {
                "type": "array",
                "minItems": len(rules.certification.profiles),
                "maxItems": len(rules.certification.profiles),
                "items": {
                    "type": "object",
                    "required": ["profile", "stars", "label", "next_star", "next"],
                    "properties": {
                        "profile": {"enum": list(rules.certification.profile_ids)},
                        "stars": {"enum": stars},
                        "label": text,
                        "next_star": {"type": ["object", "null"]},
                        "next": text,
                    },
                },
            },
            "note": text,
            "href": {"type": "string"},
        },
    }


def _diagnostics_schema(exact: dict[str, Any]) -> dict[str, Any]:
    """The site's rater agreement diagnostics (scoring.diagnostics): editorial, not part of the grading; printed by
    ``evaluate --format json`` beside the graded result, which they leave unchanged."""
    return {
        "description": "The site's rater agreement diagnostics: editorial, not part of the grading",
        "type": "object",
        "required": [
            "editorial",
            "zh",
            "en",
            "rater_count",
            "comparable",
            "thresholds",
            "standard_deviation",
            "items",
            "raters",
            "flagged_items",
            "flagged_raters",
        ],
        "properties": {
            "editorial": {"const": True},
            "zh": {"type": "string"},
            "en": {"type": "string"},
            "rater_count": {"type": "integer", "minimum": 1},
            "comparable": {"type": "boolean"},
            "thresholds": {
                "type": "object",
                "required": ["bands_spanned", "rater_difference"],
                "properties": {"bands_spanned": {"type": "integer"}, "rater_difference": exact},
            },
            "standard_deviation": {
                "type": "object",
                "required": ["of", "places", "rounding"],
                "properties": {
                    "of": {"const": "population"},
                    "places": {"type": "integer"},
                    "rounding": {"const": "half-even"},
                },
            },
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": [
                        "id",
                        "min_alpha",
                        "max_alpha",
                        "range",
                        "standard_deviation",
                        "bands",
                        "bands_spanned",
                        "flagged",
                    ],
                    "properties": {
                        "id": {"type": "string"},
                        "min_alpha": exact,
                        "max_alpha": exact,
                        "range": exact,
                        "standard_deviation": exact,
                        "bands": {"type": "array", "items": {"type": "integer"}, "minItems": 1},
                        "bands_spanned": {"type": "integer", "minimum": 1},
                        "flagged": {"type": "boolean"},
                    },
                },
            },
            "raters": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["number", "id", "score", "others_mean", "difference", "flagged"],
                    "properties": {
                        "number": {"type": "integer", "minimum": 1},
                        "id": {"type": ["string", "null"]},
                        "score": exact,
                        "others_mean": exact,
                        "difference": exact,
                        "flagged": {"type": "boolean"},
                    },
                },
            },
            "flagged_items": {"type": "array", "items": {"type": "string"}},
            "flagged_raters": {"type": "array", "items": {"type": "integer", "minimum": 1}},
        },
    }
