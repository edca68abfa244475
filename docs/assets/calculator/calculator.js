// The calculator page (docs/{zh,en}/calculator.md): builds the form from the build-time form model, moves the
// form's evaluation document to the grading engine (the `scoring` package in Pyodide, in worker.js) and renders
// what the engine returns. No rule of CTS TBSC55-2026 B/0 lives here: items, clauses, bands, profiles, results,
// messages and links all come from the engine; this file only holds the page's own UI words.
//
// Worker protocol (worker.js): worker → page {type: "progress", stage}, {type: "ready", version},
// {type: "fatal", message}; page → worker {id, type: "evaluate", document} → {id, type: "evaluated", payload},
// {id, type: "open", kind: "vector" | "json", text} → {id, type: "opened", payload},
// {id, type: "import_sheets", name, bytes} → {id, type: "imported", payload: {ok, errors, raters}},
// {id, type: "report", document, lang, date} → {id, type: "reported", payload: {ok, errors, html}};
// any request may be answered {id, type: "error", message}.

const LANG = (document.documentElement.lang || "zh").toLowerCase().startsWith("zh") ? "zh" : "en";
const STORAGE_KEY = "tbsc55-calculator/v1";
const READY_TIMEOUT_MS = 30000; // issue 4: no answer within ~30 s is a failure, never an endless spinner
const MAX_RESTARTS = 3; // a worker that keeps dying is reported, not restarted forever
const DEBOUNCE_MS = 120;
const ZH_NUMERALS = "〇一二三四五六七八九";

// --- UI words (labels are page text, not rules) ---------------------------------------------------------------

