fn main() {
    use std::io::Read;
    let mut s = String::new();
    let _ = std::io::stdin().read_to_string(&mut s);
    print!("{}", unpress::html_fragment_to_markdown(&s));
}
