fn main() {
    for pw in std::env::args().skip(1) {
        let e = zxcvbn::zxcvbn(&pw, &[]);
        println!(
            "{pw}: score {} guesses_log10 {:.1}",
            u8::from(e.score()),
            e.guesses_log10()
        );
    }
}
