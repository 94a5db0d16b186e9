//! Inquiry (信用查询) in a portal's published dataset (`dataset-src`): the staff worker fetches
//! and indexes the file once; the user searches by 统一社会信用代码 or name, picks a subject, and
//! its public records fill the self-check, where the user may add what they know.
//!
//! The query never leaves the browser: it goes to the worker, which searches in memory.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::Act;
use crate::draft::Draft;
use crate::i18n::Lang;
use crate::progress::progress_bar;
use crate::worker::{Progress, Reply, WorkerError, WorkerRef};

/// Hits shown for one query.
const LIMIT: u32 = 20;

#[derive(Properties, PartialEq)]
pub struct InquiryProps {
    pub lang: Lang,
    pub worker: WorkerRef,
    pub uid: AttrValue,
    /// Absolute http(s) URL (the element resolved and checked it).
    pub src: AttrValue,
    pub draft: UseReducerHandle<Draft>,
    pub on_error: Callback<WorkerError>,
}

// The `dataset` and `hits` replies (crates/protocol).
pub use xinyong_protocol::{Hit, Hits, Loaded};

/// Hits and the query they answer: while a newer query is on its way, the older answer stays
/// on screen, and `data-query` says which query it belongs to.
#[derive(Clone, Debug, PartialEq)]
struct Answer {
    query: String,
    hits: Vec<Hit>,
}

#[derive(Clone, Debug, PartialEq)]
enum Load {
    Loading(Option<Progress>),
    Ready(Rc<Loaded>),
    Failed(WorkerError),
}

fn match_label(kind: &str, l: Lang) -> String {
    match kind {
        "code" => l.t("代码匹配", "code match").into(),
        "name" => l.t("名称匹配", "name match").into(),
        "name_prefix" | "prefix" => l.t("名称开头匹配", "name prefix").into(),
        "substring" => l.t("名称包含", "name contains").into(),
        "fuzzy" | "in_order" | "subsequence" | "chars" => l.t("模糊匹配", "fuzzy match").into(),
        other => other.replace('_', " "),
    }
}

fn kind_label(kind: &str, l: Lang) -> &'static str {
    match kind {
        "person" => l.t("个人", "person"),
        _ => l.t("企业", "enterprise"),
    }
}

