//! Galloping search: [`slice::partition_point`] from where the last search
//! ended, for look-ups that come in rising order (a document's mentions, in
//! order of start, looked up in its sentences or its offset map).
//!
//! A binary search of the whole array costs O(log n) probes, and once the
//! array outgrows the cache a miss for most of them: over the n mentions of
//! a big text, more than linear. Galloping on from the last answer costs
//! O(log d) probes for an answer d items on, all near each other.

/// Up to this many bytes, [`partition_point_from`] searches the whole slice:
/// there, std's binary search (a conditional move a probe, no branch to
/// mispredict) costs less than the galloping loop, whose exit mispredicts,
/// and its probes hit the cache (measured on the corpus of news articles).
const SEARCHED_WHOLE: usize = 1 << 16;

/// `items.partition_point(pred)`, given `from`: the answer for an earlier,
/// smaller query. From there, steps that double until one passes the
/// answer, then a binary search of the last step. A `from` past the answer
/// (`pred` false at `from - 1`) or past the end searches the whole slice,
/// so any `from` gives the right answer; only the cost depends on it.
#[inline]
pub(crate) fn partition_point_from<T>(items: &[T], from: usize, pred: impl Fn(&T) -> bool) -> usize {
    if size_of_val(items) <= SEARCHED_WHOLE || from > items.len() || (from > 0 && !pred(&items[from - 1])) {
        return items.partition_point(pred);
    }
    // `pred` holds for every item before `lo`.
    let mut lo = from;
    let mut step = 1;
    loop {
        let probe = lo.saturating_add(step).min(items.len());
        if probe == items.len() || !pred(&items[probe]) {
            return lo + items[lo..probe].partition_point(&pred);
        }
        lo = probe;
        step *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// An item of 256 bytes, its key first: a few hundred of them pass
    /// [`SEARCHED_WHOLE`].
    type Wide = [u32; 64];

    proptest! {
        #[test]
        fn agrees_with_partition_point(mut keys in proptest::collection::vec(0u32..400, 0..600), at in 0u32..410, from in 0usize..610) {
            keys.sort_unstable();
            let items: Vec<Wide> = keys.iter().map(|&k| std::array::from_fn(|i| if i == 0 { k } else { 0 })).collect();
            let want = items.partition_point(|w| w[0] < at);
            prop_assert_eq!(partition_point_from(&items, from, |w| w[0] < at), want);
        }
    }

    #[test]
    fn every_hint_on_a_long_array() {
        // Past the size searched whole.
        let n = 2 * SEARCHED_WHOLE as u32 / 4;
        let items: Vec<u32> = (0..n).map(|k| 2 * k).collect();
        for at in (0..2 * n + 10).step_by(61) {
            let want = items.partition_point(|&x| x < at);
            for from in (0..=items.len() + 2).step_by(997).chain([at as usize / 2, at as usize / 2 + 1]) {
                assert_eq!(partition_point_from(&items, from, |&x| x < at), want, "{at} {from}");
            }
        }
    }
}
