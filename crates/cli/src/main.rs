//! `xinyong`: the command-line face of the engine (contract v1).
//!
//! Exit codes: 0 success, 2 invalid input (message on stderr naming the field path, the value
//! and what was expected, in Chinese and English), 1 anything else. Never a partial report.

mod batch;
mod doc;
mod term;
mod text;

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use xinyong_core::pack::{self, Format, Pack};
use xinyong_core::{Options, PackChoice, Problem, Problems};
use xinyong_model::Date;

#[derive(Parser)]
#[command(
    name = "xinyong",
    version,
    about = "信用自查 · credit self-check for transport-sector subjects (contract xinyong/1)"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutFormat {
    Json,
    Text,
}

#[derive(Clone, Copy, ValueEnum)]
enum InFormat {
    Csv,
    Xlsx,
    Jsonl,
}

impl From<InFormat> for xinyong_batch::Format {
    fn from(f: InFormat) -> Self {
        match f {
            InFormat::Csv => xinyong_batch::Format::Csv,
            InFormat::Xlsx => xinyong_batch::Format::Xlsx,
            InFormat::Jsonl => xinyong_batch::Format::Jsonl,
        }
    }
}

#[derive(Subcommand)]
enum Cmd {
    /// Check one subject: report JSON on stdout (`-` reads stdin).
    Check {
        file: String,
        /// Check date YYYY-MM-DD (default: the file's as_of, then today in China).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        /// Built-in pack id (default: the subject's region, then national).
        #[arg(long, conflicts_with = "pack_file")]
        pack: Option<String>,
        /// A pack file (JSON or TOML) to use instead of the built-in ones.
        #[arg(long, value_name = "PACK")]
        pack_file: Option<String>,
        #[arg(long, value_enum, default_value = "json")]
        format: OutFormat,
        /// Language of `--format text`: both (Chinese with English beside), zh or en. The JSON
        /// report always carries both.
        #[arg(long, value_enum, default_value = "both")]
        lang: text::Lang,
    },
    /// Pre-screen a batch (CSV, XLSX or JSONL) into a results file (CSV, XLSX or JSONL).
    Batch {
        /// The batch file (`-` reads stdin); omit with --template.
        #[arg(required_unless_present = "template")]
        file: Option<String>,
        /// Results file; its extension picks the format.
        #[arg(long)]
        out: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        /// Built-in pack id for every subject (default: each subject's region).
        #[arg(long)]
        pack: Option<String>,
        /// Write the input template (CSV or XLSX) to --out instead of screening.
        #[arg(long)]
        template: bool,
        /// Threads that screen (default: XINYONG_JOBS, else every core).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// The batch's format when its name does not say (stdin `-`: else guessed from its
        /// first bytes).
        #[arg(long, value_enum, value_name = "FORMAT")]
        input_format: Option<InFormat>,
        /// Language of the values written (industries, yes / no, supervision classes): zh or en.
        #[arg(long, default_value = "zh", value_parser = ["zh", "en"])]
        lang: String,
    },
    /// List the built-in packs: id, version, effective dates.
    Packs {
        #[arg(long, value_enum, default_value = "json")]
        format: OutFormat,
    },
    /// Work with pack files.
    Pack {
        #[command(subcommand)]
        cmd: PackCmd,
    },
}

#[derive(Subcommand)]
enum PackCmd {
    /// Check a pack file: citations, ids, references, thresholds, bounds, overlay rules.
    Lint {
        file: String,
        /// Lint one of the packs shipped in packs/ (it keeps its built-in id), not a portal's
        /// own pack.
        #[arg(long)]
        shipped: bool,
    },
    /// Markdown documentation of a pack (built-in id, or a pack file): schemes, thresholds,
    /// periods, sources, known gaps and every assumption. Committed under docs/packs/ID.md.
    Doc {
        /// Built-in pack id (see `xinyong packs`) or a pack file (.toml / .json).
        id: String,
    },
}

/// An error that ends the command: bad input (exit 2) or something else (exit 1).
enum Fail {
    Input(Problems),
    Other(String),
}

impl From<Problems> for Fail {
    fn from(p: Problems) -> Self {
        Fail::Input(p)
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    let mut stdout = std::io::stdout().lock();
    match run(cli, &mut stdout) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fail::Input(p)) => {
            eprintln!("{}", term::problems(&p));
            ExitCode::from(2)
        }
        Err(Fail::Other(msg)) => {
            eprintln!("{}", term::safe_lines(&msg));
            ExitCode::from(1)
        }
    }
}

/// clap's own refusals (unknown flag, bad `--format`, a flag without its value…) in Chinese,
/// then clap's English text, exit 2 like every usage error. `--help` and `--version` print
/// as clap writes them.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        e.exit();
    }
    let en = e.render().to_string();
    eprintln!(
        "{}\n{}",
        term::safe_lines(&usage_zh(&e)),
        term::safe_lines(en.trim_end())
    );
    ExitCode::from(2)
}

