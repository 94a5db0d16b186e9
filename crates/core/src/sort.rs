//! One stable sort for the whole engine.

use std::cmp::Ordering;

/// Stable sort of `v` by `cmp`, like `v.sort_by(cmp)`, through a single instance of the
/// standard library's sort (positions compared through a trait object). Why: every element
/// type sorted with `sort_by` gets its own copy of the standard sort, kilobytes each in the
/// browser module.
pub(crate) fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    // Already in order (what the engine sorts usually is: a subject's grade schemes, its
    // ignored records): a stable sort would leave it as it is, so no allocation.
    if v.windows(2).all(|w| cmp(&w[0], &w[1]) != Ordering::Greater) {
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_positions(&mut order, &|a, b| cmp(&v[a], &v[b]));
    let mut items: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| items[i].take()));
}

#[inline(never)]
fn sort_positions(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_by(|a, b| cmp(*a, *b));
}

#[cfg(test)]
mod tests {
    #[test]
    fn stable_like_the_standard_sort() {
        let mut v: Vec<(u8, usize)> = [3u8, 1, 3, 0, 1, 3, 2]
            .iter()
            .enumerate()
            .map(|(i, k)| (*k, i))
            .collect();
        let mut want = v.clone();
        want.sort_by_key(|x| x.0);
        super::sort_by(&mut v, |a, b| a.0.cmp(&b.0));
        assert_eq!(v, want);
        let mut e: Vec<u8> = Vec::new();
        super::sort_by(&mut e, Ord::cmp);
        assert!(e.is_empty());
        // Already in order, with equal keys: left exactly as it was.
        let mut sorted: Vec<(u8, usize)> = vec![(0, 5), (1, 2), (1, 0), (2, 9)];
        super::sort_by(&mut sorted, |a, b| a.0.cmp(&b.0));
        assert_eq!(sorted, vec![(0, 5), (1, 2), (1, 0), (2, 9)]);
    }
}
