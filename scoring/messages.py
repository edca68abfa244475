"""The refusals and notices of the program — what it says when it cannot read an input, and what its commands
report — in Chinese and English, in one table beside :mod:`scoring.words` (the words of its outputs).

One table, so that a message is reviewed once in both languages, and a term in it has the one spelling the
glossary gives it (``scoring/glossary.toml``; the one-word rule of issue 21, held by ``tests/scoring/test_messages.py``).
A ``{name}`` in a message is filled in as :func:`scoring.words.fill` fills a word, and ``{name:one|other}`` picks the
English for a count. A value that differs by language is passed as :class:`~scoring.rules.Names`; where a message
is built from pieces (a list joined by “、” in Chinese and “, ” in English), the joins stay in the code and the
words are here.
"""

from __future__ import annotations

from .rules import Lang, Names
from .words import fill

MESSAGES: dict[str, tuple[str, str]] = {
    # --- an evaluation document: its text (scoring.document.read_json) ----------------------------------------
    "too_large": ("文件大于 {size}", "the document is larger than {size}"),
    "not_utf8": ("文件不是 UTF-8 文本（第 {byte} 字节）", "the document is not UTF-8 text (byte {byte})"),
    "empty_document": ("文件为空", "the document is empty"),
    "too_many_values": (
        "文件所含的值多于 {raters} 位测评人的评价所能有的（{limit}）",
        "the document holds more values than an evaluation of {raters} raters can ({limit})",
    ),
    "malformed_json": (
        "JSON 格式错误，第 {line} 行第 {column} 列：{problem}",
        "malformed JSON at line {line} column {column}: {problem}",
    ),
    "json_nested": ("JSON 嵌套过深", "the JSON is nested too deeply"),
    # The JSON parser's messages (json.decoder, CPython 3.11-3.13): the English is the parser's own, and a message
    # it did not have when this was written is shown as it says it, and in Chinese as json_other.
    "json_value": ("此处应有一个值", "Expecting value"),
    "json_key": ("此处应有用双引号括起的键名", "Expecting property name enclosed in double quotes"),
    "json_colon": ("此处应有冒号“:”", "Expecting ':' delimiter"),
    "json_comma": ("此处应有逗号“,”", "Expecting ',' delimiter"),
    "json_unterminated": ("从此处开始的字符串没有结束", "Unterminated string starting at"),
    "json_control": ("字符串中有控制字符", "Invalid control character at"),
    "json_escape": ("无效的转义序列", "Invalid \\escape"),
    "json_unicode_escape": ("无效的 \\uXXXX 转义序列", "Invalid \\uXXXX escape"),
    "json_extra": ("JSON 值结束后还有多余的内容", "Extra data"),
    "json_object_comma": ("对象结束前有多余的逗号", "Illegal trailing comma before end of object"),
    "json_array_comma": ("数组结束前有多余的逗号", "Illegal trailing comma before end of array"),
    "json_other": ("JSON 语法错误", "JSON syntax error"),
    # --- an evaluation document: its fields (scoring.document) -------------------------------------------------
    "missing": ("缺少此项", "missing"),
    "unknown_field": ("未知字段（允许：{allowed}）", "unknown field (allowed: {allowed})"),
    "not_an_object": ("{value} 不是对象", "{value} is not an object"),
    "duplicate_key": ("重复的键“{key}”", 'duplicate key "{key}"'),
    "not_text": ("{value} 不是文本", "{value} is not text"),
    "not_true_or_false": ("{value} 不是 true 或 false", "{value} is not true or false"),
    "too_long": ("超过 {limit} 个字符", "longer than {limit} characters"),
    "invisible_character": (
        "{value} 的第 {position} 个字符 {code} 是控制字符或不可见字符",
        "{value} holds the control or invisible character {code} at position {position}",
    ),
    "scheme_unsupported": (
        "不支持 {value}：本工具实施的是 {scheme}",
        "{value} is not supported: this tool implements {scheme}",
    ),
    "not_a_profile": ("{value} 不是判定方案（可选 {choices}）", "{value} is not a profile (choose {choices})"),
    "raters_missing": ("缺少此项：至少需要一位测评人（5.1.2）", "missing: at least one rater is needed (5.1.2)"),
    "not_a_rater_list": ("{value} 不是测评人列表", "{value} is not a list of raters"),
    "no_raters": ("没有测评人：至少需要一位测评人（5.1.2）", "no raters: at least one rater is needed (5.1.2)"),
    "too_many_raters": (
        "{count} 位测评人，多于本工具接受的数量（{limit}）",
        "{count} raters is more than this tool accepts ({limit})",
    ),
    "duplicate_rater_id": (
        "{id} 已是第 {number} 位测评人（raters[{index}]）的名称",
        "{id} is already the id of raters[{index}]",
    ),
    "unknown_item": (
        "未知的服务指标（附录1的编号为 1.1 … 6.3 和 7）",
        "unknown service item (appendix 1 ids are 1.1 … 6.3 and 7)",
    ),
    "missing_items": ("缺少服务指标 {listed}", "missing service item{count:|s} {listed}"),
    "unknown_clause": (
        "未知的管理要求条款（附录3的编号为 1.1 … 7.2）",
        "unknown management clause (appendix 3 ids are 1.1 … 7.2)",
    ),
    "missing_clauses": ("缺少管理要求条款 {listed}", "missing clause{count:|s} {listed}"),
    # α, a rater's experience coefficient (5.1.1 2))
    "alpha_empty": (
        "未填写：请输入 {low} 至 {high} 之间的小数",
        "empty: enter a decimal number from {low} to {high}",
    ),
    "spaces_around_number": ("{value} 的数字前后有空格", "{value} has spaces around the number"),
    "decimal_comma": (
        "“{value}”不是小数：请用小数点，不要用逗号",
        '"{value}" is not a decimal number: use a decimal point, not a comma',
    ),
    "not_a_decimal": ("“{value}”不是小数", '"{value}" is not a decimal number'),
    "not_a_number": ("{value} 不是数字", "{value} is not a number"),
    "binary_float": (
        "{value} 是二进制浮点数：请以小数字符串或 Decimal 给出 α",
        "{value} is a binary float: give α as a decimal string or Decimal",
    ),
    "alpha_out_of_range": ("{value} 超出范围 [{low}, {high}]", "{value} is outside [{low}, {high}]"),
    "percentage_guess": ("（{fraction}？）", " ({fraction}?)"),
    "too_many_places": ("{value} 的小数位多于 {places} 位", "{value} has more than {places} decimal places"),
    # a clause's maturity level (appendix 3)
    "level_written": (
        "{value} 不是成熟度水平的写法：请写整数 {level}",
        "{value} is not how a maturity level is written: write the integer {level}",
    ),
    "not_a_level": (
        "{value} 不是成熟度水平（{low} 至 {high} 的整数）",
        "{value} is not a maturity level (an integer from {low} to {high})",
    ),
}


def _filled(text: str, lang: Lang, values: dict[str, object]) -> str:
    if not values:
        return text
    return fill(text, {name: value(lang) if isinstance(value, Names) else value for name, value in values.items()})


def said(key: str, /, **values: object) -> tuple[str, str]:
    """The message ``key`` in English and in Chinese, in the order :class:`~scoring.errors.InputError` takes them
    (``ValidationError(path, *said("not_a_number", value=shown))``), its placeholders filled with ``values``."""
    zh, en = MESSAGES[key]
    return _filled(en, "en", values), _filled(zh, "zh", values)


def message(key: str, lang: Lang, /, **values: object) -> str:
    """The message ``key`` in ``lang``, its placeholders filled with ``values``."""
    zh, en = MESSAGES[key]
    return _filled(zh if lang == "zh" else en, lang, values)
