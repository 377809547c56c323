//! Ids to their positions in a policy's lists.

/// Ids to their positions: sorted ids searched by halves, which needs no
/// hashing code (about 4 KB of the browser's wasm). Natively a hash map
/// measured no quicker (`cargo bench --bench core`, `can, strings`: 100 ns
/// with a hash map, 99 ns with sorted ids, on the team-inbox preset).
pub(crate) type IdIndex = SortedIds;

/// (id, position) pairs sorted by id.
#[derive(Debug, Clone, Default)]
pub(crate) struct SortedIds(Vec<(String, usize)>);

impl SortedIds {
    /// The position of `id`, as `HashMap::get` gives it.
    pub fn get(&self, id: &str) -> Option<&usize> {
        let i = self.0.binary_search_by(|(k, _)| k.as_str().cmp(id)).ok()?;
        self.0.get(i).map(|(_, p)| p)
    }
}

impl FromIterator<(String, usize)> for SortedIds {
    /// Sorts by id with a heap sort: a few hundred bytes of wasm where the
    /// standard library's sorts take kilobytes, and O(n log n) for the
    /// thousands of members a snapshot may hold.
    fn from_iter<I: IntoIterator<Item = (String, usize)>>(pairs: I) -> SortedIds {
        fn sift_down(v: &mut [(String, usize)], mut root: usize, end: usize) {
            loop {
                let mut child = 2 * root + 1;
                if child + 1 < end && v.get(child).map(|x| &x.0) < v.get(child + 1).map(|x| &x.0) {
                    child += 1;
                }
                if child >= end || v.get(root).map(|x| &x.0) >= v.get(child).map(|x| &x.0) {
                    return;
                }
                // `root < child`: a checked swap (no panic path in the wasm).
                let Some([a, .., b]) = v.get_mut(root..=child) else {
                    return;
                };
                std::mem::swap(a, b);
                root = child;
            }
        }
        let mut v: Vec<(String, usize)> = pairs.into_iter().collect();
        let n = v.len();
        for root in (0..n / 2).rev() {
            sift_down(&mut v, root, n);
        }
        for end in (1..n).rev() {
            if let Some([first, .., last]) = v.get_mut(..=end) {
                std::mem::swap(first, last);
            }
            sift_down(&mut v, 0, end);
        }
        SortedIds(v)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::SortedIds;
    use proptest::prelude::*;

    proptest! {
        /// The index finds every id (at one of its positions, when ids
        /// repeat) and nothing else, as a hash map would.
        #[test]
        fn sorted_ids_find_what_a_hash_map_finds(ids in prop::collection::vec("[a-d]{0,3}", 0..60), probe in "[a-e]{0,3}") {
            let index: SortedIds = ids.iter().cloned().enumerate().map(|(i, id)| (id, i)).collect();
            for id in ids.iter().chain([&probe]) {
                let found = index.get(id).copied();
                prop_assert_eq!(found.is_some(), ids.contains(id));
                if let Some(p) = found {
                    prop_assert_eq!(ids.get(p), Some(id));
                }
            }
        }
    }
}
