//! The trie of the patterns under [`LazyDfa`](super::lazy::LazyDfa): the
//! leftmost-longest Aho-Corasick automaton, its failure links found only
//! for the states a text reaches.
//!
//! Building every failure link up front (as `aho_corasick`'s NFA does, in a
//! breadth-first pass over all states), with that NFA's other tables, was
//! almost half of start-up: 38 M of 83 M instructions for the 64 thousand
//! states of the built-in gazetteers, of which the 12 MB corpus reaches a
//! fraction. Here a state's link is worked out the first time the lazy DFA asks for
//! it, from its parent's, and kept in the thread's [`Links`]. The rules are
//! those of `aho_corasick`'s leftmost compiler (the tests compare the two):
//!
//! - a state that ends a pattern fails to the dead state, and so does every
//!   state below it: once a match is found, only a longer one at the same
//!   start may follow;
//! - any other state fails to where its parent's link leads on its column
//!   (a child of the root to the root), and matches what that state matches.

use std::borrow::Cow;

/// A state: an index into the trie's states.
pub(crate) type StateId = u32;

/// The state every transition of which leads back to it: the search ends.
pub(crate) const DEAD: StateId = 0;
/// The start state: a column none of its children takes leads back to it.
pub(crate) const ROOT: StateId = 1;

/// No pattern, or no state (no child, no sibling, no parent).
const NONE: u32 = u32::MAX;
/// A failure link not worked out yet.
const UNKNOWN: u32 = u32::MAX - 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct State {
    parent: StateId,
    /// The first child, by column (`NONE`: none). Unused at the root and
    /// its children, whose children are in [`Trie::root`] and
    /// [`Trie::second`].
    first_child: StateId,
    /// The next child of the parent, by column (`NONE`: the last).
    sibling: StateId,
    /// The pattern that ends here, the first one given with these columns
    /// (`NONE`: none).
    pattern: u32,
    /// The column of the transition into this state.
    column: u8,
}

/// The patterns' trie, over columns. The built-in gazetteer's is built by
/// `build.rs` ([`Trie::to_rust`]) and borrowed from the binary's data
/// ([`Trie::from_static`]): its pages are read only where a text leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Trie {
    states: Cow<'static, [State]>,
    /// The root's children by column (`NONE`: none): the root is the state
    /// the scan comes back to most, so it is looked up in one step.
    root: Box<[StateId; 256]>,
    /// The children of the root's children, by the two columns
    /// (`first << shift | second`): the states failure links lead to most,
    /// some with dozens of children (after the article's ال).
    second: Cow<'static, [StateId]>,
    shift: u32,
    /// Each pattern's length, in columns.
    pattern_lens: Cow<'static, [u32]>,
    /// Byte → column: column 0 for the bytes no pattern holds, then one for
    /// each byte some pattern holds, the most frequent first, so that the
    /// children of a state, in column order, are looked for from the likeliest.
    classes: [u8; 256],
    /// One more than the highest column.
    columns: usize,
}

/// A [`Trie`] being built.
struct Building {
    states: Vec<State>,
    root: Box<[StateId; 256]>,
    second: Vec<StateId>,
    shift: u32,
}

/// A [`State`], for the tables `build.rs` writes.
pub(crate) const fn state(parent: StateId, first_child: StateId, sibling: StateId, pattern: u32, column: u8) -> State {
    State { parent, first_child, sibling, pattern, column }
}

/// One thread's failure links of one [`Trie`], as far as worked out.
#[derive(Debug, Default)]
pub(crate) struct Links {
    /// Each state's failure link (`UNKNOWN` until asked for) and the first
    /// pattern it matches (`NONE`: none; meaningful once the link is known),
    /// each stored XOR that sentinel, so that a zero entry is one not worked
    /// out yet: a new `Links` is a zeroed allocation, whose pages only the
    /// states a text reaches ever touch (one article reaches a few hundred
    /// of the 64 thousand; writing `UNKNOWN` into all of them took 128 page
    /// faults).
    links: Vec<(u32, u32)>,
    /// The states whose links are being worked out (a scratch stack).
    pending: Vec<StateId>,
}

