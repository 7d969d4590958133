//! Stage 5: Arabic-Indic digits become ASCII digits.
//!
//! Outlets mix ٢٠٢٥, ۲۰۲۵ and 2025; model and chip names mix them too (H٢٠).

/// The ASCII digit for an Arabic-Indic or Extended Arabic-Indic digit; `c`
/// itself otherwise.
///
/// ```
/// assert_eq!(isnad::normalize::digits::fold('٧'), '7');
/// ```
pub fn fold(c: char) -> char {
    match c {
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_digit_blocks() {
        assert_eq!("٠١٢٣٤٥٦٧٨٩".chars().map(fold).collect::<String>(), "0123456789");
        assert_eq!("۰۱۲۳۴۵۶۷۸۹".chars().map(fold).collect::<String>(), "0123456789");
        assert_eq!(fold('5'), '5');
    }

    #[test]
    fn in_the_pipeline() {
        assert_eq!(crate::normalize("شرائح H٢٠ عام ۲۰۲۵").text(), "شرائح h20 عام 2025");
    }
}
