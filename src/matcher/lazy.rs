//! A DFA built lazily over the Aho-Corasick automaton ([`trie`](super::trie)),
//! one transition at a time.
//!
//! A full DFA scans fastest — one table look-up a byte, no failure links to
//! follow — but building every transition of every state took 0.9 billion
//! instructions for the built-in gazetteers, longer than extracting 12 MB of
//! news. Text visits few of the states, and visits them again and again: so
//! each thread keeps its own table, filled the first time a (state, byte)
//! is met, with the trie's answer. The table's memory is bounded: when full,
//! it is cleared and filled anew. A thread keeps the tables of the few
//! automata it used last, so alternating extractors do not start over.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use super::alphabet::Encoding;
use super::trie::{DEAD, Links, ROOT, StateId, Trie};

/// The most rows a thread's table holds before it is cleared: 4 MB at 128
/// columns. The 12 MB corpus, with the built-in gazetteers, never fills it;
/// at 2,048 rows it cleared often enough to cost a tenth more in all. Row
/// numbers stay below [`COLUMN_LEN`] (a search adds at most its start row
/// past it).
const MAX_ROWS: usize = 16 * 1024;

/// How many automata a thread keeps tables for: a program that alternates
/// between a few extractors does not refill a table at every switch.
const TABLES_PER_THREAD: usize = 4;

/// Set in a table entry when the state it leads to is a match or dead state.
const SPECIAL: u16 = 1 << 15;

/// A transition not computed yet: zero, so that the zeroed pages of a new
/// table are unknown transitions without being written, and a row is made
/// without filling it. No row has number 0 (row 0 is unused), so an
/// ordinary entry is positive as an `i16` and a [`SPECIAL`] one negative:
/// the scan's one test for "anything but an ordinary step" is `<= 0`.
const UNKNOWN: u16 = 0;

/// Entries a column holds: every row number is below it. One cache line
/// (32 entries) more than a power of two: at a power of two, the lines of
/// the same rows in every column would fall in the same few cache sets.
const COLUMN_LEN: usize = MAX_ROWS + 32;
// Every row number fits beside the flag.
const _: () = assert!(COLUMN_LEN < SPECIAL as usize);

/// The automaton: the trie, and how to index its lazily built table.
#[derive(Debug, Clone)]
pub(crate) struct LazyDfa {
    /// Over columns (see `classes`), not bytes.
    trie: Trie,
    /// Byte → column: each byte some pattern holds has its own; the rest
    /// share column 0.
    classes: [u8; 256],
    /// Byte → where its column starts in [`Table::next`]
    /// (`classes[b] * COLUMN_LEN`): the scan's index is this plus the row.
    column_at: [u32; 256],
    /// How many columns the table has (above every class).
    columns: usize,
    /// Tells the thread-local tables of different automata apart.
    id: u64,
}

/// Searches with one thread's table at hand (see [`LazyDfa::searching`]).
pub(crate) struct Searcher<'a> {
    dfa: &'a LazyDfa,
    table: &'a mut Table,
}

impl Searcher<'_> {
    /// The leftmost-longest match in `haystack[from..]`.
    pub(crate) fn find(&mut self, haystack: &[u8], from: usize) -> Option<Found> {
        self.dfa.find_with(self.table, haystack, from)
    }

    /// [`find`](Self::find) in text that `encoding` encodes as the scan
    /// reaches it, from code `from` (at most as many as are encoded).
    pub(crate) fn find_encoding(&mut self, encoding: &mut Encoding<'_>, from: usize) -> Option<Found> {
        self.dfa.find_with_encoding(self.table, encoding, from)
    }
}

