//! The widget's root component: state, layout, language, files, printing.

use std::rc::Rc;

use chrono::NaiveDate;
use web_sys::HtmlInputElement;
use xinyong_core::Problem;
use xinyong_model::{Industry, Record, SubjectKind};
use yew::prelude::*;

use crate::draft::{self, Draft, Outcome};
use crate::i18n::Lang;
#[cfg(feature = "staff")]
use crate::inquiry::InquiryPanel;
use crate::packs::{self, PackFor};
use crate::report::ReportView;
#[cfg(feature = "staff")]
use crate::staff::StaffView;
#[cfg(feature = "staff")]
use crate::worker::{WorkerError, WorkerRef};
use crate::{dom, records::RecordsEditor, subject::SubjectForm};

/// Scoped styles: every selector starts with `.xy`, so the sheet can sit in a page or in a
/// shadow root without touching anything else. The staff screens' rules only in the full build.
#[cfg(not(feature = "staff"))]
pub const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.css"));
#[cfg(feature = "staff")]
pub const CSS: &str = concat!(
    include_str!(concat!(env!("OUT_DIR"), "/widget.css")),
    " ",
    include_str!(concat!(env!("OUT_DIR"), "/widget-staff.css"))
);

/// Every change to the entered data.
#[derive(Clone, Debug, PartialEq)]
pub enum Act {
    Kind(SubjectKind),
    Id(String),
    Name(String),
    Industry(Option<Industry>),
    Region(String),
    AsOf(String),
    QualifiedOn(String),
    DriversShare(String),
    /// Add (`index: None`) or replace a record.
    Save {
        index: Option<usize>,
        record: Record,
    },
    Remove(usize),
    /// Put a removed record back where it was (undo).
    Restore {
        index: usize,
        record: Record,
    },
    /// A whole subject file was imported.
    Replace(Draft),
    /// A CSV of records was imported.
    Records(Vec<Record>),
}

impl Reducible for Draft {
    type Action = Act;
    fn reduce(self: Rc<Self>, act: Act) -> Rc<Self> {
        let mut d = (*self).clone();
        match act {
            Act::Kind(k) => {
                d.kind = k;
                // A person's only industry is `driver`, and only a person can be one.
                d.industry = match (k, d.industry) {
                    (SubjectKind::Person, _) => Some(Industry::Driver),
                    (SubjectKind::Enterprise, Some(Industry::Driver)) => None,
                    (_, i) => i,
                };
            }
            Act::Id(s) => d.id = s,
            Act::Name(s) => d.name = s,
            Act::Industry(i) => d.industry = i,
            Act::Region(r) => d.region = r,
            Act::AsOf(s) => d.as_of = s,
            Act::QualifiedOn(s) => d.qualified_on = s,
            Act::DriversShare(s) => d.drivers_aa_share = s,
            Act::Save { index, record } => match index {
                Some(i) if i < d.records.len() => d.records[i] = record,
                _ => d.records.push(record),
            },
            Act::Remove(i) => {
                if i < d.records.len() {
                    d.records.remove(i);
                }
            }
            Act::Restore { index, record } => {
                let at = index.min(d.records.len());
                d.records.insert(at, record);
            }
            Act::Replace(n) => d = n,
            Act::Records(r) => d.records = r,
        }
        Rc::new(d)
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    #[prop_or_default]
    pub lang: Lang,
    /// Pack id to start with.
    #[prop_or_default]
    pub region: Option<AttrValue>,
    /// localStorage key used only after the user opts in.
    #[prop_or(AttrValue::Static("xinyong.draft.v1"))]
    pub storage_key: AttrValue,
    /// Fixed "today" (tests); today in China (UTC+8) from the browser's clock otherwise.
    #[prop_or_default]
    pub today: Option<NaiveDate>,
    /// Prefix for element ids, unique per mounted widget.
    #[prop_or(AttrValue::Static("xy"))]
    pub uid: AttrValue,
    /// Industry code to preselect (a portal page for one industry).
    #[prop_or_default]
    pub industry: Option<AttrValue>,
    /// Check date `YYYY-MM-DD` to preselect.
    #[prop_or_default]
    pub as_of: Option<AttrValue>,
    /// A portal's own pack (loaded at run time); replaces the built-in pack choice.
    #[prop_or_default]
    pub custom_pack: Option<PackRef>,
    /// Staff mode (batch pre-screening) instead of the self-check; switchable live.
    #[prop_or_default]
    pub staff_mode: bool,
    /// The portal pack's JSON text (staff mode hands it to the worker).
    #[prop_or_default]
    pub pack_json: Option<AttrValue>,
    /// Absolute http(s) URL of a published dataset: shows the inquiry search in self mode.
    #[prop_or_default]
    pub dataset_src: Option<AttrValue>,
    /// URL of `xinyong-staff-worker.js`, started only when staff mode or inquiry is used.
    #[prop_or_default]
    pub worker_url: Option<AttrValue>,
    /// Folder (ending in `/`) holding the regional packs this build does not embed
    /// (`<id>.json`, written by `cargo xtask dist` beside the module).
    #[prop_or(AttrValue::Static("packs/"))]
    pub packs_url: AttrValue,
    /// False when the host adopts the style sheet itself (a strict CSP forbids `<style>`).
    #[prop_or(true)]
    pub inline_css: bool,
}

/// A message about an import, export or storage action.
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    pub ok: bool,
    pub zh: String,
    pub en: String,
    pub details: Vec<(String, String)>,
}

