//! Small sets of bits, one bit a list or class: the rules ask which lists a
//! word is in with one look-up and a mask, not a scan per list.

/// Defines `$name`, a set of up to eight bits, with `has`, `has_any`, `or`
/// and `add`; the bits themselves are the constants of the type's own
/// `impl` block, beside the lists they stand for.
macro_rules! bit_set {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        pub(crate) struct $name(u8);

        impl $name {
            /// Whether it has every bit of `other`.
            pub(crate) fn has(self, other: $name) -> bool {
                self.0 & other.0 == other.0
            }

            /// Whether it has one of the bits of `other` at least.
            pub(crate) fn has_any(self, other: $name) -> bool {
                self.0 & other.0 != 0
            }

            /// The bits of both.
            pub(crate) const fn or(self, other: $name) -> $name {
                $name(self.0 | other.0)
            }

            /// Adds the bits of `other`.
            pub(crate) fn add(&mut self, other: $name) {
                self.0 |= other.0;
            }
        }
    };
}

pub(crate) use bit_set;
