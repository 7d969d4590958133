//! Rule tests live in tests/claims.rs (the case file) and in the seed test.
