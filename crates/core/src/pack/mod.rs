//! Rule packs: parse (TOML or JSON), merge an overlay onto its base, validate.
//!
//! A pack is data. Loading never panics: every defect becomes a [`Problem`] naming the path
//! inside the pack (`grade_schemes[0].bands[2].min`).

pub mod bounds;
mod builtin;
mod defaults;
pub mod doc;
mod lint;
mod loosen;
pub mod schema;
mod schema_json;
#[cfg(feature = "toml")]
mod toml_json;

use chrono::NaiveDate;
use serde::Serialize;
use xinyong_model::{Date, Str};

pub use builtin::{builtin, builtin_ids, builtin_json, builtin_packs, pack_listing, PackListing};
pub use defaults::DefaultUsed;
pub use lint::lint_file;
pub use loosen::loosened;
pub use schema::*;

use crate::dates::WorkCalendar;
use crate::error::{Problem, Problems};
use crate::json::Json;

/// Largest pack document accepted (bytes); a hostile 50 MB "pack" is refused before parsing.
pub const MAX_PACK_BYTES: usize = 2 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

impl Format {
    /// Guess from a file name; JSON unless it ends in `.toml`.
    pub fn from_name(name: &str) -> Format {
        if name.to_ascii_lowercase().ends_with(".toml") {
            Format::Toml
        } else {
            Format::Json
        }
    }
}

/// A resolved pack: an overlay merged onto its base, checked, ready to evaluate with.
#[derive(Clone, Debug)]
pub struct Pack {
    pub meta: PackMeta,
    /// Pack ids from the national base up to this pack.
    pub chain: Vec<String>,
    pub rules: PackFile,
    pub calendar: WorkCalendar,
    /// For a portal's own pack ([`load_custom`]): the SHA-256 of its file as loaded, lower-case
    /// hex. Reports say `custom: true` and give it. `None` for packs shipped with xinyong.
    pub custom_sha256: Option<String>,
    /// Optional parts the pack file left out and the defaults used instead (`defaults.rs`);
    /// `xinyong pack lint` and `pack doc` list them. Empty for every shipped pack (tested).
    pub defaults: Vec<DefaultUsed>,
}

/// What `xinyong packs` lists.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PackInfo {
    pub id: Str,
    pub version: Str,
    pub zh: Str,
    pub en: Str,
    pub base: Option<Str>,
    pub effective_from: Date,
    pub effective_to: Option<Date>,
    pub basis: Str,
}

impl Pack {
    pub fn info(&self) -> PackInfo {
        PackInfo {
            id: self.meta.id.clone(),
            version: self.meta.version.clone(),
            zh: self.meta.zh.clone(),
            en: self.meta.en.clone(),
            base: self.meta.base.clone(),
            effective_from: self.meta.effective_from,
            effective_to: self.meta.effective_to,
            basis: self.meta.basis.clone(),
        }
    }

    pub fn catalogue_entry(&self, kind: &str) -> Option<&CatalogueEntry> {
        self.rules.catalogue.iter().find(|c| c.kind == kind)
    }

    pub fn behaviour(&self, code: &str) -> Option<&Behaviour> {
        self.rules.behaviours.iter().find(|b| b.code == code)
    }

    /// The publicity/repair regime in force on `day`.
    pub fn regime_at(&self, day: NaiveDate) -> Option<&Regime> {
        self.rules
            .regimes
            .iter()
            .filter(|r| r.from.0 <= day)
            .max_by_key(|r| r.from)
    }

    /// Every regime in force on some day from `first` to `last`, oldest first.
    pub fn regimes_between(&self, first: NaiveDate, last: NaiveDate) -> Vec<&Regime> {
        let mut v: Vec<&Regime> = self.rules.regimes.iter().collect();
        crate::sort::sort_by(&mut v, |a, b| a.from.cmp(&b.from));
        let n = v.len();
        (0..n)
            .filter(|&i| {
                let starts = v[i].from.0 <= last;
                // In force until the day before the next regime starts.
                let ends_after = i + 1 == n || v[i + 1].from.0 > first;
                starts && ends_after
            })
            .map(|i| v[i])
            .collect()
    }

    /// The simplified-procedure limits in force on `day`, if the pack has them.
    pub fn simplified_procedure_at(&self, day: NaiveDate) -> Option<&SimplifiedProcedure> {
        self.rules
            .simplified_procedure
            .iter()
            .find(|s| s.in_force(day))
    }

    pub fn grade_scheme(&self, id: &str) -> Option<&GradeScheme> {
        self.rules.grade_schemes.iter().find(|g| g.id == id)
    }
}

