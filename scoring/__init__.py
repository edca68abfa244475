"""Grading engine of 江西腾标认证有限公司《卓越绩效服务认证技术规范》 CTS TBSC55-2026, version B/0.

    >>> from scoring import parse_json, evaluate, result_to_obj
    >>> result = evaluate(parse_json(open("evaluation.json", "rb").read()))
    >>> result.certification.stars

The rules are data (``rules.toml``); this package holds the formulas. Standard library only.
"""

from .__about__ import SCHEME, SCHEME_ID, SCHEME_VERSION, __version__
from .document import canonical_json, evaluation_from_obj, evaluation_to_obj, parse_json
from .engine import EvaluationResult, evaluate, evaluate_obj, result_to_obj, trace
from .errors import DocumentSyntaxError, InputError, RulesError, ScoringError, ValidationError
from .model import Evaluation, Rater
from .rules import Rules, load_rules
from .vector import parse_vector, to_vector

__all__ = [
    "SCHEME",
    "SCHEME_ID",
    "SCHEME_VERSION",
    "DocumentSyntaxError",
    "Evaluation",
    "EvaluationResult",
    "InputError",
    "Rater",
    "Rules",
    "RulesError",
    "ScoringError",
    "ValidationError",
    "__version__",
    "canonical_json",
    "evaluate",
    "evaluate_obj",
    "evaluation_from_obj",
    "evaluation_to_obj",
    "load_rules",
    "parse_json",
    "parse_vector",
    "result_to_obj",
    "to_vector",
    "trace",
]
