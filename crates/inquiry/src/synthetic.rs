//! A realistic synthetic dataset for tests and benchmarks: Chinese names, valid 统一社会信用代码
//! and 身份证号码 check characters, plausible records. Deterministic for a seed; never real data.

use chrono::{Days, NaiveDate};
use xinyong_core::ids::{citizen_check_char, uscc_check_char};
use xinyong_model::{
    CommitmentStatus, Date, Industry, Penalties, PenaltyKind, Record, Subject, SubjectKind, Tier,
};

use crate::{Dataset, DatasetMeta, PublicSubject};

/// Bumped whenever `generate` gives different data for the same seed, so cached test data
/// (`target/e2e-data/`) is regenerated.
pub const GENERATOR_VERSION: u32 = 2;

/// xorshift64*: tiny, fast, reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }
}

/// (city, 6-digit division code, region pack)
const CITIES: &[(&str, &str, &str)] = &[
    ("厦门", "350200", "fujian-xiamen"),
    ("连云港", "320700", "jiangsu-lianyungang"),
    ("运城", "140800", "shanxi-yuncheng"),
    ("沂源", "370323", "shandong-yiyuan"),
    ("涪陵", "500102", "chongqing-fuling"),
    ("福州", "350100", "national"),
    ("南京", "320100", "national"),
    ("济南", "370100", "national"),
];
const TRADE: &[char] = &[
    '华', '通', '达', '安', '顺', '兴', '隆', '盛', '泰', '鑫', '源', '丰', '恒', '祥', '瑞', '宏',
    '远', '鸿', '运', '捷', '畅', '路', '海', '港', '中', '汇', '金', '嘉', '联', '新', '锦', '润',
    '信', '诚', '永', '和', '正', '东', '方', '旭',
];
const SURNAMES: &[char] = &[
    '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭',
    '何', '林', '罗', '高',
];
const GIVEN: &[char] = &[
    '伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀',
    '霞', '平', '刚', '桂',
];
const USCC_BODY: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

fn industry_word(i: Industry) -> &'static str {
    match i {
        Industry::RoadPassenger => "客运",
        Industry::RoadFreight => "物流",
        Industry::DangerousGoods => "危险货物运输",
        Industry::Taxi => "出租汽车",
        Industry::RideHailing => "网约车科技",
        Industry::Bus => "公共交通",
        Industry::VehicleRepair => "汽车维修",
        Industry::DrivingSchool => "驾驶员培训",
        Industry::WaterwayTransport => "航运",
        Industry::HighwayConstruction => "路桥工程",
        Industry::WaterwayConstruction => "港航工程",
        Industry::HighwayMaintenance => "公路养护",
        Industry::ShipLock => "船闸管理",
        Industry::LocalRailway => "地方铁路",
        Industry::Driver => "",
    }
}

fn uscc(rng: &mut Rng, division: &str) -> String {
    let mut s = format!("91{division}");
    for _ in 0..9 {
        s.push(USCC_BODY[rng.below(USCC_BODY.len() as u64) as usize] as char);
    }
    let c = uscc_check_char(&s).unwrap_or('0');
    s.push(c);
    s
}

/// Birth days (from 1960-01-01) × sequence numbers: the 身份证号码 a division can give.
const CITIZEN_SPACE: u64 = 14_600 * 1000;
/// Coprime with `CITIZEN_SPACE` (= 2⁶·5⁵·73), so `k ↦ (start + k·STRIDE) mod SPACE` visits every
/// birth day and sequence number once before repeating: the first 14.6 million people get
/// distinct ids. Random draws gave 179 duplicates in a million subjects (version 1), which a batch
/// rightly refuses, so the benchmarks measured refusals and a duplicate check holding them.
const CITIZEN_STRIDE: u64 = 7_654_321;

fn citizen(division: &str, start: u64, k: u64) -> String {
    let v = (start + k * CITIZEN_STRIDE) % CITIZEN_SPACE;
    let birth = NaiveDate::from_ymd_opt(1960, 1, 1).unwrap_or_default() + Days::new(v / 1000);
    let mut s = format!(
        "{division}{}{:03}",
        Date(birth).to_string().replace('-', ""),
        v % 1000
    );
    let c = citizen_check_char(&s).unwrap_or('0');
    s.push(c);
    s
}

fn day(rng: &mut Rng, latest: NaiveDate, span: u64) -> NaiveDate {
    latest - Days::new(rng.below(span))
}