impl Trie {
    /// The trie of `patterns`, non-empty byte strings, over their columns;
    /// `None` if it would have more states than ids (an empty pattern is
    /// never found).
    pub(crate) fn new<'p>(patterns: impl ExactSizeIterator<Item = &'p [u8]> + Clone) -> Option<Trie> {
        let (mut count, mut bytes) = ([0u32; 256], 0);
        for p in patterns.clone() {
            bytes += p.len();
            for &b in p {
                count[usize::from(b)] += 1;
            }
        }
        let mut by_count: Vec<u8> = (0..=255).filter(|&b| count[usize::from(b)] > 0).collect();
        by_count.sort_by_key(|&b| std::cmp::Reverse(count[usize::from(b)]));
        let mut classes = [0u8; 256];
        let mut n = 1u8;
        for &b in &by_count {
            classes[usize::from(b)] = n;
            n = n.saturating_add(1);
        }
        let columns = usize::from(n);
        let unattached = State { parent: NONE, first_child: NONE, sibling: NONE, pattern: NONE, column: 0 };
        let shift = columns.next_power_of_two().trailing_zeros();
        let mut trie = Building {
            states: Vec::with_capacity(bytes + 2),
            root: Box::new([NONE; 256]),
            second: vec![NONE; columns << shift],
            shift,
        };
        let mut pattern_lens = Vec::with_capacity(patterns.len());
        // At most a state a byte, room made once (most patterns share their
        // first bytes: the pages past the states are never touched).
        trie.states.extend([unattached; 2]);
        for (pid, p) in patterns.enumerate() {
            pattern_lens.push(u32::try_from(p.len()).ok()?);
            if p.is_empty() {
                continue;
            }
            let mut s = ROOT;
            for &b in p {
                s = trie.child_or_insert(s, classes[usize::from(b)])?;
            }
            let pattern = &mut trie.states[s as usize].pattern;
            if *pattern == NONE {
                *pattern = u32::try_from(pid).ok().filter(|&p| p < UNKNOWN)?;
            }
        }
        Some(Trie {
            states: Cow::Owned(trie.states),
            root: trie.root,
            second: Cow::Owned(trie.second),
            shift,
            pattern_lens: Cow::Owned(pattern_lens),
            classes,
            columns,
        })
    }

    /// The trie whose parts [`Trie::to_rust`] wrote.
    pub(crate) fn from_static(
        states: &'static [State],
        root: &[StateId; 256],
        second: &'static [StateId],
        shift: u32,
        pattern_lens: &'static [u32],
        classes: [u8; 256],
        columns: usize,
    ) -> Trie {
        Trie {
            states: Cow::Borrowed(states),
            root: Box::new(*root),
            second: Cow::Borrowed(second),
            shift,
            pattern_lens: Cow::Borrowed(pattern_lens),
            classes,
            columns,
        }
    }

    /// Rust source of statics that [`Trie::from_static`] makes this trie
    /// of, named `{prefix}_STATES` and so on (for `build.rs`).
    #[allow(dead_code)]
    pub(crate) fn to_rust(&self, prefix: &str) -> String {
        let list = |xs: &mut dyn Iterator<Item = u32>| xs.map(|x| format!("{x},")).collect::<String>();
        let mut out = format!("static {prefix}_STATES: &[trie::State] = &[\n");
        for s in self.states.iter() {
            out.push_str(&format!(
                "trie::state({},{},{},{},{}),\n",
                s.parent, s.first_child, s.sibling, s.pattern, s.column
            ));
        }
        out.push_str("];\n");
        out.push_str(&format!("static {prefix}_ROOT: [u32; 256] = [{}];\n", list(&mut self.root.iter().copied())));
        out.push_str(&format!("static {prefix}_SECOND: &[u32] = &[{}];\n", list(&mut self.second.iter().copied())));
        out.push_str(&format!("const {prefix}_SHIFT: u32 = {};\n", self.shift));
        out.push_str(&format!(
            "static {prefix}_PATTERN_LENS: &[u32] = &[{}];\n",
            list(&mut self.pattern_lens.iter().copied())
        ));
        out.push_str(&format!(
            "const {prefix}_CLASSES: [u8; 256] = [{}];\n",
            list(&mut self.classes.iter().map(|&c| u32::from(c)))
        ));
        out.push_str(&format!("const {prefix}_COLUMNS: usize = {};\n", self.columns));
        out
    }

    /// Byte → column.
    pub(crate) fn classes(&self) -> &[u8; 256] {
        &self.classes
    }

    /// One more than the highest column.
    pub(crate) fn columns(&self) -> usize {
        self.columns
    }
}

impl Building {
    /// The child of `s` on column `c`, added if missing (`None`: out of ids).
    fn child_or_insert(&mut self, s: StateId, c: u8) -> Option<StateId> {
        let new = State { parent: s, first_child: NONE, sibling: NONE, pattern: NONE, column: c };
        let parent = self.states[s as usize];
        if s == ROOT || parent.parent == ROOT {
            let at = usize::from(parent.column) << self.shift | usize::from(c);
            let slot = if s == ROOT { self.root[usize::from(c)] } else { self.second[at] };
            if slot != NONE {
                return Some(slot);
            }
            let id = self.push(new)?;
            *(if s == ROOT { &mut self.root[usize::from(c)] } else { &mut self.second[at] }) = id;
            return Some(id);
        }
        // Children stay in column order: the walk that looks for `c` finds
        // where it goes.
        let (mut before, mut t) = (NONE, parent.first_child);
        while t != NONE {
            let child = self.states[t as usize];
            if child.column == c {
                return Some(t);
            }
            if child.column > c {
                break;
            }
            (before, t) = (t, child.sibling);
        }
        let id = self.push(State { sibling: t, ..new })?;
        match before {
            NONE => self.states[s as usize].first_child = id,
            b => self.states[b as usize].sibling = id,
        }
        Some(id)
    }

    /// Adds `state` and returns its id (`None`: out of ids).
    fn push(&mut self, state: State) -> Option<StateId> {
        let id = StateId::try_from(self.states.len()).ok().filter(|&id| id < UNKNOWN)?;
        self.states.push(state);
        Some(id)
    }
}

