"""The compact evaluation string: a canonical one-line form of an evaluation document (like a CVSS vector).

Grammar (ABNF, RFC 5234)::

    vector  = prefix "/P:" profile [ "/O:" text ] 1*( "/R:" rater ) "/M:" levels "/C:" ( "1" / "0" )
    prefix  = "TBSC55-2026:B0"                      ; CTS TBSC55-2026, version B/0
    profile = "final" / "table"                     ; 5.3 reading, see the rules file
    rater   = [ text "=" ] alpha 18( "," alpha )    ; α of the 19 service items, appendix 1 order (1.1 … 6.3, 7)
    alpha   = 1*DIGIT [ "." 1*DIGIT ]               ; canonical: no exponent, no trailing zeros ("0.8", "1")
    levels  = 21( %x31-35 )                         ; maturity level of each clause, appendix 3 order (1.1 … 7.2)
    text    = *( ALPHA / DIGIT / "-" / "." / "_" / "~" / pct-encoded )   ; UTF-8, percent-encoded

``O`` is the organization, the text before ``=`` a rater's id, ``C`` the management requirements conformity
examination (1 passed). The string holds exactly the canonical JSON document
(:func:`scoring.document.evaluation_to_obj`): each converts to the other without loss, and the same validation
applies (errors name the JSON field path). It is ASCII throughout: the full-width digits and stops that a document's
α may be typed with (scoring.document.FULL_WIDTH_NUMBER) are refused here — one evaluation, one string.
"""

from __future__ import annotations

import re
from typing import Any

from .document import evaluation_from_obj
from .errors import DocumentSyntaxError, ValidationError
from .limits import MAX_INPUT_BYTES, MAX_ORGANIZATION_LENGTH, MAX_RATER_ID_LENGTH, MAX_RATERS, size_name
from .messages import names, said
from .model import Evaluation, Rater
from .numbers import PlainTexts
from .rules import Rules, load_rules

PREFIX = "TBSC55-2026:B0"
_ORDER = re.compile(r"PO?R+MC")
_TEXT = re.compile(r"(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})*")


def to_vector(evaluation: Evaluation) -> str:
    """Evaluation → its compact string (canonical: one evaluation, one string)."""
    text = PlainTexts()
    return vector_of(evaluation, [rater_part(rater, text) for rater in evaluation.raters])


def rater_part(rater: Rater, text: PlainTexts | None = None) -> str:
    """One rater's part of the string, ``R:id=α,…`` (``text``: α already written, shared across raters)."""
    text = text if text is not None else PlainTexts()
    alphas = ",".join([text[alpha] for alpha in rater.alpha.values()])
    return f"R:{_encode(rater.id)}={alphas}" if rater.id is not None else f"R:{alphas}"


def vector_of(evaluation: Evaluation, rater_parts: list[str]) -> str:
    """The string of ``evaluation`` whose raters' parts (:func:`rater_part`) are given: the calculator keeps each
    rater's part between edits rather than writing thousands again."""
    parts = [PREFIX, f"P:{evaluation.profile}"]
    if evaluation.organization is not None:
        parts.append(f"O:{_encode(evaluation.organization)}")
    parts += rater_parts
    parts.append("M:" + "".join(str(level) for level in evaluation.levels.values()))
    parts.append("C:" + ("1" if evaluation.conformity_passed else "0"))
    return "/".join(parts)


def parse_vector(text: str, rules: Rules | None = None) -> Evaluation:
    """Compact string → validated evaluation. Syntax errors name the part; field errors name the JSON path."""
    rules = rules or load_rules()
    return evaluation_from_obj(vector_to_obj(text, rules), rules)


