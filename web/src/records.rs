//! "Records": the list of credit records and the form that adds or edits one. The form is
//! built from the pack's catalogue (its Chinese label, the fields it requires) and the pack's
//! own lists (commitment and grade schemes, behaviour codes).

use std::rc::Rc;

use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use xinyong_core::num::decimal_text;
use xinyong_model::{
    CommitmentStatus, Field, Industry, PenaltyKind, Procedure, Record, SubjectKind, Tier,
};
use yew::prelude::*;

use crate::app::{Act, PackRef};
use crate::draft::{self, Draft, FieldError, Need, Outcome, RecordDraft};
use crate::i18n::{self, Lang};

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub lang: Lang,
    pub draft: UseReducerHandle<Draft>,
    pub pack: PackRef,
    pub outcome: Rc<Outcome>,
    pub uid: AttrValue,
}

/// Type label from the catalogue, or the raw type with a note that the pack ignores it.
pub fn type_label(pack: &xinyong_core::pack::Pack, kind: &str, l: Lang) -> String {
    match pack.catalogue_entry(kind) {
        Some(c) => l.t(&c.zh, &c.en).to_string(),
        None => format!(
            "{kind}{}",
            l.t("（不在本规则包目录中）", " (not in this pack's catalogue)")
        ),
    }
}