impl Status {
    fn ok(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Status {
            ok: true,
            zh: zh.into(),
            en: en.into(),
            details: vec![],
        }
    }
    fn err(zh: impl Into<String>, en: impl Into<String>, details: Vec<(String, String)>) -> Self {
        Status {
            ok: false,
            zh: zh.into(),
            en: en.into(),
            details,
        }
    }
}

/// A letter (or any text) queued for printing on its own.
#[derive(Clone, Debug, PartialEq)]
pub struct PrintSlot {
    pub title: String,
    pub body: String,
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let today = *use_state(|| props.today.unwrap_or_else(dom::today));
    let key = props.storage_key.to_string();
    // Only a draft the user chose to remember is ever read back.
    let stored = use_state({
        let key = key.clone();
        move || {
            dom::storage_get(&key)
                .and_then(|t| xinyong_core::input::parse_input(&t).ok())
                .map(Draft::from_input)
        }
    });
    let remember = use_state(|| stored.is_some());
    let draft = use_reducer({
        let stored = (*stored).clone();
        let region = props.region.clone();
        move || {
            stored.unwrap_or_else(|| Draft {
                region: region
                    .map(|r| r.to_string())
                    .unwrap_or_else(|| "national".into()),
                ..Draft::default()
            })
        }
    });
    let lang = use_state(|| props.lang);
    let l = *lang;
    let status = use_state(|| None::<Status>);
    let print_slot = use_state(|| None::<PrintSlot>);
    let first_report = use_mut_ref(|| false);

    let root_ref = use_node_ref();
    // The pack that answers: the portal's own, or the region's (embedded, or an overlay fetched
    // on this page; see `packs`). A fetched overlay re-renders the widget; a failed fetch is
    // kept with its region so that picking another region clears it.
    let refresh = use_force_update();
    let pack_error = use_state(|| None::<(String, Problem)>);
    let answer = match props.custom_pack {
        Some(p) => Some(PackFor::Ready(p.0)),
        None => packs::pack_for(&draft.region),
    };
    let ready = match answer {
        Some(PackFor::Ready(p)) => Some(PackRef(p)),
        _ => None,
    };
    let failed = (*pack_error)
        .as_ref()
        .filter(|(r, _)| *r == draft.region)
        .map(|(_, p)| p.clone());
    let outcome = use_memo(
        ((*draft).clone(), today, ready, failed),
        |(d, t, r, f)| match (r, f) {
            (Some(p), _) => draft::evaluate_with(d, *t, p.0),
            (None, Some(problem)) => Outcome::Problems(vec![problem.clone()]),
            (None, None) => Outcome::Loading,
        },
    );
    {
        let to_fetch = match answer {
            Some(PackFor::Fetch(l)) if pack_error.as_ref().is_none_or(|(r, _)| *r != l.id) => {
                Some(l)
            }
            _ => None,
        };
        let base = props.packs_url.to_string();
        let pack_error = pack_error.clone();
        let root_ref = root_ref.clone();
        use_effect_with(to_fetch, move |l| {
            if let Some(l) = *l {
                yew::platform::spawn_local(async move {
                    match packs::fetch(&base, l).await {
                        Ok(_) => refresh.force_update(),
                        Err(p) => {
                            if let Some(el) = root_ref.get() {
                                dom::announce_js(
                                    &el,
                                    "xinyong-error",
                                    &dom::error_detail("pack_load", &p.zh, &p.en),
                                );
                            }
                            pack_error.set(Some((l.id.to_string(), p)));
                        }
                    }
                });
            }
        });
    }
    // One staff worker per widget, created on first use and stopped with the widget.
    #[cfg(feature = "staff")]
    let worker = use_state({
        let url = props.worker_url.as_ref().map(|u| u.to_string());
        move || WorkerRef::new(url)
    });
    #[cfg(feature = "staff")]
    {
        let worker = (*worker).clone();
        use_effect_with((), move |_| move || worker.terminate());
    }
    // Staff state survives a switch back to self mode and again (the view is hidden, not
    // dropped), so a live `mode` change loses no screening.
    let staff_seen = use_state(|| props.staff_mode);
    {
        let staff_seen = staff_seen.clone();
        use_effect_with(props.staff_mode, move |on| {
            if *on && !*staff_seen {
                staff_seen.set(true);
            }
        });
    }
    // Worker failures (a dataset that cannot be loaded, a batch that cannot be read) reach the
    // host page like pack errors: an `xinyong-error` event.
    #[cfg(feature = "staff")]
    let on_worker_error = {
        let root_ref = root_ref.clone();
        Callback::from(move |e: WorkerError| {
            if let Some(el) = root_ref.get() {
                dom::announce(&el, "xinyong-error", &e);
            }
        })
    };