const TEXT = {
  zh: {
    stages: { download: "下载中", python: "启动 Python", rules: "加载规则" },
    loading: "计算引擎加载中：",
    stageCount: (n, of) => `（${n}/${of}）`,
    ready: (v) => `计算引擎已就绪（评分程序 ${v}）`,
    restarting: "计算引擎意外停止，正在重新启动……",
    fatalTitle: "计算引擎无法启动",
    fatalHelp:
      "本页的计算在浏览器中进行，需要较新的浏览器（支持 WebAssembly 和模块化 Web Worker）。表单仍可填写，内容会自动保存；也可以改用命令行工具：",
    timeout: "30 秒内没有响应。",
    died: "计算引擎多次意外停止。",
    modelFailed: "无法加载表单（form-model.json）。请刷新页面重试。",
    toolbar: "评价文件",
    open: "打开…",
    openHint: "打开 JSON 评价文件",
    save: "保存",
    saveHint: "下载 JSON 评价文件（所有字段有效时可用）",
    copy: "复制链接",
    copied: "链接已复制到剪贴板。",
    copyFailed: "无法访问剪贴板；请复制地址栏中的链接。",
    reset: "重置",
    resetConfirm: "清空全部输入？此操作无法撤销。",
    opened: (name) => `已打开：${name}`,
    openFailed: (name) => `无法打开“${name}”，当前表单未改动：`,
    linkFailed: "链接中的评价无效，未载入：",
    linkOpened: "已载入链接中的评价。",
    openingLink: "正在打开链接中的评价：计算引擎就绪后显示表单和结果。",
    shareHint: "所有字段有效时，地址栏中的链接即包含整份评价，可直接分享。",
    summary: "结果",
    serviceScore: "服务特性测评得分",
    managementTotal: "管理成熟度总分",
    managementGrade: "管理要求分级",
    result: "认证结果",
    grade: (g) => `${ZH_NUMERALS[g]}级`,
    stars: (n) => (n === 0 ? "不予认证" : `${ZH_NUMERALS[n]}星级`),
    waiting: "等待计算引擎……",
    computing: "计算中……",
    incomplete: (empty, invalid) =>
      [empty ? `还有 ${empty} 项未填写` : "", invalid ? `${invalid} 项有误` : ""].filter(Boolean).join("，") + "。",
    details: "说明与计算过程",
    general: "评价信息",
    organization: "组织名称（可选）",
    profile: "判定方案（5.3）",
    profileHelp: "5.3 的表格与正文不一致，见阅读说明 E1",
    service: "服务特性测评",
    appendix: (n) => `附录${n}`,
    refs: ["（", "、", "）"],
    rater: (n) => `测评人 ${n}`,
    raterName: "测评人姓名或编号（可选）",
    removeRater: "删除此测评人",
    addRater: "添加测评人",
    item: "服务指标",
    clause: "管理要求",
    maxPoints: "分值",
    points: (p) => `${p} 分`,
    alpha: "体验系数 α",
    alphaLabel: (id, name, rater) => `${rater}：${id} ${name}，体验系数 α`,
    picks: (id) => `${id} 李克特等级快速选择`,
    pick: (label, value) => `${label}（α = ${value}）`,
    band: "李克特等级",
    bandPending: "—",
    management: "管理要求成熟度",
    level: "成熟度水平",
    levelLabel: (id, name) => `${id} ${name}，成熟度水平`,
    levelNone: "—",
    levelOption: (n) => `${ZH_NUMERALS[n]}级`,
    weight: (w) => `总分值 ${w}`,
    a4: "附录4",
    a4Title: (id) => `附录4 ${id} 的要求`,
    a3Title: (id) => `附录3 ${id} 的分值`,
    conformity: "管理要求符合性审查已通过",
    conformityRef: "5.3",
    clausePoints: "得分",
    subtotals: "各服务特性得分（各测评人平均）",
    characteristic: "服务特性",
    meanPoints: "得分",
    raterScores: "各测评人得分",
    raterHead: "测评人",
    groups: "管理要求各章得分",
    chapter: "章",
    reasons: "判定说明",
    nextStar: "下一星级",
    topStar: "已是最高星级。",
    trace: "逐步计算过程",
    sheets: "测评人表格（CSV）",
    importCsv: "导入测评人表格（CSV）…",
    importHint: "导入后，表单中的测评人将被表格中的测评人替换；其他内容不变。",
    layout:
      "格式：每行一位测评人；“测评人”列可选；每个服务指标一列，列名为指标编号（1.1 … 6.3、7）；α 用小数点（0.8，不用 0,8）；UTF-8 或 GBK 编码（Excel 的“CSV UTF-8”或“CSV”均可）。",
    templates: "模板：",
    templateRaters: "测评人表格",
    templateBatch: "批量评分表格",
    templateLevels: "批量成熟度水平表",
    importConfirm: (n) => `用导入的 ${n} 位测评人替换表单中已填写的测评人？`,
    imported: (name, n) => `已从“${name}”导入 ${n} 位测评人。`,
    importFailed: (name) => `无法导入“${name}”，表单未改动：`,
    where: (file, row, column) => `${file}：第 ${row} 行` + (column === undefined ? "" : `，“${column}”列`),
    report: "结果报告",
    printReport: "打印报告",
    downloadReport: "下载报告（HTML）",
    reportHint: "报告为单个 HTML 文件，载有评价数据及其 SHA-256，可用 python -m scoring verify 核验。",
    reportUnavailable: "所有字段有效、计算引擎就绪后，即可打印或下载报告。",
    reportFailed: "无法生成报告：",
    reportFrame: "打印用的结果报告",
    otherErrors: "其他问题：",
    technical: "技术细节",
    auditors: "审核员指南",
    rounding: "修约规则",
  },
  en: {
    stages: { download: "Downloading", python: "Starting Python", rules: "Loading the rules" },
    loading: "Loading the grading engine:",
    stageCount: (n, of) => `(${n}/${of})`,
    ready: (v) => `Grading engine ready (grading program ${v})`,
    restarting: "The grading engine stopped unexpectedly; restarting…",
    fatalTitle: "The grading engine could not start",
    fatalHelp:
      "This page computes in your browser and needs a recent one (WebAssembly and module Web Workers). The form still works and is saved as you type; the command-line tool does the same:",
    timeout: "No answer within 30 seconds.",
    died: "The grading engine stopped unexpectedly several times.",
    modelFailed: "The form could not be loaded (form-model.json). Reload the page to try again.",
    toolbar: "Evaluation file",
    open: "Open…",
    openHint: "Open a JSON evaluation file",
    save: "Save",
    saveHint: "Download the JSON evaluation file (when every field is valid)",
    copy: "Copy link",
    copied: "The link is on the clipboard.",
    copyFailed: "The clipboard is not available; copy the link from the address bar.",
    reset: "Reset",
    resetConfirm: "Clear everything entered? This cannot be undone.",
    opened: (name) => `Opened: ${name}`,
    openFailed: (name) => `“${name}” could not be opened; the form is unchanged:`,
    linkFailed: "The evaluation in the link is not valid and was not loaded:",
    linkOpened: "The evaluation in the link has been loaded.",
    openingLink: "Opening the evaluation in the link: the form and the result appear once the grading engine is ready.",
    shareHint: "Once every field is valid, the link in the address bar holds the whole evaluation: share it as it is.",
    summary: "Result",
    serviceScore: "Service score",
    managementTotal: "Maturity total",
    managementGrade: "Management grade",
    result: "Certification",
    grade: (g) => `grade ${g}`,
    stars: (n) => (n === 0 ? "not certified" : `${n} stars`),
    waiting: "Waiting for the grading engine…",
    computing: "Computing…",
    incomplete: (empty, invalid) =>
      [empty ? `${empty} ${empty === 1 ? "field" : "fields"} to fill in` : "", invalid ? `${invalid} not valid` : ""]
        .filter(Boolean)
        .join("; ") + ".",
    details: "Reasons and calculation",
    general: "Evaluation",
    organization: "Organization (optional)",
    profile: "Profile (5.3)",
    profileHelp: "the table and the text of 5.3 disagree: reading notes E1",
    service: "Service characteristic evaluation",
    appendix: (n) => `appendix ${n}`,
    refs: [" (", ", ", ")"],
    rater: (n) => `Rater ${n}`,
    raterName: "Rater's name or code (optional)",
    removeRater: "Remove this rater",
    addRater: "Add a rater",
    item: "Item",
    clause: "Clause",
    maxPoints: "Points",
    points: (p) => `${p} ${p === 1 ? "point" : "points"}`,
    alpha: "Experience coefficient α",
    alphaLabel: (id, name, rater) => `${rater}: ${id} ${name}, experience coefficient α`,
    picks: (id) => `${id} quick picks for the Likert bands`,
    pick: (label, value) => `${label} (α = ${value})`,
    band: "Likert band",
    bandPending: "—",
    management: "Management maturity",
    level: "Maturity level",
    levelLabel: (id, name) => `${id} ${name}, maturity level`,
    levelNone: "—",
    levelOption: (n) => `level ${n}`,
    weight: (w) => `weight ${w}`,
    a4: "App. 4",
    a4Title: (id) => `Appendix 4, ${id}: the requirements`,
    a3Title: (id) => `Appendix 3, ${id}: the points`,
    conformity: "The management requirements conformity examination was passed",
    conformityRef: "5.3",
    clausePoints: "Points",
    subtotals: "Points per characteristic (mean over the raters)",
    characteristic: "Characteristic",
    meanPoints: "Points",
    raterScores: "Rater scores",
    raterHead: "Rater",
    groups: "Maturity points per chapter",
    chapter: "Chapter",
    reasons: "Why",
    nextStar: "The next star level",
    topStar: "Already the highest star level.",
    trace: "Step by step",
    sheets: "Rater sheets (CSV)",
    importCsv: "Import rater sheets (CSV)…",
    importHint: "The raters in the file replace the raters of the form; nothing else changes.",
    layout:
      "Layout: one row per rater; an optional rater column; one column per item, headed by its id (1.1 … 6.3, 7); α with a decimal point (0.8, not 0,8); UTF-8 or GBK (Excel's “CSV UTF-8” or “CSV”).",
    templates: "Templates:",
    templateRaters: "rater sheets",
    templateBatch: "batch sheets",
    templateLevels: "batch maturity levels",
    importConfirm: (n) => `Replace the raters entered in the form with the ${n} imported ${n === 1 ? "rater" : "raters"}?`,
    imported: (name, n) => `Imported ${n} ${n === 1 ? "rater" : "raters"} from “${name}”.`,
    importFailed: (name) => `“${name}” could not be imported; the form is unchanged:`,
    where: (file, row, column) => `${file}: row ${row}` + (column === undefined ? "" : `, column “${column}”`),
    report: "Report",
    printReport: "Print report",
    downloadReport: "Download report (HTML)",
    reportHint: "The report is one HTML file holding the evaluation and its SHA-256: python -m scoring verify checks it.",
    reportUnavailable: "The report can be printed or downloaded once every field is valid and the grading engine is ready.",
    reportFailed: "The report could not be made:",
    reportFrame: "The result report, for printing",
    otherErrors: "Other problems:",
    technical: "Technical details",
    auditors: "Auditors' guide",
    rounding: "Rounding rule",
  },
}[LANG];

// --- small DOM helpers: text always as text, never as HTML ---------------------------------------------------

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A link to the site (hrefs from the engine are relative to the language root; this page is <lang>/calculator/). */
function siteLink(href, text, attrs = {}) {
  return h("a", { href: `../${href}`, ...attrs }, text);
}

/** "(5.1, appendix 1)" with each reference a link. */
function refs(...links) {
  const [open, sep, close] = TEXT.refs;
  const parts = [open];
  links.forEach(([href, text], i) => parts.push(...(i ? [sep] : []), siteLink(href, text)));
  parts.push(close);
  return h("small", { class: "calc-refs" }, parts);
}

