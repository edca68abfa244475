"""The words of every output — the text of ``evaluate`` and ``diff``, the report, the CSV tables, the report's charts
and the rater agreement diagnostics — in Chinese and English, in one table.

One table, so that a term has one spelling in each language wherever it is printed: a column of the text output, a
row of the report and a header of the CSV say the same thing the same way. The terms follow the glossary
(``scoring/glossary.toml``: 测评人 rater, 成熟度水平 maturity level, 管理要求分级 management grade, 管理要求符合性审查
conformity examination, …); ``tests/scoring/test_words.py`` holds the table to it, and to one spelling a term.
A ``{name}`` in a word is filled in by :func:`word`.
"""

from __future__ import annotations

import re

from .rules import Lang, Names

WORDS: dict[str, tuple[str, str]] = {
    # --- the result's figures: text, report and CSV --------------------------------------------------------
    "organization": ("组织", "Organization"),
    "profile": ("判定方案", "Profile"),
    "raters": ("测评人数", "Raters"),
    "rater": ("测评人", "Rater"),
    "rater_score": ("测评人得分", "Rater score"),
    "characteristic": ("服务特性指标", "Service characteristic"),
    "item": ("服务指标", "Service item"),
    "clause": ("管理要求条款", "Management clause"),
    "name": ("名称", "Name"),
    "item_points": ("分值", "Item points"),
    "weight": ("总分值", "Weight"),
    "mean_alpha": ("平均 α", "Mean α"),
    "mean_score": ("平均得分", "Mean score"),
    "band": ("李克特等级", "Likert band"),
    "level": ("成熟度水平", "Maturity level"),
    "score": ("得分", "Score"),
    "service_score": ("服务特性测评得分", "Service score"),
    "total": ("管理成熟度总分", "Maturity total"),
    "grade": ("管理要求分级", "Management grade"),
    "conformity": ("管理要求符合性审查", "Conformity examination"),
    "passed": ("通过", "passed"),
    "failed": ("未通过", "not passed"),
    "certification": ("认证结果", "Certification result"),
    "why": ("说明", "Why"),
    "trace": ("计算步骤", "Step by step"),
    # --- the text output (evaluate, diff) ----------------------------------------------------------------
    "title": ("评价结果", "Evaluation result"),
    "service": ("服务特性测评（5.1，附录 1）", "Service characteristic rating (5.1, appendix 1)"),
    "subtotals": ("各服务特性指标得分（各测评人平均）", "Score per service characteristic (mean over the raters)"),
    "management": ("管理要求（附录 3）", "Management requirements (appendix 3)"),
    "comparison": ("两次评价的比较", "Comparison of two evaluations"),
    "figure": ("项", "Figure"),
    "delta": ("差值 B − A", "Difference B − A"),
    "effect": ("得分变化", "Change in score"),
    "items_differ": ("平均得分不同的服务指标（附录 1）", "Service items whose mean score differs (appendix 1)"),
    "clauses_differ": (
        "成熟度水平不同的条款（附录 3；得分变化 = 总分值 × 成熟度水平之差 ÷ 5）",
        "Clauses whose maturity level differs (appendix 3; change in score = weight × difference of maturity "
        "level ÷ 5)",
    ),
    "no_items": ("各服务指标的平均得分相同", "no service item's mean score differs"),
    "no_clauses": ("各条款的成熟度水平相同", "no clause's maturity level differs"),
    "same": ("两次评价的评分结果没有差异", "the two evaluations give the same figures: nothing differs"),
    # --- the two readings of 5.3 (text, report, the calculator's result) ----------------------------------
    "readings": ("5.3 的两种解读结果不同", "The two readings of 5.3 differ"),
    "reading_final": ("按正文", "by the text"),
    "reading_table": ("按表格各行", "by the table's rows"),
    "top_star": ("五星级为最高星级", "Five stars is the top of the scale"),
    "readings_note": (
        "5.3 的正文与表格对各星级的要求不同，本程序把两种解读都作为判定方案（profile），结果按所选方案判定；"
        "见本站阅读说明 {note}。",
        "5.3's text and its table set different minimums for the stars; this program offers both readings as "
        "profiles and applies the one chosen: see the site's reading note {note}.",
    ),
    # --- the trace (scoring.engine.trace): each step of the grading, with its clause ----------------------
    "trace_rater": (
        "{rater}：得分 = Σ 单项分值 × α（各服务指标实际得分之和）= {terms}{score}",
        "{rater}: score = Σ item points × α (the sum of the service items' actual scores) = {terms}{score}",
    ),
    "trace_mean": (
        "服务特性测评得分 = 各测评人得分的均值 = {sum} ÷ {count} = {mean}",
        "Service score = mean of the rater scores = {sum} ÷ {count} = {mean}",
    ),
    "trace_rounding": (
        "修约到 {places} 位小数（四舍六入五成双，GB/T 8170）：{mean} → {score}；以此值判定星级",
        "Rounded to {places} decimals (half to even, GB/T 8170): {mean} → {score}; the stars are decided on it",
    ),
    "trace_total": (
        "管理成熟度总分 = Σ 总分值 × 成熟度水平 ÷ 5 = {terms} = {total}",
        "Maturity total = Σ weight × maturity level ÷ 5 = {terms} = {total}",
    ),
    "trace_grade": ("{band}：管理要求分级为{grade}", "{band}: management grade {grade}"),
    "trace_conformity_passed": ("管理要求符合性审查：通过", "Management requirements conformity examination: passed"),
    "trace_conformity_failed": (
        "管理要求符合性审查：未通过 → 不予认证",
        "Management requirements conformity examination: not passed → not certified",
    ),
    "trace_stars": (
        "〔{profile}〕{stars}：服务特性测评得分 {score} ≥ {minimum} 且管理要求分级 {grade} ≥ {min_grade}？{mark}",
        "[{profile}] {stars}: service score {score} ≥ {minimum} and management grade {grade} ≥ {min_grade}? {mark}",
    ),
    "trace_result": ("认证结果：{outcome}", "Certification result: {outcome}"),
    # --- the reasons of 5.3 (scoring.certification) and what the next star would take (scoring.whatif) ------
    "reason_conformity": (
        "未通过管理要求符合性审查：无论得分如何，均不予认证（5.3：必须通过管理要求符合性审查）",
        "The management requirements conformity examination was not passed: not certified, whatever the scores "
        "(5.3: the management requirements conformity examination must be passed)",
    ),
    "reason_scores_alone": ("仅按得分可达{stars}", "The scores alone would reach {stars}"),
    "reason_service_below": (
        "服务特性测评得分 {actual} 分，低于{stars}所需的 {required} 分，差 {gap} 分",
        "Service score {actual} is below the {required} that {stars} need, short by {gap}",
    ),
    "reason_grade_below": (
        "管理要求分级为{actual}，{stars}需{required}及以上，差 {gap} 级",
        "Management grade {actual} is below the grade {required} that {stars} need, short by {gap}",
    ),
    "next_service": ("服务特性测评得分提高 {gap} 分", "a service score {gap} higher"),
    "next_total": (
        "管理成熟度总分增加 {points} 分，使管理要求分级达到{grade}，最少提升 {count} 级（{ups}）",
        "a maturity total {points} {points:point|points} higher (management grade {grade}): at least {count} "
        "{count:level-up|level-ups} ({ups})",
    ),
    "next_for": ("达到{stars}需：{what}", "For {stars}: {what}"),
    # --- the calculator's form model (scoring.browser.form_model) --------------------------------------------
    "profile_star": (
        "{stars}：服务特性测评得分 ≥ {score}，且管理要求分级为{grade}及以上",
        "{stars}: service score ≥ {score} and management grade {grade} or above",
    ),
    "level_n": ("{level}级", "level {level}"),  # {level}: 一 … 五 / 1 … 5
    "model_basic": ("基本水平", "baseline"),  # 5.2.5's generic model: level 1
    "model_best": ("最佳实践", "best practice"),  # … and level 5
    "sheet_row": ("{file}：第 {row} 行", "{file}: row {row}"),
    "sheet_cell": ("{file}：第 {row} 行，“{column}”列", "{file}: row {row}, column “{column}”"),
    # --- the report ----------------------------------------------------------------------------------------
    "report": ("评价结果报告", "Evaluation report"),
    "note": (
        "本报告由评分程序生成，仅供估算和复核，不构成认证决定。",
        "Generated by the scoring program for estimation and cross-checking; it is not a certification decision.",
    ),
    "date": ("日期", "Date"),
    "scheme": ("规范", "Specification"),
    "tool": ("评分程序", "Scoring program"),
    "next": ("达到下一星级所需", "What the next star would take"),
    "charts": ("图表", "Charts"),
    "service_inputs": ("服务特性测评输入（附录 1）", "Service characteristic rating inputs (appendix 1)"),
    "management_inputs": ("管理要求输入（附录 3）", "Management requirements inputs (appendix 3)"),
    "verify": ("复核信息", "Verification"),
    "vector": ("紧凑评价字符串", "Compact evaluation string"),
    "sha": ("规范化评价的 SHA-256", "SHA-256 of the canonical evaluation"),
    "how": (
        "在计算器中打开紧凑评价字符串，或运行 python -m scoring verify 本报告文件，即可复核。",
        "Open the compact evaluation string in the calculator, or run python -m scoring verify on this file, "
        "to re-check it.",
    ),
    # --- the report's charts -------------------------------------------------------------------------------
    "radar": ("服务特性得分率（附录 1）", "Service characteristics: score rate (appendix 1)"),
    "levels": ("管理要求成熟度水平（附录 3）", "Maturity level of each management clause (appendix 3)"),
    "weight10": ("总分值 10 的条款", "clauses of weight 10"),
    "weight5": ("总分值 5 的条款", "clauses of weight 5"),
    # --- the CSV tables (evaluate --format csv, diff --format csv) -----------------------------------------
    "section": ("类别", "Section"),
    "id": ("编号", "Id"),
    "points_or_weight": ("分值或总分值", "Item points or weight"),
    "alpha_or_level": ("平均 α 或成熟度水平", "Mean α or maturity level"),
    "points_or_result": ("得分或结果", "Score or result"),
    "result": ("结果", "Result"),
    "stars": ("认证结果（星级）", "Certification result (stars)"),
    "a": ("A", "A"),
    "b": ("B", "B"),
    # --- the rater agreement diagnostics (scoring.diagnostics; text and report) ----------------------------
    "diagnostics": (
        "测评人一致性诊断（本站的诊断，不属于评分）",
        "Rater agreement (the site's diagnostics, not part of the scoring)",
    ),
    "lowest": ("最低 α", "Lowest α"),
    "highest": ("最高 α", "Highest α"),
    "range": ("极差", "Range"),
    "sd": ("标准差", "Standard deviation"),
    "bands_used": ("所用李克特等级", "Likert bands used"),
    "flag": ("提示", "Flag"),
    "legend": (
        "⚑：各测评人的 α 跨越的李克特等级超过 {bands} 个（从所用的最低李克特等级数到最高李克特等级，两端都计入）。"
        "标准差为总体标准差，精确计算后修约到 {places} 位小数（四舍六入五成双）。",
        "⚑: the raters' α span more than {bands} Likert bands (counted from the lowest band used to the highest). "
        "The standard deviation is that of the population, computed exactly and rounded to {places} decimals "
        "(half to even).",
    ),
    "raters_flagged": (
        "与其他测评人得分均值相差超过 {n} 分的测评人",
        "Raters whose score differs from the mean of the other raters' scores by more than {n} points",
    ),
    "rater_line": (
        "{name}：得分 {score}，其他测评人均值 {others}，相差 {difference}",
        "{name}: score {score}, mean of the other raters {others}, difference {difference}",
    ),
    "none": ("无", "none"),
    "more": ("……另有 {n} 名", "… and {n} more"),
    # Observations and the evaluation's record (issue 23): what the evaluators wrote beside their figures.
    "observation": ("观察记录", "Observation"),
    "observations_of": ("{rater} 的观察记录", "Observations of {rater}"),
    "record": ("评价记录", "Evaluation record"),
    "record_date": ("评价日期", "Date of the evaluation"),
    "evaluators": ("评价组成员", "Evaluation team"),
    "scope": ("评价范围", "Scope of the evaluation"),
    "remarks": ("备注", "Remarks"),
    "observations_differ": ("不同的观察记录", "Observations that differ"),
    "no_observations": ("观察记录相同", "no observation differs"),
}