#[component]
pub fn RecordsEditor(p: &EditorProps) -> Html {
    let l = p.lang;
    let pack = p.pack;
    // None: form closed; Some((None, _)): adding; Some((Some(i), _)): editing record i.
    let editing = use_state(|| None::<(Option<usize>, RecordDraft)>);
    let add_ref = use_node_ref();
    // The record last removed, with its place, until it is restored or another change is made:
    // 删除 takes effect at once and offers 撤销, with focus on it.
    let removed = use_state(|| None::<(usize, Record)>);
    let undo_ref = use_node_ref();
    {
        let undo_ref = undo_ref.clone();
        use_effect_with(removed.as_ref().map(|(_, r)| r.id.clone()), move |r| {
            if r.is_some() {
                if let Some(b) = undo_ref.cast::<HtmlElement>() {
                    let _ = b.focus();
                }
            }
        });
    }
    let on_undo = {
        let removed = removed.clone();
        let d = p.draft.dispatcher();
        let add_ref = add_ref.clone();
        Callback::from(move |_| {
            if let Some((index, record)) = (*removed).clone() {
                d.dispatch(Act::Restore { index, record });
            }
            removed.set(None);
            if let Some(b) = add_ref.cast::<HtmlElement>() {
                let _ = b.focus();
            }
        })
    };

    let on_add = {
        let editing = editing.clone();
        let draft = p.draft.clone();
        Callback::from(move |_| {
            let kind = "administrative_penalty".to_string();
            let kind = if pack.catalogue_entry(&kind).is_some() {
                kind
            } else {
                pack.rules
                    .catalogue
                    .first()
                    .map(|c| c.kind.clone())
                    .unwrap_or_default()
            };
            let taken: Vec<String> = draft.records.iter().map(|r| r.id.clone()).collect();
            editing.set(Some((
                None,
                RecordDraft::new(draft::next_id(&taken, &kind), kind),
            )));
        })
    };
    // When the form closes, focus returns to the button that opened it (it only exists
    // again after the re-render, hence an effect).
    let was_open = use_mut_ref(|| false);
    {
        let add_ref = add_ref.clone();
        use_effect_with(editing.is_some(), move |open| {
            if !*open && *was_open.borrow() {
                if let Some(b) = add_ref.cast::<HtmlElement>() {
                    let _ = b.focus();
                }
            }
            *was_open.borrow_mut() = *open;
        });
    }
    let close = {
        let editing = editing.clone();
        Callback::from(move |_: ()| editing.set(None))
    };
    let on_save = {
        let d = p.draft.dispatcher();
        let close = close.clone();
        Callback::from(move |(index, record): (Option<usize>, Record)| {
            d.dispatch(Act::Save { index, record });
            close.emit(());
        })
    };

    // Problems the engine found, by record index, so they show beside the record.
    let problems_for = |i: usize| -> Vec<(String, String)> {
        let Outcome::Problems(ps) = &*p.outcome else {
            return vec![];
        };
        let prefix = format!("records[{i}]");
        ps.iter()
            .filter(|x| x.path == prefix || x.path.starts_with(&format!("{prefix}.")))
            .map(|x| {
                let f = x
                    .path
                    .strip_prefix(&prefix)
                    .unwrap_or("")
                    .trim_start_matches('.');
                let (fz, fe) = if f.is_empty() {
                    (String::new(), String::new())
                } else {
                    (
                        format!("{}：", i18n::record_field(f, Lang::Zh)),
                        format!("{}: ", i18n::record_field(f, Lang::En)),
                    )
                };
                (format!("{fz}{}", x.zh), format!("{fe}{}", x.en))
            })
            .collect()
    };

    let u = &p.uid;
    let records = &p.draft.records;
    html! {
        <section class="xy-card" aria-labelledby={format!("{u}-recs")}>
            <h3 id={format!("{u}-recs")}>{ l.t("2. 信用记录", "2. Credit records") }</h3>
            if records.is_empty() {
                <p class="xy-hint">{ l.t("还没有记录。没有不良记录也可以直接查看结果。", "No records yet. With no adverse records you can read the results right away.") }</p>
            }
            <ul class="xy-recs">
                { for records.iter().enumerate().map(|(i, r)| {
                    let edit = {
                        let editing = editing.clone();
                        let r = r.clone();
                        Callback::from(move |_| editing.set(Some((Some(i), RecordDraft::from_record(&r)))))
                    };
                    let remove = {
                        let d = p.draft.dispatcher();
                        let editing = editing.clone();
                        let removed = removed.clone();
                        let r = r.clone();
                        Callback::from(move |_| {
                            editing.set(None);
                            removed.set(Some((i, r.clone())));
                            d.dispatch(Act::Remove(i))
                        })
                    };
                    let probs = problems_for(i);
                    html! {
                        <li class={classes!("xy-rec", (!probs.is_empty()).then_some("xy-rec-bad"))}>
                            <div class="xy-rec-main">
                                <strong>{ type_label(&pack, &r.kind, l) }</strong>
                                <span class="xy-mono">{ format!(" {} ", r.id) }</span>
                                <span>{ r.date.map(|d| d.to_string()).unwrap_or_default() }</span>
                                <div class="xy-rec-detail">{ record_detail(r, &pack, l) }</div>
                                if !probs.is_empty() {
                                    <ul class="xy-error">{ for probs.iter().map(|(zh, en)| html! { <li>{ l.t(zh, en) }</li> }) }</ul>
                                }
                            </div>
                            <div class="xy-rec-actions">
                                <button type="button" class="xy-btn xy-btn-small" onclick={edit}
                                    aria-label={format!("{} {}", l.t("编辑记录", "Edit record"), r.id)}>{ l.t("编辑", "Edit") }</button>
                                <button type="button" class="xy-btn xy-btn-small xy-btn-danger" onclick={remove}
                                    aria-label={format!("{} {}", l.t("删除记录", "Remove record"), r.id)}>{ l.t("删除", "Remove") }</button>
                            </div>
                        </li>
                    }
                }) }
            </ul>
            if let Some((_, r)) = &*removed {
                <p class="xy-undo" role="status">
                    { match l { Lang::Zh => format!("已删除记录 {}。", r.id), Lang::En => format!("Record {} removed. ", r.id) } }
                    <button type="button" class="xy-btn xy-btn-small" ref={undo_ref} onclick={on_undo}>{ l.t("撤销删除", "Undo") }</button>
                </p>
            }
            if let Some((index, rd)) = &*editing {
                <RecordForm lang={l} {pack} index={*index} initial={rd.clone()}
                    taken={records.iter().enumerate().filter(|(i, _)| Some(*i) != *index).map(|(_, r)| r.id.clone()).collect::<Vec<_>>()}
                    on_save={on_save} on_cancel={close.clone()} uid={u.clone()}
                    subject={(p.draft.kind, p.draft.industry)} />
            } else {
                <button type="button" class="xy-btn xy-btn-primary" ref={add_ref} onclick={on_add}>{ l.t("＋ 添加记录", "+ Add a record") }</button>
            }
        </section>
    }
}

