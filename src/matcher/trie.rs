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

#[derive(Debug, Clone, Copy)]
struct State {
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

/// The patterns' trie, over columns.
#[derive(Debug, Clone)]
pub(crate) struct Trie {
    states: Vec<State>,
    /// The root's children by column (`NONE`: none): the root is the state
    /// the scan comes back to most, so it is looked up in one step.
    root: Box<[StateId; 256]>,
    /// The children of the root's children, by the two columns
    /// (`first << shift | second`): the states failure links lead to most,
    /// some with dozens of children (after the article's ال).
    second: Box<[StateId]>,
    shift: u32,
    /// Each pattern's length, in columns.
    pattern_lens: Vec<u32>,
}

/// One thread's failure links of one [`Trie`], as far as worked out.
#[derive(Debug, Default)]
pub(crate) struct Links {
    /// Each state's failure link (`UNKNOWN` until asked for) and the first
    /// pattern it matches (`NONE`: none; meaningful once the link is known).
    links: Vec<(StateId, u32)>,
    /// The states whose links are being worked out (a scratch stack).
    pending: Vec<StateId>,
}

impl Trie {
    /// The trie of `patterns`, non-empty byte strings `bytes` long in all,
    /// over their columns (`classes`, each below `columns`); `None` if it
    /// would have more states than ids (an empty pattern is never found).
    pub(crate) fn new<'p>(
        patterns: impl ExactSizeIterator<Item = &'p [u8]>,
        classes: &[u8; 256],
        columns: usize,
        bytes: usize,
    ) -> Option<Trie> {
        let unattached = State { parent: NONE, first_child: NONE, sibling: NONE, pattern: NONE, column: 0 };
        let shift = columns.next_power_of_two().trailing_zeros();
        let mut trie = Trie {
            states: Vec::with_capacity(bytes + 2),
            root: Box::new([NONE; 256]),
            second: vec![NONE; columns << shift].into_boxed_slice(),
            shift,
            pattern_lens: Vec::with_capacity(patterns.len()),
        };
        // At most a state a byte, room made once (most patterns share their
        // first bytes: the pages past the states are never touched).
        trie.states.extend([unattached; 2]);
        for (pid, p) in patterns.enumerate() {
            trie.pattern_lens.push(u32::try_from(p.len()).ok()?);
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
        Some(trie)
    }

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
        let mut links = vec![(UNKNOWN, NONE); self.states.len()];
        links[DEAD as usize] = (DEAD, NONE);
        links[ROOT as usize] = (ROOT, NONE);
        Links { links, pending: Vec::new() }
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
        let (fail, mut pattern) = links.links[s as usize];
        if fail == UNKNOWN {
            self.work_out_fail(links, s);
            pattern = links.links[s as usize].1;
        }
        (pattern != NONE).then_some(pattern as usize)
    }

    /// The length of pattern `pid`, in columns.
    pub(crate) fn pattern_len(&self, pid: usize) -> usize {
        self.pattern_lens[pid] as usize
    }

    /// The failure link of `s`.
    #[inline]
    fn fail(&self, links: &mut Links, s: StateId) -> StateId {
        match links.links[s as usize].0 {
            UNKNOWN => self.work_out_fail(links, s),
            fail => fail,
        }
    }

    /// The failure link of `s`, not known yet, worked out with those it
    /// needs. They are all of shallower states, so a stack no deeper than
    /// `s` stands for the recursion (a pattern may be long).
    #[inline(never)]
    fn work_out_fail(&self, links: &mut Links, s: StateId) -> StateId {
        let known = |links: &Links, s: StateId| links.links[s as usize].0 != UNKNOWN;
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
                let mut f = links.links[state.parent as usize].0;
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
                    f = links.links[f as usize].0;
                };
                if !known(links, to) {
                    pending.push(to);
                    continue;
                }
                (to, links.links[to as usize].1)
            };
            links.links[t as usize] = (fail, matched);
            pending.pop();
        }
        links.pending = pending;
        links.links[s as usize].0
    }
}