    // Options changed by the host (a custom element's attributes) take effect live; what the
    // user typed stays.
    {
        let lang = lang.clone();
        use_effect_with(props.lang, move |l| lang.set(*l));
    }
    {
        let d = draft.dispatcher();
        use_effect_with(props.region.clone(), move |r| {
            if let Some(r) = r {
                d.dispatch(Act::Region(r.to_string()));
            }
        });
    }
    {
        let d = draft.dispatcher();
        use_effect_with(props.industry.clone(), move |i| {
            if let Some(i) = i {
                d.dispatch(Act::Industry(Industry::from_str_opt(i)));
            }
        });
    }
    {
        let d = draft.dispatcher();
        use_effect_with(props.as_of.clone(), move |a| {
            if let Some(a) = a {
                d.dispatch(Act::AsOf(a.to_string()));
            }
        });
    }
    // Each new report is announced to the host page as a `xinyong-result` DOM event.
    {
        let root_ref = root_ref.clone();
        use_effect_with(outcome.clone(), move |o| {
            if let (Outcome::Report(r), Some(el)) = (&**o, root_ref.get()) {
                dom::announce_report(&el, r);
            }
        });
    }

    use_effect_with((), |_| dom::mark("xinyong:interactive"));
    {
        let first_report = first_report.clone();
        use_effect_with(outcome.clone(), move |o| {
            if matches!(**o, Outcome::Report(_)) && !*first_report.borrow() {
                *first_report.borrow_mut() = true;
                dom::mark("xinyong:first-report");
            }
        });
    }
    {
        let status = status.clone();
        let key = key.clone();
        use_effect_with(((*draft).clone(), *remember), move |(d, on)| {
            if *on {
                if dom::storage_set(&key, &d.to_json()).is_err() {
                    status.set(Some(Status::err(
                        "此浏览器不允许在本机保存（可能是隐私模式），请改用“导出 JSON”",
                        "This browser refuses to store data (private mode?); use “Export JSON” instead",
                        vec![],
                    )));
                }
            } else {
                dom::storage_remove(&key);
            }
        });
    }
    {
        let print_slot = print_slot.clone();
        use_effect_with((*print_slot).clone(), move |slot| {
            if slot.is_some() {
                dom::print();
                print_slot.set(None);
            }
        });
    }