/// Parse a pack document. Size, syntax and shape are checked; semantics by [`resolve`].
pub fn parse_pack(text: &str, format: Format) -> Result<PackFile, Problems> {
    if text.len() > MAX_PACK_BYTES {
        return Err(Problems::one(Problem::new(
            "",
            Some(format!("{} bytes", text.len())),
            format!(
                "规则包过大（{} 字节），上限为 {MAX_PACK_BYTES} 字节",
                text.len()
            ),
            format!(
                "pack too large ({} bytes); at most {MAX_PACK_BYTES} bytes",
                text.len()
            ),
        )));
    }
    let value = match format {
        Format::Json => crate::json::parse(text).map_err(|e| {
            Problems::one(Problem::new(
                "",
                None,
                format!(
                    "规则包不是有效的 JSON（第 {} 行第 {} 列）",
                    e.line(),
                    e.column()
                ),
                format!(
                    "pack is not valid JSON (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
            ))
        })?,
        #[cfg(feature = "toml")]
        Format::Toml => Json::from(toml_to_json(text)?),
        // The browser build carries no TOML parser: portals publish packs as JSON.
        #[cfg(not(feature = "toml"))]
        Format::Toml => {
            return Err(Problems::one(Problem::new(
                "",
                None,
                "此处只接受 JSON 格式的规则包（TOML 规则包请用 xinyong 命令行工具转换或检查）",
                "only JSON packs are accepted here (check or convert TOML packs with the xinyong command-line tool)",
            )))
        }
    };
    from_value(&value)
}

fn from_value(doc: &Json) -> Result<PackFile, Problems> {
    crate::json::read(doc).map_err(|e| Problems::one(crate::input::typing_problem(e)))
}

/// TOML is read into a table first, then handed to the same deserializer as JSON, so both
/// formats give identical errors. TOML dates become `YYYY-MM-DD` strings.
#[cfg(feature = "toml")]
fn toml_to_json(text: &str) -> Result<serde_json::Value, Problems> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
        let msg = e.message().to_string();
        Problems::one(Problem::new(
            "",
            None,
            format!("规则包不是有效的 TOML（第 {line} 行第 {col} 列）：{msg}"),
            format!("pack is not valid TOML (line {line}, column {col}): {msg}"),
        ))
    })?;
    let table = toml::Value::Table(table);
    let mut problems = Vec::new();
    non_finite(&table, "", &mut problems);
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    Ok(toml_json::toml_value(table))
}

/// TOML has `nan` and `inf`, JSON has neither: converted, they became `null`, and an optional
/// number (`points = nan` on a behaviour) was silently absent. Every one is refused instead.
#[cfg(feature = "toml")]
fn non_finite(v: &toml::Value, path: &str, out: &mut Vec<Problem>) {
    match v {
        toml::Value::Float(f) if !f.is_finite() => out.push(Problem::new(
            path,
            Some(f.to_string()),
            "不是有限数（规则包中不能使用 nan 或 inf）",
            "not a finite number (a pack cannot use nan or inf)",
        )),
        toml::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                non_finite(x, &format!("{path}[{i}]"), out);
            }
        }
        toml::Value::Table(t) => {
            for (k, x) in t {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                non_finite(x, &p, out);
            }
        }
        _ => {}
    }
}

#[cfg(feature = "toml")]
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

/// Several TOML files that together form one pack (e.g. `pack.toml` + `calendar.toml`):
/// top-level keys are merged; a key in two files is an error.
#[cfg(feature = "toml")]
pub fn parse_toml_parts(parts: &[(&str, &str)]) -> Result<PackFile, Problems> {
    let mut merged = serde_json::Map::new();
    for (name, text) in parts {
        let v = toml_to_json(text).map_err(|mut p| {
            for e in &mut p.0 {
                e.zh = format!("{name}：{}", e.zh);
                e.en = format!("{name}: {}", e.en);
            }
            p
        })?;
        if let serde_json::Value::Object(m) = v {
            for (k, v) in m {
                if merged.contains_key(&k) {
                    return Err(Problems::one(Problem::new(
                        k.clone(),
                        None,
                        format!("{name} 重复定义了顶层键 {k}"),
                        format!("{name} defines top-level key `{k}` again"),
                    )));
                }
                merged.insert(k, v);
            }
        }
    }
    from_value(&Json::from(serde_json::Value::Object(merged)))
}

