// @ts-check
// The messages between the calculator page (engine.js) and its worker (worker.js), and the shapes of what the
// engine (scoring/browser.py) sends: one description, read by both sides and checked by TypeScript (tsc --noEmit).
// Types only: nothing imports it at run time (the page would fetch it for nothing).
//
//   worker → page  {type: "progress", stage}   as loading advances ("download" | "python" | "rules")
//                  {type: "ready", version}    grading works
//                  {type: "fatal", message}    Pyodide cannot start
//   page → worker  a Request (below, with its id) → {id, type: engine.js's ANSWERS[request.type], payload}
//   Any failure of a request → {id, type: "error", message}. Requests that arrive before Python is ready are
//   queued and answered once it is (or answered with an error if it never will be).

/** @typedef {"download" | "python" | "rules"} Stage a loading stage (results.js lists them in order) */

/**
 * @typedef {"zh" | "en"} Lang
 * @typedef {{zh: string, en: string}} Names
 *
 * An error of the engine: the field's path in the interchange format ("" for the document as a whole), its text
 * in both languages; in a rater sheet, also the file, row and column, and the place in words.
 * @typedef {{path: string, zh: string, en: string, file?: string, row?: number, column?: string | null,
 *   where?: Names}} EngineError
 *
 * The evaluation document (docs: the interchange format), α as typed; observations by item or clause id, and the
 * evaluation's record, only where written (the JSON Schema, scoring/schema.py, is the reference: tests/site/
 * test_shapes.py holds these types and shapes.js to it).
 * @typedef {{id?: string, alpha: Record<string, string>, observations?: Record<string, string>}} RaterDocument
 * @typedef {{date?: string, evaluators?: string[], scope?: string, remarks?: string}} RecordDocument
 * @typedef {{scheme: string, profile: string, organization?: string, record?: RecordDocument,
 *   service: {raters: RaterDocument[]},
 *   management: {levels: Record<string, number | null>, conformity_passed: boolean,
 *     observations?: Record<string, string>}}} EvaluationDocument
 *
 * What evaluate_document returns (the result object is the engine's JSON output, see scoring/engine.py).
 * A rater's α typed with full-width digits or stops (０．８) and read as a number: item id → the ASCII text read
 * (scoring.document.normalized_alphas); absent when there are none.
 * @typedef {Record<string, string>} Normalized
 * @typedef {{bands: number[], score: string | null, normalized?: Normalized}} PartialRater
 * @typedef {{raters: PartialRater[], service_score: string | null,
 *   management: {total: string, grade: number, clauses: Record<string, string>} | null,
 *   stars: number | null}} Partial
 * @typedef {{id: string, band: number, alpha: string, points: string}} RaterItem
 * A rater's result: its items in full, or (compact, for a large rater set) its items' bands in the items' order.
 * @typedef {{id: string | null, score: string, items?: RaterItem[], bands?: number[], normalized?: Normalized}} RaterResult
 * @typedef {{stars: number, zh: string, en: string} | null} NextStar
 * The two readings of 5.3, present only when they give different stars (scoring.engine.readings_to_obj).
 * @typedef {{profile: string, stars: number, label: Names, next_star: NextStar, next: Names}} ReadingResult
 * @typedef {Names & {title: Names, profiles: ReadingResult[], note: Names, href: string}} Readings
 * One clause a step of the trace applies, with its own link (scoring.engine.trace_step_obj).
 * @typedef {{clause: string, clause_zh: string, href: string}} TraceRef
 * @typedef {{
 *   vector: string,
 *   service: {score: string, raters: RaterResult[],
 *     characteristics: {id: string, max_points: number, mean_points: string}[]},
 *   management: {total: string, grade: number, groups: {id: string, max_points: number, points: string}[],
 *     clauses: {id: string, level: number, points: string}[]},
 *   certification: {profile: string, stars: number, reasons: {code: string, zh: string, en: string}[],
 *     summary: Names, next_star: NextStar, readings?: Readings},
 *   trace: {clause: string, clause_zh: string, href: string, refs?: TraceRef[], zh: string, en: string}[]
 * }} Result
 * @typedef {{ok: true, errors: [], result: Result} | {ok: false, errors: EngineError[], partial?: Partial}} Evaluated
 * What grade_form returns (scoring/session.py): evaluate_document's compact answer with only the raters of the
 * window written out (its raters, its partial raters, its trace's rater steps), and of the errors those of the
 * window, those not on a rater and the first few others, with the count of all and of those on non-empty fields.
 * @typedef {{start: number, stop: number, count: number}} Window
 * @typedef {{ok: true, errors: [], result: Result, window: Window}
 *   | {ok: false, errors: EngineError[], error_count: number, wrong_count: number, partial?: Partial, window: Window}} Graded
 * Or the kept form is not the one the update was made for (a new worker, a forgotten form): send every rater.
 * @typedef {Graded | {ok: false, stale: true, errors: []}} GradeAnswer
 * A file opened may be a report of this tool (scoring.browser.open_file): then ``report`` is verify's verdict on it.
 * @typedef {{verified: boolean, zh: string, en: string}} ReportVerdict
 * A draft document opened (scoring/drafts.py): the form as it was typed (every α as its text, absent where not
 * filled in; a level as its integer, or as text when the form held text), and every field missing or wrong.
 * @typedef {{scheme: string, profile: string, organization?: string, record?: RecordDocument,
 *   service: {raters: RaterDocument[]},
 *   management: {levels: Record<string, number | string | null>, conformity_passed: boolean,
 *     observations?: Record<string, string>}}} DraftDocument
 * @typedef {{ok: true, errors: [], draft: true, document: DraftDocument, name: string | null,
 *   problems: EngineError[], missing: number, wrong: number}} OpenedDraft
 * A document's ``name`` is the evaluation's name kept in its file (null: none).
 * A shared link or a file read as an evaluation (open_document with a compact string never gives a draft).
 * @typedef {{ok: true, errors: [], document: EvaluationDocument, vector: string, canonical_json: string,
 *   name?: string | null, draft?: undefined, report?: ReportVerdict} | {ok: false, errors: EngineError[]}} OpenedDocument
 * A file opened: an evaluation document, a report of this tool, or a draft document.
 * @typedef {OpenedDocument | OpenedDraft} Opened
 * The form saved to a file (scoring.browser.save_form): the evaluation document, or a draft document when something
 * is missing or wrong (how many of each), and the file's name.
 * @typedef {{ok: true, errors: [], text: string, file_name: string, draft: boolean, missing: number, wrong: number}
 *   | {ok: false, errors: EngineError[]}} Saved
 * @typedef {{ok: boolean, errors: EngineError[], raters: {id: string | null, alpha: Record<string, string>}[]}} Imported
 * @typedef {{ok: boolean, errors: EngineError[], html: string, file_name?: string}} Reported
 * A levels CSV read (scoring.browser.import_levels): the form's management part, and the organization it names.
 * @typedef {{ok: true, errors: [], management: {levels: Record<string, number>, conformity_passed?: boolean},
 *   organization?: string} | {ok: false, errors: EngineError[]}} ImportedLevels
 * @typedef {{ok: true, errors: [], csv: string, file_name?: string} | {ok: false, errors: EngineError[]}} Exported
 * The site's rater agreement diagnostics (scoring.diagnostics; editorial, not part of the grading).
 * @typedef {{id: string, min_alpha: string, max_alpha: string, range: string, standard_deviation: string,
 *   bands: number[], bands_spanned: number, flagged: boolean}} ItemAgreement
 * @typedef {{number: number, id: string | null, score: string, others_mean: string, difference: string,
 *   flagged: boolean}} RaterAgreement
 * @typedef {{editorial: true, zh: string, en: string, rater_count: number, comparable: boolean,
 *   thresholds: {bands_spanned: number, rater_difference: string}, items: ItemAgreement[],
 *   raters: RaterAgreement[], flagged_items: string[], flagged_raters: number[]}} Diagnostics
 * @typedef {{ok: true, errors: [], diagnostics: Diagnostics} | {ok: false, errors: EngineError[]}} Diagnosed
 * Two evaluations compared (scoring.diff, `diff --format json`); errors carry the side ("a" or "b").
 * @typedef {{organization: string | null, profile: string, rater_count: number, service_score: string,
 *   management_total: number | string, grade: number, conformity_passed: boolean, stars: number}} ComparedSide
 * @typedef {{a: ComparedSide, b: ComparedSide,
 *   delta: {service_score: string, management_total: number | string, grade: number, stars: number},
 *   items: {id: string, a: string, b: string, delta: string}[],
 *   clauses: {id: string, a: number, b: number, delta: number, points: number | string}[],
 *   profile: {a: string, b: string, differs: boolean}, conformity: {a: boolean, b: boolean, differs: boolean},
 *   same: boolean, observations?: {path: string, a: string | null, b: string | null}[]}} Comparison
 * @typedef {{ok: true, errors: [], diff: Comparison} | {ok: false, errors: (EngineError & {side?: "a" | "b"})[]}} Compared
 *
 * Requests (page → worker), without their id.
 * @typedef {{type: "evaluate", document: EvaluationDocument, compact?: boolean}} EvaluateRequest
 * The form, from the last update Python has (numbered ``since``): the document without its raters, their count,
 * the raters that changed as JSON text by index, the index of a rater taken out (the others move up), the raters
 * to write out. (engine.js makes it; scoring.browser.grade_form reads it.)
 * @typedef {{type: "grade", document: Omit<EvaluationDocument, "service"> & {service: {}}, count: number,
 *   changed: [number, string][], removed: number | null, window: [number, number], since: number}} GradeRequest
 * A shared link's evaluation string, or a JSON document: as text, or as a file's bytes (``bytes``, which Python
 * decodes as the command line does; a file may be a report of this tool too, verified as ``verify`` does).
 * @typedef {{type: "open", kind: "vector" | "json", text: string, bytes?: Uint8Array}} OpenRequest
 * @typedef {{type: "import_sheets", name: string, bytes: ArrayBuffer | Uint8Array}} ImportRequest
 * @typedef {{type: "report", document: EvaluationDocument, lang: Lang, date: string}} ReportRequest
 * @typedef {{type: "import_levels", name: string, bytes: ArrayBuffer | Uint8Array}} ImportLevelsRequest
 * @typedef {{type: "export_csv", document: EvaluationDocument, lang: Lang, date?: string}} ExportRequest
 * The form as typed (state.js's FormState), the evaluation's name, the page's language and today's date.
 * @typedef {{type: "save", form: unknown, name: string, lang: Lang, date: string}} SaveRequest
 * @typedef {{type: "diagnose", document: EvaluationDocument}} DiagnoseRequest
 * @typedef {{type: "diff", a: EvaluationDocument, b: EvaluationDocument}} DiffRequest
 * @typedef {{type: "export_diff_csv", a: EvaluationDocument, b: EvaluationDocument, lang: Lang}} ExportDiffRequest
 * @typedef {EvaluateRequest | GradeRequest | OpenRequest | ImportRequest | ReportRequest | ImportLevelsRequest
 *   | ExportRequest | DiagnoseRequest | DiffRequest | ExportDiffRequest | SaveRequest} Request
 * Pyodide's WebAssembly file as boot.js received it (its body, transferred, as it downloads), or null when the
 * page could not ask for it or hand it over: the worker then asks itself. Sent once, without an id, to a worker
 * whose URL ends in "#wasm" (boot.js), before any request.
 * @typedef {{type: "wasm", body: ReadableStream<Uint8Array> | null, contentType: string}} WasmHandOver
 *
 * Messages (worker → page).
 * @typedef {{type: "progress", stage: Stage} | {type: "ready", version: string} | {type: "fatal", message: string}
 *   | {id: number, type: "evaluated", payload: Evaluated} | {id: number, type: "graded", payload: GradeAnswer}
 *   | {id: number, type: "opened", payload: Opened}
 *   | {id: number, type: "imported", payload: Imported} | {id: number, type: "reported", payload: Reported}
 *   | {id: number, type: "imported_levels", payload: ImportedLevels} | {id: number, type: "exported", payload: Exported}
 *   | {id: number, type: "diagnosed", payload: Diagnosed} | {id: number, type: "compared", payload: Compared}
 *   | {id: number, type: "saved", payload: Saved}
 *   | {id: number, type: "error", message: string}} WorkerMessage
 *
 * The form model (form-model.json: scoring.browser.form_model()).
 * @typedef {{id: string, zh: string, en: string}} Named
 * @typedef {{band: number, zh: string, en: string, lower: string, lower_inclusive: boolean, upper: string,
 *   pick: string, interval: string, clause: string}} Band
 * @typedef {Named & {characteristic: string, max_points: number, href: string}} Item
 * @typedef {Named & {max_points: number, href: string}} Characteristic
 * @typedef {Named & {group: string, weight: number, href: string, a4_href: string}} Clause
 * @typedef {Named & {levels: {stars: number, min_service_score: string, min_grade: number}[], summary: Names}} Profile
 * A member of the evaluation's record, as the form draws it: a date, names (one a line), or a text.
 * @typedef {Names & {key: string, kind: "date" | "names" | "text"}} RecordField
 * @typedef {{
 *   package: {version: string},
 *   scheme: {id: string, version: string, full_id: string, title: Names},
 *   alpha: {min: string, max: string},
 *   levels: {min: number, max: number},
 *   bands: Band[], characteristics: Characteristic[], items: Item[], groups: Named[], clauses: Clause[],
 *   profiles: Profile[], default_profile: string,
 *   limits: {open_bytes: number, observation_length: number, team: number, team_name_length: number},
 *   record: RecordField[],
 *   stars: {stars: number, zh: string, en: string}[],
 *   grades: {grade: number, zh: string, en: string}[],
 *   level_names: {level: number, zh: string, en: string, model_zh: string, model_en: string}[],
 *   item_ids: Names,
 *   paths: {alpha: string, rater_id: string, raters: string, level: string, conformity: string,
 *     organization: string, profile: string, observation: string, rater_observation: string, record: string,
 *     team_member: string},
 *   links: Record<string, string>
 * }} FormModel
 */


export {}; // a module: its types are imported by name