    let css = props.inline_css.then(|| html! { <style>{CSS}</style> });
    // The forms follow the pack's catalogue; while a region's overlay is on its way they show
    // its base's (the answers say the pack is loading).
    let base = xinyong_core::pack::builtin_packs()
        .ok()
        .and_then(|p| p.first());
    let Some(pack) = ready.or_else(|| base.map(PackRef)) else {
        let detail = match xinyong_core::pack::builtin_packs() {
            Err(p) => p.to_string(),
            Ok(_) => String::new(),
        };
        return html! {
            <div class="xy" lang={l.code()} ref={root_ref.clone()}>
                { css }
                <div class="xy-fatal" role="alert">
                    <strong>{ l.t("规则包无法加载，自查工具暂不可用。", "The rule packs could not be loaded; the self-check is unavailable.") }</strong>
                    <pre>{ detail }</pre>
                </div>
            </div>
        };
    };

    let toggle_lang = {
        let lang = lang.clone();
        Callback::from(move |_| lang.set(lang.other()))
    };
    let on_print = {
        let root_ref = root_ref.clone();
        Callback::from(move |_| match root_ref.cast::<web_sys::Element>() {
            Some(el) => dom::print_alone(&el),
            None => dom::print(),
        })
    };
    let on_print_slot = {
        let print_slot = print_slot.clone();
        Callback::from(move |s: PrintSlot| print_slot.set(Some(s)))
    };
    let on_as_of = {
        let d = draft.dispatcher();
        Callback::from(move |e: InputEvent| {
            d.dispatch(Act::AsOf(
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ))
        })
    };
    let as_of_today = {
        let d = draft.dispatcher();
        Callback::from(move |_| d.dispatch(Act::AsOf(String::new())))
    };

    let uid = props.uid.clone();
    let as_of_id = format!("{uid}-asof");
    let summary = summary_text(&outcome, l);
    let printing_one = print_slot.is_some();

    #[cfg(feature = "staff")]
    let staff_screen = if *staff_seen {
        html! {
            <div class="xy-staff-mode" hidden={!props.staff_mode}>
                <StaffView lang={l} worker={(*worker).clone()} uid={uid.clone()} {today}
                    as_of={props.as_of.clone()} region={props.region.clone()} pack_json={props.pack_json.clone()}
                    custom_pack={props.custom_pack} on_error={on_worker_error.clone()} on_print={on_print_slot.clone()} />
            </div>
        }
    } else {
        Html::default()
    };
    // The self-check bundle has no staff screens: `<xinyong-check mode="staff">` loads the
    // staff bundle instead; a page calling this bundle's `mount` directly is told so.
    #[cfg(not(feature = "staff"))]
    let staff_screen = {
        let _ = (&staff_seen, &on_print_slot);
        if props.staff_mode {
            html! {
                <div class="xy-staff-mode" role="alert">
                    <p class="xy-msg xy-msg-err">{ l.t(
                        "此文件是信用自查版本，不含工作人员批量预审；请使用 xinyong_web_staff.js（<xinyong-check mode=\"staff\"> 会自动加载）。",
                        "This is the self-check build, without staff pre-screening; use xinyong_web_staff.js (<xinyong-check mode=\"staff\"> loads it by itself).") }</p>
                </div>
            }
        } else {
            Html::default()
        }
    };

    #[cfg(feature = "staff")]
    let inquiry = match &props.dataset_src {
        Some(src) => html! {
            <InquiryPanel lang={l} worker={(*worker).clone()} uid={uid.clone()} src={src.clone()}
                draft={draft.clone()} on_error={on_worker_error.clone()} />
        },
        None => Html::default(),
    };
    // The inquiry talks to the staff worker, so it lives in the full build too:
    // `<xinyong-check dataset-src=…>` loads that build; a page mounting this one directly with
    // a dataset is told so.
    #[cfg(not(feature = "staff"))]
    let inquiry = if props.dataset_src.is_some() {
        html! {
            <p class="xy-msg xy-msg-err" role="alert">{ l.t(
                "此文件是信用自查版本，不含公开数据查询；请使用 xinyong_web_staff.js（<xinyong-check dataset-src=…> 会自动加载）。",
                "This is the self-check build, without the published-data search; use xinyong_web_staff.js (<xinyong-check dataset-src=…> loads it by itself).") }</p>
        }
    } else {
        Html::default()
    };