impl Trie {
    /// The child of `s` on column `c`.
    #[inline]
    fn child(&self, s: StateId, c: u8) -> Option<StateId> {
        let t = if s == ROOT {
            self.root[usize::from(c)]
        } else {
            let state = self.states[s as usize];
            if state.parent == ROOT {
                return self
                    .second
                    .get(usize::from(state.column) << self.shift | usize::from(c))
                    .copied()
                    .filter(|&t| t != NONE);
            }
            let mut t = state.first_child;
            while t != NONE {
                let child = self.states[t as usize];
                if child.column >= c {
                    return (child.column == c).then_some(t);
                }
                t = child.sibling;
            }
            NONE
        };
        (t != NONE).then_some(t)
    }

    /// The pattern that ends where `columns` lead from the root.
    pub(crate) fn pattern_of(&self, columns: impl IntoIterator<Item = u8>) -> Option<usize> {
        let mut s = ROOT;
        for c in columns {
            s = self.child(s, c)?;
        }
        let pattern = self.states[s as usize].pattern;
        (pattern != NONE).then_some(pattern as usize)
    }

    /// The number of states.
    pub(crate) fn len(&self) -> usize {
        self.states.len()
    }

    /// Links with nothing worked out, for this trie.
    pub(crate) fn links(&self) -> Links {
        let mut links = Links { links: vec![(0, 0); self.states.len()], pending: Vec::new() };
        links.set(DEAD, DEAD, NONE);
        links.set(ROOT, ROOT, NONE);
        links
    }

    /// The state after `s` on column `c`: its child, else the state after
    /// the one it fails to, and so on. `known(f)` is the state after `f` on
    /// `c` when the caller has it at hand (the lazy DFA's table): a state
    /// fails to a shallow one, with dozens of children in a list, which the
    /// table answers in one look-up.
    pub(crate) fn next_state(
        &self,
        links: &mut Links,
        mut s: StateId,
        c: u8,
        known: impl Fn(StateId) -> Option<StateId>,
    ) -> StateId {
        loop {
            if let Some(t) = self.child(s, c) {
                return t;
            }
            if s == ROOT || s == DEAD {
                return s;
            }
            s = self.fail(links, s);
            if let Some(t) = known(s) {
                return t;
            }
        }
    }

    /// The first pattern `s` matches, its own or by its failure link.
    #[inline]
    pub(crate) fn matched(&self, links: &mut Links, s: StateId) -> Option<usize> {
        if links.fail(s) == UNKNOWN {
            self.work_out_fail(links, s);
        }
        let pattern = links.pattern(s);
        (pattern != NONE).then_some(pattern as usize)
    }

    /// The length of pattern `pid`, in columns.
    pub(crate) fn pattern_len(&self, pid: usize) -> usize {
        self.pattern_lens[pid] as usize
    }

    /// The failure link of `s`.
    #[inline]
    fn fail(&self, links: &mut Links, s: StateId) -> StateId {
        match links.fail(s) {
            UNKNOWN => self.work_out_fail(links, s),
            fail => fail,
        }
    }

    /// The failure link of `s`, not known yet, worked out with those it
    /// needs. They are all of shallower states, so a stack no deeper than
    /// `s` stands for the recursion (a pattern may be long).
    #[inline(never)]
    fn work_out_fail(&self, links: &mut Links, s: StateId) -> StateId {
        let known = |links: &Links, s: StateId| links.fail(s) != UNKNOWN;
        let mut pending = std::mem::take(&mut links.pending);
        pending.push(s);
        'pending: while let Some(&t) = pending.last() {
            let state = self.states[t as usize];
            let (fail, matched) = if state.pattern != NONE {
                (DEAD, state.pattern)
            } else if state.parent == ROOT {
                (ROOT, NONE)
            } else if !known(links, state.parent) {
                pending.push(state.parent);
                continue;
            } else {
                // Where the parent's failure link leads on this column.
                let mut f = links.fail(state.parent);
                let to = loop {
                    if let Some(to) = self.child(f, state.column) {
                        break to;
                    }
                    if f == ROOT || f == DEAD {
                        break f;
                    }
                    if !known(links, f) {
                        pending.push(f);
                        continue 'pending;
                    }
                    f = links.fail(f);
                };
                if !known(links, to) {
                    pending.push(to);
                    continue;
                }
                (to, links.pattern(to))
            };
            links.set(t, fail, matched);
            pending.pop();
        }
        links.pending = pending;
        links.fail(s)
    }
}

impl Links {
    /// The failure link of `s`, `UNKNOWN` if not worked out yet.
    #[inline]
    fn fail(&self, s: StateId) -> StateId {
        self.links[s as usize].0 ^ UNKNOWN
    }

    /// The first pattern `s` matches (`NONE`: none), once its link is known.
    #[inline]
    fn pattern(&self, s: StateId) -> u32 {
        self.links[s as usize].1 ^ NONE
    }

    fn set(&mut self, s: StateId, fail: StateId, pattern: u32) {
        self.links[s as usize] = (fail ^ UNKNOWN, pattern ^ NONE);
    }
}