/** Today in the user's time zone, as the report states it (YYYY-MM-DD). */
function localDate(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A sheet's error: the engine's locator (`sheets.csv: row 3, column "1.2"`) in the page's words. */
function sheetError(error) {
  const match = /^(.*): row (\d+)(?:, column "(.*)")?$/s.exec(error.path || "");
  return match ? { ...error, path: "", where: TEXT.where(match[1], match[2], match[3]) } : error;
}

/** Offers a file for download (a JSON evaluation, a report). */
function download(text, type, name) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

const fieldId = (...parts) => "calc-" + parts.join("-").replace(/[^A-Za-z0-9-]/g, "_");
const alphaPath = (r, item) => `service.raters[${r}].alpha[${JSON.stringify(item)}]`;
const levelPath = (clause) => `management.levels[${JSON.stringify(clause)}]`;

// --- the engine in its worker --------------------------------------------------------------------------------

/** The worker that boot.js started while the page loaded, once (null if there is none: then start one here). */
function takeEarlyWorker() {
  const boot = window.tbsc55Boot;
  window.tbsc55Boot = null; // taken (or none): boot.js, if it runs late, starts nothing
  return boot && (boot.worker || boot.error !== null) ? boot : null;
}

class Engine {
  constructor(onStatus) {
    this.onStatus = onStatus;
    this.pending = new Map(); // id → {message, resolve, reject}
    this.nextId = 1;
    this.restarts = 0;
    this.state = "starting";
    this.start();
  }

  start() {
    this.state = "starting";
    this.onStatus({ state: "progress", stage: "download" });
    // The first worker was usually started by boot.js while the page loaded; a restart makes a new one.
    const early = takeEarlyWorker();
    try {
      if (early && early.error !== null) throw new Error(early.error);
      this.worker = early ? early.worker : new Worker(new URL("worker.js", import.meta.url), { type: "module" });
    } catch (error) {
      this.fail(String(error && error.message ? error.message : error));
      return;
    }
    this.worker.addEventListener("message", (event) => this.receive(event.data));
    this.worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.died(event.message || "");
    });
    this.worker.addEventListener("messageerror", () => this.died("messageerror"));
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.state !== "ready") this.fail(TEXT.timeout);
    }, READY_TIMEOUT_MS);
    // Requests still unanswered (a restart): the worker queues them until it is ready.
    for (const [id, { message }] of this.pending) this.worker.postMessage({ ...message, id });
    if (early) {
      early.release();
      for (const data of early.messages) this.receive(data); // what it said before this page listened
      if (early.errors.length) this.died(early.errors[0]);
    }
  }

  receive(data) {
    if (!data || typeof data !== "object" || this.state === "failed") return;
    switch (data.type) {
      case "progress":
        this.onStatus({ state: "progress", stage: data.stage });
        break;
      case "ready":
        this.state = "ready";
        this.version = data.version;
        clearTimeout(this.timer);
        this.onStatus({ state: "ready", version: data.version });
        break;
      case "fatal":
        this.fail(String(data.message || ""));
        break;
      case "evaluated":
      case "opened":
      case "imported":
      case "reported":
      case "error": {
        const request = this.pending.get(data.id);
        if (!request) return;
        this.pending.delete(data.id);
        if (data.type === "error") request.reject(new Error(String(data.message || "")));
        else request.resolve(data.payload);
        break;
      }
      default:
        break;
    }
  }

  died(detail) {
    if (this.state === "failed") return;
    this.worker.terminate();
    if (this.restarts >= MAX_RESTARTS) {
      this.fail(`${TEXT.died} ${detail}`.trim());
      return;
    }
    this.restarts += 1;
    this.onStatus({ state: "restarting" });
    this.start();
  }

  fail(message) {
    this.state = "failed";
    clearTimeout(this.timer);
    if (this.worker) this.worker.terminate();
    for (const { reject } of this.pending.values()) reject(new Error(message));
    this.pending.clear();
    this.onStatus({ state: "failed", message });
  }

  request(message) {
    if (this.state === "failed") return Promise.reject(new Error("engine failed"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { message, resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  evaluate(document) {
    return this.request({ type: "evaluate", document });
  }

  open(kind, text) {
    return this.request({ type: "open", kind, text });
  }

  /** The file's bytes as they are: Python decodes them (UTF-8 with or without BOM, or GB18030). */
  importSheets(name, bytes) {
    return this.request({ type: "import_sheets", name, bytes });
  }

  report(document, lang, date) {
    return this.request({ type: "report", document, lang, date });
  }
}

// --- start: the worker first (it takes longest), the form model and a shared link's evaluation at once ---------

let statusView = null;
let lastStatus = { state: "progress", stage: "download" };
const engine = new Engine((status) => {
  lastStatus = status;
  if (statusView) statusView(status);
});
const fragment = decodeFragment(location.hash);
const opening = fragment ? engine.open("vector", fragment).catch((error) => ({ ok: false, failed: error })) : null;
const modelPromise = fetch(new URL("form-model.json", import.meta.url)).then((response) => {
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return response.json();
});

function decodeFragment(hash) {
  // The compact evaluation string is ASCII (the engine percent-encodes free text); pass it on untouched.
  return hash && hash.length > 1 ? hash.slice(1) : "";
}

// --- the calculator ---------------------------------------------------------------------------------------------

class Calculator {
  constructor(root, model) {
    this.root = root;
    this.model = model;
    this.itemsById = new Map(model.items.map((i) => [i.id, i]));
    this.bands = new Map(model.bands.map((b) => [b.band, b]));
    this.touched = new Set();
    this.fields = new Map(); // path → {input, message, empty()}
    this.errors = [];
    this.result = null;
    this.seq = 0;
    this.timer = null;
    this.holdFragment = Boolean(fragment); // until a shared link is opened, the fragment is not ours to change
    this.languageLinks = [...document.querySelectorAll("a.md-select__link[hreflang]")].map((a) => ({
      a,
      base: a.getAttribute("href").split("#")[0],
    }));
    this.state = this.restore() || this.blank();
    if (this.holdFragment) this.renderOpening();
    else this.render();
  }

  // --- form state ------------------------------------------------------------------------------------------------

  blank() {
    return {
      profile: this.model.default_profile,
      organization: "",
      raters: [this.blankRater()],
      levels: Object.fromEntries(this.model.clauses.map((c) => [c.id, ""])),
      conformity: true,
    };
  }

  blankRater() {
    return { name: "", alpha: Object.fromEntries(this.model.items.map((i) => [i.id, ""])) };
  }

  /** The form's state, whatever it holds (valid or not), from a saved or opened shape. */
  normalize(s) {
    const text = (v) => (v === null || v === undefined ? "" : String(v));
    const raters = Array.isArray(s.raters) && s.raters.length ? s.raters : [{}];
    return {
      profile: this.model.profiles.some((p) => p.id === s.profile) ? s.profile : this.model.default_profile,
      organization: text(s.organization),
      raters: raters.map((r) => ({
        name: text(r && r.name),
        alpha: Object.fromEntries(this.model.items.map((i) => [i.id, text(r && r.alpha && r.alpha[i.id])])),
      })),
      levels: Object.fromEntries(this.model.clauses.map((c) => [c.id, text(s.levels && s.levels[c.id])])),
      conformity: s.conformity !== false,
    };
  }

  fromDocument(doc) {
    return this.normalize({
      profile: doc.profile,
      organization: doc.organization,
      raters: doc.service.raters.map((r) => ({ name: r.id, alpha: r.alpha })),
      levels: doc.management.levels,
      conformity: doc.management.conformity_passed,
    });
  }

  /** The evaluation document the engine grades: α exactly as typed, levels as integers (null when unset). */
  toDocument() {
    const s = this.state;
    const doc = { scheme: this.model.scheme.full_id, profile: s.profile };
    if (s.organization !== "") doc.organization = s.organization;
    doc.service = {
      raters: s.raters.map((r) => (r.name.trim() === "" ? { alpha: { ...r.alpha } } : { id: r.name, alpha: { ...r.alpha } })),
    };
    doc.management = {
      levels: Object.fromEntries(this.model.clauses.map((c) => [c.id, s.levels[c.id] === "" ? null : Number(s.levels[c.id])])),
      conformity_passed: s.conformity,
    };
    return doc;
  }

  restore() {
    try {
      const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || "null");
      return saved && typeof saved === "object" ? this.normalize(saved) : null;
    } catch {
      return null;
    }
  }

  save() {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(this.state));
    } catch {
      // Private browsing or a full quota: autosave is a convenience; the form keeps working.
    }
  }

  changed(path) {
    if (path) this.touched.add(path);
    this.save();
    this.schedule();
  }

  // --- evaluation ------------------------------------------------------------------------------------------------

  schedule(delay = DEBOUNCE_MS) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.evaluate(), delay);
  }

  async evaluate() {
    if (this.holdFragment) return; // the shared link's evaluation is being opened; it will evaluate when filled
    const seq = ++this.seq;
    this.markPending();
    let payload;
    try {
      payload = await engine.evaluate(this.toDocument());
    } catch {
      if (seq === this.seq) this.showEngineUnavailable();
      return;
    }
    if (seq !== this.seq) return; // a newer input has been sent meanwhile
    this.show(payload);
  }

  /** The summary says that a result is on its way (or waits for the engine). */
  markPending() {
    if (engine.state !== "failed") this.setNote(engine.state === "ready" ? TEXT.computing : TEXT.waiting, true);
  }

  show(payload) {
    this.errors = payload.ok ? [] : payload.errors;
    this.result = payload.ok ? payload.result : null;
    this.renderErrors();
    this.renderResult();
    this.updateFragment();
  }

  updateFragment() {
    if (this.holdFragment) return;
    const url = location.pathname + location.search + (this.result ? "#" + this.result.vector : "");
    if (url !== location.pathname + location.search + location.hash) history.replaceState(null, "", url);
    for (const { a, base } of this.languageLinks) a.setAttribute("href", base + location.hash);
  }

  // --- opening a shared link or a file ---------------------------------------------------------------------------

  async openFragment(promise) {
    const payload = await promise;
    this.holdFragment = false;
    if (payload.ok) {
      this.load(payload.document);
      this.message("info", TEXT.linkOpened);
      return;
    }
    this.render(); // the saved form: the link did not open
    if (payload.failed) {
      this.updateLanguageLinksOnly();
    } else {
      this.message("error", TEXT.linkFailed, payload.errors);
      history.replaceState(null, "", location.pathname + location.search);
    }
    this.schedule(0);
  }

  updateLanguageLinksOnly() {
    for (const { a, base } of this.languageLinks) a.setAttribute("href", base + location.hash);
  }

  async openFile(file) {
    let payload;
    try {
      payload = await engine.open("json", await file.text());
    } catch (error) {
      this.message("error", TEXT.openFailed(file.name), [{ path: "", en: error.message, zh: error.message }]);
      return;
    }
    if (!payload.ok) {
      this.message("error", TEXT.openFailed(file.name), payload.errors);
      return;
    }
    this.load(payload.document);
    this.message("info", TEXT.opened(file.name));
  }

  /** An opened document becomes the form; it is sent to the worker first, which grades while the form is drawn. */
  load(doc) {
    this.state = this.fromDocument(doc);
    this.touched.clear();
    this.save();
    clearTimeout(this.timer);
    this.evaluate();
    this.render();
    this.markPending(); // on the summary just drawn
  }

  async saveFile() {
    if (!this.result) return;
    let payload;
    try {
      payload = await engine.open("vector", this.result.vector);
    } catch {
      return;
    }
    if (!payload.ok) return;
    download(payload.canonical_json + "\n", "application/json", "tbsc55-evaluation.json");
  }

  // --- rater sheets (CSV) ------------------------------------------------------------------------------------------

  hasRaterInput() {
    return this.state.raters.some((r) => r.name.trim() !== "" || Object.values(r.alpha).some((v) => v.trim() !== ""));
  }

  async importFile(file) {
    let payload;
    try {
      payload = await engine.importSheets(file.name, new Uint8Array(await file.arrayBuffer()));
    } catch (error) {
      this.importMessage("error", TEXT.importFailed(file.name), [{ path: "", en: error.message, zh: error.message }]);
      return;
    }
    if (!payload.ok) {
      this.importMessage("error", TEXT.importFailed(file.name), payload.errors.map(sheetError));
      return;
    }
    if (this.hasRaterInput() && !window.confirm(TEXT.importConfirm(payload.raters.length))) return;
    this.state = this.normalize({
      ...this.state,
      raters: payload.raters.map((r) => ({ name: r.id, alpha: r.alpha })),
    });
    this.touched.clear();
    this.save();
    this.render();
    this.importMessage("info", TEXT.imported(file.name, payload.raters.length));
    this.schedule(0);
  }

  importMessage(kind, text, errors = []) {
    this.message(kind, text, errors, this.importMessageEl);
  }

  // --- the report: the engine's own HTML document, printed or downloaded as it is ----------------------------------

  /** The report of the evaluation shown (the result's evaluation string, not the form as typed since). */
  async reportHtml() {
    if (!this.result) return null;
    this.reportBusy = true;
    this.syncReportButtons();
    try {
      const opened = await engine.open("vector", this.result.vector);
      const payload = opened.ok ? await engine.report(opened.document, LANG, localDate()) : opened;
      if (!payload.ok) {
        this.message("error", TEXT.reportFailed, payload.errors);
        return null;
      }
      return payload.html;
    } catch (error) {
      this.message("error", TEXT.reportFailed, [{ path: "", en: error.message, zh: error.message }]);
      return null;
    } finally {
      this.reportBusy = false;
      this.syncReportButtons();
    }
  }

  async printReport() {
    const html = await this.reportHtml();
    if (html === null) return;
    if (this.reportFrame) this.reportFrame.remove();
    // Printed from a hidden frame, so that no pop-up blocker stands in the way; the report runs no script.
    const frame = h("iframe", {
      class: "calc-report-frame",
      "data-testid": "report-frame",
      title: TEXT.reportFrame,
      "aria-hidden": "true",
      tabindex: "-1",
      sandbox: "allow-same-origin allow-modals",
    });
    frame.addEventListener(
      "load",
      () => {
        frame.contentWindow.focus();
        frame.contentWindow.print();
        frame.dataset.printed = "true";
      },
      { once: true },
    );
    frame.srcdoc = html;
    document.body.append(frame);
    this.reportFrame = frame;
  }

  async downloadReport() {
    const html = await this.reportHtml();
    if (html !== null) download(html, "text/html;charset=utf-8", `tbsc55-report-${localDate()}.html`);
  }

  syncReportButtons() {
    if (!this.reportButtons) return;
    const usable = Boolean(this.result) && engine.state === "ready";
    for (const button of this.reportButtons) button.disabled = !usable || Boolean(this.reportBusy);
    this.reportHint.textContent = usable ? TEXT.reportHint : TEXT.reportUnavailable;
    this.reportHint.dataset.state = usable ? "ready" : "unavailable";
  }

  reset() {
    if (!window.confirm(TEXT.resetConfirm)) return;
    this.state = this.blank();
    this.touched.clear();
    try {
      localStorage.removeItem(STORAGE_KEY);
    } catch {
      // see save()
    }
    history.replaceState(null, "", location.pathname + location.search);
    this.message(null);
    this.render();
    this.schedule(0);
  }

  async copyLink() {
    try {
      await navigator.clipboard.writeText(location.href);
      this.message("info", TEXT.copied);
    } catch {
      this.message("info", TEXT.copyFailed);
    }
  }

  // --- rendering: the form -----------------------------------------------------------------------------------------

  /**
   * A shared link is being opened: the engine's status and a note until the engine has read the link. The form
   * comes with the link's evaluation; a form drawn before would be replaced (and what was typed in it lost).
   */
  renderOpening() {
    this.statusEl = h("div", { class: "calc-status", role: "status" });
    this.root.replaceChildren(this.statusEl, h("p", { class: "calc-hint", "data-testid": "opening-link" }, TEXT.openingLink));
    statusView = (status) => this.renderStatus(status);
    this.renderStatus(lastStatus);
  }

  render() {
    const m = this.model;
    this.fields.clear();
    this.statusEl = h("div", { class: "calc-status", role: "status" });
    this.messageEl = h("div", { class: "calc-message", hidden: true, "data-testid": "message" });
    const fileInput = h("input", {
      type: "file",
      accept: ".json,application/json",
      id: "calc-open-file",
      class: "calc-file",
      "data-testid": "open-file",
      onchange: (event) => {
        const file = event.target.files && event.target.files[0];
        event.target.value = "";
        if (file) this.openFile(file);
      },
    });
    this.saveButton = h(
      "button",
      { type: "button", class: "md-button", "data-testid": "save", title: TEXT.saveHint, onclick: () => this.saveFile() },
      TEXT.save,
    );
    const toolbar = h(
      "div",
      { class: "calc-toolbar", role: "group", "aria-label": TEXT.toolbar },
      fileInput,
      h("label", { for: "calc-open-file", class: "md-button", title: TEXT.openHint }, TEXT.open),
      this.saveButton,
      h("button", { type: "button", class: "md-button", "data-testid": "copy-link", onclick: () => this.copyLink() }, TEXT.copy),
      h("button", { type: "button", class: "md-button calc-reset", "data-testid": "reset", onclick: () => this.reset() }, TEXT.reset),
    );
    this.reportButtons = [
      h("button", { type: "button", class: "md-button", "data-testid": "print-report", onclick: () => this.printReport() }, TEXT.printReport),
      h("button", { type: "button", class: "md-button", "data-testid": "download-report", onclick: () => this.downloadReport() }, TEXT.downloadReport),
    ];
    this.reportHint = h("span", { class: "calc-report-hint", id: "calc-report-hint", "data-testid": "report-hint" });
    for (const button of this.reportButtons) button.setAttribute("aria-describedby", "calc-report-hint");
    const reportBar = h("div", { class: "calc-toolbar calc-reportbar", role: "group", "aria-label": TEXT.report }, this.reportButtons, this.reportHint);

    const summary = this.renderSummary();
    const form = h(
      "form",
      { class: "calc-form", novalidate: true, onsubmit: (event) => event.preventDefault() },
      this.renderGeneral(),
      this.renderService(),
      this.renderManagement(),
    );
    this.detailsEl = h("section", { class: "calc-details", "aria-labelledby": "calc-details-title" });

    this.root.replaceChildren(
      this.statusEl,
      summary,
      toolbar,
      reportBar,
      this.messageEl,
      h("p", { class: "calc-hint" }, TEXT.shareHint),
      form,
      this.detailsEl,
    );
    statusView = (status) => {
      this.renderStatus(status);
      this.syncReportButtons();
    };
    this.renderStatus(lastStatus);
    this.renderErrors();
    this.renderResult();
  }

  renderGeneral() {
    const m = this.model;
    const org = h("input", {
      type: "text",
      id: "calc-organization",
      autocomplete: "organization",
      value: this.state.organization,
      oninput: (event) => {
        this.state.organization = event.target.value;
        this.changed("organization");
      },
    });
    this.register("organization", org);
    const profiles = h(
      "fieldset",
      { class: "calc-profile" },
      h("legend", {}, TEXT.profile),
      m.profiles.map((p) =>
        h(
          "label",
          { class: "calc-radio" },
          h("input", {
            type: "radio",
            name: "calc-profile",
            value: p.id,
            "data-testid": `profile-${p.id}`,
            checked: this.state.profile === p.id,
            onchange: () => {
              this.state.profile = p.id;
              this.changed("profile");
            },
          }),
          h("span", {}, h("code", {}, p.id), " ", p[LANG]),
        ),
      ),
      h("p", { class: "calc-help" }, siteLink(m.links.profiles, TEXT.profileHelp)),
    );
    return h(
      "section",
      { class: "calc-section calc-general", "aria-labelledby": "calc-general-title" },
      h("h2", { id: "calc-general-title" }, TEXT.general),
      h("div", { class: "calc-field" }, h("label", { for: "calc-organization" }, TEXT.organization), org, this.messageFor("organization")),
      profiles,
    );
  }

  renderService() {
    const m = this.model;
    const raters = this.state.raters.map((rater, r) => this.renderRater(rater, r));
    this.addRaterButton = h(
      "button",
      {
        type: "button",
        class: "md-button calc-add",
        "data-testid": "add-rater",
        onclick: () => {
          this.state.raters.push(this.blankRater());
          this.changed(null);
          this.rerender(() => document.getElementById(fieldId("rater", this.state.raters.length - 1, "name")));
        },
      },
      "+ " + TEXT.addRater,
    );
    return h(
      "section",
      { class: "calc-section calc-service", "aria-labelledby": "calc-service-title" },
      h("h2", { id: "calc-service-title" }, TEXT.service, " ", refs([m.links.service, "5.1"], [m.characteristics[0].href, TEXT.appendix(1)])),
      this.renderSheets(),
      raters,
      this.messageFor("service.raters"),
      this.addRaterButton,
    );
  }

  renderSheets() {
    const input = h("input", {
      type: "file",
      accept: ".csv,text/csv",
      id: "calc-import-csv",
      class: "calc-file",
      "data-testid": "import-csv",
      "aria-describedby": "calc-sheets-layout",
      onchange: (event) => {
        const file = event.target.files && event.target.files[0];
        event.target.value = "";
        if (file) this.importFile(file);
      },
    });
    // The templates are written at build time beside this page's language (docs/<lang>/downloads/).
    const template = (name, text) => h("a", { href: `../downloads/${name}`, download: "", "data-testid": `template-${name}` }, text);
    const sep = LANG === "zh" ? "、" : ", ";
    this.importMessageEl = h("div", { class: "calc-message", hidden: true, "data-testid": "import-message" });
    return h(
      "div",
      { class: "calc-sheets", role: "group", "aria-labelledby": "calc-sheets-title" },
      h("h3", { id: "calc-sheets-title", class: "calc-visually-hidden" }, TEXT.sheets),
      h(
        "div",
        { class: "calc-sheets-row" },
        input,
        h("label", { for: "calc-import-csv", class: "md-button" }, TEXT.importCsv),
        h("span", { class: "calc-help" }, TEXT.importHint),
      ),
      h(
        "p",
        { class: "calc-help", id: "calc-sheets-layout" },
        TEXT.layout,
        " ",
        TEXT.templates,
        LANG === "zh" ? "" : " ",
        template("rater-sheets-template.csv", TEXT.templateRaters),
        sep,
        template("batch-sheets-template.csv", TEXT.templateBatch),
        sep,
        template("batch-levels-template.csv", TEXT.templateLevels),
        LANG === "zh" ? "。" : ".",
      ),
      this.importMessageEl,
    );
  }

  renderRater(rater, r) {
    const m = this.model;
    const title = TEXT.rater(r + 1);
    const nameId = fieldId("rater", r, "name");
    const name = h("input", {
      type: "text",
      id: nameId,
      value: rater.name,
      "data-testid": `rater-${r}-name`,
      oninput: (event) => {
        rater.name = event.target.value;
        this.changed(`service.raters[${r}].id`);
      },
    });
    this.register(`service.raters[${r}].id`, name);
    const remove = h(
      "button",
      {
        type: "button",
        class: "calc-remove",
        "data-testid": `rater-${r}-remove`,
        disabled: this.state.raters.length === 1,
        "aria-label": `${TEXT.removeRater}（${title}）`,
        title: TEXT.removeRater,
        onclick: () => {
          this.state.raters.splice(r, 1);
          this.touched.clear();
          this.changed(null);
          this.rerender(() => this.addRaterButton);
        },
      },
      "×",
    );
    const groups = m.characteristics.map((c) => {
      const items = m.items.filter((i) => i.characteristic === c.id);
      return h(
        "div",
        { class: "calc-char", role: "group", "aria-labelledby": fieldId("r", r, "char", c.id) },
        h(
          "h4",
          { id: fieldId("r", r, "char", c.id), class: "calc-char-title" },
          h("span", { class: "calc-num" }, c.id),
          " ",
          c[LANG],
          h("span", { class: "calc-max" }, TEXT.points(c.max_points)),
        ),
        items.map((item) => this.renderItem(rater, r, item, title)),
      );
    });
    return h(
      "fieldset",
      { class: "calc-rater", "data-testid": `rater-${r}` },
      h("legend", {}, title),
      h("div", { class: "calc-rater-head" }, h("label", { for: nameId }, TEXT.raterName), name, remove),
      this.messageFor(`service.raters[${r}].id`),
      h(
        "div",
        { class: "calc-items-head", "aria-hidden": "true" },
        h("span", {}, TEXT.item),
        h("span", {}, TEXT.maxPoints),
        h("span", {}, TEXT.alpha),
        h("span", {}, TEXT.band),
      ),
      groups,
    );
  }

  renderItem(rater, r, item, raterTitle) {
    const path = alphaPath(r, item.id);
    const id = fieldId("r", r, "alpha", item.id);
    const bandEl = h("span", { class: "calc-band", "data-testid": `band-${r}-${item.id}` }, TEXT.bandPending);
    const input = h("input", {
      type: "text",
      inputmode: "decimal",
      autocomplete: "off",
      spellcheck: "false",
      id,
      class: "calc-alpha",
      value: rater.alpha[item.id],
      "data-testid": `alpha-${r}-${item.id}`,
      "aria-label": TEXT.alphaLabel(item.id, item[LANG], raterTitle),
      oninput: (event) => {
        rater.alpha[item.id] = event.target.value;
        this.syncPicks(picks, event.target.value);
        bandEl.textContent = TEXT.bandPending;
        delete bandEl.dataset.band;
        this.changed(path);
      },
      onblur: () => {
        if (!this.touched.has(path)) {
          this.touched.add(path);
          this.renderErrors();
        }
      },
    });
    const picks = h(
      "div",
      { class: "calc-picks", role: "group", "aria-label": TEXT.picks(item.id) },
      this.model.bands.map((b) =>
        h(
          "button",
          {
            type: "button",
            class: "calc-pick",
            "data-pick": b.pick,
            "aria-pressed": "false",
            "aria-label": `${item.id} ${TEXT.pick(b[LANG], b.pick)}`,
            title: TEXT.pick(b[LANG], b.pick),
            onclick: () => {
              input.value = b.pick;
              rater.alpha[item.id] = b.pick;
              this.syncPicks(picks, b.pick);
              bandEl.textContent = TEXT.bandPending;
              delete bandEl.dataset.band;
              this.changed(path);
            },
          },
          b.pick,
        ),
      ),
    );
    this.syncPicks(picks, rater.alpha[item.id]);
    this.register(path, input, { band: bandEl });
    return h(
      "div",
      { class: "calc-item" },
      h("span", { class: "calc-item-name" }, siteLink(item.href, item.id, { class: "calc-num" }), " ", h("label", { for: id }, item[LANG])),
      h("span", { class: "calc-item-max" }, TEXT.points(item.max_points)),
      input,
      picks,
      bandEl,
      this.messageFor(path),
    );
  }

  syncPicks(picks, value) {
    for (const button of picks.children) button.setAttribute("aria-pressed", String(button.dataset.pick === value));
  }

  renderManagement() {
    const m = this.model;
    const groups = m.groups.map((g) =>
      h(
        "fieldset",
        { class: "calc-group" },
        h("legend", {}, h("span", { class: "calc-num" }, g.id), " ", g[LANG]),
        m.clauses.filter((c) => c.group === g.id).map((c) => this.renderClause(c)),
      ),
    );
    const conformity = h("input", {
      type: "checkbox",
      id: "calc-conformity",
      "data-testid": "conformity",
      checked: this.state.conformity,
      onchange: (event) => {
        this.state.conformity = event.target.checked;
        this.changed("management.conformity_passed");
      },
    });
    this.register("management.conformity_passed", conformity);
    return h(
      "section",
      { class: "calc-section calc-management", "aria-labelledby": "calc-management-title" },
      h("h2", { id: "calc-management-title" }, TEXT.management, " ", refs([m.links.management, TEXT.appendix(3)], [m.clauses[0].a4_href.split("#")[0], TEXT.appendix(4)])),
      h("div", { class: "calc-clauses-head", "aria-hidden": "true" }, h("span", {}, TEXT.clause), h("span", {}, TEXT.level), h("span", {}, TEXT.clausePoints)),
      groups,
      h(
        "div",
        { class: "calc-conformity" },
        conformity,
        h("label", { for: "calc-conformity" }, TEXT.conformity),
        " ",
        siteLink(m.links.conformity, `(${TEXT.conformityRef})`),
        this.messageFor("management.conformity_passed"),
      ),
    );
  }

  renderClause(c) {
    const path = levelPath(c.id);
    const id = fieldId("level", c.id);
    const levels = [];
    for (let n = this.model.levels.min; n <= this.model.levels.max; n++) levels.push(n);
    const pointsEl = h("span", { class: "calc-clause-points", "data-testid": `points-${c.id}` }, "—");
    const select = h(
      "select",
      {
        id,
        class: "calc-level",
        "data-testid": `level-${c.id}`,
        "aria-label": TEXT.levelLabel(c.id, c[LANG]),
        onchange: (event) => {
          this.state.levels[c.id] = event.target.value;
          pointsEl.textContent = "—";
          this.changed(path);
        },
        onblur: () => {
          if (!this.touched.has(path)) {
            this.touched.add(path);
            this.renderErrors();
          }
        },
      },
      h("option", { value: "" }, TEXT.levelNone),
      levels.map((n) => h("option", { value: String(n), selected: this.state.levels[c.id] === String(n) }, TEXT.levelOption(n))),
    );
    this.register(path, select, { points: pointsEl });
    return h(
      "div",
      { class: "calc-clause" },
      h(
        "span",
        { class: "calc-clause-name" },
        siteLink(c.href, c.id, { class: "calc-num", title: TEXT.a3Title(c.id) }),
        " ",
        h("label", { for: id }, c[LANG]),
        " ",
        h("span", { class: "calc-weight" }, TEXT.weight(c.weight)),
        " ",
        siteLink(c.a4_href, TEXT.a4, { class: "calc-a4", title: TEXT.a4Title(c.id) }),
      ),
      select,
      pointsEl,
      this.messageFor(path),
    );
  }

  /** Re-renders the form (raters added or removed) and puts the focus where the user expects it. */
  rerender(focus) {
    this.render();
    const target = focus();
    if (target) target.focus();
  }

  register(path, input, extra = {}) {
    const message = h("p", { class: "calc-error", id: fieldId("err", path), hidden: true });
    this.fields.set(path, { input, message, ...extra });
  }

  messageFor(path) {
    const field = this.fields.get(path);
    return field ? field.message : h("p", { class: "calc-error", id: fieldId("err", path), hidden: true, "data-path": path });
  }

  // --- rendering: errors, status and results -------------------------------------------------------------------------

  renderErrors() {
    const byPath = new Map(this.errors.map((e) => [e.path, e]));
    for (const [path, field] of this.fields) {
      const error = byPath.get(path);
      const value = field.input.value;
      const shown = error && (value !== "" || this.touched.has(path));
      field.input.toggleAttribute("aria-invalid", false);
      if (shown) {
        field.input.setAttribute("aria-invalid", "true");
        field.input.setAttribute("aria-describedby", field.message.id);
        field.message.textContent = error[LANG];
        field.message.hidden = false;
      } else {
        field.input.removeAttribute("aria-describedby");
        field.message.textContent = "";
        field.message.hidden = true;
      }
    }
    // Errors without a field of their own (the document as a whole, the list of raters).
    const other = this.errors.filter((e) => !this.fields.has(e.path));
    const raterList = this.root.querySelector('.calc-error[data-path="service.raters"]');
    if (raterList) {
      const own = other.filter((e) => e.path === "service.raters");
      raterList.textContent = own.map((e) => e[LANG]).join(" ");
      raterList.hidden = own.length === 0;
    }
    this.otherErrors = other.filter((e) => e.path !== "service.raters");
  }

  renderStatus(status) {
    if (!this.statusEl) return;
    const el = this.statusEl;
    el.className = `calc-status calc-status--${status.state}`;
    el.dataset.state = status.state;
    if (status.state === "progress" || status.state === "restarting") {
      const stages = Object.keys(TEXT.stages);
      const current = Math.max(0, stages.indexOf(status.stage));
      el.replaceChildren(
        ...[
          // A bar of the stages done, not a spinner: a never-ending animation keeps a machine without a graphics
          // processor drawing frames while Python starts, and says less than the stage does.
          h(
            "span",
            { class: "calc-stagebar", "aria-hidden": "true" },
            stages.map((_, i) => h("span", { class: i <= current ? "calc-stagebar-done" : "" })),
          ),
          h("span", {}, TEXT.loading),
          h("span", { class: "calc-stage", "aria-current": "step" }, TEXT.stages[stages[current]]),
          h("span", { class: "calc-stage-count" }, TEXT.stageCount(current + 1, stages.length)),
          status.state === "restarting" ? h("span", {}, TEXT.restarting) : null,
        ].filter(Boolean),
      );
    } else if (status.state === "ready") {
      el.replaceChildren(h("span", { class: "calc-ok", "aria-hidden": "true" }, "✓"), " ", TEXT.ready(status.version));
    } else {
      el.setAttribute("role", "alert");
      el.replaceChildren(
        h("strong", {}, TEXT.fatalTitle),
        h("p", {}, TEXT.fatalHelp, " ", siteLink("guides/auditors/", TEXT.auditors)),
        status.message
          ? h("details", {}, h("summary", {}, TEXT.technical), h("pre", { class: "calc-detail" }, status.message))
          : null,
      );
      this.showEngineUnavailable();
    }
  }

  showEngineUnavailable() {
    this.result = null;
    this.renderResult();
  }

  setNote(text, busy) {
    if (this.noteEl) {
      this.noteEl.textContent = text;
      this.summaryEl.setAttribute("aria-busy", busy ? "true" : "false");
    }
  }

  renderSummary() {
    const cell = (testid, label) => {
      const value = h("dd", { "data-testid": testid, "data-value": "" }, "—");
      return [h("div", { class: `calc-stat calc-stat--${testid}` }, h("dt", {}, label), value), value];
    };
    const [score, scoreValue] = cell("service-score", TEXT.serviceScore);
    const [total, totalValue] = cell("management-total", TEXT.managementTotal);
    const [grade, gradeValue] = cell("management-grade", TEXT.managementGrade);
    const [stars, starsValue] = cell("stars", TEXT.result);
    this.summaryValues = { score: scoreValue, total: totalValue, grade: gradeValue, stars: starsValue };
    this.noteEl = h("p", { class: "calc-note" });
    this.summaryEl = h(
      "section",
      { class: "calc-summary", "aria-labelledby": "calc-summary-title", "aria-live": "polite", "data-testid": "results" },
      h("h2", { id: "calc-summary-title", class: "calc-visually-hidden" }, TEXT.summary),
      h("dl", {}, score, total, grade, stars),
      this.noteEl,
    );
    return this.summaryEl;
  }

  renderResult() {
    if (!this.summaryValues) return;
    const res = this.result;
    const v = this.summaryValues;
    const set = (el, value, text) => {
      el.dataset.value = value;
      el.replaceChildren(...(Array.isArray(text) ? text : [text]));
    };
    this.saveButton.disabled = !res;
    this.syncReportButtons();
    // Bands and clause points: from the engine only.
    for (const [path, field] of this.fields) {
      if (field.band) {
        field.band.textContent = TEXT.bandPending;
        delete field.band.dataset.band;
      }
      if (field.points) field.points.textContent = "—";
    }
    if (!res) {
      for (const el of Object.values(v)) set(el, "", "—");
      this.summaryEl.dataset.state = "incomplete";
      if (engine.state === "failed") this.setNote(TEXT.fatalTitle + "。", false);
      else if (!this.errors.length && engine.state !== "ready") this.setNote(TEXT.waiting, true);
      else this.setNote(this.incompleteNote(), false);
      this.detailsEl.replaceChildren();
      return;
    }
    this.summaryEl.dataset.state = "ok";
    const cert = res.certification;
    set(v.score, res.service.score, res.service.score);
    set(v.total, res.management.total, res.management.total);
    set(v.grade, String(res.management.grade), TEXT.grade(res.management.grade));
    set(v.stars, String(cert.stars), [
      cert.stars ? h("span", { class: "calc-stars", "aria-hidden": "true" }, "★".repeat(cert.stars)) : null,
      h("span", { class: cert.stars ? "" : "calc-not-certified" }, TEXT.stars(cert.stars)),
    ]);
    const reasons = cert.reasons.map((r) => r[LANG]);
    this.setNote(reasons.join(LANG === "zh" ? "；" : "; ") + (LANG === "zh" ? "。" : "."), false);

    res.service.raters.forEach((rater, r) => {
      for (const item of rater.items) {
        const field = this.fields.get(alphaPath(r, item.id));
        const band = this.bands.get(item.band);
        if (field && band) {
          field.band.textContent = band[LANG];
          field.band.dataset.band = String(item.band);
        }
      }
    });
    for (const clause of res.management.clauses) {
      const field = this.fields.get(levelPath(clause.id));
      if (field) field.points.textContent = clause.points;
    }
    this.renderDetails(res);
  }

  incompleteNote() {
    let empty = 0;
    let invalid = 0;
    for (const e of this.errors) {
      const field = this.fields.get(e.path);
      if (field && field.input.value === "") empty += 1;
      else invalid += 1;
    }
    const other = (this.otherErrors || []).map((e) => e[LANG]);
    return TEXT.incomplete(empty, invalid) + (other.length ? ` ${TEXT.otherErrors} ${other.join(" ")}` : "");
  }

  renderDetails(res) {
    const m = this.model;
    const cert = res.certification;
    const charName = new Map(m.characteristics.map((c) => [c.id, c[LANG]]));
    const groupName = new Map(m.groups.map((g) => [g.id, g[LANG]]));
    const table = (caption, head, rows, testid) =>
      h(
        "table",
        { class: "calc-table", "data-testid": testid },
        h("caption", {}, caption),
        h("thead", {}, h("tr", {}, head.map((c, i) => h("th", { scope: "col", class: i ? "num" : "" }, c)))),
        h("tbody", {}, rows.map((row) => h("tr", {}, row.map((c, i) => (i ? h("td", { class: "num" }, c) : h("th", { scope: "row" }, c)))))),
      );
    const subtotals = table(
      TEXT.subtotals,
      [TEXT.characteristic, TEXT.maxPoints, TEXT.meanPoints],
      res.service.characteristics.map((c) => [`${c.id} ${charName.get(c.id)}`, c.max_points, c.mean_points]),
      "subtotals",
    );
    const raters = table(
      TEXT.raterScores,
      [TEXT.raterHead, TEXT.meanPoints],
      res.service.raters.map((r, i) => [r.id === null || r.id === undefined ? TEXT.rater(i + 1) : `${TEXT.rater(i + 1)} · ${r.id}`, r.score]),
      "rater-scores",
    );
    const groups = table(
      TEXT.groups,
      [TEXT.chapter, TEXT.maxPoints, TEXT.meanPoints],
      res.management.groups.map((g) => [`${g.id} ${groupName.get(g.id)}`, g.max_points, g.points]),
      "groups",
    );
    const profile = m.profiles.find((p) => p.id === cert.profile);
    this.detailsEl.replaceChildren(
      h("h2", { id: "calc-details-title" }, TEXT.details),
      h(
        "div",
        { class: "calc-outcome", "data-testid": "reasons" },
        h("h3", {}, TEXT.reasons, " ", refs([m.links.conformity, "5.3"])),
        profile ? h("p", { class: "calc-help" }, TEXT.profile, LANG === "zh" ? "：" : ": ", h("code", {}, profile.id), " ", profile[LANG]) : null,
        h("ul", {}, cert.reasons.map((r) => h("li", {}, r[LANG]))),
      ),
      h(
        "div",
        { class: "calc-next", "data-testid": "next-star", "data-value": cert.next_star ? String(cert.next_star.stars) : "" },
        h("h3", {}, TEXT.nextStar),
        h("p", {}, cert.next_star ? cert.next_star[LANG] : TEXT.topStar),
      ),
      h("div", { class: "calc-tables" }, subtotals, raters, groups),
      h("h3", {}, TEXT.trace),
      h(
        "ol",
        { class: "calc-trace", "data-testid": "trace" },
        res.trace.map((step) =>
          h(
            "li",
            {},
            siteLink(step.href, LANG === "zh" ? step.clause_zh : step.clause, { class: "calc-trace-clause" }),
            h("span", { class: "calc-trace-text" }, step[LANG]),
          ),
        ),
      ),
    );
  }

  message(kind, text, errors = [], el = this.messageEl) {
    if (!kind) {
      el.hidden = true;
      el.replaceChildren();
      return;
    }
    el.hidden = false;
    el.className = `calc-message calc-message--${kind}`;
    el.setAttribute("role", kind === "error" ? "alert" : "status");
    el.replaceChildren(
      ...[
        h("p", {}, text),
        errors.length
          ? h(
              "ul",
              {},
              errors.map((e) =>
                h(
                  "li",
                  {},
                  e.where ? h("strong", { class: "calc-where" }, e.where) : null,
                  e.path ? h("code", {}, e.path) : null,
                  e.where ? (LANG === "zh" ? "：" : ": ") : e.path ? " " : null,
                  e[LANG],
                ),
              ),
            )
          : null,
      ].filter(Boolean),
    );
  }
}

// --- boot ----------------------------------------------------------------------------------------------------------

const root = document.querySelector("[data-calculator]");
if (root) {
  modelPromise.then(
    (model) => {
      const calculator = new Calculator(root, model);
      window.tbsc55Calculator = calculator; // for the browser tests and the curious
      if (opening) calculator.openFragment(opening);
      else calculator.schedule(0);
      // Another shared link pasted into the address bar of this page: open it like a link at load.
      window.addEventListener("hashchange", () => {
        const text = decodeFragment(location.hash);
        if (!text || (calculator.result && text === calculator.result.vector)) return;
        calculator.holdFragment = true;
        calculator.openFragment(engine.open("vector", text).catch((error) => ({ ok: false, failed: error })));
      });
    },
    (error) => {
      root.replaceChildren(h("p", { class: "calc-message calc-message--error", role: "alert" }, TEXT.modelFailed, ` (${error.message})`));
    },
  );
}