    html! {
        <div class={classes!("xy", printing_one.then_some("xy-print-one"))} lang={l.code()} ref={root_ref}>
            { css }
            <div class="xy-main">
                <header class="xy-head">
                    <h2 class="xy-title">{ if props.staff_mode { l.t("交通运输信用批量预审（工作人员）", "Transport credit pre-screening (staff)") } else { l.t("交通运输信用自查", "Transport credit self-check") } }</h2>
                    <div class="xy-head-actions xy-no-print">
                        <button type="button" class="xy-btn" onclick={toggle_lang} lang={l.other().code()}
                            aria-label={l.t("Switch to English", "切换为中文")}>
                            { l.t("English", "中文") }
                        </button>
                        <button type="button" class="xy-btn" onclick={on_print}>
                            { l.t("打印报告", "Print report") }
                        </button>
                    </div>
                </header>
                <p class="xy-privacy xy-no-print">
                    { l.t("全部计算在您的浏览器中完成，不会上传或发送任何信息。",
                          "Everything is computed in your browser; nothing is uploaded or sent anywhere.") }
                </p>
                { staff_screen }
                <div class="xy-cols" hidden={props.staff_mode}>
                    <div class="xy-form xy-no-print">
                        { inquiry }
                        <SubjectForm lang={l} draft={draft.clone()} {today} uid={uid.clone()} />
                        <RecordsEditor lang={l} draft={draft.clone()} {pack} outcome={outcome.clone()} uid={uid.clone()} />
                        <FilesPanel lang={l} draft={draft.clone()} remember={remember.clone()} status={status.clone()} {pack} uid={uid.clone()} />
                    </div>
                    <section class="xy-answers" aria-labelledby={format!("{uid}-answers")}>
                        <h3 id={format!("{uid}-answers")}>{ l.t("自查结果", "Results") }</h3>
                        <div class="xy-asof xy-no-print">
                            <label for={as_of_id.clone()}>{ l.t("查询日期（可改为将来某日，看看届时的结果）", "Check as of (pick a future day to see what changes)") }</label>
                            <div class="xy-row">
                                <input id={as_of_id} type="date" oninput={on_as_of}
                                    value={if draft.as_of.is_empty() { today.to_string() } else { draft.as_of.clone() }} />
                                <button type="button" class="xy-btn xy-btn-small" onclick={as_of_today}>
                                    { l.t("用今天", "Use today") }
                                </button>
                            </div>
                        </div>
                        <p class="xy-summary" aria-live="polite" role="status">{ summary }</p>
                        <ReportView lang={l} outcome={outcome.clone()} draft={draft.clone()} {pack} on_print={on_print_slot} />
                    </section>
                </div>
            </div>
            if let Some(slot) = &*print_slot {
                <div class="xy-print-slot">
                    <h3>{ &slot.title }</h3>
                    <pre class="xy-letter">{ &slot.body }</pre>
                </div>
            }
        </div>
    }
}

/// One sentence announced to screen readers whenever the answer changes.
fn summary_text(o: &Outcome, l: Lang) -> String {
    match o {
        Outcome::Empty => l
            .t(
                "请填写证件号码后查看结果。",
                "Enter the identifier to see the results.",
            )
            .into(),
        Outcome::Loading => l
            .t("正在载入地区规则包……", "Loading the regional rule pack…")
            .into(),
        Outcome::Problems(p) => match l {
            Lang::Zh => format!("输入有 {} 处问题，请修改后查看结果。", p.len()),
            Lang::En => format!(
                "{} problem(s) in the input; fix them to see the results.",
                p.len()
            ),
        },
        Outcome::Report(r) => {
            let grade = r.grades.first().map(|g| g.in_force.level.clone());
            let ok = r.commitments.iter().filter(|c| c.eligible).count();
            let n = r.commitments.len();
            let repairable = r
                .repairs
                .iter()
                .filter(|x| x.status == xinyong_model::RepairStatus::Repairable)
                .count();
            match l {
                Lang::Zh => format!(
                    "结果已更新（{}）：{}；{n} 项承诺制度中 {ok} 项可用；{repairable} 条记录现在可申请修复。",
                    r.as_of,
                    grade
                        .map(|lv| format!("适用信用等级 {lv}"))
                        .unwrap_or_else(|| "无适用的评价制度".into())
                ),
                Lang::En => format!(
                    "Results updated ({}): {}; {ok} of {n} commitment schemes available; {repairable} record(s) can be repaired now.",
                    r.as_of,
                    grade
                        .map(|lv| format!("grade in force {lv}"))
                        .unwrap_or_else(|| "no grade scheme applies".into())
                ),
            }
        }
    }
}

