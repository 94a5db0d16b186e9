//! Search by 统一社会信用代码 (exact or prefix) and by name (prefix, substring, characters in
//! order, or most characters present — Chinese names are short, so a one-character slip must
//! still find the subject).

use crate::PublicSubject;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    Code,
    Name,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Hit {
    /// Position in the dataset.
    pub index: usize,
    pub score: u32,
    pub kind: MatchKind,
    pub name: String,
    /// Hits show masked ids like every other output.
    pub id_masked: String,
}

pub struct Index {
    /// (code, dataset index), sorted by code for prefix search.
    codes: Vec<(String, usize)>,
    /// Lower-cased names as char vectors, by dataset index.
    names: Vec<Vec<char>>,
    display: Vec<(String, String)>,
}

fn norm_code(q: &str) -> String {
    q.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

fn norm_name(q: &str) -> Vec<char> {
    q.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Score of `q` against `name`, or 0. Higher is better.
fn name_score(q: &[char], name: &[char]) -> u32 {
    if q.is_empty() || name.is_empty() {
        return 0;
    }
    if q == name {
        return 100;
    }
    if name.starts_with(q) {
        return 80;
    }
    if name.windows(q.len()).any(|w| w == q) {
        return 60;
    }
    // Characters in order, gaps allowed (e.g. 厦门路桥 → 厦门市某某路桥工程).
    let mut it = name.iter();
    if q.iter().all(|c| it.any(|n| n == c)) {
        return 40;
    }
    // Most characters present: tolerates one wrong character in a short name.
    if q.len() >= 3 {
        let present = q.iter().filter(|c| name.contains(c)).count();
        if present * 4 >= q.len() * 3 {
            return 20 + present as u32;
        }
    }
    0
}

impl Index {
    pub fn build(subjects: &[PublicSubject]) -> Index {
        let mut codes: Vec<(String, usize)> = subjects
            .iter()
            .enumerate()
            .map(|(i, s)| (norm_code(&s.subject.id), i))
            .collect();
        codes.sort();
        Index {
            codes,
            names: subjects
                .iter()
                .map(|s| norm_name(&s.subject.name))
                .collect(),
            display: subjects
                .iter()
                .map(|s| {
                    (
                        s.subject.name.clone(),
                        xinyong_core::ids::mask(&s.subject.id),
                    )
                })
                .collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    fn hit(&self, index: usize, score: u32, kind: MatchKind) -> Hit {
        let (name, id_masked) = self.display[index].clone();
        Hit {
            index,
            score,
            kind,
            name,
            id_masked,
        }
    }

    /// Up to `limit` hits, best first. A query that looks like a code (ASCII letters and digits,
    /// at least 4) searches codes by prefix; anything else searches names.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let code = norm_code(query);
        let looks_like_code = code.len() >= 4
            && code.chars().all(|c| c.is_ascii_alphanumeric())
            && code.chars().any(|c| c.is_ascii_digit());
        if looks_like_code {
            let start = self
                .codes
                .partition_point(|(c, _)| c.as_str() < code.as_str());
            return self.codes[start..]
                .iter()
                .take_while(|(c, _)| c.starts_with(&code))
                .take(limit)
                .map(|(c, i)| self.hit(*i, if *c == code { 100 } else { 80 }, MatchKind::Code))
                .collect();
        }
        let q = norm_name(query);
        if q.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(u32, usize, usize)> = self
            .names
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                let s = name_score(&q, n);
                (s > 0).then_some((s, n.len(), i))
            })
            .collect();
        // Best score, then the shorter (closer) name, then dataset order: deterministic.
        hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        hits.into_iter()
            .take(limit)
            .map(|(s, _, i)| self.hit(i, s, MatchKind::Name))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        norm_name(s)
    }

    #[test]
    fn scores_rank_closer_matches_higher() {
        let name = chars("厦门市通达路桥工程有限公司");
        let ranks: Vec<u32> = [
            "厦门市通达路桥工程有限公司",
            "厦门市通达",
            "通达路桥",
            "厦门路桥",
            "厦门市通大路桥",
        ]
        .iter()
        .map(|q| name_score(&chars(q), &name))
        .collect();
        assert!(ranks.windows(2).all(|w| w[0] > w[1]), "{ranks:?}");
        assert_eq!(name_score(&chars("北京"), &name), 0);
    }
}