/// A leftmost-longest match: pattern and byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) pattern: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl LazyDfa {
    /// The leftmost-longest automaton of `patterns` (non-empty byte
    /// strings; `None` if there are too many to number their states).
    pub(crate) fn new<'p>(patterns: impl ExactSizeIterator<Item = &'p [u8]> + Clone) -> Option<LazyDfa> {
        Some(LazyDfa::over(Trie::new(patterns)?))
    }

    /// The automaton over `trie`, built already (the built-in gazetteer's
    /// is built at compile time).
    pub(crate) fn over(trie: Trie) -> LazyDfa {
        static NEXT_ID: AtomicU64 = AtomicU64::new(0);
        // The trie runs over the columns, not the bytes.
        let classes = *trie.classes();
        let column_at = classes.map(|c| u32::from(c) * COLUMN_LEN as u32);
        let columns = trie.columns() + 1;
        LazyDfa { trie, classes, column_at, columns, id: NEXT_ID.fetch_add(1, Ordering::Relaxed) }
    }

    /// The trie under the automaton.
    #[cfg(test)]
    pub(crate) fn trie(&self) -> &Trie {
        &self.trie
    }

    /// The pattern that is exactly `codes`, the first given if several are.
    pub(crate) fn pattern_of(&self, codes: &[u8]) -> Option<usize> {
        self.trie.pattern_of(codes.iter().map(|&b| self.classes[usize::from(b)]))
    }

    /// The leftmost-longest match in `haystack[from..]`.
    #[cfg(test)]
    pub(crate) fn find(&self, haystack: &[u8], from: usize) -> Option<Found> {
        self.searching(|s| s.find(haystack, from))
    }

    /// `f` with a [`Searcher`]: for the many searches of one text, this
    /// thread's table is looked up once (once a search cost 4 M
    /// instructions on the corpus).
    pub(crate) fn searching<R>(&self, f: impl FnOnce(&mut Searcher<'_>) -> R) -> R {
        self.with_table(|table| f(&mut Searcher { dfa: self, table }))
    }

    /// `f` with this thread's table for this automaton.
    fn with_table<R>(&self, f: impl FnOnce(&mut Table) -> R) -> R {
        thread_local! {
            static TABLES: RefCell<Vec<Table>> = const { RefCell::new(Vec::new()) };
        }
        TABLES.with(|t| match t.try_borrow_mut() {
            Ok(mut tables) => {
                let i = match tables.iter().position(|t| t.owner == Some(self.id)) {
                    Some(i) => i,
                    None if tables.len() < TABLES_PER_THREAD => {
                        tables.push(Table::default());
                        tables.len() - 1
                    }
                    // The table used longest ago (they are kept in order of use).
                    None => 0,
                };
                // Most recently used last.
                let last = tables.len() - 1;
                if i != last {
                    tables[i..].rotate_left(1);
                }
                f(&mut tables[last])
            }
            // Not reentered in practice; a fresh table keeps it correct.
            Err(_) => f(&mut Table::default()),
        })
    }

    /// The start row, made ready for this automaton.
    fn start(&self, table: &mut Table) -> Option<usize> {
        if table.owner != Some(self.id) {
            table.clear();
            table.owner = Some(self.id);
            table.links = self.trie.links();
            table.row_of = vec![0; self.trie.len()];
        }
        if table.start == 0 {
            table.start = table.row(self, ROOT);
        }
        Some(table.start)
    }

    /// What the entry `entry` for code `b` at `stop`, from row `before`,
    /// means: the next row, and whether the search ends there (a dead
    /// state); `found` is updated at a match.
    #[inline(always)]
    fn special(
        &self,
        table: &mut Table,
        (stop, before, entry): (usize, usize, u16),
        b: u8,
        found: &mut Option<Found>,
    ) -> (usize, bool) {
        let entry = if entry == UNKNOWN { table.fill(self, before, b) } else { entry };
        let row = usize::from(entry & !SPECIAL);
        if entry & SPECIAL != 0 {
            match table.ends[row] {
                Ends::Dead => return (0, true),
                Ends::Pattern { id, len } => {
                    let len = len as usize;
                    *found = Some(Found { pattern: id as usize, start: stop + 1 - len, end: stop + 1 });
                }
                Ends::Nothing => {}
            }
        }
        (row, false)
    }

    /// [`Searcher::find_encoding`] with `table`: over the codes
    /// already there, then encoding and stepping in one loop
    /// ([`walk_encoding`]), so that the encoding's work overlaps the waits
    /// for table entries.
    fn find_with_encoding(&self, table: &mut Table, encoding: &mut Encoding<'_>, from: usize) -> Option<Found> {
        let mut row = self.start(table)?;
        let mut found = None;
        let mut at = from;
        loop {
            let walked = if at < encoding.codes().len() {
                walk(&table.next, &self.column_at, encoding.codes(), at, row)
            } else {
                walk_encoding(&table.next, &self.column_at, encoding, row)
            };
            let (stop, before, _) = walked;
            let Some(&b) = encoding.codes().get(stop) else {
                // The codes ran out: the text's end, or only so far encoded.
                if encoding.done() {
                    return found;
                }
                (row, at) = (before, stop);
                continue;
            };
            let (next, dead) = self.special(table, walked, b, &mut found);
            if dead {
                return found;
            }
            row = next;
            at = stop + 1;
        }
    }

    fn find_with(&self, table: &mut Table, haystack: &[u8], from: usize) -> Option<Found> {
        let mut row = self.start(table)?;
        let mut found = None;
        let mut at = from;
        loop {
            let walked = walk(&table.next, &self.column_at, haystack, at, row);
            let (stop, _, _) = walked;
            let Some(&b) = haystack.get(stop) else { return found };
            let (next, dead) = self.special(table, walked, b, &mut found);
            if dead {
                return found;
            }
            row = next;
            at = stop + 1;
        }
    }
}