# The words of the calculator page alone: its buttons, help, status and messages (library.js, form.js, …). The
# page reads them, with WORDS, from assets/calculator/words.data.js, which build_tools/words.py writes from this
# module; a term the outputs print too is taken from WORDS, not spelled here again.
PAGE_WORDS: dict[str, tuple[str, str]] = {
    "stage_download": ("下载中", "Downloading"),
    "stage_python": ("启动 Python", "Starting Python"),
    "stage_rules": ("加载规则", "Loading the rules"),
    "loading": ("计算引擎加载中：", "Loading the calculation engine:"),
    "stageCount": ("（{n}/{of}）", "({n}/{of})"),
    "keptShown": (
        "所示结果是计算引擎上次在本浏览器中给出的结果，计算引擎启动后再次核对。",
        "The result shown is the one the calculation engine gave in this browser last time; the engine checks it "
        "once it has started.",
    ),
    "ready": ("计算引擎已就绪（评分程序 {v}）", "Calculation engine ready (scoring program {v})"),
    "restarting": ("计算引擎意外停止，正在重新启动……", "The calculation engine stopped unexpectedly; restarting…"),
    "fatalTitle": ("计算引擎无法启动", "The calculation engine could not start"),
    "fatalHelp": (
        "本页的计算在浏览器中进行，需要较新的浏览器（支持 WebAssembly 和模块化 Web Worker）。表单仍可填写，内容"
        "会自动保存；也可以改用命令行工具：",
        "This page computes in your browser and needs a recent one (WebAssembly and module Web Workers). The "
        "form still works and is saved as you type; the command-line tool does the same:",
    ),
    "timeout": ("30 秒内没有响应。", "No answer within 30 seconds."),
    "died": ("计算引擎多次意外停止。", "The calculation engine stopped unexpectedly several times."),
    "modelFailed": (
        "无法加载表单（form-model.json）。请刷新页面重试。",
        "The form could not be loaded (form-model.json). Reload the page to try again.",
    ),
    "toolbar": ("评价文件", "Evaluation file"),
    "open": ("打开…", "Open…"),
    "openHint": (
        "打开 JSON 评价文件，或本程序生成的报告（HTML：按本版本复核）",
        "Open a JSON evaluation file, or a report of this program (HTML: checked by this version)",
    ),
    "save": ("保存", "Save"),
    "saveHint": (
        "下载 JSON 评价文件（表单未填完时存为草稿，可随时打开继续填写）",
        "Download the JSON evaluation file (an unfinished form is saved as a draft, to open and continue later)",
    ),
    "saved": ("已保存评价文件“{file}”。", "Saved the evaluation file “{file}”."),
    "savedDraft": (
        "表单尚未完成，已存为草稿“{file}”：{missing} 项未填写，{wrong} 项有误。打开此文件即可恢复表单并继续填写。",
        "The form is not complete: saved as the draft “{file}” ({missing} {missing:field|fields} missing, "
        "{wrong} wrong). Open the file to restore the form and continue.",
    ),
    "saveFailed": ("无法保存：", "The file could not be saved:"),
    "copy": ("复制链接", "Copy link"),
    "copied": ("链接已复制到剪贴板。", "The link is on the clipboard."),
    "copyIncomplete": (
        "未复制：表单尚未完整有效，链接只能包含完整的评价。请先填完并修正各项（见上方的问题列表），或稍后再复制。",
        "Not copied: the form is not complete and valid yet, and a link can only hold a complete evaluation. "
        "Fill in and correct the fields first (see the list of problems above).",
    ),
    "copyFailed": (
        "无法访问剪贴板；请复制地址栏中的链接。",
        "The clipboard is not available; copy the link from the address bar.",
    ),
    "reset": ("重置", "Reset"),
    "resetConfirm": ("清空全部输入？此操作无法撤销。", "Clear everything entered? This cannot be undone."),
    "opened": ("已打开：{name}", "Opened: {name}"),
    "openedDraft": (
        "已打开草稿“{name}”，表单按保存时的样子恢复：{missing} 项未填写，{wrong} 项有误。",
        "Opened the draft “{name}”: the form is as it was saved ({missing} {missing:field|fields} missing, "
        "{wrong} wrong).",
    ),
    "openFailed": ("无法打开“{name}”，当前表单未改动：", "“{name}” could not be opened; the form is unchanged:"),
    "reportVerified": (
        "已打开报告“{name}”并载入其中的评价。复核结果：",
        "Opened the report “{name}” and loaded its evaluation. The check:",
    ),
    "reportDiffers": (
        "报告“{name}”不是本版本由其内嵌评价生成的报告。已载入其中的评价，表单显示本版本的评分。复核结果：",
        "The report “{name}” is not what this version makes of the evaluation it embeds. Its evaluation is "
        "loaded, with this version's result. The check:",
    ),
    "linkFailed": ("链接中的评价无效，未载入：", "The evaluation in the link is not valid and was not loaded:"),
    "linkOpened": ("已载入链接中的评价。", "The evaluation in the link has been loaded."),
    "openingLink": (
        "正在打开链接中的评价：计算引擎就绪后显示表单和结果。",
        "Opening the evaluation in the link: the form and the result appear once the calculation engine is ready.",
    ),
    "shareHint": (
        "所有字段有效时，地址栏中的链接即包含整份评价，可直接分享。",
        "Once every field is valid, the link in the address bar holds the whole evaluation: share it as it is.",
    ),
    "summary": ("结果", "Result"),
    "skip": ("跳到：", "Skip to:"),
    "skipRaters": ("测评人", "raters"),
    "skipManagement": ("管理要求", "management"),
    "skipResult": ("结果", "result"),
    "errorsTitle": ("需要修正的问题：", "To correct:"),
    "firstEmpty": ("转到第一个未填写的字段", "Go to the first field to fill in"),
    "moreErrors": ("另有 {n} 项。", "and {n} more."),
    "raterPage": ("测评人 {from}–{to}（共 {of} 位）", "Raters {from}–{to} (of {of})"),
    "traceWindow": (
        "以下列出测评人 {from}–{to}（共 {of} 位，即上方测评人列表所显示的一页）的步骤；各测评人的得分见测评人列表。",
        "The steps of raters {from}–{to} (of {of}: the page of the list of raters shown above); each rater's "
        "score is in that list.",
    ),
    "pagePrev": ("上一页", "Previous page"),
    "pageNext": ("下一页", "Next page"),
    "raterList": ("测评人列表", "Raters"),
    "alphaTitle": ("体验系数 α 是什么？", "What is the experience coefficient α?"),
    "alphaText": (
        "体验系数 α 是0至1之间的小数，表示测评人对该服务指标的体验。本站按“该项的实际得分 = 单项分值 × α”计分："
        "这是本站对5.1.1和附录1的理解，原文没有写出这一算式（阅读说明 E6）。α 落在5.1.1的哪个区间，就属于哪个李"
        "克特等级：",
        "The experience coefficient α is a decimal from 0 to 1 for a rater's experience of the service item. "
        "This site scores the item as actual score = item points × α: the site's reading of 5.1.1 and appendix "
        "1, which do not state that formula (reading note E6). The interval of 5.1.1 that holds α is its "
        "Likert band:",
    ),
    "picksText": (
        "快速选择按钮把 α 设为该李克特等级区间的上限（例如“远高于预期”设为 α = 1）。这是本站的编辑选择，不是原文的规"
        "定，得分取决于它；测评人给出的 α 不同时，请直接输入。",
        "A quick-pick button sets α to the upper limit of its Likert band (far above expectations sets α = 1). That "
        "is an editorial choice of this site, not a rule of the specification, and the score depends on it: "
        "where a rater gives another α, type it.",
    ),
    "picksNote": ("阅读说明 E6", "reading note E6"),
    "pickHead": ("快速选择设定的 α", "α set by its quick pick"),
    "waiting": ("等待计算引擎……", "Waiting for the calculation engine…"),
    "computing": ("计算中……", "Computing…"),
    "incompleteEmpty": ("还有 {empty} 项未填写。", "{empty} {empty:field|fields} to fill in."),
    "incompleteInvalid": ("{invalid} 项有误。", "{invalid} not valid."),
    "incompleteBoth": (
        "还有 {empty} 项未填写，{invalid} 项有误。",
        "{empty} {empty:field|fields} to fill in; {invalid} not valid.",
    ),
    "details": ("说明与计算过程", "Reasons and calculation"),
    "general": ("评价信息", "Evaluation"),
    "organizationField": ("组织名称（可选）", "Organization (optional)"),
    "profileField": ("判定方案（5.3）", "Profile (5.3)"),
    "profileHelp": ("5.3 的表格与正文不一致，见阅读说明 E1", "the table and the text of 5.3 disagree: reading note E1"),
    "serviceHead": ("服务特性测评", "Service characteristic rating"),
    "appendix": ("附录{n}", "appendix {n}"),
    # Punctuation as each language writes it between the page's words: 名称：值 / name: value; 甲、乙 / a, b.
    "colon": ("：", ": "),
    "listSeparator": ("、", ", "),
    "fullStop": ("。", "."),
    "wordSpace": ("", " "),  # between a Chinese word and the next none; between English words a space
    "refsOpen": ("（", " ("),
    "refsBetween": ("、", ", "),
    "refsClose": ("）", ")"),
    "clauseSeparator": ("；", "; "),
    "raterNumber": ("测评人 {n}", "Rater {n}"),
    "raterName": ("测评人姓名或编号（可选）", "Rater's name or code (optional)"),
    "removeRater": ("删除此测评人", "Remove this rater"),
    "addRater": ("添加测评人", "Add a rater"),
    "pointsValue": ("{p} 分", "{p} {p:point|points}"),
    "alpha": ("体验系数 α", "Experience coefficient α"),
    "alphaLabel": ("{rater}：{id} {name}，体验系数 α", "{rater}: {id} {name}, experience coefficient α"),
    "picks": ("{id} 李克特等级快速选择", "{id} quick picks for the Likert bands"),
    "pick": ("{label}（α = {value}）", "{label} (α = {value})"),
    "bandPending": ("—", "—"),
    "managementHead": ("管理要求成熟度", "Management maturity"),
    "levelLabel": ("{id} {name}，成熟度水平", "{id} {name}, maturity level"),
    "levelNone": ("—", "—"),
    "weightValue": ("总分值 {w}", "weight {w}"),
    "a4": ("附录4", "App. 4"),
    "a4Title": ("附录4 {id} 的要求", "Appendix 4, {id}: the requirements"),
    "a3Title": ("附录3 {id} 的分值", "Appendix 3, {id}: the points"),
    "conformityField": ("管理要求符合性审查已通过", "The management requirements conformity examination was passed"),
    "conformityRef": ("5.3", "5.3"),
    "levelHelp": (
        "成熟度水平按5.2.5的通用模型分为五级：一级为基本水平，五级为最佳实践。附录2本应按条款描述各级，但原文该"
        "表已损坏，只留下片段（见附录2的编辑说明）。",
        "The maturity level follows 5.2.5's generic model, in five levels: level 1 is the baseline, level 5 "
        "best practice. Appendix 2 was to describe each level for each clause, but its grid is damaged in the "
        "source and holds only fragments (see appendix 2's editorial note).",
    ),
    "levelModel": ("5.2.5", "5.2.5"),
    "appendix2": ("附录2", "appendix 2"),
    "raterScores": ("各测评人得分", "Rater scores"),
    "groups": ("管理要求各章得分", "Score per chapter of the management requirements"),
    "chapter": ("章", "Chapter"),
    "sheets": ("测评人表格（CSV）", "Rater sheets (CSV)"),
    "importCsv": ("导入测评人表格（CSV）…", "Import rater sheets (CSV)…"),
    "importHint": (
        "导入后，表单中的测评人将被表格中的测评人替换；其他内容不变。",
        "The raters in the file replace the raters of the form; nothing else changes.",
    ),
    "layout": (
        "格式：每行一位测评人；“测评人”列可选；每个服务指标一列，列名为指标编号（{ids}）；α 用小数点（0.8，不用"
        " 0,8）；UTF-8 或 GBK 编码（Excel 的“CSV UTF-8”或“CSV”均可）。",
        "Layout: one row per rater; an optional rater column; one column per service item, headed by its id ({ids}); α "
        "with a decimal dot (0.8, not 0,8); UTF-8 or GBK (Excel's “CSV UTF-8” or “CSV”).",
    ),
    "templates": ("模板：", "Templates:"),
    "templateRaters": ("测评人表格", "rater sheets"),
    "templateBatch": ("批量评分表格", "batch sheets"),
    "templateLevels": ("批量成熟度水平表", "batch maturity levels"),
    "importConfirm": (
        "用导入的 {n} 位测评人替换表单中已填写的测评人？",
        "Replace the raters entered in the form with the {n} imported {n:rater|raters}?",
    ),
    "imported": ("已从“{name}”导入 {n} 位测评人。", "Imported {n} {n:rater|raters} from “{name}”."),
    "importFailed": ("无法导入“{name}”，表单未改动：", "“{name}” could not be imported; the form is unchanged:"),
    "printReport": ("打印报告", "Print report"),
    "downloadReport": ("下载报告（HTML）", "Download report (HTML)"),
    "reportHint": (
        "报告为单个 HTML 文件，载有评价数据及其 SHA-256，可用 python -m scoring verify 核验，或在本页用“打开…”核验。",
        "The report is one HTML file holding the evaluation and its SHA-256: python -m scoring verify checks "
        "it, as does Open… on this page.",
    ),
    "reportUnavailable": (
        "所有字段有效、计算引擎就绪后，即可打印或下载报告。",
        "The report can be printed or downloaded once every field is valid and the calculation engine is ready.",
    ),
    "reportFailed": ("无法生成报告：", "The report could not be made:"),
    "reportFrame": ("打印用的结果报告", "The result report, for printing"),
    "technical": ("技术细节", "Technical details"),
    "auditors": ("审核员指南", "Auditors' guide"),
    "downloadCsv": ("下载 CSV（电子表格）", "Download CSV (spreadsheet)"),
    "csvFailed": ("无法生成 CSV：", "The CSV could not be made:"),
    "importLevels": ("导入成熟度水平表格（CSV）…", "Import maturity levels (CSV)…"),
    "importLevelsHint": (
        "一行：管理要求各条款的成熟度水平（模板见上方“批量成熟度水平表”）；导入后替换表单中的成熟度水平。",
        "One row: the maturity level of each management clause (the template is the batch levels template "
        "above); the form's maturity levels are replaced.",
    ),
    "levelsImported": ("已导入：{name}", "Imported: {name}"),
    "levelsFailed": ("无法导入“{name}”，当前表单未改动：", "“{name}” could not be imported; the form is unchanged:"),
    "levelsConfirm": (
        "用表格中的成熟度水平替换表单中已填的成熟度水平？",
        "Replace the maturity levels entered in the form with those of the file?",
    ),
    "agreementItems": (
        "各服务指标：测评人的 α 范围、标准差与李克特等级",
        "Per service item: the raters' α range, standard deviation and Likert bands",
    ),
    "agreementRaters": (
        "各测评人：得分与其他测评人均值之差",
        "Per rater: the difference between the score and the other raters' mean",
    ),
    "agreementRange": ("α 范围", "α range"),
    "agreementBands": ("跨越的李克特等级数", "Likert bands spanned"),
    "agreementOthers": ("其他测评人均值", "Other raters' mean"),
    "agreementDifference": ("差", "Difference"),
    "agreementFlagged": ("⚠ 需关注", "⚠ look at this"),
    "agreementFailed": ("无法生成诊断：", "The diagnostics could not be made:"),
    "compareTitle": ("与另一份评价比较", "Compare with another evaluation"),
    "compareHint": (
        "选择另一份评价（本浏览器中保存的评价、JSON 文件，或分享链接 / 评价字符串），与当前表单的结果逐项比较（"
        "B − A；基准 A 可选：当前表单或另一份评价）。",
        "Choose another evaluation (one kept in this browser, a JSON file, or a shared link or evaluation "
        "string) to compare with the result of this form, figure by figure (B − A; the baseline A is yours to "
        "choose: this form or the other evaluation).",
    ),
    "compareFile": ("选择 JSON 文件…", "Choose a JSON file…"),
    "compareText": ("分享链接或评价字符串", "Shared link or evaluation string"),
    "compareRun": ("比较", "Compare"),
    "compareSaved": ("本浏览器中保存的评价", "An evaluation kept in this browser"),
    "compareFailed": ("无法比较这两份评价：", "The evaluations could not be compared:"),
    "compareSame": ("两份评价的结果相同。", "The two evaluations have the same result."),
    "compareA": ("A（{name}）", "A ({name})"),
    "compareB": ("B（{name}）", "B ({name})"),
    "compareThisForm": ("当前表单：{name}", "this form: {name}"),
    "compareBaseline": ("基准（A）", "Baseline (A)"),
    "compareOrder": ("差 = B − A，即“{b}”减“{a}”。", "Difference = B − A: “{b}” minus “{a}”."),
    "compareNeedsResult": (
        "当前表单尚未完整有效：填完后才能比较。",
        "This form is not complete and valid yet: fill it in to compare.",
    ),
    "downloadDiffCsv": ("下载比较结果 CSV", "Download the comparison as CSV"),
    "libraryTitle": ("本浏览器中保存的评价", "Evaluations kept in this browser"),
    "libraryLabel": ("当前评价", "Evaluation"),
    "libraryHint": (
        "评价只保存在本浏览器中，所填内容不会离开本设备；本网站的中文和英文页面使用同一份列表。",
        "Evaluations are kept in this browser only: nothing you enter leaves this device. The Chinese and "
        "English pages of the site share the list.",
    ),
    "libraryNew": ("新建", "New"),
    "libraryDuplicate": ("复制", "Duplicate"),
    "libraryRename": ("重命名…", "Rename…"),
    "libraryDelete": ("删除", "Delete"),
    "libraryRenamePrompt": ("评价的名称：", "Name of the evaluation:"),
    "libraryDeleteConfirm": ("删除“{name}”？此操作无法撤销。", "Delete “{name}”? This cannot be undone."),
    "libraryCopyName": ("{name}（副本）", "{name} (copy)"),
    "libraryNewName": ("评价 {n}", "Evaluation {n}"),
    "linkEntry": ("分享链接中的评价", "Evaluation from a shared link"),
    "openedName": ("{what} · {when}", "{what} · {when}"),
    "libraryRecoveredName": ("恢复的评价 · {when}", "Recovered evaluation · {when}"),
    "libraryDamagedName": ("无法读取的评价 {id}", "Unreadable evaluation {id}"),
    "libraryKeptName": ("{name}（本标签页的版本 · {when}）", "{name} (this tab's version · {when})"),
    "notice_keptChanged": (
        "“{name}”已在另一个标签页中修改；本标签页的表单另存为“{copy}”。",
        "“{name}” was changed in another tab; this tab's form is kept as “{copy}”.",
    ),
    "notice_keptDeleted": (
        "“{name}”已在另一个标签页中删除；本标签页的表单另存为“{copy}”。",
        "“{name}” was deleted in another tab; this tab's form is kept as “{copy}”.",
    ),
    "notice_updated": (
        "“{name}”已在另一个标签页中修改，本页显示修改后的内容。",
        "“{name}” was changed in another tab; this page shows it as changed.",
    ),
    "notice_deleted": ("“{name}”已在另一个标签页中删除。", "“{name}” was deleted in another tab."),
    "notice_unreadable": (
        "“{name}”保存的内容无法读取（已损坏），此处为空白表单；原内容另行保留，未被覆盖。",
        "What was kept of “{name}” cannot be read (it is damaged): the form is blank; the damaged text is kept "
        "aside, not written over.",
    ),
    "libraryUnsaved": (
        "{n} 个评价只在本页中，未能保存在本浏览器中：离开本页前请用“保存”下载。",
        "{n} {n:evaluation exists|evaluations exist} only on this page, not kept in this browser: use “Save” "
        "to download before you leave.",
    ),
    "storageFailed": (
        "未能保存在本浏览器中（存储空间已满，或浏览器不允许保存，例如无痕模式）：表单仍在本页，可用“保存”下载为文件。",
        "Not kept in this browser (its storage is full, or it does not allow keeping data, as in a private "
        "window): the form stays on this page; “Save” downloads it as a file.",
    ),
    # The requirement at hand (issue 23): each clause's appendix 4 text, each service item's appendix 1 row,
    # shown from the edition (downloads/edition.json) when first opened (requirements.js).
    "reqClause": ("附录4的要求", "Requirements (appendix 4)"),
    "reqItems": ("各服务指标的评价内容（附录1）", "Each service item's evaluation content (appendix 1)"),
    "reqLoading": ("正在加载规范的文本……", "Loading the specification's text…"),
    "reqFailed": (
        "未能加载规范的文本（离线，且本浏览器尚未保存）：",
        "The specification's text could not be loaded (offline, and not yet kept in this browser):",
    ),
    "reqFailedLink": ("在规范页面阅读", "read it on the specification page"),
    "reqChinese": ("中文（以中文为准）", "Chinese (governs)"),
    # The evaluation as a record (issue 23): the record at the top, an observation beside each clause and item.
    "recordHelp": (
        "不参与计算。与观察记录一起随评价保存在本浏览器中，并写入“保存”的文件和报告；分享链接不含这些内容。",
        "No figure reads them. Kept with the evaluation in this browser, with the observations, and written to the "
        "file “Save” downloads and to the report; a shared link does not hold them.",
    ),
    "recordNames": ("每行一人。", "One name a line."),
    "copiedNoNotes": (
        "链接已复制到剪贴板。链接只含计算所需的输入，不含观察记录和评价记录：请用“保存”保留它们。",
        "The link is on the clipboard. It holds only what the figures are computed from, not the observations and "
        "the evaluation record: “Save” keeps them.",
    ),
}