/// Merge `file` onto `base` (when it is an overlay) and check the result, including that it
/// loosens nothing of its base — for a pack without a base, of the built-in `national` pack —
/// without naming its authority (`loosens_national`, see `loosen.rs`).
pub fn resolve(file: PackFile, base: Option<&Pack>) -> Result<Pack, Problems> {
    let mut problems = base_problems(&file, base);
    problems.extend(lint_file(&file, base));
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    let written = loosen::Written::of(&file);
    let pack = assemble(file, base);
    let mut problems = lint::lint_resolved(&pack.rules);
    let reference = match base {
        Some(b) => Some(b),
        None => builtin("national").ok(),
    };
    if let Some(r) = reference {
        problems.extend(loosen::check(&written, &pack.rules, &r.rules, &r.meta.id));
    }
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    Ok(pack)
}

/// Merge a pack that shipped with xinyong onto its base without linting it again: the embedded
/// packs, which a test lints (`builtin::tests`), and the overlays a front end fetches pinned to
/// their build-time hash. Why: the lint is ≈ 16 KB gzip of a browser build, and the public
/// self-check reads no other pack. Anything from elsewhere goes through [`resolve`].
pub fn resolve_shipped(file: PackFile, base: Option<&Pack>) -> Result<Pack, Problems> {
    let problems = base_problems(&file, base);
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    Ok(assemble(file, base))
}

/// A shipped pack's JSON (see [`pack_listing`]) on top of its embedded base, unlinted (see
/// [`resolve_shipped`]).
pub fn load_shipped(json: &str) -> Result<Pack, Problems> {
    let (file, base) = parse_on_builtin_base(json, Format::Json)?;
    resolve_shipped(file, base)
}

/// A pack file and the built-in pack its `base` names (none for a base pack).
fn parse_on_builtin_base(
    text: &str,
    format: Format,
) -> Result<(PackFile, Option<&'static Pack>), Problems> {
    let file = parse_pack(text, format)?;
    let base = match &file.pack.base {
        Some(id) => Some(builtin(id)?),
        None => None,
    };
    Ok((file, base))
}

fn base_problems(file: &PackFile, base: Option<&Pack>) -> Vec<Problem> {
    match (&file.pack.base, base) {
        (Some(want), Some(b)) if *want != b.meta.id => vec![Problem::new(
            "pack.base",
            Some(format!("\"{want}\"")),
            format!("基础规则包应为 {want}，实际提供的是 {}", b.meta.id),
            format!("overlay expects base {want} but was given {}", b.meta.id),
        )],
        (Some(want), None) => vec![Problem::new(
            "pack.base",
            Some(format!("\"{want}\"")),
            "找不到基础规则包",
            "base pack not found",
        )],
        _ => Vec::new(),
    }
}

fn assemble(mut file: PackFile, base: Option<&Pack>) -> Pack {
    let defaults = defaults::apply(&mut file, base.map(|b| &b.rules));
    let (rules, chain) = match base {
        Some(b) => {
            let mut chain = b.chain.clone();
            chain.push(file.pack.id.to_string());
            (merge(&b.rules, file), chain)
        }
        None => {
            let id = file.pack.id.to_string();
            (file, vec![id])
        }
    };
    let calendar = rules
        .calendar
        .as_ref()
        .map(work_calendar)
        .unwrap_or_default();
    Pack {
        meta: rules.pack.clone(),
        chain,
        rules,
        calendar,
        custom_sha256: None,
        defaults,
    }
}

fn work_calendar(c: &Calendar) -> WorkCalendar {
    WorkCalendar::new(
        c.years.iter().map(|y| y.year),
        c.years.iter().flat_map(|y| y.holidays.iter().map(|d| d.0)),
        c.years.iter().flat_map(|y| y.workdays.iter().map(|d| d.0)),
    )
}

/// Rules an overlay can replace (same id, `overrides = true`) or add.
pub(crate) trait Keyed {
    fn key(&self) -> &str;
    fn overrides(&self) -> bool;
}

macro_rules! keyed {
    ($t:ty, $k:ident) => {
        impl Keyed for $t {
            fn key(&self) -> &str {
                &self.$k
            }
            fn overrides(&self) -> bool {
                self.overrides.unwrap_or(false)
            }
        }
    };
}
keyed!(CatalogueEntry, kind);
keyed!(Regime, id);
keyed!(Behaviour, code);
keyed!(GradeScheme, id);
keyed!(CommitmentScheme, id);
keyed!(SupervisionClass, id);
keyed!(Measure, id);
keyed!(WarningRule, id);
keyed!(Letter, id);
keyed!(SimplifiedProcedure, id);