/// Follows the ordinary steps from `row` over `haystack[at..]` until an
/// entry is [`SPECIAL`] (or unknown) or the text ends, and returns where it
/// stopped, the row it was at, and the entry there ([`UNKNOWN`] at the end).
/// Alone, the hot loop is a handful of instructions a byte: no table to
/// fill, no match to record; four bytes a round, so that the loop's own
/// count and test come once for four steps.
#[inline(always)]
fn walk(next: &[u16], column_at: &[u32; 256], haystack: &[u8], at: usize, mut row: usize) -> (usize, usize, u16) {
    let rest = haystack.get(at..).unwrap_or_default();
    let entry = entry_in(next, column_at);
    let mut fours = rest.chunks_exact(4);
    let mut i = at;
    for four in &mut fours {
        for (k, &b) in four.iter().enumerate() {
            let entry = entry(row, b);
            if !is_ordinary(entry) {
                return (i + k, row, entry);
            }
            row = usize::from(entry);
        }
        i += 4;
    }
    for (k, &b) in fours.remainder().iter().enumerate() {
        let entry = entry(row, b);
        if !is_ordinary(entry) {
            return (i + k, row, entry);
        }
        row = usize::from(entry);
    }
    (haystack.len().max(at), row, UNKNOWN)
}

/// Whether `entry` is an ordinary step (neither [`SPECIAL`] nor
/// [`UNKNOWN`]): one test of its sign.
#[inline(always)]
fn is_ordinary(entry: u16) -> bool {
    entry.cast_signed() > 0
}

/// The entry of `next` for byte `b` from `row`. The table is
/// [`Table::next`], whose length is a power of two past every index: masking
/// the index keeps it in bounds, and costs one instruction where a bounds
/// check cost two and a register. The row is the entry the step before
/// read, so the path from one entry to the next is an add, a mask and a
/// load (no shift, as rows of a row-major table needed).
#[inline(always)]
fn entry_in<'n>(next: &'n [u16], column_at: &'n [u32; 256]) -> impl Fn(usize, u8) -> u16 + 'n {
    let mask = next.len().wrapping_sub(1);
    move |row, b| next.get((column_at[usize::from(b)] as usize + row) & mask).copied().unwrap_or(UNKNOWN)
}

/// [`walk`] on codes `encoding` encodes as it goes, from the end of those
/// it has (returning, at the text's end, where the codes end).
#[inline(always)]
fn walk_encoding(
    next: &[u16],
    column_at: &[u32; 256],
    encoding: &mut Encoding<'_>,
    mut row: usize,
) -> (usize, usize, u16) {
    let mut special = None;
    let entry = entry_in(next, column_at);
    encoding.scan(|b| {
        let entry = entry(row, b);
        if !is_ordinary(entry) {
            special = Some(entry);
            return false;
        }
        row = usize::from(entry);
        true
    });
    match special {
        Some(entry) => (encoding.codes().len() - 1, row, entry),
        None => (encoding.codes().len(), row, UNKNOWN),
    }
}

/// One thread's transitions. Row 0 is unused, so that no entry but
/// [`UNKNOWN`] is 0.
#[derive(Debug, Default)]
struct Table {
    owner: Option<u64>,
    /// `next[column * COLUMN_LEN + row]`: the next row, with [`SPECIAL`].
    /// Column by column, so that the step from an entry to the next adds
    /// the row to where the byte's column starts ([`LazyDfa::column_at`]);
    /// and a cache line holds one column of 32 rows, those made one after
    /// another: the rows text comes back to most are made first (the start,
    /// the first letters), and share lines. Two bytes an entry: the table is
    /// half the size it would be with offsets, and text that visits
    /// thousands of states misses the caches less (scan time is mostly
    /// waiting for entries). Allocated whole (zeroed: [`UNKNOWN`]; the pages
    /// of rows never made are never touched), a power of two long, so that
    /// the scan masks its index instead of checking it ([`entry_in`]).
    next: Vec<u16>,
    /// The trie state of each row.
    state: Vec<StateId>,
    /// What each row's state ends, worked out when the row is made: a stop
    /// at a match then reads a line of rows, not the trie's per-state
    /// tables (a look-up or two far apart, at every stop).
    ends: Vec<Ends>,
    /// The row of each trie state (0: none yet), indexed by state: a
    /// look-up per transition filled, cheaper than a hash map's.
    row_of: Vec<u32>,
    /// The start state's row, once made (0 before): every search starts
    /// there, and a look-up per search (in a hash map then) cost 4 M
    /// instructions on the corpus.
    start: usize,
    /// The failure links of the owner's trie, as far as worked out: they
    /// outlive a clearing of the rows. With `row_of`, 12 bytes a trie state
    /// (0.8 MB for the built-in gazetteers' 64 thousand), for each thread.
    links: Links,
}