def vector_to_obj(text: str, rules: Rules | None = None) -> dict[str, Any]:
    """Compact string → the (not yet validated) JSON document it stands for."""
    rules = rules or load_rules()
    prefix, *parts = _bounded(text).split("/")
    if prefix != PREFIX:
        raise DocumentSyntaxError(
            "vector",
            *said("vector_prefix", prefix=repr(PREFIX), found=repr(prefix[:30])),
        )

    tagged = [part.partition(":") for part in parts]
    tags = "".join(tag if colon and len(tag) == 1 else "?" for tag, colon, _ in tagged)
    if not _ORDER.fullmatch(tags):
        raise DocumentSyntaxError(
            "vector",
            *said("vector_parts", tags=repr(tags[:30])),
        )
    item_ids = [item.id for item in rules.service.items]
    clause_ids = [clause.id for clause in rules.management.clauses]
    doc: dict[str, Any] = {"scheme": rules.scheme.full_id}
    raters: list[dict[str, Any]] = []
    levels: dict[str, Any] = {}
    conformity = True
    for tag, _, raw in tagged:
        body = raw if tag == "O" else _as_written(raw)  # names are decoded by _decode, with their own refusals
        if tag == "P":
            doc["profile"] = body
        elif tag == "O":
            doc["organization"] = _decode(body, "organization", MAX_ORGANIZATION_LENGTH)
        elif tag == "R":
            raters.append(_rater(raw, len(raters), item_ids))
        elif tag == "M":
            if len(body) != len(clause_ids):
                raise ValidationError(
                    "management.levels",
                    *said("vector_levels", count=len(body), expected=len(clause_ids)),
                )
            levels = {cid: int(ch) if ch in "0123456789" else ch for cid, ch in zip(clause_ids, body, strict=True)}
        elif body in ("0", "1"):
            conformity = body == "1"
        else:
            raise DocumentSyntaxError("vector", *said("vector_conformity", body=body[:10]))
    doc["service"] = {"raters": raters}
    doc["management"] = {"levels": levels, "conformity_passed": conformity}
    return doc


def _bounded(text: str) -> str:
    """The string without surrounding space or "#", refused if empty or larger than any evaluation's string."""
    if len(text) > MAX_INPUT_BYTES:
        raise DocumentSyntaxError(
            "vector",
            *said("vector_too_long", size=size_name(MAX_INPUT_BYTES)),
        )
    text = text.strip().removeprefix("#")
    if not text:
        raise DocumentSyntaxError("vector", *said("vector_empty"))
    # Counted before splitting, so that junk cannot make millions of parts: P, O, the raters, M, C.
    if text.count("/") > MAX_RATERS + 4:
        raise DocumentSyntaxError(
            "vector",
            *said("vector_too_many_parts", raters=MAX_RATERS),
        )
    return text


def _rater(body: str, index: int, item_ids: list[str]) -> dict[str, Any]:
    rater: dict[str, Any] = {}
    if "=" in body:
        raw_id, body = body.split("=", 1)
        rater["id"] = _decode(raw_id, f"service.raters[{index}].id", MAX_RATER_ID_LENGTH)
    body = _as_written(body)
    values = body.split(",", len(item_ids))  # never more than one piece past the 19 items
    if len(values) != len(item_ids):
        count = names("more_than", count=len(item_ids)) if len(values) > len(item_ids) else len(values)
        raise ValidationError(
            f"service.raters[{index}].alpha", *said("vector_values", count=count, expected=len(item_ids))
        )
    for item_id, value in zip(item_ids, values, strict=True):
        if not value.isascii():  # the string's grammar is ASCII: full-width digits, read in a document, are not here
            raise ValidationError(f'service.raters[{index}].alpha["{item_id}"]', *said("not_a_decimal", value=value))
    rater["alpha"] = dict(zip(item_ids, values, strict=True))
    return rater


_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _as_written(text: str) -> str:
    """A part of the string as its writer typed it. A browser sends a link's characters beyond ASCII
    percent-encoded (RFC 3986: ``٣`` as ``%D9%A3``); a refusal quotes what was typed, not the escapes. Escapes
    that are not UTF-8 are left as they are (and refused as they are)."""
    if "%" not in text:
        return text
    try:
        return _ESCAPES.sub(lambda m: bytes.fromhex(m.group().replace("%", "")).decode("utf-8"), text)
    except UnicodeDecodeError:
        return text


_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ALL_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]*")


def _encode(text: str) -> str:
    """Percent-encode UTF-8 (RFC 3986): every byte but the unreserved ones as %XX.

    Written out rather than taken from urllib.parse, whose import (with ipaddress) slows the calculator's start.
    """
    if _ALL_UNRESERVED.fullmatch(text):
        return text  # the usual id ("R1"): nothing to encode
    return "".join(chr(b) if b in _UNRESERVED else f"%{b:02X}" for b in text.encode("utf-8"))


def _decode(body: str, path: str, limit: int) -> str:
    if len(body) > 12 * limit:  # a character is at most 4 UTF-8 bytes, "%XX" each: longer cannot be valid
        raise ValidationError(path, *said("too_long", limit=limit))
    if not _TEXT.fullmatch(body):
        raise DocumentSyntaxError(
            "vector",
            *said("not_percent_encoded", path=path, body=repr(body[:30])),
        )
    raw = bytearray()
    position = 0
    while position < len(body):
        if body[position] == "%":
            raw.append(int(body[position + 1 : position + 3], 16))
            position += 3
        else:
            raw.append(ord(body[position]))
            position += 1
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentSyntaxError(
            "vector",
            *said("not_percent_utf8", path=path, body=repr(body[:30])),
        ) from None
