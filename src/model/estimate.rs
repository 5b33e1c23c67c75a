//! Worked back-of-envelope estimates: named inputs with units, an arithmetic formula over
//! them and the stated result, so a test (and `drillboard check`) recomputes every one and
//! checks its inputs against the numbers the scenario's own text gives.

use serde::{Deserialize, Serialize};

/// One named input of an estimate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EstimateInput {
    /// The name the formula uses: letters, digits and `_`, starting with a letter.
    pub name: String,
    /// The value, in the unit below (a percentage is written as a fraction: 0.1 % is 0.001).
    pub value: f64,
    /// The unit, for people ("payments/s", "bytes", "GPUs").
    pub unit: String,
    /// Words of the scenario's text (prompt, context or a clarifying answer) that state this
    /// input, copied exactly; empty when the input is an assumption of the estimate.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub quote: String,
}

impl EstimateInput {
    /// Whether the estimate assumes this input rather than quoting the scenario for it.
    pub fn is_assumed(&self) -> bool {
        self.quote.trim().is_empty()
    }
}

/// A worked estimate with its arithmetic shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Estimate {
    /// Unique within the scenario.
    pub id: String,
    /// The question the estimate answers ("Can the analysts review what the model flags?").
    pub title: String,
    /// The phase where a candidate would make it.
    pub phase: String,
    /// The inputs, in the order a person would say them.
    pub inputs: Vec<EstimateInput>,
    /// Arithmetic over the input names: `+ - * /`, parentheses, numbers, and `ceil(x)`,
    /// `floor(x)`, `min(a, b)`, `max(a, b)`.
    pub formula: String,
    /// The stated result, in `unit`.
    pub result: f64,
    /// The result's unit.
    pub unit: String,
    /// How far the formula may be from the stated result, as a fraction of it (rounded
    /// figures); 5 % unless given.
    #[serde(default = "default_tolerance")]
    pub tolerance: f64,
    /// Words of the scenario's text that state the result itself, if it does; the number in
    /// them must agree with the formula too.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub result_quote: String,
    /// What the number means for the design, in a sentence or two.
    pub conclusion: String,
}

fn default_tolerance() -> f64 {
    0.05
}

/// Why an estimate is wrong.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EstimateError {
    /// The formula does not parse.
    #[error("formula `{formula}`: {reason}")]
    Syntax {
        /// The formula.
        formula: String,
        /// What is wrong, and where.
        reason: String,
    },
    /// The formula uses a name no input has.
    #[error("formula uses `{0}`, which is not one of the inputs")]
    UnknownName(String),
    /// Two inputs share a name, or a name is not an identifier.
    #[error("input name `{0}` is repeated or not a name (letters, digits, `_`)")]
    BadName(String),
    /// Division by zero, or a result that is not a finite number.
    #[error("the formula does not give a finite number")]
    NotFinite,
    /// The formula's value is not the stated result.
    #[error(
        "the formula gives {computed}, but the stated result is {stated} (tolerance {tolerance})"
    )]
    Mismatch {
        /// What the formula gives.
        computed: f64,
        /// What the file states.
        stated: f64,
        /// The allowed relative difference.
        tolerance: f64,
    },
    /// An input's or the result's quote is not in the scenario's text.
    #[error("quote \"{0}\" is not in the scenario's prompt, context or answers")]
    QuoteMissing(String),
    /// A quote is in the text but states no number equal to the value.
    #[error("quote \"{quote}\" states no number equal to {value}")]
    QuoteDisagrees {
        /// The quote.
        quote: String,
        /// The value it should state.
        value: f64,
    },
}

impl Estimate {
    /// The formula's value for the inputs as given.
    pub fn compute(&self) -> Result<f64, EstimateError> {
        for (i, input) in self.inputs.iter().enumerate() {
            let ok = is_name(&input.name) && !self.inputs[..i].iter().any(|o| o.name == input.name);
            if !ok {
                return Err(EstimateError::BadName(input.name.clone()));
            }
        }
        let expr = parse(&self.formula).map_err(|reason| EstimateError::Syntax {
            formula: self.formula.clone(),
            reason,
        })?;
        let value = expr.eval(&|name| {
            self.inputs
                .iter()
                .find(|input| input.name == name)
                .map(|input| input.value)
        })?;
        if value.is_finite() {
            Ok(value)
        } else {
            Err(EstimateError::NotFinite)
        }
    }