#[derive(Properties, PartialEq)]
struct FilesProps {
    lang: Lang,
    draft: UseReducerHandle<Draft>,
    remember: UseStateHandle<bool>,
    status: UseStateHandle<Option<Status>>,
    pack: PackRef,
    uid: AttrValue,
}

/// A built-in pack as a component property (compared by identity: packs never change).
#[derive(Clone, Copy, Debug)]
pub struct PackRef(pub &'static xinyong_core::pack::Pack);

impl PartialEq for PackRef {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl std::ops::Deref for PackRef {
    type Target = xinyong_core::pack::Pack;
    fn deref(&self) -> &Self::Target {
        self.0
    }
}

/// Import a subject file (JSON) or a record sheet (CSV); replace the draft accordingly.
fn import(
    name: &str,
    text: &str,
    pack: &xinyong_core::pack::Pack,
    d: &UseReducerDispatcher<Draft>,
) -> Status {
    let looks_json = name.to_ascii_lowercase().ends_with(".json")
        || text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{');
    if looks_json {
        match xinyong_core::input::parse_input(text) {
            Ok(mut input) => {
                let n = input.records.len();
                let masked = crate::draft::is_masked_id(&input.subject.id);
                if masked {
                    input.subject.id.clear();
                }
                d.dispatch(Act::Replace(Draft::from_input(input)));
                if masked {
                    Status::ok(
                        format!("已导入 {name}：主体信息和 {n} 条记录。文件中的证件号码已遮盖，请重新填写证件号码"),
                        format!("Imported {name}: the subject and {n} record(s). The file's id is masked: type the id again"),
                    )
                } else {
                    Status::ok(
                        format!("已导入 {name}：主体信息和 {n} 条记录"),
                        format!("Imported {name}: the subject and {n} record(s)"),
                    )
                }
            }
            Err(p) => Status::err(
                format!("无法导入 {name}，原有数据未改动："),
                format!("Could not import {name}; nothing was changed:"),
                p.0.iter()
                    .map(|x| {
                        let at = if x.path.is_empty() {
                            String::new()
                        } else {
                            format!("{}：", x.path)
                        };
                        (format!("{at}{}", x.zh), format!("{at}{}", x.en))
                    })
                    .collect(),
            ),
        }
    } else {
        match crate::csv::parse(text, pack) {
            Ok(records) => {
                let n = records.len();
                d.dispatch(Act::Records(records));
                Status::ok(
                    format!("已从 {name} 导入 {n} 条记录（替换了原有记录，主体信息未变）"),
                    format!("Imported {n} record(s) from {name} (they replace the previous records; the subject is unchanged)"),
                )
            }
            Err(errs) => Status::err(
                format!("无法导入 {name}，原有数据未改动："),
                format!("Could not import {name}; nothing was changed:"),
                errs.into_iter()
                    .map(|e| {
                        let at_zh = if e.column.is_empty() {
                            format!("第 {} 行：", e.row)
                        } else {
                            format!("第 {} 行“{}”列：", e.row, e.column)
                        };
                        let at_en = if e.column.is_empty() {
                            format!("row {}: ", e.row)
                        } else {
                            format!("row {}, column {}: ", e.row, e.column)
                        };
                        (format!("{at_zh}{}", e.zh), format!("{at_en}{}", e.en))
                    })
                    .collect(),
            ),
        }
    }
}

#[component]
fn FilesPanel(p: &FilesProps) -> Html {
    let l = p.lang;
    let dragging = use_state(|| false);
    let read = {
        let d = p.draft.dispatcher();
        let status = p.status.clone();
        let pack = p.pack;
        Callback::from(move |file: web_sys::File| {
            let d = d.clone();
            let status = status.clone();
            let name = file.name();
            yew::platform::spawn_local(async move {
                let s = match dom::read_text(file).await {
                    Ok(text) => import(&name, &text, &pack, &d),
                    Err(e) => Status::err(
                        format!("无法读取文件 {name}"),
                        format!("Could not read the file {name}"),
                        vec![(e.clone(), e)],
                    ),
                };
                status.set(Some(s));
            });
        })
    };
    let on_file = {
        let read = read.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            if let Some(f) = input.files().and_then(|f| f.get(0)) {
                read.emit(f);
            }
            // Choosing the same file again must fire `change` again.
            input.set_value("");
        })
    };
    let zone = crate::drop::drop_zone(&dragging, read);
    let on_export = {
        let draft = p.draft.clone();
        let status = p.status.clone();
        Callback::from(move |_| {
            let stem = if draft.name.trim().is_empty() {
                "subject".to_string()
            } else {
                draft
                    .name
                    .trim()
                    .replace(['/', '\\', ':', '*', '?', '"', '<', '>', '|'], "_")
            };
            let name = format!("xinyong-{stem}.json");
            match dom::download(&name, &draft.to_export_json(), "application/json") {
                Ok(()) => status.set(Some(Status::ok(
                    format!("已导出 {name}（证件号码已遮盖），下次导入后补填证件号码即可继续"),
                    format!("Exported {name} (id masked); import it next time and type the id again to continue"),
                ))),
                Err(e) => status.set(Some(Status::err(
                    "导出失败",
                    "Export failed",
                    vec![(e.clone(), e)],
                ))),
            }
        })
    };
    let on_remember = {
        let remember = p.remember.clone();
        let status = p.status.clone();
        Callback::from(move |e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            remember.set(on);
            status.set(Some(if on {
                Status::ok(
                    "已在本机保存，下次打开本页时自动恢复",
                    "Saved on this device; it will be restored next time",
                )
            } else {
                Status::ok(
                    "已从本机删除保存的数据",
                    "The data saved on this device was deleted",
                )
            }));
        })
    };
    let file_id = format!("{}-file", p.uid);
    let status_id = format!("{}-files-status", p.uid);
    html! {
        <section class="xy-card xy-files" aria-labelledby={format!("{}-files-h", p.uid)}>
            <h3 id={format!("{}-files-h", p.uid)}>{ l.t("导入 / 导出", "Import / export") }</h3>
            <div class={classes!("xy-drop", dragging.then_some("xy-drop-active"))}
                ondrop={zone.ondrop} ondragover={zone.ondragover} ondragleave={zone.ondragleave}>
                <label for={file_id.clone()}>
                    { l.t("选择或拖入文件：主体 JSON 文件（xinyong/1 格式），或记录表 CSV",
                          "Choose or drop a file: a subject JSON file (xinyong/1), or a CSV sheet of records") }
                </label>
                <input id={file_id} type="file" accept=".json,.csv,application/json,text/csv" onchange={on_file}
                    aria-describedby={status_id.clone()} />
            </div>
            <div class="xy-row">
                <button type="button" class="xy-btn" onclick={on_export}>{ l.t("导出 JSON（下次继续，证件号码遮盖）", "Export JSON (continue later; id masked)") }</button>
            </div>
            <label class="xy-check">
                <input type="checkbox" checked={*p.remember} onchange={on_remember} />
                { l.t("在本设备上记住我填写的内容（保存在本浏览器，默认不保存）", "Remember on this device (kept in this browser; off by default)") }
            </label>
            <div id={status_id} role="status" aria-live="polite">
                if let Some(s) = &*p.status {
                    <div class={classes!("xy-msg", if s.ok { "xy-msg-ok" } else { "xy-msg-err" })}>
                        <p>{ l.t(&s.zh, &s.en) }</p>
                        if !s.details.is_empty() {
                            <ul>{ for s.details.iter().map(|(zh, en)| html! { <li>{ l.t(zh, en) }</li> }) }</ul>
                        }
                    </div>
                }
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record sheet replaces the records only: the driver's first qualification day (which
    /// places the assessment cycle) survives a CSV import, as every other subject field does.
    #[test]
    fn a_csv_import_keeps_the_subject_and_its_first_qualification_day() {
        let pack = crate::draft::pack_for("national").unwrap();
        let before = Rc::new(Draft {
            kind: SubjectKind::Person,
            industry: Some(Industry::Driver),
            id: "11010519491231002X".into(),
            qualified_on: "2019-03-15".into(),
            ..Draft::default()
        });
        let records = crate::csv::parse(
            "id,type,date,points\nv1,driver_violation,2026-05-06,3\n",
            pack,
        )
        .unwrap();
        let after = before.clone().reduce(Act::Records(records.clone()));
        assert_eq!(after.records, records);
        assert_eq!(after.qualified_on, "2019-03-15");
        assert_eq!(
            after.to_input().subject.qualified_on.map(|q| q.to_string()),
            Some("2019-03-15".to_string())
        );
    }
}