/// What a row's state ends: the search, a pattern (its id and length), or
/// neither.
#[derive(Debug, Clone, Copy)]
enum Ends {
    Nothing,
    Dead,
    Pattern { id: u32, len: u32 },
}

impl Table {
    /// Forgets every row (their entries back to [`UNKNOWN`]).
    fn clear(&mut self) {
        for &sid in &self.state {
            self.row_of[sid as usize] = 0;
        }
        let rows = self.state.len();
        for column in self.next.chunks_mut(COLUMN_LEN) {
            let made = rows.min(column.len());
            column[..made].fill(UNKNOWN);
        }
        self.state.clear();
        self.ends.clear();
        self.start = 0;
    }

    /// The row of `sid`, made if new.
    fn row(&mut self, dfa: &LazyDfa, sid: StateId) -> usize {
        match self.row_of[sid as usize] {
            0 => {}
            row => return row as usize,
        }
        if self.state.is_empty() {
            let len = (dfa.columns * COLUMN_LEN).next_power_of_two();
            if self.next.len() != len {
                self.next = vec![UNKNOWN; len];
            }
            self.state.push(DEAD);
            self.ends.push(Ends::Dead);
        }
        // (Its entries are UNKNOWN: zeroed, or cleared.)
        let row = self.state.len();
        self.state.push(sid);
        self.ends.push(if sid == DEAD {
            Ends::Dead
        } else {
            match dfa.trie.matched(&mut self.links, sid) {
                // (Pattern ids and lengths are u32 in the trie.)
                Some(id) => Ends::Pattern { id: id as u32, len: dfa.trie.pattern_len(id) as u32 },
                None => Ends::Nothing,
            }
        });
        // Rows stay below COLUMN_LEN (MAX_ROWS).
        self.row_of[sid as usize] = row as u32;
        row
    }

    /// Computes, stores and returns the entry for byte `b` from `row`.
    fn fill(&mut self, dfa: &LazyDfa, row: usize, b: u8) -> u16 {
        let sid = self.state[row];
        let column = dfa.column_at[usize::from(b)] as usize;
        // The step from a state a failure link leads to, when this table
        // has it already.
        let (entries, states, row_of) = (&self.next, &self.state, &self.row_of);
        let known = |f: StateId| match row_of[f as usize] {
            0 => None,
            f_row => match entries[column + f_row as usize] {
                UNKNOWN => None,
                entry => Some(states[usize::from(entry & !SPECIAL)]),
            },
        };
        let next = dfa.trie.next_state(&mut self.links, sid, dfa.classes[usize::from(b)], known);
        let mut row = row;
        if self.state.len() >= MAX_ROWS && self.row_of[next as usize] == 0 {
            // Full: start over with the two states at hand.
            self.clear();
            row = self.row(dfa, sid);
        }
        let next_row = self.row(dfa, next);
        // Rows stay below SPECIAL (MAX_ROWS).
        let entry = next_row as u16 | if matches!(self.ends[next_row], Ends::Nothing) { 0 } else { SPECIAL };
        self.next[column + row] = entry;
        entry
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};
    use proptest::prelude::*;

    fn build(patterns: &[Vec<u8>]) -> LazyDfa {
        LazyDfa::new(patterns.iter().map(Vec::as_slice)).unwrap()
    }