fn records(rng: &mut Rng, city: &str, latest: NaiveDate, person: bool) -> Vec<Record> {
    let n = match rng.below(10) {
        0..=4 => 0,
        5..=7 => 1,
        8 => 2,
        _ => 3 + rng.below(3),
    };
    let mut out = Vec::new();
    for i in 0..n {
        let date = day(rng, latest, 1200);
        let mut r = Record {
            id: format!("pub{i}"),
            date: Some(Date(date)),
            authority: Some(format!("{city}市交通运输局")),
            ..Default::default()
        };
        match rng.below(12) {
            0 if !person => {
                r.kind = "serious_dishonesty_list".into();
                r.list = Some("交通运输领域严重失信主体名单".into());
                r.authority = None;
            }
            1 if !person => {
                r.kind = "evaluation_result".into();
                r.scheme = Some("road_transport_quality".into());
                r.level = Some(rng.pick(&["AAA", "AA", "A", "B"]).into());
                r.year = Some(chrono::Datelike::year(&date) - 1);
                r.authority = None;
            }
            2 => {
                r.kind = "commitment".into();
                r.scheme = Some("certification_notice".into());
                r.status = Some(rng.pick(&[
                    CommitmentStatus::Kept,
                    CommitmentStatus::Kept,
                    CommitmentStatus::Broken,
                ]));
            }
            _ => {
                r.kind = "administrative_penalty".into();
                let k = rng.pick(&[
                    PenaltyKind::Warning,
                    PenaltyKind::Fine,
                    PenaltyKind::Fine,
                    PenaltyKind::Fine,
                    PenaltyKind::Confiscation,
                    PenaltyKind::LicenseSuspension,
                ]);
                r.penalty = Some(Penalties(vec![k]));
                r.severity = (rng.below(3) == 0)
                    .then(|| rng.pick(&[Tier::Minor, Tier::General, Tier::Serious]));
                if k == PenaltyKind::Fine {
                    r.amount = Some((1 + rng.below(100)) as f64 * 500.0);
                }
                if rng.below(4) != 0 {
                    r.fulfilled_on = Some(Date((date + Days::new(rng.below(30))).min(latest)));
                }
            }
        }
        out.push(r);
    }
    out
}

/// `n` subjects, published on `published_on`, reproducible from `seed`.
pub fn generate(n: usize, seed: u64, published_on: NaiveDate) -> Dataset {
    let subjects = subjects(seed, published_on).take(n).collect();
    Dataset {
        dataset: DatasetMeta {
            id: format!("synthetic-{seed}"),
            publisher: "xinyong 合成数据（非真实数据）".into(),
            published_on: Some(Date(published_on)),
            basis: "合成测试数据，仅用于测试与基准；不含任何真实主体信息 / synthetic data for tests and benchmarks; no real subject".into(),
        },
        subjects,
    }
}

/// The subjects of `generate`, one at a time and without end: `generate(n, …)` is the first `n`
/// of them, so a file of a million subjects is written without holding them
/// (`cargo xtask dataset --jsonl-only`).
pub fn subjects(seed: u64, published_on: NaiveDate) -> impl Iterator<Item = PublicSubject> {
    let mut rng = Rng::new(seed);
    let enterprise_industries: Vec<Industry> = Industry::ALL
        .iter()
        .copied()
        .filter(|i| *i != Industry::Driver)
        .collect();
    let start = rng.below(CITIZEN_SPACE);
    let mut people = 0u64;
    std::iter::from_fn(move || {
        let rng = &mut rng;
        let (city, division, region) = rng.pick(CITIES);
        let person = rng.below(5) == 0;
        let subject = if person {
            let name: String = [rng.pick(SURNAMES), rng.pick(GIVEN), rng.pick(GIVEN)]
                .iter()
                .take(2 + rng.below(2) as usize)
                .collect();
            Subject {
                kind: SubjectKind::Person,
                id: {
                    people += 1;
                    citizen(division, start, people - 1)
                },
                name,
                industry: Some(Industry::Driver),
                region: Some(region.into()),
                qualified_on: None,
                drivers_aa_share: None,
            }
        } else {
            let industry = rng.pick(&enterprise_industries);
            let trade: String = [rng.pick(TRADE), rng.pick(TRADE)].iter().collect();
            let suffix = if rng.below(5) == 0 {
                "股份有限公司"
            } else {
                "有限公司"
            };
            let name = format!("{city}市{trade}{}{suffix}", industry_word(industry));
            Subject {
                kind: SubjectKind::Enterprise,
                id: uscc(rng, division),
                name,
                industry: Some(industry),
                region: Some(region.into()),
                qualified_on: None,
                drivers_aa_share: None,
            }
        };
        let records = records(rng, city, published_on, person);
        Some(PublicSubject { subject, records })
    })
}
