"""One exception hierarchy: every refusal names the field path and quotes the offending value."""

from __future__ import annotations


class ScoringError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(ScoringError):
    """The evaluation document (JSON, compact string or CSV) is not acceptable.

    ``path`` is the field path in the interchange format (``service.raters[0].alpha["1.2"]``), or ``""``
    for the document as a whole; ``problem`` says what is wrong with it, and ``problem_zh`` says it in Chinese
    where the calculator shows it beside a field (falling back to ``problem``).
    """

    def __init__(self, path: str, problem: str, problem_zh: str | None = None) -> None:
        self.path = path
        self.problem = problem
        self.problem_zh = problem_zh or problem
        super().__init__(f"{path}: {problem}" if path else problem)


class DocumentSyntaxError(InputError):
    """The text is not well-formed (malformed JSON, empty input, too large, bad compact-string syntax)."""


class ValidationError(InputError):
    """The text is well-formed but a field breaks the interchange format or the specification's ranges."""


class RulesError(ScoringError):
    """The rules file is inconsistent (a packaging error, never the user's fault)."""