# A placeholder: {name}, or {name:singular|plural} — the English word for a count (1 field, 2 fields). The page's
# words.js fills the same grammar (fill()); tests/site/test_words_page.py holds the two to each other.
_PLACEHOLDER = re.compile(r"\{(\w+)(?::([^|{}]*)\|([^{}]*))?\}")


def fill(text: str, values: dict[str, object]) -> str:
    """``text`` with each ``{name}`` replaced by ``values[name]``, and each ``{name:one|other}`` by ``one`` when
    ``values[name]`` is written 1 and by ``other`` otherwise (1.5 points, 0 points, 1 point)."""

    def value(match: re.Match[str]) -> str:
        name, one, other = match.groups()
        if one is None:
            return str(values[name])
        return one if str(values[name]) == "1" else other

    return _PLACEHOLDER.sub(value, text)


def word(key: str, lang: Lang, **values: object) -> str:
    """The word ``key`` in ``lang``, its ``{placeholders}`` filled in with ``values``."""
    zh, en = WORDS[key]
    text = zh if lang == "zh" else en
    return fill(text, values) if values else text


def both(key: str, /, **values: object) -> Names:
    """The word ``key`` in both languages; a value that is itself :class:`Names` is put in in each language's
    (the trace's steps and 5.3's reasons are written so)."""

    def filled(lang: Lang) -> str:
        return word(key, lang, **{k: v(lang) if isinstance(v, Names) else v for k, v in values.items()})

    return Names(filled("zh"), filled("en"))


def rater_label(number: int, rater_id: str | None, lang: Lang) -> str:
    """A rater as the calculator's form names them (docs/assets/calculator/words.js ``rater``; results.js's list of
    rater scores): by position, from 1 — 测评人 2, Rater 2 — and by name after a middle dot when they have one:
    测评人 2 · R2. Every output names a rater so (the trace, the report, the diagnostics)."""
    label = f"{word('rater', lang)} {number}"
    return label if rater_id is None else f"{label} · {rater_id}"


def passed(result: bool, lang: Lang) -> str:
    """The outcome of the conformity examination: 通过 / passed, 未通过 / not passed."""
    return word("passed" if result else "failed", lang)


def colon(lang: Lang) -> str:
    """What separates a label from its value: ``组织：…``, ``Organization: …``."""
    return "：" if lang == "zh" else ": "


def noted(text: str, note: str, lang: Lang) -> str:
    """``text`` followed by ``note`` in parentheses, as each language writes them: ``…（5.3）``, ``… (5.3)``."""
    return f"{text}（{note}）" if lang == "zh" else f"{text} ({note})"
