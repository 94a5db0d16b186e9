/** Contract v1 (xinyong/1) types. Field names are stable; new fields may be added. */
export type SubjectKind = "enterprise" | "person";
export type Industry =
  | "road_passenger" | "road_freight" | "dangerous_goods" | "taxi" | "ride_hailing" | "bus"
  | "vehicle_repair" | "driving_school" | "waterway_transport" | "highway_construction"
  | "waterway_construction" | "highway_maintenance" | "ship_lock" | "local_railway" | "driver";
export type PenaltyKind =
  | "warning" | "circulated_criticism" | "fine" | "confiscation" | "license_suspension"
  | "license_revocation" | "qualification_downgrade" | "business_restriction" | "detention" | "other";
export type Tier = "minor" | "general" | "serious";
export type RepairStatus =
  | "not_publicised" | "in_min_period" | "conditions_unmet" | "repairable" | "repaired"
  | "publicity_ended" | "not_repairable";
/** A calendar day, `YYYY-MM-DD`. */
export type DateString = string;

export interface Subject {
  kind: SubjectKind;
  /** 统一社会信用代码 or 居民身份证号码; never echoed in any output. */
  id: string;
  name?: string;
  industry?: Industry;
  /** Regional pack id; absent → "national". */
  region?: string;
  /** Drivers only: first issue of the qualification certificate (从业资格证初次领取日期); starts the
   *  12-month assessment cycles. Absent → the cycle is assumed and the grade says so. */
  qualified_on?: DateString;
  /** Taxi and ride-hailing enterprises only: percentage (0–100) of the enterprise's drivers graded
   *  AA or above in their service quality assessment for the cycle (交运规〔2022〕2号: AAA and above
   *  need ≥ 85). Absent → not known, and the grade is at best AA (`tsq.cap.driver_share`). */
  drivers_aa_share?: number;
}

export interface CreditRecord {
  id: string;
  type: string;
  date?: DateString;
  penalty?: PenaltyKind | PenaltyKind[];
  severity?: Tier;
  amount?: number;
  authority?: string;
  fulfilled_on?: DateString | null;
  repaired_on?: DateString | null;
  behaviour?: string;
  points?: number;
  field?: "general" | "safety_production" | "fire_safety" | "special_equipment";
  list?: string;
  removed_on?: DateString | null;
  scheme?: string;
  status?: "kept" | "broken" | "false";
  level?: string;
  score?: number;
  year?: number;
  note?: string;
  /** Penalties: decided by simplified (当场, 行政处罚法 Art. 51) or general procedure. */
  procedure?: "simplified" | "general";
  /** Penalties: a 特定严重失信行为 under 发改办财金〔2019〕527号 (full maximum period, no early repair). */
  specific_serious?: boolean;
}

export interface Input {
  as_of?: DateString;
  subject: Subject;
  records?: CreditRecord[];
}

export interface EvaluateOptions {
  /** Check date; default: the input's as_of, then today in China. */
  asOf?: DateString;
  /** Built-in pack id; default: the subject's region, then "national". */
  pack?: string;
  /** A portal's own pack as JSON text. */
  packJson?: string;
  /** Override "today" (reproducible pages and tests). */
  today?: DateString;
}

export interface Cited {
  id: string; zh: string; en: string; basis: string; record_ids?: string[];
  /** Measures and warnings only: follows from a grade in force that is itself assumed (present only when true). */
  assumed?: true;
}

export interface GradeItem {
  rule: string; record_id: string | null; points: number; zh: string; en: string; basis: string; assumed: boolean;
}
export interface Grade {
  scheme: string; zh: string; en: string; level: string; score: number; primary: boolean; items: GradeItem[];
  level_zh: string; standing: "good" | "normal" | "poor" | ""; rule: string; basis: string;
  official: { record_id: string; level: string; year: number | null } | null; assumed: boolean;
  /** The scheme's second banding variable (e.g. Jiangsu's bad-behaviour points), when it has one. */
  counter?: { id: string; zh: string; en: string; value: number; items: GradeItem[]; basis: string };
  /** Cycle-based schemes (drivers): the cycle counted and the day its points clear. */
  cycle?: GradeCycle;
  /** The grade supervision, measures and commitment exclusions use (`level`/`score` are the projection). */
  in_force: InForce;
  /** The level's label in English, as `level_zh`. */
  level_en: string;
  /** What `score` is, in words (a score from the scheme's base, or penalty points and when they
   * clear), and whether something other than the score set the level. */
  score_zh: string; score_en: string;
}
/** The grade in force: an official result for the current cycle, the scheme's legal default for a subject
 *  not yet evaluated (e.g. 733号 Art. 18(2)), or else the computed projection (flagged `assumed`). */