/// The Chinese line for a clap error, naming the argument and value clap names.
fn usage_zh(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("、"),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    let suggested = match get(ContextKind::SuggestedArg) {
        s if s.is_empty() => match get(ContextKind::SuggestedSubcommand) {
            s if s.is_empty() => String::new(),
            s => format!("。是否想写“{s}”？"),
        },
        s => format!("。是否想写“{s}”？"),
    };
    match e.kind() {
        ErrorKind::InvalidValue => {
            let value = get(ContextKind::InvalidValue);
            let valid = get(ContextKind::ValidValue);
            if value.is_empty() {
                format!("错误：参数 {arg} 缺少取值")
            } else if valid.is_empty() {
                format!("错误：参数 {arg} 的取值“{value}”无效{suggested}")
            } else {
                format!("错误：参数 {arg} 的取值“{value}”无效（可用取值：{valid}）{suggested}")
            }
        }
        ErrorKind::UnknownArgument => format!("错误：未知参数“{arg}”{suggested}"),
        ErrorKind::InvalidSubcommand => format!(
            "错误：未知子命令“{}”{suggested}",
            get(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingRequiredArgument => format!("错误：缺少必需的参数 {arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "错误：缺少子命令（check、batch、packs、pack）".into()
        }
        ErrorKind::ArgumentConflict => {
            let other = get(ContextKind::PriorArg);
            format!("错误：参数 {arg} 不能与 {other} 同时使用")
        }
        ErrorKind::TooManyValues => {
            format!("错误：参数 {arg} 给出的取值过多")
        }
        ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("错误：参数 {arg} 的取值个数不对")
        }
        ErrorKind::InvalidUtf8 => "错误：命令行参数不是有效的 UTF-8 文本".into(),
        _ => "错误：命令行参数有误".into(),
    }
}

/// Today in China (UTC+8): "today" in the rules is a Chinese calendar day wherever this runs.
fn today_in_china() -> chrono::NaiveDate {
    xinyong_core::dates::china_day(chrono::Utc::now().timestamp_millis() as f64)
}

/// Read a file or stdin (`-`), refusing anything larger than `limit` before reading it all.
fn read_input(path: &str, field: &str, limit: usize) -> Result<String, Fail> {
    let mut buf = Vec::new();
    let res = if path == "-" {
        std::io::stdin()
            .lock()
            .take(limit as u64 + 1)
            .read_to_end(&mut buf)
    } else {
        match std::fs::File::open(path) {
            Ok(f) => f.take(limit as u64 + 1).read_to_end(&mut buf),
            Err(e) => {
                return Err(Fail::Input(Problems::one(Problem::new(
                    field,
                    Some(format!("\"{path}\"")),
                    format!("无法打开文件：{}", io_zh(&e)),
                    format!("cannot open the file: {e}"),
                ))))
            }
        }
    };
    if let Err(e) = res {
        return Err(Fail::Input(Problems::one(Problem::new(
            field,
            Some(format!("\"{path}\"")),
            format!("读取失败：{}", io_zh(&e)),
            format!("cannot read: {e}"),
        ))));
    }
    if buf.len() > limit {
        return Err(Fail::Input(Problems::one(Problem::new(
            field,
            Some(format!("\"{path}\"")),
            format!("文件过大，上限为 {limit} 字节"),
            format!("file too large; at most {limit} bytes"),
        ))));
    }
    String::from_utf8(buf).map_err(|e| {
        Fail::Input(Problems::one(Problem::new(
            field,
            Some(format!("\"{path}\"")),
            format!(
                "文件不是 UTF-8 编码的文本（第 {} 字节处）",
                e.utf8_error().valid_up_to()
            ),
            format!(
                "file is not UTF-8 text (at byte {})",
                e.utf8_error().valid_up_to()
            ),
        )))
    })
}

fn io_zh(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在",
        std::io::ErrorKind::PermissionDenied => "没有读取权限",
        std::io::ErrorKind::IsADirectory => "这是一个目录",
        _ => "输入输出错误",
    }
}

fn write_out(out: &mut dyn Write, s: &str) -> Result<(), Fail> {
    out.write_all(s.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| Fail::Other(format!("写出失败 / cannot write output: {e}")))
}

fn parse_as_of(as_of: Option<String>) -> Result<Option<Date>, Fail> {
    match as_of {
        Some(s) => Date::parse(&s).map(Some).map_err(|m| {
            Fail::Input(Problems::one(Problem::new(
                "--as-of",
                Some(format!("\"{s}\"")),
                m.zh,
                m.en,
            )))
        }),
        None => Ok(None),
    }
}

fn load_pack_file(path: &str) -> Result<Pack, Fail> {
    let text = read_input(path, "--pack-file", pack::MAX_PACK_BYTES)?;
    Ok(pack::load_custom(&text, Format::from_name(path))?)
}

