//! "Who": region (pack), subject kind, industry, name, identifier with live check-digit validation.

use chrono::NaiveDate;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use xinyong_model::{Industry, SubjectKind};
use yew::prelude::*;

use crate::app::Act;
use crate::draft::{self, Draft};
use crate::i18n::{self, Lang};

#[derive(Properties, PartialEq)]
pub struct SubjectProps {
    pub lang: Lang,
    pub draft: UseReducerHandle<Draft>,
    pub today: NaiveDate,
    pub uid: AttrValue,
}

#[component]
pub fn SubjectForm(p: &SubjectProps) -> Html {
    let l = p.lang;
    let d = &p.draft;
    // Length errors wait for the field to be left (or filled to 18) so typing is not nagged.
    let touched = use_state(|| false);
    let u = &p.uid;
    let (region_id, ind_id, name_id, id_id, id_msg) = (
        format!("{u}-region"),
        format!("{u}-industry"),
        format!("{u}-name"),
        format!("{u}-id"),
        format!("{u}-id-msg"),
    );
    let (q_id, q_msg) = (format!("{u}-qualified"), format!("{u}-qualified-msg"));
    let on_qualified = {
        let dd = d.dispatcher();
        Callback::from(move |e: InputEvent| {
            dd.dispatch(Act::QualifiedOn(
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ))
        })
    };

    let (s_id, s_msg) = (format!("{u}-aa-share"), format!("{u}-aa-share-msg"));
    let on_share = {
        let dd = d.dispatcher();
        Callback::from(move |e: InputEvent| {
            dd.dispatch(Act::DriversShare(
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ))
        })
    };

    let on_region = {
        let dd = d.dispatcher();
        Callback::from(move |e: Event| {
            dd.dispatch(Act::Region(
                e.target_unchecked_into::<HtmlSelectElement>().value(),
            ))
        })
    };
    let on_kind = |k: SubjectKind| {
        let dd = d.dispatcher();
        Callback::from(move |_: Event| dd.dispatch(Act::Kind(k)))
    };
    let on_industry = {
        let dd = d.dispatcher();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            dd.dispatch(Act::Industry(Industry::from_str_opt(&v)))
        })
    };
    let on_name = {
        let dd = d.dispatcher();
        Callback::from(move |e: InputEvent| {
            dd.dispatch(Act::Name(
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ))
        })
    };
    let on_id = {
        let dd = d.dispatcher();
        Callback::from(move |e: InputEvent| {
            dd.dispatch(Act::Id(
                e.target_unchecked_into::<HtmlInputElement>().value(),
            ))
        })
    };
    let on_blur = {
        let touched = touched.clone();
        Callback::from(move |_| touched.set(true))
    };

    let id = d.id.trim();
    let problem = draft::check_id(d.kind, id, p.today);
    let show_problem = problem.is_some() && (*touched || id.chars().count() >= 18);
    // Every shipped pack, embedded or fetched when picked.
    let packs = xinyong_core::pack::pack_listing();
    let industries: Vec<Industry> = Industry::ALL
        .iter()
        .copied()
        .filter(|i| (*i == Industry::Driver) == (d.kind == SubjectKind::Person))
        .collect();
    let id_label = match d.kind {
        SubjectKind::Enterprise => l.t("统一社会信用代码", "Unified social credit code"),
        SubjectKind::Person => l.t("居民身份证号码", "Citizen ID number"),
    };

    html! {
        <section class="xy-card" aria-labelledby={format!("{u}-who")}>
            <h3 id={format!("{u}-who")}>{ l.t("1. 信用主体", "1. Who is checked") }</h3>
            <div class="xy-field">
                <label for={region_id.clone()}>{ l.t("地区（规则包）", "Region (rule pack)") }</label>
                <select id={region_id} onchange={on_region}>
                    { for packs.iter().map(|pk| html! {
                        <option value={pk.id} selected={pk.id == d.region}>
                            { format!("{} · {}", l.t(pk.zh, pk.en), pk.version) }
                        </option>
                    }) }
                </select>
            </div>
            <fieldset class="xy-field xy-radios">
                <legend>{ l.t("主体类型", "Kind of subject") }</legend>
                { for SubjectKind::ALL.iter().map(|k| html! {
                    <label class="xy-check">
                        <input type="radio" name={format!("{u}-kind")} value={k.as_str()}
                            checked={d.kind == *k} onchange={on_kind(*k)} />
                        { i18n::subject_kind(*k, l) }
                    </label>
                }) }
            </fieldset>
            <div class="xy-field">
                <label for={ind_id.clone()}>{ l.t("行业", "Industry") }</label>
                <select id={ind_id} onchange={on_industry}>
                    if d.kind == SubjectKind::Enterprise {
                        <option value="" selected={d.industry.is_none()}>{ l.t("（请选择行业）", "(choose an industry)") }</option>
                    }
                    { for industries.iter().map(|i| html! {
                        <option value={i.as_str()} selected={d.industry == Some(*i)}>{ i18n::industry(*i, l) }</option>
                    }) }
                </select>
            </div>
            <div class="xy-field">
                <label for={name_id.clone()}>{ match d.kind {
                    SubjectKind::Enterprise => l.t("企业名称", "Enterprise name"),
                    SubjectKind::Person => l.t("姓名", "Name"),
                } }</label>
                <input id={name_id} type="text" autocomplete="organization" value={d.name.clone()} oninput={on_name} />
            </div>
            <div class="xy-field">
                <label for={id_id.clone()}>{ id_label }<span class="xy-req" aria-hidden="true">{" *"}</span></label>
                <input id={id_id} type="text" inputmode="text" autocomplete="off" spellcheck="false"
                    maxlength="24" required=true value={d.id.clone()} oninput={on_id} onblur={on_blur}
                    aria-invalid={if show_problem { "true" } else { "false" }}
                    aria-describedby={id_msg.clone()} class="xy-mono" />
                <p id={id_msg} class={classes!("xy-hint", show_problem.then_some("xy-error"), (problem.is_none() && !id.is_empty()).then_some("xy-good"))}>
                    if show_problem {
                        { problem.as_ref().map(|pr| l.t(&pr.zh, &pr.en).to_string()).unwrap_or_default() }
                    } else if !id.is_empty() && problem.is_none() {
                        { l.t("✓ 号码格式和校验位正确", "✓ Format and check character are correct") }
                    } else {
                        { l.t("18 位，最后一位是校验位；号码只在本机使用，报告中会打码显示。",
                              "18 characters, the last is a check character; it stays on this device and is masked in the report.") }
                    }
                </p>
            </div>
            if d.kind == SubjectKind::Person {
                <div class="xy-field">
                    <label for={q_id.clone()}>{ l.t("从业资格证初次领取日期（可选）", "First issue of the qualification certificate (optional)") }</label>
                    <input id={q_id} type="date" value={d.qualified_on.clone()} oninput={on_qualified}
                        aria-describedby={q_msg.clone()} />
                    <p id={q_msg} class="xy-hint">{ l.t("诚信考核每12个月为一个周期，从这一天起算，周期届满计分清除；不填时按查询日前12个月计分。",
                        "Assessment cycles of 12 months run from this day and points clear at each cycle's end; left empty, points are counted over the 12 months before the check date.") }</p>
                </div>
            }
            if d.kind == SubjectKind::Enterprise && matches!(d.industry, Some(Industry::Taxi | Industry::RideHailing)) {
                <div class="xy-field">
                    <label for={s_id.clone()}>{ l.t("驾驶员AA级及以上占比（%，可选）", "Drivers graded AA or above (%, optional)") }</label>
                    <input id={s_id} type="text" inputmode="decimal" class="xy-num" value={d.drivers_aa_share.clone()} oninput={on_share}
                        aria-describedby={s_msg.clone()} />
                    <p id={s_msg} class="xy-hint">{ l.t("本考核周期驾驶员服务质量信誉考核为AA级及以上的比例；AAA级及以上要求不少于85%，不填按不满足计。",
                        "Share of your drivers graded AA or above in the cycle; AAA and above need at least 85%, and an empty field counts as not met.") }</p>
                </div>
            }
        </section>
    }
}