export interface InForce {
  level: string; source: "official" | "default" | "computed"; level_zh: string;
  standing: "good" | "normal" | "poor" | ""; rule: string; basis: string;
  record_id: string | null; until: DateString | null; zh: string; en: string; assumed: boolean;
  level_en: string;
}
export interface GradeCycle {
  /** First day whose records count. */
  from: DateString;
  /** Last day of the cycle; null when its start is unknown (no `subject.qualified_on`). */
  to: DateString | null;
  /** The day the cycle's points are cleared (the day after `to`); null when unknown. */
  clears_on: DateString | null;
  /** True when the cycle was assumed. */
  assumed: boolean;
  zh: string; en: string; basis: string;
}
export interface Reason {
  rule: string; record_id: string | null; zh: string; en: string; basis: string; clears_on: DateString | null;
}
export interface Commitment {
  scheme: string; zh: string; en: string; eligible: boolean; eligible_from: DateString | null;
  reasons: Reason[]; scope_exclusions: Cited[]; basis: string;
  /** An exclusion reads a grade in force that is itself assumed (present only when true). */
  assumed?: true;
}
export interface Condition { id: string; met: boolean; stage: "now" | "application"; zh: string; en: string; basis: string }
export interface Repair {
  record_id: string; record_type: string; publicised: boolean; tier: Tier; tier_derived: boolean;
  publicity_min_end: DateString | null; publicity_max_end: DateString | null; repairable_from: DateString | null;
  status: RepairStatus; conditions: Condition[]; documents: string[]; documents_en: string[];
  rule: string; basis: string;
  apply_to: { id: string; zh: string; en: string; url: string; basis: string } | null;
  expected_completion: DateString | null; free_of_charge: boolean; notes: Cited[];
  letters?: string[];
  /** The answer rests on a documented assumption of the pack. */
  assumed: boolean;
  /** The publicity/repair rules that judged this record's periods. */
  regime?: { id: string; zh: string; en: string; basis: string };
}
export interface Report {
  contract: "xinyong/1";
  as_of: DateString;
  /** `custom: true` and `sha256` (hex SHA-256 of the pack text as loaded) only for a portal's
   * own pack (`packJson`, `pack-src`); absent for packs shipped with xinyong. */
  pack: { id: string; version: string; base: string | null; custom?: true; sha256?: string;
          /** The pack's name, for people. */
          zh: string; en: string };
  regime: { id: string; zh: string; en: string; basis: string };
  subject: { kind: SubjectKind; id_masked: string; name: string; industry: Industry | null };
  grades: Grade[];
  commitments: Commitment[];
  repairs: Repair[];
  supervision: { class: string; zh: string; inspection: string; inspection_en: string; rule: string; basis: string; en: string } | null;
  measures: { incentives: Cited[]; restrictions: Cited[] };
  warnings: Cited[];
  ignored: { record_id: string; reason: string; reason_en: string }[];
}

export interface Problem { path: string; value: string | null; zh: string; en: string }
/**
 * What every export throws (a plain object, not an `Error`); `zh`/`en` repeat the first problem
 * with its path. Codes:
 * - `invalid_argument`: an argument of the wrong JS type (`validateSubjectId(123)`,
 *   `lintPack({})`, `evaluate(5)`, options that are not an object) or a `kind` other than
 *   "enterprise" / "person". The problem's `path` names the parameter (`id`, `kind`, `json`,
 *   `input`, `options`) and its `value` the JS type received (`number`, `object`, `undefined`…),
 *   never the value itself.
 * - `invalid_input` (`evaluate`, `evaluateJson`): the subject is not a valid contract v1 document, or an object
 *   holds what JSON cannot carry — a circular reference, a BigInt, NaN or ±Infinity, a function
 *   or symbol, a getter or `toJSON` that throws (its message is quoted), nesting deeper than 128
 *   levels — with the path where it is (`records[0].amount`).
 * - `invalid_options` (`evaluate`, `evaluateJson`): an unknown option, a bad date, a value JSON cannot carry, or
 *   `pack` together with `packJson` (give one).
 * - `invalid_pack` (`evaluate`, `evaluateJson`): `packJson` is not a valid pack.
 * An id is never quoted in an error: a problem with `subject.id` shows it masked, and id
 * messages name the part that is wrong (the birth-date part, the check character).
 */
export interface XinyongError {
  code: "invalid_argument" | "invalid_input" | "invalid_options" | "invalid_pack";
  zh: string; en: string; problems: Problem[];
}
/** `validateSubjectId`'s answer: an invalid id is an answer, not an exception (it throws only
 * `invalid_argument`). `zh`/`en` name what is wrong without quoting the id. */
export interface IdCheck { valid: boolean; kind: SubjectKind; zh: string | null; en: string | null }
export interface PackInfo {
  id: string; version: string; zh: string; en: string; base: string | null;
  effective_from: DateString; effective_to: DateString | null; basis: string;
}
/** `lintPack`'s answer: a bad pack is `valid: false` with its problems; it throws only
 * `invalid_argument` (when `json` is not a string). A valid pack also lists the optional parts
 * it leaves out and what applies instead (`defaults`, as `xinyong pack lint` prints them), and
 * the rules that state they loosen the national rules (`loosens`: every report made with the
 * pack warns of them); both are empty for a bad pack. */
export interface LintResult {
  valid: boolean; id: string | null; version: string | null; problems: Problem[];
  defaults: { path: string; zh: string; en: string }[];
  loosens: { rule: string; authority: string }[];
}