#[component]
pub fn InquiryPanel(p: &InquiryProps) -> Html {
    let l = p.lang;
    let load = use_state(|| Load::Loading(None));
    let query = use_state(String::new);
    let hits = use_state(|| None::<Rc<Answer>>);
    let latest = use_mut_ref(|| 0u32);
    let note = use_state(|| None::<(String, String)>);
    let picking = use_state(|| false);

    // Once per URL: a new `dataset-src` loads the new file; other attribute changes do not.
    {
        let (worker, load, hits, on_error) = (
            p.worker.clone(),
            load.clone(),
            hits.clone(),
            p.on_error.clone(),
        );
        use_effect_with(p.src.clone(), move |src| {
            load.set(Load::Loading(None));
            hits.set(None);
            let live = Rc::new(Cell::new(true));
            let alive = live.clone();
            let load2 = load.clone();
            let on_reply = Callback::from(move |r: Reply| {
                if !alive.get() {
                    return;
                }
                if r.is("progress") {
                    if let Ok(pr) = r.json::<Progress>() {
                        load2.set(Load::Loading(Some(pr)));
                    }
                    return;
                }
                let res = match r.error() {
                    Some(e) => Err(e),
                    None => r.json::<Loaded>(),
                };
                match res {
                    Ok(d) => load2.set(Load::Ready(Rc::new(d))),
                    Err(e) => {
                        load2.set(Load::Failed(e.clone()));
                        on_error.emit(e);
                    }
                }
            });
            let id = worker.request("dataset", &[("url", JsValue::from_str(src))], &[], on_reply);
            move || {
                live.set(false);
                worker.forget(id);
            }
        });
    }

    let on_query = {
        let (worker, query, hits, latest) = (
            p.worker.clone(),
            query.clone(),
            hits.clone(),
            latest.clone(),
        );
        let ready = matches!(*load, Load::Ready(_));
        Callback::from(move |e: InputEvent| {
            let q = e.target_unchecked_into::<HtmlInputElement>().value();
            query.set(q.clone());
            let prev = *latest.borrow();
            if prev != 0 {
                worker.forget(prev);
            }
            if q.trim().is_empty() || !ready {
                *latest.borrow_mut() = 0;
                hits.set(None);
                return;
            }
            let hits = hits.clone();
            let query = q.trim().to_string();
            let on_reply = Callback::from(move |r: Reply| {
                if r.is("progress") {
                    return;
                }
                // An error for a search is shown as "no result", with the reason.
                let found = match r.json::<Hits>() {
                    Ok(h) if !r.is("error") => h.hits,
                    _ => vec![],
                };
                hits.set(Some(Rc::new(Answer {
                    query: query.clone(),
                    hits: found,
                })));
            });
            let id = worker.request(
                "search",
                &[
                    ("query", JsValue::from_str(q.trim())),
                    ("limit", JsValue::from(LIMIT)),
                ],
                &[],
                on_reply,
            );
            *latest.borrow_mut() = id;
        })
    };

    let pick = {
        let (worker, draft, picked_note, picking, on_error) = (
            p.worker.clone(),
            p.draft.clone(),
            note.clone(),
            picking.clone(),
            p.on_error.clone(),
        );
        Callback::from(move |(index, label): (usize, String)| {
            picking.set(true);
            let as_of = draft.as_of.clone();
            let region = draft.region.clone();
            let d = draft.dispatcher();
            let picking = picking.clone();
            let on_error = on_error.clone();
            let note = picked_note.clone();
            let on_reply = Callback::from(move |r: Reply| {
                if r.is("progress") {
                    return;
                }
                picking.set(false);
                if let Some(e) = r.error() {
                    on_error.emit(e);
                    return;
                }
                let input = js_sys::JSON::stringify(&r.get("input"))
                    .ok()
                    .and_then(|s| s.as_string())
                    .ok_or_else(|| "not JSON".to_string())
                    .and_then(|t| xinyong_core::input::parse_input(&t).map_err(|p| p.to_string()));
                match input {
                    Ok(mut input) => {
                        // A dataset rarely names the region; the page's choice stays then.
                        if input.subject.region.is_none() && !region.is_empty() {
                            input.subject.region = Some(region.clone());
                        }
                        let n = input.records.len();
                        d.dispatch(Act::Replace(Draft::from_input(input)));
                        note.set(Some((
                            format!("已填入 {label} 的 {n} 条公开记录。您可以在下方继续补充自己知道的记录。"),
                            format!("Filled in {label} with {n} public record(s). Add any other records you know below."),
                        )));
                    }
                    Err(e) => on_error.emit(WorkerError::protocol("input", e)),
                }
            });
            let mut fields = vec![("index", JsValue::from(index as u32))];
            if !as_of.is_empty() {
                fields.push(("asOf", JsValue::from_str(&as_of)));
            }
            worker.request("pick", &fields, &[], on_reply);
        })
    };

    let uid = &p.uid;
    let q_id = format!("{uid}-inq-q");
    let hits_id = format!("{uid}-inq-hits");
    html! {
        <section class="xy-card xy-inquiry" aria-labelledby={format!("{uid}-inq-h")}>
            <h3 id={format!("{uid}-inq-h")}>{ l.t("查询公开信用信息", "Look up published credit data") }</h3>
            { match &*load {
                Load::Loading(pr) => html! {
                    <div class="xy-inq-loading" role="status" aria-live="polite">
                        if let Some(pr) = pr {
                            { progress_bar(pr, l, l.t("公开数据载入进度", "Published data loading")) }
                        } else {
                            <p>{ l.t("正在载入公开信用信息…", "Loading the published credit data…") }</p>
                        }
                    </div>
                },
                Load::Failed(e) => html! {
                    <div class="xy-msg xy-msg-err xy-inq-error" role="alert">
                        <p><strong>{ l.t(&e.zh, &e.en) }</strong></p>
                        if !e.problems.is_empty() {
                            <ul>{ for e.details().iter().take(20).map(|d| html! { <li>{ l.t(&d.zh, &d.en) }</li> }) }</ul>
                        }
                        <p>{ l.t("公开信息查询暂不可用；您仍可以在下方自行填写并自查。",
                                 "Inquiry is unavailable; you can still fill in the form below yourself.") }</p>
                    </div>
                },
                Load::Ready(d) => html! {
                    <>
                        <p class="xy-hint xy-inq-ready" data-subjects={d.subjects.to_string()}>{ match l {
                            Lang::Zh => format!("已载入{}公开的信用信息{}：{} 个主体{}。查询只在本浏览器中进行。",
                                if d.meta.publisher.is_empty() { String::new() } else { format!(" {} ", d.meta.publisher) },
                                d.meta.published_on.as_ref().map(|x| format!("（{x}）")).unwrap_or_default(),
                                d.subjects,
                                if d.rejected > 0 { format!("，{} 行无法使用", d.rejected) } else { String::new() }),
                            Lang::En => format!("Loaded the published credit data{}{}: {} subjects{}. Searching happens in this browser only.",
                                if d.meta.publisher.is_empty() { String::new() } else { format!(" of {}", d.meta.publisher) },
                                d.meta.published_on.as_ref().map(|x| format!(" ({x})")).unwrap_or_default(),
                                d.subjects,
                                if d.rejected > 0 { format!(", {} unusable row(s)", d.rejected) } else { String::new() }),
                        } }</p>
                        <div class="xy-field">
                            <label for={q_id.clone()}>{ l.t("按统一社会信用代码或名称查询公开信用信息", "Search published credit data by code or name") }</label>
                            <input id={q_id} type="search" class="xy-inq-q" autocomplete="off" value={(*query).clone()}
                                oninput={on_query} aria-describedby={hits_id.clone()} />
                        </div>
                        <p id={hits_id} class="xy-hint" role="status" aria-live="polite"
                            data-query={hits.as_ref().map(|a| a.query.clone())}>{ match hits.as_deref().map(|a| &a.hits) {
                            None => String::new(),
                            Some(h) if h.is_empty() => l.t("没有找到匹配的主体", "No subject found").to_string(),
                            Some(h) => match l {
                                Lang::Zh => format!("找到 {} 个主体，选择一个填入自查表", h.len()),
                                Lang::En => format!("{} subject(s) found; choose one to fill the self-check", h.len()),
                            },
                        } }</p>
                        if let Some(a) = &*hits {
                            <ul class="xy-hits">
                                { for a.hits.iter().map(|hit| {
                                    let label = if hit.name.is_empty() { hit.id_masked.clone() } else { hit.name.clone() };
                                    let onclick = pick.reform({ let label = label.clone(); let i = hit.index; move |_: MouseEvent| (i, label.clone()) });
                                    html! {
                                        <li>
                                            <button type="button" class="xy-hit" data-index={hit.index.to_string()} {onclick} disabled={*picking}>
                                                <strong class="xy-hit-name">{ &hit.name }</strong>
                                                <span class="xy-mono xy-hit-id">{ &hit.id_masked }</span>
                                                <span class="xy-hit-meta">{ format!("{} · {} · {}", kind_label(&hit.kind, l),
                                                    match l { Lang::Zh => format!("{} 条记录", hit.records), Lang::En => format!("{} record(s)", hit.records) },
                                                    match_label(&hit.matched, l)) }</span>
                                            </button>
                                        </li>
                                    }
                                }) }
                            </ul>
                        }
                    </>
                },
            } }
            <div role="status" aria-live="polite">
                if let Some((zh, en)) = &*note {
                    <div class="xy-msg xy-msg-ok xy-inq-picked"><p>{ l.t(zh, en) }</p></div>
                }
            </div>
        </section>
    }
}