    /// Recomputes the estimate and checks it against its stated result and its quotes
    /// against `text` (the scenario's prompt, context and answers, joined).
    pub fn check(&self, text: &str) -> Result<f64, EstimateError> {
        let computed = self.compute()?;
        if !close(computed, self.result, self.tolerance) {
            return Err(EstimateError::Mismatch {
                computed,
                stated: self.result,
                tolerance: self.tolerance,
            });
        }
        for input in self.inputs.iter().filter(|i| !i.quote.is_empty()) {
            check_quote(&input.quote, input.value, 0.005, text)?;
        }
        if !self.result_quote.is_empty() {
            check_quote(&self.result_quote, computed, self.tolerance, text)?;
        }
        Ok(computed)
    }

    /// The formula as people write it, with the input names: `cases_per_day ÷ per_analyst`.
    pub fn formula_text(&self) -> String {
        self.formula.replace('*', "×").replace('/', "÷")
    }

    /// The arithmetic written out with the input values, for people:
    /// `170,000,000 payments/day × 0.1 % …`.
    pub fn worked(&self) -> String {
        let mut out = self.formula.clone();
        // Longest names first, so `cases` does not replace part of `cases_per_day`.
        let mut inputs: Vec<&EstimateInput> = self.inputs.iter().collect();
        inputs.sort_by_key(|i| std::cmp::Reverse(i.name.len()));
        for input in inputs {
            out = replace_name(&out, &input.name, &number_text(input.value));
        }
        out.replace('*', "×").replace('/', "÷")
    }
}

/// Whether `a` is within `tolerance` (relative) of `b`.
fn close(a: f64, b: f64, tolerance: f64) -> bool {
    let scale = b.abs().max(f64::MIN_POSITIVE);
    ((a - b).abs() / scale) <= tolerance.max(1e-9)
}

fn check_quote(quote: &str, value: f64, tolerance: f64, text: &str) -> Result<(), EstimateError> {
    if memchr::memmem::find(text.as_bytes(), quote.as_bytes()).is_none() {
        return Err(EstimateError::QuoteMissing(quote.to_owned()));
    }
    if numbers_in(quote)
        .iter()
        .any(|n| close(*n, value, tolerance))
    {
        Ok(())
    } else {
        Err(EstimateError::QuoteDisagrees {
            quote: quote.to_owned(),
            value,
        })
    }
}

/// Every number a piece of prose states, with its scale applied: `10k` is 10,000, `1.5M` is
/// 1,500,000, `2 billion` is 2e9, `0.1%` is 0.001, `9 basis points` is 0.0009, `1,000` is
/// 1,000. A number followed by a scale word yields both readings, so `40 ms` stays 40.
pub fn numbers_in(text: &str) -> Vec<f64> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit()
            || (chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit));
        let after_word = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if !starts || after_word {
            i += 1;
            continue;
        }
        let mut digits = String::new();
        while i < chars.len() {
            let c = chars[i];
            let thousands_comma = c == ','
                && chars.get(i + 1).is_some_and(char::is_ascii_digit)
                && chars.get(i + 2).is_some_and(char::is_ascii_digit)
                && chars.get(i + 3).is_some_and(char::is_ascii_digit)
                && !chars.get(i + 4).is_some_and(char::is_ascii_digit);
            if c.is_ascii_digit() || c == '.' {
                digits.push(c);
            } else if thousands_comma {
            } else {
                break;
            }
            i += 1;
        }
        let digits = digits.trim_end_matches('.');
        let Ok(base) = digits.parse::<f64>() else {
            continue;
        };
        out.push(base);
        let rest: String = chars[i..].iter().collect();
        let spaced = rest.trim_start_matches(' ');
        let rest_lower = spaced.to_lowercase();
        let word_end = |len: usize| {
            !rest_lower[len..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
        };
        let tight = !rest.starts_with(' ');
        let scales: [(&str, f64, bool); 12] = [
            ("%", 0.01, false),
            ("percent", 0.01, false),
            ("basis points", 1e-4, false),
            ("bp", 1e-4, true),
            ("thousand", 1e3, false),
            ("million", 1e6, false),
            ("billion", 1e9, false),
            ("trillion", 1e12, false),
            ("k", 1e3, true),
            ("m", 1e6, true),
            ("bn", 1e9, true),
            ("b", 1e9, true),
        ];
        for (word, factor, needs_tight) in scales {
            if rest_lower.starts_with(word) && word_end(word.len()) && (tight || !needs_tight) {
                // `M` only as millions when written upper case right after the number.
                if word == "m" && !rest.starts_with('M') {
                    continue;
                }
                if word == "b" && !rest.starts_with('B') {
                    continue;
                }
                out.push(base * factor);
                break;
            }
        }
    }
    out
}

fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn replace_name(text: &str, name: &str, with: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(name) {
        let before_ok = !rest[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        let after = &rest[at + name.len()..];
        let after_ok = !after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        out.push_str(&rest[..at]);
        out.push_str(if before_ok && after_ok { with } else { name });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A number as people write it in an estimate: thousands separated, at most three
/// decimals; a small fraction to three significant digits (`0.005`, `0.00123`), and below a
/// millionth in scientific notation.
pub fn number_text(value: f64) -> String {
    if value != 0.0 && value.abs() < 0.01 {
        if value.abs() < 1e-6 {
            return format!("{value:e}");
        }
        let decimals = (-value.abs().log10().floor()) as usize + 2;
        let text = format!("{value:.decimals$}");
        return text.trim_end_matches('0').to_owned();
    }
    let rounded = if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        let text = format!("{value:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    let (sign, rest) = rounded
        .strip_prefix('-')
        .map_or(("", rounded.as_str()), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, ""), |(i, f)| (i, f));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// A parsed formula.
#[derive(Debug)]
enum Expr {
    Number(f64),
    Name(String),
    Neg(Box<Expr>),
    Binary(char, Box<Expr>, Box<Expr>),
    Call(String, Vec<Expr>),
}

/// How deep parentheses may nest, so a hostile formula cannot exhaust the stack.
const MAX_DEPTH: usize = 32;

impl Expr {
    fn eval(&self, lookup: &dyn Fn(&str) -> Option<f64>) -> Result<f64, EstimateError> {
        Ok(match self {
            Expr::Number(n) => *n,
            Expr::Name(name) => {
                lookup(name).ok_or_else(|| EstimateError::UnknownName(name.clone()))?
            }
            Expr::Neg(e) => -e.eval(lookup)?,
            Expr::Binary(op, a, b) => {
                let (a, b) = (a.eval(lookup)?, b.eval(lookup)?);
                match op {
                    '+' => a + b,
                    '-' => a - b,
                    '*' => a * b,
                    _ => {
                        if b == 0.0 {
                            return Err(EstimateError::NotFinite);
                        }
                        a / b
                    }
                }
            }
            Expr::Call(name, args) => {
                let values = args
                    .iter()
                    .map(|a| a.eval(lookup))
                    .collect::<Result<Vec<_>, _>>()?;
                match (name.as_str(), values.as_slice()) {
                    ("ceil", [x]) => x.ceil(),
                    ("floor", [x]) => x.floor(),
                    ("min", [a, b]) => a.min(*b),
                    ("max", [a, b]) => a.max(*b),
                    _ => return Err(EstimateError::NotFinite),
                }
            }
        })
    }
}

fn parse(formula: &str) -> Result<Expr, String> {
    let mut parser = Parser {
        chars: formula.chars().collect(),
        at: 0,
        depth: 0,
    };
    let expr = parser.sum()?;
    parser.skip_space();
    if parser.at < parser.chars.len() {
        return Err(format!(
            "unexpected `{}` at character {}",
            parser.chars[parser.at],
            parser.at + 1
        ));
    }
    Ok(expr)
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    depth: usize,
}

impl Parser {
    fn skip_space(&mut self) {
        while self.chars.get(self.at).is_some_and(|c| c.is_whitespace()) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_space();
        self.chars.get(self.at).copied()
    }

    fn sum(&mut self) -> Result<Expr, String> {
        let mut left = self.product()?;
        while let Some(op @ ('+' | '-')) = self.peek() {
            self.at += 1;
            let right = self.product()?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn product(&mut self) -> Result<Expr, String> {
        let mut left = self.unary()?;
        while let Some(op @ ('*' | '/')) = self.peek() {
            self.at += 1;
            let right = self.unary()?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.peek() == Some('-') {
            self.at += 1;
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, String> {
        let Some(c) = self.peek() else {
            return Err("the formula ends too early".to_owned());
        };
        if c == '(' {
            self.at += 1;
            let inner = self.nested()?;
            self.expect(')')?;
            return Ok(inner);
        }
        if c.is_ascii_digit() || c == '.' {
            let start = self.at;
            while self.chars.get(self.at).is_some_and(|c| {
                c.is_ascii_digit() || *c == '.' || *c == '_' || *c == 'e' || *c == 'E'
            }) {
                self.at += 1;
            }
            let text: String = self.chars[start..self.at]
                .iter()
                .filter(|c| **c != '_')
                .collect();
            return text
                .parse()
                .map(Expr::Number)
                .map_err(|_| format!("`{text}` is not a number"));
        }
        if c.is_ascii_alphabetic() {
            let start = self.at;
            while self
                .chars
                .get(self.at)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
            {
                self.at += 1;
            }
            let name: String = self.chars[start..self.at].iter().collect();
            if self.peek() != Some('(') {
                return Ok(Expr::Name(name));
            }
            self.at += 1;
            let mut args = vec![self.nested()?];
            while self.peek() == Some(',') {
                self.at += 1;
                args.push(self.nested()?);
            }
            self.expect(')')?;
            let arity = match name.as_str() {
                "ceil" | "floor" => 1,
                "min" | "max" => 2,
                _ => return Err(format!("unknown function `{name}`")),
            };
            if args.len() != arity {
                return Err(format!("`{name}` takes {arity} argument(s)"));
            }
            return Ok(Expr::Call(name, args));
        }
        Err(format!("unexpected `{c}` at character {}", self.at + 1))
    }

    fn nested(&mut self) -> Result<Expr, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("parentheses nest too deeply".to_owned());
        }
        let expr = self.sum();
        self.depth -= 1;
        expr
    }

    fn expect(&mut self, want: char) -> Result<(), String> {
        if self.peek() == Some(want) {
            self.at += 1;
            Ok(())
        } else {
            Err(format!("expected `{want}` at character {}", self.at + 1))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, value: f64, quote: &str) -> EstimateInput {
        EstimateInput {
            name: name.to_owned(),
            value,
            unit: String::new(),
            quote: quote.to_owned(),
        }
    }

    fn estimate(inputs: Vec<EstimateInput>, formula: &str, result: f64) -> Estimate {
        Estimate {
            id: "e".to_owned(),
            title: "t".to_owned(),
            phase: "clarify".to_owned(),
            inputs,
            formula: formula.to_owned(),
            result,
            unit: "/s".to_owned(),
            tolerance: default_tolerance(),
            result_quote: String::new(),
            conclusion: "c".to_owned(),
        }
    }

    #[test]
    fn formulas_follow_precedence_and_functions() {
        let e = estimate(
            vec![
                input("a", 2.0, ""),
                input("b", 3.0, ""),
                input("ab", 10.0, ""),
            ],
            "a + b * ab - (a - b) / 2 + ceil(b / a) + max(a, -b)",
            0.0,
        );
        assert_eq!(e.compute(), Ok(2.0 + 30.0 + 0.5 + 2.0 + 2.0));
    }

    #[test]
    fn bad_formulas_are_errors_not_panics() {
        for (formula, want) in [
            ("a +", "ends too early"),
            ("a b", "unexpected `b`"),
            ("sqrt(a)", "unknown function"),
            ("min(a)", "takes 2"),
            ("((a)", "expected `)`"),
        ] {
            let e = estimate(vec![input("a", 1.0, "")], formula, 1.0);
            let Err(EstimateError::Syntax { reason, .. }) = e.compute() else {
                panic!("{formula} parsed");
            };
            assert!(reason.contains(want), "{formula}: {reason}");
        }
        let deep = format!("{}a{}", "(".repeat(100), ")".repeat(100));
        assert!(
            estimate(vec![input("a", 1.0, "")], &deep, 1.0)
                .compute()
                .is_err()
        );
        let e = estimate(vec![input("a", 1.0, "")], "a / (a - a)", 1.0);
        assert_eq!(e.compute(), Err(EstimateError::NotFinite));
        let e = estimate(vec![input("a", 1.0, "")], "a * c", 1.0);
        assert_eq!(e.compute(), Err(EstimateError::UnknownName("c".to_owned())));
        let e = estimate(vec![input("a", 1.0, ""), input("a", 2.0, "")], "a", 1.0);
        assert_eq!(e.compute(), Err(EstimateError::BadName("a".to_owned())));
    }

    #[test]
    fn check_compares_result_and_quotes() {
        let text = "About 170M authorizations a day: ~2k/s on average, 10k/s at peak.";
        let mut e = estimate(
            vec![
                input("per_day", 170e6, "170M authorizations a day"),
                input("secs", 86_400.0, ""),
            ],
            "per_day / secs",
            2_000.0,
        );
        e.result_quote = "~2k/s on average".to_owned();
        assert!(e.check(text).is_ok());
        e.result = 2_500.0;
        assert!(matches!(e.check(text), Err(EstimateError::Mismatch { .. })));
        e.result = 2_000.0;
        e.inputs[0].value = 180e6;
        e.result = 180e6 / 86_400.0;
        assert!(matches!(
            e.check(text),
            Err(EstimateError::QuoteDisagrees { .. })
        ));
        e.inputs[0].quote = "180M a day".to_owned();
        assert!(matches!(e.check(text), Err(EstimateError::QuoteMissing(_))));
    }

    #[test]
    fn numbers_in_prose_apply_their_scale() {
        let has = |text: &str, want: f64| numbers_in(text).iter().any(|n| close(*n, want, 1e-9));
        assert!(has("about 10k/s at peak", 10_000.0));
        assert!(has("170M a day", 170e6));
        assert!(has("2 billion users", 2e9));
        assert!(has("0.1% of transactions", 0.001));
        assert!(has("9 basis points of volume", 0.0009));
        assert!(has("1,500,000 rows", 1_500_000.0));
        assert!(has("$3.5M a year", 3.5e6));
        assert!(has("under 100 ms at p99", 100.0));
        assert!(has("40 ms", 40.0));
        assert!(!has("40 ms", 40e6));
        assert!(has("300M x 256 int8", 300e6));
        assert!(has("25 m/s wind", 25.0));
        assert!(!has("p99", 99.0));
        assert!(has("1, 2 and 3", 3.0));
    }

    #[test]
    fn worked_text_substitutes_whole_names() {
        let e = estimate(
            vec![input("cases", 40_000.0, ""), input("cases_per", 270.0, "")],
            "cases / cases_per",
            148.0,
        );
        assert_eq!(e.worked(), "40,000 ÷ 270");
        assert_eq!(number_text(1_234_567.891), "1,234,567.891");
        assert_eq!(number_text(0.25), "0.25");
        assert_eq!(number_text(-1500.0), "-1,500");
        assert_eq!(number_text(0.005), "0.005");
        assert_eq!(number_text(0.0009), "0.0009");
        assert_eq!(number_text(0.001_234_56), "0.00123");
        assert_eq!(number_text(-0.002), "-0.002");
        assert_eq!(number_text(2e-9), "2e-9");
        assert_eq!(e.formula_text(), "cases ÷ cases_per");
    }
}
