//! Stable sorting that costs the wasm one copy of the standard library's
//! sort, whatever the element type.
//!
//! `slice::sort_by` is generic over the element and the comparison, so
//! every call site with a new type or closure adds its own copy of the
//! sort (3–5 KB of wasm each; 23 call sites cost 75 KB before this
//! module). Here the standard sort runs once, on indices, with the
//! comparison behind `dyn`; only the small permutation step is generic.
//! The workspace's tidy test keeps the direct calls out of the crates the
//! page compiles.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`, like `slice::sort_by`.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_indices(&mut order, &mut |a, b| cmp(&v[a], &v[b]));
    permute(v, &mut order);
}

/// Sorts `v` stably by the key `key` gives, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` stably in its natural order, like `slice::sort`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The one instance of the standard sort.
fn sort_indices(order: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|a, b| cmp(*a, *b));
}

/// Rearranges `v` so that position `k` holds what was at `order[k]`,
/// following each cycle of the permutation once (so O(n) swaps);
/// `order` is used up as the record of which positions are done.
fn permute<T>(v: &mut [T], order: &mut [usize]) {
    const DONE: usize = usize::MAX;
    for start in 0..v.len() {
        let mut at = start;
        while order[at] != DONE {
            let from = order[at];
            order[at] = DONE;
            if from == start {
                break;
            }
            // Position `at` takes what belongs there; what `start` held
            // travels on to `from`, the next position of the cycle.
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every permutation of up to six elements, with repeated keys, sorts
    /// exactly as the standard library's stable sort does.
    #[test]
    fn agrees_with_the_standard_stable_sort() {
        fn perms(n: usize) -> Vec<Vec<usize>> {
            if n == 0 {
                return vec![vec![]];
            }
            let mut out = Vec::new();
            for p in perms(n - 1) {
                for i in 0..=p.len() {
                    let mut q = p.clone();
                    q.insert(i, n - 1);
                    out.push(q);
                }
            }
            out
        }
        for n in 0..=6 {
            for p in perms(n) {
                // Keys repeat (k % 3) so stability is visible in the tags.
                let items: Vec<(usize, usize)> = p.iter().map(|&k| (k % 3, k)).collect();
                let mut ours = items.clone();
                sort_by_key(&mut ours, |x| x.0);
                let mut std = items.clone();
                std.sort_by_key(|x| x.0);
                assert_eq!(ours, std, "input {items:?}");
                let mut whole = items.clone();
                sort(&mut whole);
                let mut std_whole = items;
                std_whole.sort();
                assert_eq!(whole, std_whole);
            }
        }
    }
}
