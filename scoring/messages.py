"""The refusals and notices of the program — what it says when it cannot read an input, and what its commands
report — in Chinese and English, in one table beside :mod:`scoring.words` (the words of its outputs).

One table, so that a message is reviewed once in both languages, and a term in it has the one spelling the
glossary gives it (``scoring/glossary.toml``; the one-word rule of issue 21: ``tests/scoring/test_messages.py``).
A ``{name}`` in a message is filled in as :func:`scoring.words.fill` fills a word, and ``{name:one|other}`` picks the
English for a count. A value that differs by language is passed as :class:`~scoring.rules.Names`; where a message
is built from pieces (a list joined by “、” in Chinese and “, ” in English), the joins stay in the code and the
words are here.
"""

from __future__ import annotations

from .rules import Lang, Names
from .words import fill

MESSAGES: dict[str, tuple[str, str]] = {
    # --- an evaluation document: its text (scoring.document.read_json) ------------------------------------------------
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
    # --- an evaluation document: its fields (scoring.document) --------------------------------------------------------
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
    # --- rater sheets and levels CSV (scoring.sheets) -----------------------------------------------------------------
    "mixed_encoding": (
        "编码不统一：前面是 {first} 文本，第 {offset} 字节（第 {line} 行）起是 {then}；"
        "请整个文件用同一种编码保存（最好用 UTF-8）",
        "is not in one encoding: {first} text, then at byte {offset} (line {line}) {then}; save the whole file in "
        "one encoding (UTF-8 is best)",
    ),
    "unknown_encoding": (
        "既不是 UTF-8 也不是 GBK/GB18030 编码的文本（第 {offset} 字节，第 {line} 行）",
        "is neither UTF-8 nor GBK/GB18030 text (byte {offset}, line {line})",
    ),
    "row_too_long": (
        '第 {row} 行超过 {size} KB：是否有未闭合的引号（"）？',
        'row {row} is longer than {size} KB: is a quote (") left open?',
    ),
    "row_not_csv": ("第 {row} 行不是有效的 CSV：{problem}", "row {row} is not valid CSV: {problem}"),
    "row_encoding_changed": (
        "编码不统一：第 {row} 行不是 {encoding}",
        "is not in one encoding throughout: row {row} is not {encoding}",
    ),
    "two_rater_columns": (
        "表头：有两个测评人列（“{first}”“{second}”）",
        'header: two rater columns ("{first}", "{second}")',
    ),
    "two_organization_columns": (
        "表头：有两个组织列（“{first}”“{second}”）",
        'header: two organization columns ("{first}", "{second}")',
    ),
    "two_conformity_columns": (
        "表头：有两个符合性审查列（“{first}”“{second}”）",
        'header: two conformity examination columns ("{first}", "{second}")',
    ),
    "column_twice": ("表头：“{column}”列出现了两次", 'header: column "{column}" appears twice'),
    "unknown_column": (
        "表头：“{cell}”既不是{what}的编号，也不是可识别的列",
        'header: "{cell}" is not an id of {what} nor a known column',
    ),
    "sheet_items": ("服务指标（1.1 … 7）", "the service items (1.1 … 7)"),
    "sheet_clauses": ("管理要求条款（1.1 … 7.2）", "the management clauses (1.1 … 7.2)"),
    "missing_columns": ("表头：缺少列 {listed}", "header: missing column{count:|s} {listed}"),
    "organization_column_needed": (
        "表头：需要组织列（“组织”或“organization”）",
        'header: an organization column ("organization" or "组织") is needed',
    ),
    "short_row": ("缺失（本行比表头短）", "missing (the row is shorter than the header)"),
    "too_many_cells": (
        "本行有 {cells} 个单元格，而表头只有 {columns} 列：是否有小数逗号把数字分开了（0,8）？请使用小数点（0.8）",
        "{cells} cells under {columns} header columns: is a decimal comma splitting a number (0,8)? Use a decimal "
        "point (0.8)",
    ),
    "rater_sheet_too_many_lines": (
        "有 {lines} 行：多于 {raters} 位测评人的表格的行数（含空行）",
        "has {lines} lines: more than a sheet of {raters} raters has (blank lines included)",
    ),
    "rater_sheet_empty": (
        "是空的：需要一行表头，每位测评人一行",
        "is empty: a header row and one row per rater are needed",
    ),
    "levels_sheet_too_many_lines": (
        "有 {lines} 行：一次评价的成熟度水平文件只有一行表头和一行数据",
        "has {lines} lines: a maturity levels file of one evaluation has a header and one row",
    ),
    "levels_sheet_empty": (
        "是空的：需要一行表头和一行成熟度水平",
        "is empty: a header row and one row of maturity levels are needed",
    ),
    "file_too_large": ("大于 {size}", "is larger than {size}"),
    "too_many_rater_rows": (
        "测评人的行多于 {limit} 行（第 {row} 行）：超出本工具的上限",
        "has more than {limit} rater rows (row {row}): more than this tool accepts",
    ),
    "no_rater_rows": ("只有表头，没有测评人的行", "has a header but no rater rows"),
    "levels_rater_column": ("表头：成熟度水平文件没有测评人列", "header: a maturity levels file has no rater column"),
    "no_levels_row": ("只有表头，没有成熟度水平的行", "has a header but no row of maturity levels"),
    "one_levels_row": (
        "第 {row} 行：只应有一行成熟度水平（多个组织请用批量评定）",
        "row {row}: one row of maturity levels is expected (for many organizations, use batch)",
    ),
    "cell_not_a_level": (
        "“{text}”不是成熟度水平（{low} 到 {high} 的整数）",
        '"{text}" is not a maturity level (an integer from {low} to {high})',
    ),
    "not_a_conformity": (
        "“{text}”不是 1/0、true/false、是/否、通过/未通过",
        '"{text}" is not 1/0, true/false, 是/否',
    ),
    # the example organization of the CSV templates
    "template_example": ("示例组织", "Example Ltd."),
    # --- the command line's help (scoring.cli: --help, in the language of --lang) ------------------------------
    "help_description": ("{scheme}（{title}）的评分程序。", "Scoring program of {scheme} ({title})."),
    "help_usage": ("用法：", "usage: "),
    "help_positionals": ("位置参数", "positional arguments"),
    "help_options": ("选项", "options"),
    "help_help": ("显示本帮助并退出", "show this help and exit"),
    "help_version": ("显示程序版本并退出", "show the program's version and exit"),
    "help_lang": ("{what}的语言（默认 zh）", "language of the {what} (default zh)"),
    "what_output": ("输出和拒绝提示", "output and refusals"),
    "what_text": ("文本输出、CSV 和拒绝提示", "text output, CSV and refusals"),
    "what_refusals": ("拒绝提示", "refusals"),
    "what_template": ("模板表头", "template's header"),
    "what_report": ("报告和拒绝提示", "report and refusals"),
    "what_verdict": ("核验结论和拒绝提示", "verdict and refusals"),
    "help_evaluate": ("计算一份评价文件的结果", "compute the result of an evaluation document"),
    "help_file": ("JSON 评价文件，- 表示标准输入", "JSON evaluation document, or - for standard input"),
    "help_vector_instead": (
        "改为计算一个紧凑评价字符串，代替 FILE",
        "compute a compact evaluation string instead of a FILE",
    ),
    "help_raters_instead": (
        "改用 CSV 测评人表格，代替 FILE（与 --levels 一起使用）",
        "rater sheets as CSV instead of a FILE (with --levels)",
    ),
    "help_levels": (
        "成熟度水平（及 conformity_passed）：JSON，或只有一行的成熟度水平 CSV",
        "maturity levels (and conformity_passed) as JSON, or a one-row maturity levels CSV",
    ),
    "help_organization": ("组织名称，与 --raters 一起使用", "the organization, with --raters"),
    "help_format": (
        "text（默认）、json，或供电子表格使用的 csv（带 BOM 的 UTF-8）",
        "text (default), json, or csv for a spreadsheet (UTF-8 with BOM)",
    ),
    "help_profile": ("覆盖文件中的判定方案（5.3）", "override the document's profile (5.3)"),
    "help_diff": ("比较两份评价：哪些不同，影响什么", "compare two evaluations: what differs and what it changes"),
    "help_diff_files": (
        "各为一份 JSON 评价文件（- 表示标准输入）或一个紧凑评价字符串",
        "each a JSON evaluation document (- for standard input) or a compact evaluation string",
    ),
    "help_side_vector": ("{side} 为紧凑评价字符串", "{side} as a compact evaluation string"),
    "help_side_raters": (
        "{side} 为测评人表格（与 --levels-{option} 一起使用）",
        "{side} as rater sheets (with --levels-{option})",
    ),
    "help_side_levels": (
        "{side} 的成熟度水平：JSON，或只有一行的 CSV",
        "the maturity levels of {side}: JSON, or a one-row CSV",
    ),
    "help_profile_both": ("两者都按此判定方案计算（5.3）", "compute both under this profile (5.3)"),
    "help_validate": (
        "只检查评价文件，不计算；草稿：列出每个未填写或有误的字段（退出状态 1）",
        "check an evaluation document without computing it; a draft: list every field missing or wrong (exit 1)",
    ),
    "help_vector": ("输出 JSON 评价文件的紧凑评价字符串", "print the compact evaluation string of a JSON document"),
    "help_report": ("写出一份可打印的 HTML 评价结果报告", "write a printable HTML report of an evaluation"),
    "help_report_out": ("报告写到哪里（默认：标准输出）", "where to write the report (default: standard output)"),
    "help_date": ("报告的日期（默认：今天）", "the report's date (default: today)"),
    "help_verify": (
        "复核一份报告：其哈希值、字符串和结果（不一致时退出状态 1）",
        "re-check a report: its hash, its string and its result (exit 1 if they differ)",
    ),
    "help_batch": (
        "批量计算：带组织列的测评人表格 CSV + 成熟度水平 CSV → 每个组织一行",
        "compute many organizations: rater sheets CSV + maturity levels CSV → one row each",
    ),
    "help_batch_raters": ("带组织列的测评人表格", "rater sheets with an organization column"),
    "help_batch_levels": ("每个组织一行 21 个成熟度水平", "one row of 21 maturity levels per organization"),
    "help_batch_out": ("结果写到哪里（默认：标准输出）", "where to write the results (default: standard output)"),
    "help_jobs": (
        "工作进程数（默认：每个 CPU 一个；1 表示在本进程中计算）",
        "worker processes (default: one per CPU; 1 computes in this process)",
    ),
    "help_template": ("输出测评人表格 CSV 模板", "print a rater-sheet CSV template"),
    "help_template_organization": ("带组织列（供 batch 使用）", "with an organization column (for batch)"),
    "help_schema": (
        "输出评价文件（或结果）的 JSON Schema",
        "print the JSON Schema of the evaluation document (or of the result)",
    ),
    # --- the command line (scoring.cli) -------------------------------------------------------------------------------
    "cli_error": ("错误：{problem}", "error: {problem}"),
    "cli_too_deep": (
        "错误：输入嵌套过深或过大，无法处理",
        "error: the input is nested too deeply or too large to process",
    ),
    "cli_interrupted": ("错误：已中断", "error: interrupted"),
    "cli_internal": ("错误：内部错误（{defect}），请报告此问题", "error: internal error ({defect}); please report it"),
    "levels_needed": (
        "使用 --raters 时，请用 --levels 给出各管理要求条款的成熟度水平（JSON）",
        "give the maturity levels of the management clauses as JSON with --raters",
    ),
    "file_needed": (
        "请给出文件（- 表示标准输入）或 --vector 字符串",
        "give a FILE (or - for standard input) or --vector STRING",
    ),
    "side_levels_needed": (
        "使用 --raters-{side} 时，请给出成熟度水平（JSON 或一行的 CSV）",
        "give the maturity levels (JSON or a one-row CSV) with --raters-{side}",
    ),
    "side_raters_needed": ("请同时用 --raters-{side} 给出测评表", "give the rater sheets with --raters-{side} as well"),
    "side_needed": (
        "请以文件（- 表示标准输入）、紧凑评价字符串、--vector-{side} 字符串或 --raters-{side} CSV "
        "--levels-{side} 文件给出",
        "give it as a FILE (- for standard input), a compact evaluation string, --vector-{side} STRING or "
        "--raters-{side} CSV --levels-{side} FILE",
    ),
    "one_input_too_many": (
        "多了一个输入：{input}（A 和 B 已给出）",
        "one input too many: {input} (A and B are already given)",
    ),
    "one_standard_input": ("A 和 B 只能有一个从标准输入读取", "only one of A and B can be read from standard input"),
    "draft_summary": (
        "{name}：草稿（{raters} 位测评人）：{missing} 项未填写，{wrong} 项有误",
        "{name}: draft ({raters} rater{raters:|s}): {missing} field{missing:|s} missing, {wrong} wrong",
    ),
    "valid_document": (
        "{name}：有效的评价文件（{raters} 位测评人）",
        "{name}: valid evaluation document ({raters} rater{raters:|s})",
    ),
    "not_a_jobs_count": (
        "{jobs} 不是工作进程数（应为 1 或更多）",
        "{jobs} is not a number of worker processes (1 or more)",
    ),
    "out_is_input": (
        "“{path}”就是输入文件 {source}：请把结果写到别处",
        '"{path}" is the input file {source}: write the results elsewhere',
    ),
    # argparse's usage errors: the English is argparse's own (matched by scoring.cli._USAGE), a message it did not
    # have when this was written is shown as it says it, and in Chinese as usage_other
    "usage_line": ("错误：{problem}（参见 {prog} --help）", "error: {problem} (see {prog} --help)"),
    "usage_required": ("缺少必需的参数：{arguments}", "the following arguments are required: {arguments}"),
    "usage_unrecognized": ("无法识别的参数：{arguments}", "unrecognized arguments: {arguments}"),
    "usage_choice": (
        "参数 {argument}：无效的选项 {value}（可选：{choices}）",
        "argument {argument}: invalid choice: {value} (choose from {choices})",
    ),
    "usage_one_value": ("参数 {argument} 需要一个值", "argument {argument}: expected one argument"),
    "usage_value": ("参数 {argument}：无效的值 {value}", "argument {argument}: invalid {kind} value: {value}"),
    "usage_not_with": (
        "参数 {argument} 不能与参数 {other} 同时使用",
        "argument {argument}: not allowed with argument {other}",
    ),
    "usage_ignored": ("参数 {argument} 不接受值 {value}", "argument {argument}: ignored explicit argument {value}"),
    "usage_ambiguous": ("选项 {option} 有歧义，可能是：{matches}", "ambiguous option: {option} could match {matches}"),
    "usage_other": ("用法错误（{message}）", "{message}"),
    # --- drafts and the calculator's form (scoring.drafts) ------------------------------------------------------------
    "not_a_number_or_text": ("{value} 不是数字或文本", "{value} is not a number or text"),
    "not_a_level_value": ("{value} 不是成熟度水平", "{value} is not a maturity level"),
    "level_not_chosen": (
        "未选择：请选择 {low} 至 {high} 级的成熟度水平",
        "not chosen: choose a maturity level from {low} to {high}",
    ),
    "draft_to_open": ("这是草稿：请作为文件打开", "a draft: open it as a file"),
    "draft_refused": (
        "{problem}——这是草稿：{missing} 项未填写，{wrong} 项有误（validate 列出全部）",
        "{problem} — the document is a draft: {missing} field{missing:|s} missing, {wrong} wrong (validate lists them)",
    ),
    "not_a_form": ("不是计算器的表单：{what}", "not a calculator form: {what}"),
    "file_would_be_too_large": (
        "文件将大于 {size}，超过本程序能读回的大小",
        "the file would be larger than {size}, more than this tool reads back",
    ),
    "not_a_date": ("{value} 不是 YYYY-MM-DD 格式的日期", "{value} is not a date written YYYY-MM-DD"),
    # what a download's file name holds after the organization (scoring.drafts.file_name)
    "file_kind_draft": ("草稿", "draft"),
    "file_kind_report": ("报告", "report"),
    "file_kind_result": ("结果", "result"),
    "file_kind_comparison": ("比较", "comparison"),
    # --- a report and its verification (scoring.report, verify) -------------------------------------------------------
    "not_a_date_quoted": ("“{value}”不是 YYYY-MM-DD 格式的日期", '"{value}" is not a date written YYYY-MM-DD'),
    "not_a_report": ("不是本程序生成的报告（{problem}）", "not a report of this tool ({problem})"),
    "no_embedded_evaluation": ("没有内嵌的评价", "no embedded evaluation"),
    "not_utf8_from": ("第 {byte} 字节起不是 UTF-8 文本", "not UTF-8 text at byte {byte}"),
    "report_beginning": ("文件的开头与本程序所写的不同", "the beginning of the file is not as this tool writes it"),
    "embedded_invalid": ("内嵌的评价或日期无效：{problem}", "the embedded evaluation or date is not valid: {problem}"),
    "report_where": ("第 {line} 行第 {column} 列：", "line {line}, column {column}: "),
    "report_goes_on": (
        "文件在报告结束之后还有内容（“{extra}”）",
        'the file goes on after the end of the report ("{extra}")',
    ),
    "report_ends_early": ("文件在报告结束之前就结束了", "the file ends before the report does"),
    "report_differs": (
        "文件中是“{has}”，而本程序由其评价生成的报告中是“{wants}”",
        'the file has "{has}" where this tool\'s report of its evaluation has "{wants}"',
    ),
    "report_made_by": (
        "该报告由 tbsc55-scoring {other} 生成，本程序是 {this}：请用生成它的版本复核",
        "the report was made by tbsc55-scoring {other}, this is {this}: verify it with the version that made it",
    ),
    "report_mismatch": ("报告不一致：{problems}", "does not match: {problems}"),
    "report_verified": (
        "已复核，与本程序由其评价生成的报告完全一致——{scheme}，判定方案 {profile}，服务特性测评得分 {service}，"
        "管理成熟度总分 {total}（管理要求分级{grade}），{stars}；SHA-256 {sha}",
        "verified, identical to the report this tool makes of its evaluation — {scheme}, profile {profile}, service "
        "score {service}, maturity total {total} (management grade {grade}), {stars} stars; SHA-256 {sha}",
    ),
    # --- the compact evaluation string (scoring.vector) ---------------------------------------------------------------
    "vector_prefix": (
        "应以 {prefix}（CTS TBSC55-2026 B/0）开头，而不是 {found}",
        "it must start with {prefix} (CTS TBSC55-2026 B/0), not {found}",
    ),
    "vector_parts": (
        "各部分应依次为 P:、O:（可选）、R:（每位测评人一个）、M:、C:，实为 {tags}",
        "parts must be P:, O: (optional), R: (one per rater), M:, C: in this order, got {tags}",
    ),
    "vector_levels": (
        "给出 {count} 个成熟度水平，应为 {expected} 个（依次为 1.1 … 7.2）",
        "{count} maturity levels given, {expected} expected (1.1 … 7.2 in order)",
    ),
    "vector_conformity": (
        "C:{body} 应为 C:1（审查通过）或 C:0（未通过）",
        "C:{body} must be C:1 (examination passed) or C:0 (not passed)",
    ),
    "vector_too_long": ("评价字符串长于 {size}", "the evaluation string is longer than {size}"),
    "vector_empty": ("评价字符串为空", "the evaluation string is empty"),
    "vector_too_many_parts": (
        "部分多于 {raters} 位测评人的评价所能有的",
        "more parts than an evaluation of {raters} raters has",
    ),
    "vector_values": (
        "给出 {count} 个值，应为 {expected} 个（依次为服务指标 1.1 … 6.3、7）",
        "{count} values given, {expected} expected (service items 1.1 … 6.3, 7 in order)",
    ),
    "more_than": ("多于 {count}", "more than {count}"),
    "not_percent_encoded": ("{path}：{body} 不是百分号编码的文本", "{path}: {body} is not percent-encoded text"),
    "not_percent_utf8": ("{path}：{body} 不是百分号编码的 UTF-8", "{path}: {body} is not percent-encoded UTF-8"),
    # --- the calculator (scoring.browser): what its worker sends, and the files it opens ------------------------------
    "not_a_form_update": ("不是表单更新", "not a form update"),
    "form_update_index": ("不是表单更新：{what} 不是序号", "not a form update: {what} is not an index"),
    "form_update_window": ("不是表单更新：没有窗口", "not a form update: no window"),
    "not_a_save_request": ("不是保存请求", "not a save request"),
    "too_large_to_open": (
        "文件大于 {size}：计算器不打开这样大的文件",
        "the file is larger than {size}: the calculator opens no file that large",
    ),
    "html_without_evaluation": (
        "没有内嵌评价的 HTML 文件：不是本程序生成的报告，或是不完整的报告",
        "an HTML file without an embedded evaluation: not a report of this tool, or one cut short",
    ),
    "report_too_large": (
        "报告将有 {size}，超过核验（verify）和计算器能读取的 {limit}：请缩短观察记录",
        "the report would be {size}, more than verify and the calculator read ({limit}): shorten the observations",
    ),
    "neither_document_nor_report": (
        "既不是评价文件（JSON），也不是本程序生成的报告（内嵌评价的 HTML）",
        "neither an evaluation document (JSON) nor a report of this tool (HTML with its embedded evaluation)",
    ),
    # --- batch grading (scoring.batch) --------------------------------------------------------------------------------
    "batch_empty": ("为空：需要一行表头", "is empty: a header row is needed"),
    "batch_organization_empty": ("为空", "empty"),
    "batch_no_levels_row": (
        "没有该组织的行（成熟度水平表格须按测评人表格的顺序列出各组织）",
        "no row for this organization (the maturity levels file must list organizations in the order the rater "
        "sheets do)",
    ),
    "batch_no_sheets": ("没有该组织的测评人表格", "no rater sheets for this organization"),
    "batch_two_rows": (
        "第 {first} 行和第 {number} 行都属于 {organization}",
        "rows {first} and {number} are both for {organization}",
    ),
    "batch_summary": (
        "共 {count} 个组织（{sheets} 份测评人表格）：{graded} 个得出结果，{refused} 个被拒绝",
        "{count} organizations ({sheets} rater sheets): {graded} with a result, {refused} refused",
    ),
    "batch_more": ("……另有 {n} 个（见 reason 列）", "… and {n} more (see the reason column)"),
    "batch_no_organization": ("（无组织名称）", "(no organization)"),
    "batch_progress": (
        "已读 {sheets} 份测评人表格，{organizations} 个组织……",
        "{sheets} rater sheets, {organizations} organizations…",
    ),
    # --- files: their size, and what the operating system said of them (scoring.limits, scoring.errors) ---------------
    "input_too_large": (
        "大于 {size}：本程序不读取这样大小的输入的任何部分",
        "is larger than {size}: this tool reads no input of that size in part",
    ),
    # the English is the system's own (strerror); a refusal without Chinese of its own is os_other
    "os_no_file": ("没有这个文件或目录", "No such file or directory"),
    "os_no_access": ("没有访问权限", "Permission denied"),
    "os_not_permitted": ("不允许此操作", "Operation not permitted"),
    "os_is_folder": ("这是一个目录，不是文件", "Is a directory"),
    "os_not_folder": ("路径中有一项不是目录", "Not a directory"),
    "os_disk_full": ("磁盘空间不足", "No space left on device"),
    "os_read_only": ("文件系统是只读的", "Read-only file system"),
    "os_name_too_long": ("文件名太长", "File name too long"),
    "os_links": ("符号链接层数太多", "Too many levels of symbolic links"),
    "os_too_many_open": ("打开的文件太多", "Too many open files"),
    "os_other": ("无法读写此文件（{problem}）", "{problem}"),
    # --- names the outputs give: a certification result, a grade, a citation (scoring.certification, anchors) ---------
    "not_certified": ("不予认证", "not certified"),
    "stars_name": ("{stars}星级", "{stars} stars"),
    "grade_name": ("{grade}级", "grade {grade}"),
    "cite_rounding": ("本站的理解，阅读说明 E4", "the site's reading, E4"),
    "cite_alpha": ("本站的理解，阅读说明 E6", "the site's reading, E6"),
    "cite_appendix": ("附录 {appendix}", "appendix {appendix}"),
    "cite_appendix_row": ("附录 {appendix}，{row}", "appendix {appendix}, {row}"),
    "cite_appendix_note": ("附录 {appendix} 说明 {note}){mark}", "appendix {appendix}, note {note}){mark}"),
    # --- the rater agreement diagnostics (scoring.diagnostics) --------------------------------------------------------
    "diagnostics_about": (
        "本站的测评人一致性诊断，供审核参考，不属于评分：不改变任何结果，阈值是本站的选择，不是规范的规定。",
        "The site's rater agreement diagnostics, for auditors; not part of the calculation: they change no result, and "
        "their thresholds are the site's choice, not the specification's.",
    ),
    "diagnostics_one_rater": (
        "只有一名测评人，没有可比较的内容。",
        "There is only one rater: there is nothing to compare.",
    ),
    "not_a_list_of_names": ("{value} 不是名称的列表", "{value} is not a list of names"),
    "too_many_names_in_record": (
        "{count} 名评价组成员，多于本工具接受的数量（{limit}）",
        "{count} members of the evaluation team is more than this tool accepts ({limit})",
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


def names(key: str, /, **values: object) -> Names:
    """The message ``key`` in both languages, as a value of another message (which fills in the one it is in)."""
    en, zh = said(key, **values)
    return Names(zh=zh, en=en)
