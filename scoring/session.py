"""The calculator's form between edits: an evaluation of 3,000 raters graded again in milliseconds (issue 10).

The page sends its whole form at each change; its worker (docs/assets/calculator/worker.js) passes on only the
raters that changed since the form it sent before. :class:`FormSession` keeps what each rater took to read and grade
(its α errors, Likert bands and score, its part of the compact string, its observations' errors) and the sums over
all raters (:class:`~scoring.service.ServiceSums`), so that an edit costs one rater's grading and a pass over the kept
raters, not the reading of 57,000 α (and as many observations) again.

Its answer is :func:`scoring.browser.evaluate_document`'s for the same document, but for its size: per rater it
writes out only the raters of the page of the list that is shown (``window``), in the result, the partial result and
the trace; and of the errors, those of the raters shown, those not on a rater, and the first :data:`LISTED_ERRORS`
of the others, with the number of all (``error_count``) and of those on fields not left empty
(``wrong_count``). tests/scoring/test_session.py holds it to that.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from typing import Any, NamedTuple

from .certification import certify
from .document import (
    AlphaReader,
    CheckedAlphas,
    check_rater_list,
    clause_observations,
    duplicate_id,
    level_errors,
    normalized_alphas,
    rater_head,
    rater_observations,
    rater_of,
    read_head,
    read_management,
    read_record,
)
from .engine import evaluate, result_to_obj
from .errors import ValidationError
from .limits import MAX_RATERS
from .management import management_score
from .model import Evaluation, Observations, Rater, Record
from .numbers import PlainTexts, fixed, plain
from .rules import Rules, load_rules
from .service import (
    EXACT,
    RaterScore,
    SeenValues,
    ServiceSums,
    likert_band,
    mean_of_sum,
    rater_score,
    rater_score_texts,
    service_result,
)
from .vector import rater_part, vector_of

LISTED_ERRORS = 50  # errors of raters outside the window written out (the page lists a dozen, then counts)

_Problem = tuple[str, str, str]  # an error with its path relative to its rater ("" or '.alpha["1.1"]'), en, zh


@dataclass(slots=True)
class _Rater:
    """What one rater of the form took to read and grade; paths relative to the rater (its index may change)."""

    errors: list[_Problem]  # field_errors' errors of the rater: its α's, then its observations'
    empty: int  # how many of them are of an α left empty ("")
    bands: list[int]  # each item's Likert band, 0 where α is not valid
    score: RaterScore | None  # once its 19 α are valid
    head_error: _Problem | None  # not an object, an unknown key, a bad id
    rater_id: str | None
    tail_error: _Problem | None  # α missing, or an item missing or unknown
    rater: Rater | None  # the rater, valid
    part: str | None  # its part of the compact string, once valid
    normalized: dict[str, str]  # its α typed with full-width characters, as read (scoring.document.normalized_alphas)
    notes: dict[str, str]  # its valid observations by item
    notes_error: _Problem | None  # the first problem of its observations' structure (an unknown item, a number…)


class _Notes(NamedTuple):
    """The record and the clauses' observations of the form (:meth:`FormSession._notes`): their wrong values (field
    errors), their first problem of structure, and what is valid of them."""

    record_wrong: list[ValidationError]
    clause_wrong: list[ValidationError]
    structure_error: ValidationError | None
    record: Record | None
    clauses: dict[str, str]


def _relative(error: ValidationError, index: int) -> _Problem:
    prefix = f"service.raters[{index}]"
    return (error.path[len(prefix) :] if error.path.startswith(prefix) else error.path), error.problem, error.problem_zh


def _absolute(problem: _Problem, index: int) -> ValidationError:
    return ValidationError(f"service.raters[{index}]{problem[0]}", problem[1], problem[2])


class FormSession:
    """One calculator form, kept between its edits (one per worker)."""

    def __init__(self, rules: Rules | None = None) -> None:
        self.rules = rules or load_rules()
        self.raters: list[_Rater] = []
        self.document: Any = {}
        self.sums = ServiceSums(self.rules.service)
        self.seen = SeenValues(self.rules.service)
        self.checked = CheckedAlphas(self.rules)  # each α given: its value, or its problem
        self.read_alphas = AlphaReader(self.rules, self.checked)
        self.text = PlainTexts()
        self.scores = rater_score_texts(self.rules.service)
        self.updates = 0  # updates applied: the page numbers its updates, to find out that a form was forgotten
        # Raters with observations, and with observations whose structure is wrong: none, usually, and then an answer
        # passes over the raters no more often than before observations.
        self.noted = 0
        self.misshapen = 0

    # --- changes ---------------------------------------------------------------------------------------------

    def update(self, document: Any, count: int, changed: dict[int, Any], removed: int | None = None) -> None:
        """The form now: ``document`` without its raters, ``count`` raters, of which those in ``changed`` (by
        index) are new or changed since the last update; ``removed``: the index of a rater taken out (the
        others after it move up one place, unchanged)."""
        self.updates += 1
        self.document = document
        if removed is not None and 0 <= removed < len(self.raters):
            self._forget(self.raters.pop(removed))
            for index in range(removed, len(self.raters)):
                entry = self.raters[index]
                if entry.score is not None:
                    entry.score = replace(entry.score, index=index)
        for entry in self.raters[count:]:
            self._forget(entry)
        del self.raters[count:]
        while len(self.raters) < count:
            self.raters.append(self._read(len(self.raters), None))
            self._remember(self.raters[-1])
        for index, raw in changed.items():
            if 0 <= index < count:
                self._forget(self.raters[index])
                self.raters[index] = self._read(index, raw)
                self._remember(self.raters[index])

    def _forget(self, entry: _Rater) -> None:
        if entry.score is not None:
            self.sums.add(entry.score, -1)
        self.noted -= bool(entry.notes)
        self.misshapen -= entry.notes_error is not None

    def _remember(self, entry: _Rater) -> None:
        if entry.score is not None:
            self.sums.add(entry.score)
        self.noted += bool(entry.notes)
        self.misshapen += entry.notes_error is not None

    def _read(self, index: int, raw: Any) -> _Rater:
        """Rater ``index`` as given: its α one by one (field errors, bands), then as a whole (structure)."""
        items = self.rules.service.items
        alphas = raw.get("alpha") if isinstance(raw, dict) else None
        alpha_errors: list[_Problem] = []
        valid: dict[str, Decimal] = {}
        empty = 0
        if isinstance(alphas, dict):
            for item in items:
                if item.id in alphas:
                    found = self.checked.check(alphas[item.id])
                    if isinstance(found, Decimal):
                        valid[item.id] = found
                    else:
                        alpha_errors.append((f'.alpha["{item.id}"]', *found))
                        empty += alphas[item.id] == ""
        head_error = tail_error = None
        rater_id: str | None = None
        rater: Rater | None = None
        try:
            obj, rater_id = rater_head(raw, index)
        except ValidationError as exc:
            head_error = _relative(exc, index)
        else:
            try:
                rater = rater_of(obj, rater_id, index, self.read_alphas)
            except ValidationError as exc:
                tail_error = _relative(exc, index)
        service = self.rules.service
        bands = [likert_band(valid[i.id], service).band if i.id in valid else 0 for i in items]
        score = None
        if len(valid) == len(items):
            with_alpha = Rater(id=rater_id, alpha={i.id: valid[i.id] for i in items})
            with localcontext(EXACT):
                score = rater_score(index, with_alpha, service, self.seen)
        part = rater_part(rater, self.text) if rater is not None else None
        normalized = normalized_alphas(alphas)
        # Its observations, checked once a change of the rater (never graded): each wrong one a field error.
        wrong: list[ValidationError] = []
        structure: list[ValidationError] = []
        observed = raw.get("observations") if isinstance(raw, dict) else None
        notes = {}
        if observed is not None:
            notes = rater_observations(observed, index, self.rules, wrong.append, structure.append)
        errors = alpha_errors + [_relative(e, index) for e in wrong]
        notes_error = _relative(structure[0], index) if structure else None
        return _Rater(
            errors, empty, bands, score, head_error, rater_id, tail_error, rater, part, normalized, notes, notes_error
        )

    # --- the answer ------------------------------------------------------------------------------------------

    def answer(self, start: int, stop: int) -> dict[str, Any]:
        """What :func:`scoring.browser.evaluate_document` answers for the form, raters ``start``…``stop - 1``
        written out."""
        count = len(self.raters)
        start, stop = max(0, min(start, count)), max(0, min(stop, count))
        stop = max(start, stop)
        window = {"start": start, "stop": stop, "count": count}
        notes = self._notes()
        errors = self._errors(notes)
        if not errors:
            error = self._structural_error(notes)
            errors = [] if error is None else [(error, -1)]
        if errors:
            shown = [e for e, index in errors if index < 0 or start <= index < stop]
            others = [e for e, index in errors if index >= 0 and not start <= index < stop]
            return {
                "ok": False,
                "errors": shown + others[:LISTED_ERRORS],
                "error_count": len(errors),
                "wrong_count": len(errors) - self._empty(),
                "partial": self.partial(start, stop),
                "window": window,
            }
        return {"ok": True, "errors": [], "result": self._result(start, stop, notes), "window": window}

    def _notes(self) -> _Notes:
        """The form's record and clauses' observations, read once an answer (read_notes)."""
        root = self.document if isinstance(self.document, dict) else {}
        management = root.get("management")
        management = management if isinstance(management, dict) else {}
        record_wrong: list[ValidationError] = []
        clause_wrong: list[ValidationError] = []
        structure: list[ValidationError] = []  # in the order read_notes meets them: the record's, the clauses'
        record = read_record(root.get("record"), record_wrong.append, structure.append)
        clauses = clause_observations(management.get("observations"), self.rules, clause_wrong.append, structure.append)
        return _Notes(record_wrong, clause_wrong, structure[0] if structure else None, record, clauses)

    def _errors(self, notes: _Notes) -> list[tuple[ValidationError, int]]:
        """field_errors' errors, in its order, each with its rater's index (-1: not a rater's): the record's, each
        rater's (kept from its last change), the levels', the clauses' observations'."""
        found = [(e, -1) for e in notes.record_wrong]
        found += [(_absolute(p, index), index) for index, entry in enumerate(self.raters) for p in entry.errors]
        management = self.document.get("management") if isinstance(self.document, dict) else None
        levels = management.get("levels") if isinstance(management, dict) else None
        found += [(e, -1) for e in level_errors(levels, self.rules)]
        return found + [(e, -1) for e in notes.clause_wrong]

    def _empty(self) -> int:
        """How many fields are in error only for being empty: an α of "", a level of null."""
        management = self.document.get("management") if isinstance(self.document, dict) else None
        levels = management.get("levels") if isinstance(management, dict) else None
        unset = sum(
            1 for c in self.rules.management.clauses if isinstance(levels, dict) and levels.get(c.id, 0) is None
        )
        return sum(entry.empty for entry in self.raters) + unset

    def _structural_error(self, notes: _Notes) -> ValidationError | None:
        """The first error of :func:`~scoring.document.evaluation_from_obj`, in the document's order."""
        try:
            read_head(self.document, self.rules)
            check_rater_list(self.raters)
        except ValidationError as exc:
            return exc
        ids: dict[str, int] = {}
        for index, entry in enumerate(self.raters):
            if entry.head_error is not None:
                return _absolute(entry.head_error, index)
            if entry.rater_id is not None:
                if entry.rater_id in ids:
                    return duplicate_id(entry.rater_id, index, ids[entry.rater_id])
                ids[entry.rater_id] = index
            if entry.tail_error is not None:
                return _absolute(entry.tail_error, index)
        try:
            read_management(self.document, self.rules)
        except ValidationError as exc:
            return exc
        if notes.structure_error is not None:  # read_notes' order: the record, the clauses, the raters
            return notes.structure_error
        for index, entry in enumerate(self.raters if self.misshapen else ()):
            if entry.notes_error is not None:
                return _absolute(entry.notes_error, index)
        return None

    def _result(self, start: int, stop: int, notes: _Notes) -> dict[str, Any]:
        """The result of the valid form, its raters ``start``…``stop - 1`` written out."""
        head = read_head(self.document, self.rules)
        levels, conformity = read_management(self.document, self.rules)
        # Without errors, every rater is valid and graded.
        raters = tuple(entry.rater for entry in self.raters if entry.rater is not None)
        scores = tuple(entry.score for entry in self.raters if entry.score is not None)
        parts = [entry.part for entry in self.raters if entry.part is not None]
        assert len(raters) == len(scores) == len(parts) == len(self.raters) == self.sums.count
        by_rater = {index: entry.notes for index, entry in enumerate(self.raters if self.noted else ()) if entry.notes}
        observations = Observations(notes.record, notes.clauses, by_rater)
        evaluation = Evaluation(
            head.scheme, head.profile, head.organization, raters, levels, conformity, observations or None
        )
        result = evaluate(evaluation, self.rules, service_result(scores, self.sums, self.rules.service))
        shown = scores[start:stop]
        out = result_to_obj(result, with_raters=False, vector=vector_of(evaluation, parts), trace_raters=shown)
        out["service"]["raters"] = [
            self._normalized({"id": r.id, "score": self.scores[r.score], "bands": [b.band for b in r.bands]}, entry)
            for r, entry in zip(shown, self.raters[start:stop], strict=True)
        ]
        return out

    @staticmethod
    def _normalized(out: dict[str, Any], entry: _Rater) -> dict[str, Any]:
        if entry.normalized:
            out["normalized"] = entry.normalized
        return out

    def partial(self, start: int, stop: int) -> dict[str, Any]:
        """What can be graded of the incomplete form, figure by figure, raters ``start``…``stop - 1`` written out:
        the Likert band of each valid α; a rater's score once its 19 α are valid; the service score once every
        rater's are; each clause's points, the maturity total and the management grade once every level is
        valid; the stars once both are (and the profile and the conformity examination's outcome are valid).
        Each figure is graded as :func:`~scoring.engine.evaluate` grades it (tests/scoring/test_partial.py)."""
        shown = [
            self._normalized(
                {"bands": entry.bands, "score": None if entry.score is None else self.scores[entry.score.score]}, entry
            )
            for entry in self.raters[start:stop]
        ]
        count = len(self.raters)
        score = None
        if 0 < self.sums.count == count <= MAX_RATERS:
            score = mean_of_sum(self.sums.total, count, self.rules.service)[1]
        root = self.document if isinstance(self.document, dict) else {}
        management = root.get("management")
        management = management if isinstance(management, dict) else {}
        maturity = partial_management(management.get("levels"), self.rules)
        return {
            "raters": shown,
            "service_score": None if score is None else fixed(score, self.rules.service.score_places),
            "management": maturity,
            "stars": partial_stars(root, score, maturity, self.rules),
        }


# --- what can be graded of an incomplete form's management requirements and stars ------------------------------


def partial_management(levels: Any, rules: Rules) -> dict[str, Any] | None:
    """The clauses' points, the maturity total and the management grade, once every level is valid."""
    low, high = rules.management.level_min, rules.management.level_max
    valid: dict[str, int] = {}
    for clause in rules.management.clauses:
        value = levels.get(clause.id) if isinstance(levels, dict) else None
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            valid[clause.id] = value
    if len(valid) != len(rules.management.clauses):
        return None
    result = management_score(valid, rules.management)
    return {
        "total": plain(result.total),
        "grade": result.grade.grade,
        "clauses": {c.clause.id: plain(c.points) for c in result.clauses},
    }


def partial_stars(
    root: dict[str, Any], score: Decimal | None, maturity: dict[str, Any] | None, rules: Rules
) -> int | None:
    """The stars of an incomplete document, once its service score and management grade are known and its profile
    and conformity examination's outcome are valid."""
    management = root.get("management")
    conformity = management.get("conformity_passed", True) if isinstance(management, dict) else True
    profile = root.get("profile", rules.certification.default_profile)
    gradable = isinstance(conformity, bool) and isinstance(profile, str) and profile in rules.certification.profile_ids
    if score is None or maturity is None or not gradable:
        return None
    places = rules.service.score_places
    return certify(score, maturity["grade"], conformity, rules.certification.profile(profile), places).stars