    fn all(dfa: &LazyDfa, hay: &[u8]) -> Vec<Found> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(f) = dfa.find(hay, at) {
            at = f.end;
            out.push(f);
        }
        out
    }

    #[test]
    fn leftmost_longest() {
        let dfa = build(&[b"ab".to_vec(), b"abcd".to_vec(), b"bc".to_vec(), b"d".to_vec()]);
        let got = all(&dfa, b"xabcdxabcxd");
        let spans: Vec<(usize, usize, usize)> = got.iter().map(|f| (f.pattern, f.start, f.end)).collect();
        assert_eq!(spans, [(1, 1, 5), (0, 6, 8), (3, 10, 11)]);
    }

    /// Right answers whichever tables a thread keeps or drops.
    #[test]
    fn automata_used_in_turn_stay_right() {
        let a = build(&[b"ab".to_vec()]);
        let b = build(&[b"b".to_vec(), b"cd".to_vec()]);
        for _ in 0..3 {
            assert_eq!(all(&a, b"xabcd").len(), 1);
            assert_eq!(all(&b, b"xabcd").len(), 2);
        }
        let more: Vec<LazyDfa> = (0..TABLES_PER_THREAD + 2).map(|_| build(&[b"c".to_vec()])).collect();
        for dfa in more.iter().chain([&a, &b]).chain(more.iter()) {
            assert_eq!(all(dfa, b"abc").len(), 1);
        }
    }

    #[test]
    fn a_full_table_starts_over_and_stays_right() {
        // More states than MAX_ROWS: the table is cleared mid-search.
        let patterns: Vec<Vec<u8>> = (0..MAX_ROWS as u32 / 2).map(|i| format!("{i:08}").into_bytes()).collect();
        let dfa = build(&patterns);
        let hay: Vec<u8> = (0..MAX_ROWS as u32 / 2).rev().flat_map(|i| format!("{i:08} ").into_bytes()).collect();
        assert_eq!(all(&dfa, &hay).len(), MAX_ROWS / 2);
    }

    /// Tables of few columns and of many.
    #[test]
    fn every_column_count() {
        for distinct in [10u8, 100, 200] {
            let patterns: Vec<Vec<u8>> = (0..distinct).map(|b| vec![b, b.wrapping_mul(7) % distinct]).collect();
            let dfa = build(&patterns);
            let hay: Vec<u8> = (0..3000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 % distinct).collect();
            let ac = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&patterns).unwrap();
            let want: Vec<(usize, usize)> = ac.find_iter(&hay).map(|m| (m.start(), m.end())).collect();
            let got: Vec<(usize, usize)> = all(&dfa, &hay).iter().map(|f| (f.start, f.end)).collect();
            assert!(!want.is_empty());
            assert_eq!(got, want, "{distinct} distinct bytes");
        }
    }

    /// The patterns as bytes, the lazy DFA over them, and its matches and
    /// aho-corasick's leftmost-longest ones on `hay`, as (pattern, start, end).
    #[allow(clippy::type_complexity)]
    fn against_aho_corasick(
        patterns: &[String],
        hay: &str,
    ) -> (Vec<Vec<u8>>, LazyDfa, Vec<(usize, usize, usize)>, Vec<(usize, usize, usize)>) {
        let bytes: Vec<Vec<u8>> = patterns.iter().map(|p| p.clone().into_bytes()).collect();
        let dfa = build(&bytes);
        let ac = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&bytes).unwrap();
        let want = ac.find_iter(hay).map(|m| (m.pattern().as_usize(), m.start(), m.end())).collect();
        let got = all(&dfa, hay.as_bytes()).iter().map(|f| (f.pattern, f.start, f.end)).collect();
        (bytes, dfa, got, want)
    }

    proptest! {
        /// The same matches as aho-corasick's own leftmost-longest search.
        #[test]
        fn same_as_aho_corasick(
            patterns in proptest::collection::vec("[abc]{1,4}", 1..12),
            hay in "[abcd]{0,200}",
        ) {
            let (_, _, got, want) = against_aho_corasick(&patterns, &hay);
            prop_assert_eq!(got, want);
        }

        /// The same on longer patterns, repeated ones among them, whose
        /// failure links chain further (the trie works them out on demand).
        #[test]
        fn same_as_aho_corasick_on_long_patterns(
            patterns in proptest::collection::vec("[ab]{1,7}|c[ab]{0,3}", 1..40),
            hay in "[abcd]{0,400}",
        ) {
            let (bytes, dfa, got, want) = against_aho_corasick(&patterns, &hay);
            prop_assert_eq!(got, want);
            // Each pattern by its bytes, the first of equal ones; and a
            // piece of the text, a pattern or not.
            for p in bytes.iter().map(Vec::as_slice).chain([&hay.as_bytes()[..hay.len().min(3)]]) {
                prop_assert_eq!(dfa.pattern_of(p), bytes.iter().position(|q| q == p));
            }
        }
    }
}
