//! Stage 4: Arabic letter variants that writers use interchangeably are unified.
//!
//! Hamza seats on alef are written or left out at will (أحمد / احمد), final
//! yeh and alef maqsura swap (على / علي), ta marbuta is often typed as heh
//! (شركة / شركه), and Persian keyboards give their own yeh and kaf.

/// The unified form of letter `c` (itself when it has no variant).
///
/// ```
/// use isnad::normalize::letters::fold;
/// assert_eq!(fold('أ'), 'ا');
/// assert_eq!(fold('ة'), 'ه');
/// assert_eq!(fold('ب'), 'ب');
/// ```
pub fn fold(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ی' => 'ي',
        'ة' => 'ه',
        'ک' => 'ك',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alef_forms() {
        for c in ['أ', 'إ', 'آ', 'ٱ', 'ا'] {
            assert_eq!(fold(c), 'ا');
        }
    }

    #[test]
    fn yeh_teh_kaf() {
        assert_eq!(fold('ى'), 'ي');
        assert_eq!(fold('\u{06CC}'), 'ي');
        assert_eq!(fold('ة'), 'ه');
        assert_eq!(fold('\u{06A9}'), 'ك');
    }

    #[test]
    fn hamza_on_waw_and_yeh_is_kept() {
        assert_eq!(fold('ؤ'), 'ؤ');
        assert_eq!(fold('ئ'), 'ئ');
    }

    #[test]
    fn in_the_pipeline() {
        assert_eq!(crate::normalize("أمريكا إلى شركة آبل").text(), "امريكا الي شركه ابل");
    }
}