/// A field's label for a record of type `kind`: a commitment's obligations are not a fine.
fn field_label(f: &str, kind: &str, l: Lang) -> &'static str {
    match (f, kind) {
        ("fulfilled_on", "commitment") => l.t(
            "纠正失信行为、履行承诺义务的日期",
            "Date the commitment was put right",
        ),
        ("fulfilled_on", "serious_dishonesty_list") => l.t(
            "履行名单所定义务的日期",
            "Date the list's obligations were performed",
        ),
        _ => i18n::record_field(f, l),
    }
}

/// What the record's id may be, by type: only a penalty has a decision number.
fn id_hint(kind: &str, l: Lang) -> &'static str {
    match kind {
        "administrative_penalty" => l.t(
            "可用处罚决定书文号，或保留自动编号",
            "Use the decision number, or keep the automatic ID",
        ),
        "serious_dishonesty_list" => l.t(
            "可用列入名单的认定文书编号，或保留自动编号",
            "Use the listing decision's number, or keep the automatic ID",
        ),
        "commitment" => l.t(
            "可用承诺书编号或办件编号，或保留自动编号",
            "Use the commitment letter's or the case's number, or keep the automatic ID",
        ),
        _ => l.t(
            "可保留自动编号",
            "Keep the automatic ID, or use the document's number",
        ),
    }
}

/// One line of the facts that matter for a record, in the user's words.
pub fn record_detail(r: &Record, pack: &xinyong_core::pack::Pack, l: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(p) = &r.penalty {
        parts.push(
            p.0.iter()
                .map(|k| i18n::penalty(*k, l))
                .collect::<Vec<_>>()
                .join("、"),
        );
    }
    if let Some(t) = r.severity {
        parts.push(i18n::tier(t, l).into());
    }
    if let Some(a) = r.amount {
        parts.push(format!("{} {}", decimal_text(a), l.t("元", "yuan")));
    }
    if let Some(x) = r.procedure {
        parts.push(i18n::procedure(x, l).into());
    }
    if r.specific_serious == Some(true) {
        parts.push(i18n::record_field("specific_serious", l).into());
    }
    if let Some(s) = &r.scheme {
        // The scheme's name from the pack; the id when the pack does not know it.
        let named = pack
            .rules
            .commitment_schemes
            .iter()
            .find(|c| &c.id == s)
            .map(|c| l.t(&c.zh, &c.en).to_string())
            .or_else(|| pack.grade_scheme(s).map(|g| l.t(&g.zh, &g.en).to_string()));
        parts.push(named.unwrap_or_else(|| s.clone()));
    }
    if let Some(s) = r.status {
        parts.push(i18n::commitment_status(s, l).into());
    }
    if let Some(x) = &r.list {
        parts.push(x.clone());
    }
    if let Some(x) = &r.level {
        parts.push(x.clone());
    }
    if let Some(x) = r.points {
        parts.push(format!("{} {}", decimal_text(x), l.t("分", "points")));
    }
    for (name, d) in [
        ("fulfilled_on", r.fulfilled_on),
        ("removed_on", r.removed_on),
        ("repaired_on", r.repaired_on),
    ] {
        if let Some(d) = d {
            parts.push(format!("{} {d}", i18n::record_field(name, l)));
        }
    }
    parts.join(" · ")
}

