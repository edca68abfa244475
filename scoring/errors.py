"""One exception hierarchy: every refusal names the field path and quotes the offending value.

Every message is one printable line of at most :data:`MAX_MESSAGE` characters, whatever the input held: text
from the input is escaped (a newline becomes ``\\n``, ESC ``\\x1b``, a bidi override ``\\u202e``) and shortened
with an ellipsis, so that a value can neither forge a second line nor drive a terminal, nor make a huge message.
"""

from __future__ import annotations

import errno
import re
import unicodedata
from typing import Any

MAX_MESSAGE = 300  # characters in one error message (path and problem)
MAX_PATH = 120  # characters of the field path within it
MAX_SHOWN = 40  # characters of an offending value quoted in a message

# Characters that print nothing, move the cursor or reorder text: control characters (Cc: C0, DEL, C1), format
# characters (Cf: bidi overrides and isolates, zero-width characters, the BOM), lone surrogates (Cs), line and
# paragraph separators (Zl, Zp), unassigned code points (Cn) and private use (Co).
_UNPRINTABLE = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp", "Cn", "Co"))
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# Unicode's default-ignorable code points (DerivedCoreProperties.txt, Default_Ignorable_Code_Point), as the inside
# of a regular expression's class: what a renderer draws as nothing, whatever its category (bidi controls, soft
# hyphen U+00AD, zero-width space and joiners, Hangul fillers U+115F U+1160 U+3164 U+FFA0, variation selectors,
# tag characters U+E0000–U+E0FFF…). Quoted escaped; refused in names (scoring.document.check_text).
DEFAULT_IGNORABLE_BMP = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
)
DEFAULT_IGNORABLE = DEFAULT_IGNORABLE_BMP + "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
_IGNORABLE = re.compile(f"[{DEFAULT_IGNORABLE}]")


def _escape_char(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    if ch.isascii() and ch.isprintable():
        return ch
    if unicodedata.category(ch) not in _UNPRINTABLE and not _IGNORABLE.match(ch):
        return ch
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` with every character that does not print as itself escaped (``\\n``, ``\\x1b``, ``\\u202e``)."""
    if text.isascii() and text.isprintable():
        return text  # the common case, without a loop
    return "".join(map(_escape_char, text))


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, the cut marked with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show_text(text: str, limit: int = MAX_SHOWN) -> str:
    """A piece of input quoted in a message: escaped, then shortened (never more than ``limit`` characters)."""
    return shorten(printable(text[: limit * 2]), limit)


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """A message made safe to print: escaped and at most ``limit`` characters."""
    return shorten(printable(text[: limit * 2]), limit)


class ScoringError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(ScoringError):
    """The evaluation document (JSON, compact string or CSV) is not acceptable.

    ``path`` is the field path in the interchange format (``service.raters[0].alpha["1.2"]``), or ``""``
    for the document as a whole; ``problem`` says what is wrong with it, and ``problem_zh`` says it in Chinese
    where the calculator shows it beside a field (falling back to ``problem``). All three are stored already
    escaped and shortened (see the module's docstring): callers may interpolate raw input.
    """

    def __init__(self, path: str, problem: str, problem_zh: str | None = None) -> None:
        self.path = one_line(path, MAX_PATH)
        room = MAX_MESSAGE - (len(self.path) + 2 if self.path else 0)
        self.problem = one_line(problem, room)
        self.problem_zh = one_line(problem_zh, room) if problem_zh else self.problem
        super().__init__(f"{self.path}: {self.problem}" if self.path else self.problem)

    def text(self, lang: str) -> str:
        """The refusal in ``lang`` ("zh" or "en"): ``path: problem``, or ``path：问题`` in Chinese."""
        if lang == "zh":
            return f"{self.path}：{self.problem_zh}" if self.path else self.problem_zh
        return str(self)

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from its fields, not from ``args``: batch worker processes send errors back pickled.
        return (type(self), (self.path, self.problem, self.problem_zh))


class DocumentSyntaxError(InputError):
    """The text is not well-formed (malformed JSON, empty input, too large, bad compact-string syntax)."""


class ValidationError(InputError):
    """The text is well-formed but a field breaks the interchange format or the specification's ranges."""


# What the operating system said of a file: the key of its Chinese in scoring/messages.py (the English is the
# system's own ``strerror``).
_OS_PROBLEMS = {
    errno.ENOENT: "os_no_file",
    errno.EACCES: "os_no_access",
    errno.EPERM: "os_not_permitted",
    errno.EISDIR: "os_is_folder",
    errno.ENOTDIR: "os_not_folder",
    errno.ENOSPC: "os_disk_full",
    errno.EROFS: "os_read_only",
    errno.ENAMETOOLONG: "os_name_too_long",
    errno.ELOOP: "os_links",
    errno.EMFILE: "os_too_many_open",
}


def os_problem(exc: OSError) -> tuple[str, str]:
    """An operating system's refusal to read or write a file, in English and in Chinese."""
    from .messages import message  # noqa: PLC0415 (scoring.messages imports this module, through scoring.rules)

    en = exc.strerror or str(exc)
    key = _OS_PROBLEMS.get(exc.errno) if exc.errno is not None else None
    return en, message(key, "zh") if key else message("os_other", "zh", problem=en)


class RulesError(ScoringError):
    """The rules file is inconsistent (a packaging error, never the user's fault)."""