/// Replace overridden items in place; add new ones at the end, or at the front where the
/// list is first-match-wins (supervision), so a region's stricter class is tried first.
fn merge_list<T: Keyed + Clone>(
    base: &[T],
    over: Vec<T>,
    remove: &[String],
    prepend: bool,
) -> Vec<T> {
    let mut out: Vec<T> = base
        .iter()
        .filter(|b| !remove.iter().any(|r| r == b.key()))
        .cloned()
        .collect();
    let mut added = Vec::new();
    for item in over {
        match out.iter_mut().find(|b| b.key() == item.key()) {
            Some(slot) => *slot = item,
            None => added.push(item),
        }
    }
    if prepend {
        added.extend(out);
        added
    } else {
        out.extend(added);
        out
    }
}

fn merge(base: &PackFile, over: PackFile) -> PackFile {
    let rm = &over.remove;
    // An overlay's scheme that is the main scheme for an industry takes that place from the
    // base's (which then still applies, as a secondary grade): a region's own rule is what
    // its supervision reads.
    let mut base = base.clone();
    for o in &over.grade_schemes {
        for b in base.grade_schemes.iter_mut().filter(|b| b.id != o.id) {
            b.primary_for.retain(|i| !o.primary_for.contains(i));
        }
    }
    let base = &base;
    let mut merged = PackFile {
        pack: over.pack.clone(),
        catalogue: merge_list(&base.catalogue, over.catalogue, rm, false),
        regimes: merge_list(&base.regimes, over.regimes, rm, false),
        behaviours: merge_list(&base.behaviours, over.behaviours, rm, false),
        grade_schemes: merge_list(&base.grade_schemes, over.grade_schemes, rm, false),
        commitment_schemes: merge_list(
            &base.commitment_schemes,
            over.commitment_schemes,
            rm,
            false,
        ),
        supervision: merge_list(&base.supervision, over.supervision, rm, true),
        measures: merge_list(&base.measures, over.measures, rm, false),
        warnings: merge_list(&base.warnings, over.warnings, rm, false),
        letters: merge_list(&base.letters, over.letters, rm, false),
        calendar: over.calendar.or_else(|| base.calendar.clone()),
        scheme_additions: Vec::new(),
        remove: Vec::new(),
        simplified_procedure: merge_list(
            &base.simplified_procedure,
            over.simplified_procedure,
            rm,
            false,
        ),
    };
    // Lint has checked that every addition names a scheme of the base.
    for add in over.scheme_additions {
        if let Some(g) = merged.grade_schemes.iter_mut().find(|g| g.id == add.scheme) {
            g.items.extend(add.items);
            g.direct_lowest.extend(add.direct_lowest);
        }
    }
    merged
}

/// Load a portal's own pack (JSON or TOML) at run time, on top of the built-in base it names.
/// Linted like any pack ([`resolve`]); besides, it may not take the id of a pack shipped with
/// xinyong (a file claiming `id = "national"` with altered rules would otherwise make reports
/// that read exactly like the built-in pack's), and it is stamped with the SHA-256 of its text,
/// which reports give beside `custom: true`.
pub fn load_custom(text: &str, format: Format) -> Result<Pack, Problems> {
    let (file, base) = parse_on_builtin_base(text, format).map_err(defaults::what_to_write)?;
    let taken = builtin_id_taken(&file.pack.id);
    match (resolve(file, base), taken) {
        (Ok(mut p), None) => {
            p.custom_sha256 = Some(sha256_hex(text.as_bytes()));
            Ok(p)
        }
        (Ok(_), Some(t)) => Err(Problems::one(t)),
        (Err(mut e), t) => {
            e.0.splice(0..0, t);
            Err(e)
        }
    }
}

/// A shipped pack's source file (TOML or JSON) as it would ship: linted on its built-in base
/// like [`load_custom`], but it may carry its built-in id, and it is not stamped custom
/// (`xinyong pack lint --shipped`, for whoever maintains `packs/`).
pub fn load_as_shipped(text: &str, format: Format) -> Result<Pack, Problems> {
    let (file, base) = parse_on_builtin_base(text, format).map_err(defaults::what_to_write)?;
    resolve(file, base)
}

fn builtin_id_taken(id: &str) -> Option<Problem> {
    pack_listing().iter().any(|l| l.id == id).then(|| {
        Problem::new(
            "pack.id",
            Some(format!("\"{id}\"")),
            format!(
                "{id} 是随 xinyong 发布的内置规则包的编号；门户自有规则包不能冒用，请另取编号（例如 {id}-portal），并用 base 指向要叠加的内置规则包"
            ),
            format!(
                "{id} is the id of a pack shipped with xinyong; a portal's own pack cannot take it: give it an id of its own (e.g. {id}-portal) and name the built-in pack it extends in `base`"
            ),
        )
    })
}

/// Lower-case hex SHA-256, as `sha256sum` prints it.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in sha2::Sha256::digest(bytes) {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 0xf)] as char);
    }
    out
}