#[derive(Properties, PartialEq)]
pub struct FormProps {
    pub lang: Lang,
    pub pack: PackRef,
    pub index: Option<usize>,
    pub initial: RecordDraft,
    /// Ids of the other records (an id must be unique).
    pub taken: Vec<String>,
    pub on_save: Callback<(Option<usize>, Record)>,
    pub on_cancel: Callback<()>,
    pub uid: AttrValue,
    /// The subject's kind and industry: the behaviour table offered is the one of the grade
    /// schemes that apply to it (an enterprise is never offered a driver's DRV-20…).
    pub subject: (SubjectKind, Option<Industry>),
}

/// Behaviour codes whose grade scheme applies to the subject.
pub fn behaviours_for(
    pack: &xinyong_core::pack::Pack,
    (kind, industry): (SubjectKind, Option<Industry>),
) -> Vec<&xinyong_core::pack::Behaviour> {
    pack.rules
        .behaviours
        .iter()
        .filter(|b| {
            // A code tied to no scheme is offered to everyone.
            b.scheme.as_ref().is_none_or(|s| {
                pack.rules.grade_schemes.iter().any(|g| {
                    g.id == *s
                        && g.kinds.contains(&kind)
                        && industry.is_none_or(|i| g.industries.contains(&i))
                })
            })
        })
        .collect()
}