fn run(cli: Cli, out: &mut dyn Write) -> Result<(), Fail> {
    match cli.cmd {
        Cmd::Check {
            file,
            as_of,
            pack,
            pack_file,
            format,
            lang,
        } => {
            let as_of = parse_as_of(as_of)?;
            let custom = match &pack_file {
                Some(p) => Some(load_pack_file(p)?),
                None => None,
            };
            let choice = match (&pack, &custom) {
                (_, Some(p)) => PackChoice::Custom(p),
                (Some(id), None) => PackChoice::Builtin(id),
                (None, None) => PackChoice::FromSubject,
            };
            let text = read_input(&file, "FILE", xinyong_core::input::MAX_INPUT_BYTES)?;
            let opts = Options {
                as_of,
                today: today_in_china(),
                pack: choice,
            };
            let report = xinyong_core::evaluate_json(&text, &opts)?;
            let rendered = match format {
                OutFormat::Json => {
                    serde_json::to_string_pretty(&report).map_err(|e| Fail::Other(e.to_string()))?
                        + "\n"
                }
                OutFormat::Text => {
                    // The pack that judged the report names the record types in words.
                    let judged = custom
                        .as_ref()
                        .or_else(|| pack::builtin(&report.pack.id).ok());
                    text::render(&report, judged, lang).map_err(Fail::Other)?
                }
            };
            write_out(out, &rendered)
        }
        Cmd::Batch {
            file,
            out: dest,
            as_of,
            pack,
            template,
            jobs,
            input_format,
            lang,
        } => {
            let msg = match (template, file) {
                (true, _) => batch::template_cmd(&dest)?,
                (false, Some(file)) => {
                    let opts = Options {
                        as_of: parse_as_of(as_of)?,
                        today: today_in_china(),
                        pack: batch::choice(&pack),
                    };
                    let lang = if lang == "en" {
                        xinyong_batch::Lang::En
                    } else {
                        xinyong_batch::Lang::Zh
                    };
                    let jobs = batch::jobs(jobs.map(usize::from))?;
                    batch::run(
                        &file,
                        &dest,
                        &opts,
                        lang,
                        jobs,
                        input_format.map(Into::into),
                    )?
                }
                (false, None) => {
                    return Err(Fail::Other("缺少批量文件 / missing the batch FILE".into()))
                }
            };
            write_out(out, &msg)
        }
        Cmd::Packs { format } => {
            let infos: Vec<_> = pack::builtin_packs()?.iter().map(Pack::info).collect();
            let rendered = match format {
                OutFormat::Json => {
                    serde_json::to_string_pretty(&infos).map_err(|e| Fail::Other(e.to_string()))?
                        + "\n"
                }
                OutFormat::Text => infos
                    .iter()
                    .map(|i| {
                        let to = i
                            .effective_to
                            .map(|d| d.to_string())
                            .unwrap_or_else(|| "—".into());
                        let base = i.base.clone().unwrap_or_else(|| "—".into());
                        format!(
                            "{:<22} {:<12} {} → {:<10}  base {:<10} {}\n",
                            i.id, i.version, i.effective_from, to, base, i.zh
                        )
                    })
                    .collect(),
            };
            write_out(out, &rendered)
        }
        Cmd::Pack {
            cmd: PackCmd::Doc { id },
        } => write_out(out, &doc::run(&id)?),
        Cmd::Pack {
            cmd: PackCmd::Lint { file, shipped },
        } => {
            let text = read_input(&file, "PACK", pack::MAX_PACK_BYTES)?;
            let p = if shipped {
                pack::load_as_shipped(&text, Format::from_name(&file))?
            } else {
                pack::load_custom(&text, Format::from_name(&file))?
            };
            let name = Path::new(&file)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or(&file);
            // The file name and the pack's own id and version are someone else's text.
            let (name, id, version) = (
                term::safe(name),
                term::safe(&p.meta.id),
                term::safe(&p.meta.version),
            );
            let mut msg = format!(
                "{name}: 规则包 {} {} 检查通过 / pack {} {} is valid ({} grade schemes, {} commitment schemes, {} regimes)\n",
                id,
                version,
                id,
                version,
                p.rules.grade_schemes.len(),
                p.rules.commitment_schemes.len(),
                p.rules.regimes.len()
            );
            // Accepted, but every report made with the pack will warn of these.
            for (id, authority) in pack::loosened(&p.rules) {
                msg.push_str(&format!(
                    "  放宽全国规则 loosens_national: {} — {}\n",
                    term::safe(id),
                    term::safe(authority)
                ));
            }
            // Accepted too: optional parts left out, and what applies instead.
            for d in &p.defaults {
                msg.push_str(&format!(
                    "  默认值 default: {} — {} / {}\n",
                    term::safe(&d.path),
                    d.zh,
                    d.en
                ));
            }
            write_out(out, &msg)
        }
    }
}