#[component]
pub fn RecordForm(p: &FormProps) -> Html {
    let l = p.lang;
    let pack = p.pack;
    let rd = use_state(|| p.initial.clone());
    // A new record's id follows its type (p1, c1 …) until the user types one.
    let auto_id = use_state(|| p.index.is_none());
    let errors = use_state(Vec::<FieldError>::new);
    let first = use_node_ref();
    let form_ref = use_node_ref();
    // An invalid save moves focus to the first field in error (else the message), so a
    // keyboard or screen-reader user lands where the fix is.
    let tries = use_state(|| 0u32);
    {
        let form_ref = form_ref.clone();
        use_effect_with((*tries, errors.is_empty()), move |(_, none)| {
            if !*none {
                if let Some(f) = form_ref.cast::<web_sys::Element>() {
                    let target = f
                        .query_selector("[aria-invalid=\"true\"], .xy-error[role=alert]")
                        .ok()
                        .flatten()
                        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlElement>(e).ok());
                    if let Some(t) = target {
                        if t.tab_index() < 0 && t.get_attribute("aria-invalid").is_none() {
                            t.set_tab_index(-1);
                        }
                        let _ = t.focus();
                    }
                }
            }
        });
    }
    {
        let first = first.clone();
        use_effect_with((), move |_| {
            if let Some(e) = first.cast::<HtmlElement>() {
                let _ = e.focus();
            }
        });
    }
    let entry = pack.catalogue_entry(&rd.kind);
    // No behaviour table applies to this subject: the field would offer only others' codes.
    let no_behaviours = behaviours_for(&pack, p.subject).is_empty();
    let fields: Vec<_> = entry
        .map(draft::form_fields)
        .unwrap_or_default()
        .into_iter()
        .filter(|(f, need)| !(*f == "behaviour" && no_behaviours && *need == Need::Optional))
        .collect();
    let u = format!("{}-rf", p.uid);

    let set = |f: &'static str| {
        let rd = rd.clone();
        move |v: String| {
            let mut n = (*rd).clone();
            n.values.insert(f.to_string(), v);
            rd.set(n);
        }
    };
    let on_type = {
        let rd = rd.clone();
        let auto_id = auto_id.clone();
        let taken = p.taken.clone();
        Callback::from(move |e: Event| {
            let mut n = (*rd).clone();
            n.kind = e.target_unchecked_into::<HtmlSelectElement>().value();
            if *auto_id {
                n.id = draft::next_id(&taken, &n.kind);
            }
            rd.set(n);
        })
    };
    let on_id = {
        let rd = rd.clone();
        let auto_id = auto_id.clone();
        Callback::from(move |e: InputEvent| {
            auto_id.set(false);
            let mut n = (*rd).clone();
            n.id = e.target_unchecked_into::<HtmlInputElement>().value();
            rd.set(n);
        })
    };
    let on_submit = {
        let rd = rd.clone();
        let errors = errors.clone();
        let save = p.on_save.clone();
        let taken = p.taken.clone();
        let index = p.index;
        let tries = tries.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            tries.set(*tries + 1);
            let mut errs = Vec::new();
            if taken.iter().any(|t| t == rd.id.trim()) {
                errs.push(FieldError {
                    field: "id".into(),
                    zh: format!("已有编号为 {} 的记录，请换一个", rd.id.trim()),
                    en: format!("another record already has the ID {}", rd.id.trim()),
                });
            }
            match rd.to_record(pack.catalogue_entry(&rd.kind)) {
                Ok(r) if errs.is_empty() => {
                    errors.set(vec![]);
                    save.emit((index, r));
                }
                Ok(_) => errors.set(errs),
                Err(mut e) => {
                    errs.append(&mut e);
                    errors.set(errs);
                }
            }
        })
    };
    let cancel = {
        let c = p.on_cancel.clone();
        Callback::from(move |_| c.emit(()))
    };
    let on_key = {
        let c = p.on_cancel.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                c.emit(())
            }
        })
    };

    let err_for = |f: &str| -> Option<String> {
        let msgs: Vec<&str> = errors
            .iter()
            .filter(|e| e.field == f)
            .map(|e| l.t(&e.zh, &e.en))
            .collect();
        (!msgs.is_empty()).then(|| msgs.join("；"))
    };
    let general: Vec<String> = errors
        .iter()
        .filter(|e| e.field.is_empty())
        .map(|e| l.t(&e.zh, &e.en).to_string())
        .collect();

    let field_html = |f: &'static str, need: Need| -> Html {
        let id = format!("{u}-{f}");
        let msg_id = format!("{id}-msg");
        let err = err_for(f);
        let invalid = if err.is_some() { "true" } else { "false" };
        let label = html! {
            <>
                { field_label(f, &rd.kind, l) }
                if need == Need::Required { <span class="xy-req" aria-hidden="true">{" *"}</span> }
                if need == Need::OneOf { <span class="xy-req">{ l.t("（二选一）", " (one of)") }</span> }
            </>
        };
        let value = rd.get(f).to_string();
        // What decides the answer, beside fields a clerk may not know how to fill in.
        let hint = match f {
            "procedure" => l.t(
                "简易程序＝当场作出的警告或小额罚款（个人≤200元、单位≤3000元，行政处罚法第五十一条）",
                "Simplified: a warning or small fine decided on the spot (up to 200 yuan for a person, 3,000 for an organisation; Administrative Penalty Law Art. 51)",
            ),
            "specific_serious" => l.t(
                "仅在决定机关认定时勾选：527号下按最长公示期公示，不得提前修复",
                "Tick only if the deciding authority found it: under NDRC 527 it is publicised for the longest period, with no early repair",
            ),
            _ => "",
        };
        let oninput = {
            let set = set(f);
            Callback::from(move |e: InputEvent| {
                set(e.target_unchecked_into::<HtmlInputElement>().value())
            })
        };
        let onchange = {
            let set = set(f);
            Callback::from(move |e: Event| {
                set(e.target_unchecked_into::<HtmlSelectElement>().value())
            })
        };
        let options = |none: &str, opts: Vec<(String, String)>| -> Html {
            html! {
                <select id={id.clone()} onchange={onchange.clone()} aria-invalid={invalid} aria-describedby={msg_id.clone()} required={need == Need::Required}>
                    <option value="" selected={value.is_empty()}>{ none.to_string() }</option>
                    { for opts.into_iter().map(|(v, t)| html! { <option value={v.clone()} selected={v == value}>{ t }</option> }) }
                </select>
            }
        };
        let control = match f {
            "date" | "fulfilled_on" | "repaired_on" | "removed_on" => html! {
                <input id={id.clone()} type="date" value={value.clone()} oninput={oninput} required={need == Need::Required}
                    aria-invalid={invalid} aria-describedby={msg_id.clone()} />
            },
            "penalty" => {
                return html! {
                    <fieldset class="xy-field xy-penalties" aria-describedby={msg_id.clone()}>
                        <legend>{ label }</legend>
                        { for PenaltyKind::ALL.iter().map(|k| {
                            let checked = rd.penalties.contains(k);
                            let rd = rd.clone();
                            let k = *k;
                            let toggle = Callback::from(move |e: Event| {
                                let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                                let mut n = (*rd).clone();
                                n.penalties.retain(|x| *x != k);
                                if on { n.penalties.push(k); }
                                rd.set(n);
                            });
                            html! {
                                <label class="xy-check">
                                    <input type="checkbox" value={k.as_str()} checked={checked} onchange={toggle} aria-invalid={invalid} />
                                    { i18n::penalty(k, l) }
                                </label>
                            }
                        }) }
                        <p id={msg_id} class={classes!("xy-hint", err.is_some().then_some("xy-error"))}>
                            { err.unwrap_or_else(|| l.t("一份决定书有多种处罚时可多选，按公示期最长的一种计算", "Tick several when one decision imposes several; the longest publicity applies").into()) }
                        </p>
                    </fieldset>
                };
            }
            "procedure" => options(
                l.t("不清楚", "Not known"),
                Procedure::ALL
                    .iter()
                    .map(|t| (t.as_str().into(), i18n::procedure(*t, l).into()))
                    .collect(),
            ),
            "specific_serious" => {
                let set = set(f);
                let toggle = Callback::from(move |e: Event| {
                    let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                    set(if on { "true".into() } else { String::new() })
                });
                return html! {
                    <div class="xy-field">
                        <label class="xy-check">
                            <input id={id.clone()} type="checkbox" checked={value == "true"} onchange={toggle}
                                aria-invalid={invalid} aria-describedby={msg_id.clone()} />
                            { label }
                        </label>
                        <p id={msg_id} class={classes!("xy-hint", err.is_some().then_some("xy-error"))}>{ err.unwrap_or_else(|| hint.into()) }</p>
                    </div>
                };
            }
            "severity" => options(
                l.t(
                    "未认定（按处罚种类推定）",
                    "Not stated (derive from the penalty kind)",
                ),
                Tier::ALL
                    .iter()
                    .map(|t| (t.as_str().into(), i18n::tier(*t, l).into()))
                    .collect(),
            ),
            "field" => options(
                l.t("一般领域（默认）", "General (default)"),
                Field::ALL
                    .iter()
                    .map(|t| (t.as_str().into(), i18n::field(*t, l).into()))
                    .collect(),
            ),
            "status" => options(
                l.t("（请选择）", "(choose)"),
                CommitmentStatus::ALL
                    .iter()
                    .map(|t| (t.as_str().into(), i18n::commitment_status(*t, l).into()))
                    .collect(),
            ),
            "scheme" if rd.kind == "commitment" => options(
                l.t("（请选择承诺制度）", "(choose a commitment scheme)"),
                pack.rules
                    .commitment_schemes
                    .iter()
                    .map(|s| (s.id.to_string(), l.t(&s.zh, &s.en).to_string()))
                    .collect(),
            ),
            "scheme" => options(
                l.t("（请选择评价制度）", "(choose a grade scheme)"),
                pack.rules
                    .grade_schemes
                    .iter()
                    .map(|s| (s.id.to_string(), l.t(&s.zh, &s.en).to_string()))
                    .collect(),
            ),
            "behaviour" => options(
                l.t("（不填）", "(none)"),
                behaviours_for(&pack, p.subject)
                    .into_iter()
                    .map(|b| {
                        (
                            b.code.clone(),
                            format!("{} — {}", b.code, l.t(&b.zh, &b.en)),
                        )
                    })
                    .collect(),
            ),
            "level" => match pack.grade_scheme(rd.get("scheme")) {
                Some(g) => options(
                    l.t("（请选择等级）", "(choose a grade)"),
                    g.bands
                        .iter()
                        .map(|b| (b.level.to_string(), format!("{} {}", b.level, b.zh)))
                        .collect(),
                ),
                None => {
                    html! { <input id={id.clone()} type="text" value={value.clone()} oninput={oninput} aria-invalid={invalid} aria-describedby={msg_id.clone()} /> }
                }
            },
            "amount" | "points" | "score" | "year" => html! {
                <input id={id.clone()} type="text" inputmode={if f == "year" { "numeric" } else { "decimal" }} value={value.clone()} oninput={oninput}
                    aria-invalid={invalid} aria-describedby={msg_id.clone()} class="xy-num" />
            },
            _ => html! {
                <input id={id.clone()} type="text" value={value.clone()} oninput={oninput} aria-invalid={invalid} aria-describedby={msg_id.clone()} />
            },
        };
        html! {
            <div class="xy-field">
                <label for={id.clone()}>{ label }</label>
                { control }
                <p id={msg_id} class={classes!("xy-hint", err.is_some().then_some("xy-error"))}>{ err.unwrap_or_else(|| hint.into()) }</p>
            </div>
        }
    };

    let kind_known = entry.is_some();
    let heading = if p.index.is_some() {
        l.t("编辑记录", "Edit record")
    } else {
        l.t("添加记录", "Add a record")
    };
    let id_err = err_for("id");
    html! {
        <form class="xy-recform" ref={form_ref} onsubmit={on_submit} onkeydown={on_key} aria-label={heading} novalidate=true>
            <h4>{ heading }</h4>
            <div class="xy-field">
                <label for={format!("{u}-type")}>{ i18n::record_field("type", l) }</label>
                <select id={format!("{u}-type")} ref={first} onchange={on_type}>
                    { for pack.rules.catalogue.iter().map(|c| html! {
                        <option value={c.kind.clone()} selected={c.kind == rd.kind}>{ l.t(&c.zh, &c.en) }</option>
                    }) }
                    if !kind_known {
                        <option value={rd.kind.clone()} selected=true>{ type_label(&pack, &rd.kind, l) }</option>
                    }
                </select>
                if let Some(e) = entry {
                    <p class="xy-hint xy-basis">{ format!("{} {}", l.t("依据：", "Basis: "), e.basis) }</p>
                } else {
                    <p class="xy-hint">{ l.t("本规则包不计入此类记录，结果中会列为“未计入”。", "This pack does not count this type; the results list it as ignored.") }</p>
                }
            </div>
            <div class="xy-field">
                <label for={format!("{u}-id")}>{ i18n::record_field("id", l) }<span class="xy-req" aria-hidden="true">{" *"}</span></label>
                <input id={format!("{u}-id")} type="text" value={rd.id.clone()} oninput={on_id} class="xy-mono"
                    aria-invalid={if id_err.is_some() { "true" } else { "false" }} aria-describedby={format!("{u}-id-msg")} />
                <p id={format!("{u}-id-msg")} class={classes!("xy-hint", id_err.is_some().then_some("xy-error"))}>
                    { id_err.unwrap_or_else(|| id_hint(&rd.kind, l).into()) }
                </p>
            </div>
            <div class="xy-grid">
                { for fields.iter().map(|(f, need)| field_html(f, *need)) }
            </div>
            if !general.is_empty() {
                <ul class="xy-error" role="alert">{ for general.iter().map(|g| html! { <li>{ g }</li> }) }</ul>
            }
            if !errors.is_empty() {
                <p class="xy-error" role="alert">{ l.t("请先改正上面标出的问题。", "Please correct the fields marked above.") }</p>
            }
            <div class="xy-row">
                <button type="submit" class="xy-btn xy-btn-primary">{ l.t("保存记录", "Save record") }</button>
                <button type="button" class="xy-btn" onclick={cancel}>{ l.t("取消", "Cancel") }</button>
            </div>
        </form>
    }
}
