//! Matching a question the candidate types to the scenario's scripted clarifying questions,
//! offline.
//!
//! # Why BM25
//!
//! Retrieval is BM25 (the `bm25` crate, pure Rust) over one document per scripted question:
//! its text, the author's `keywords` and `paraphrases`. Candidates say the same thing in
//! different words and word orders ("payments per second", "what's the peak TPS"), so what
//! carries a match is shared *terms*, not shared characters: fuzzy string distance (strsim,
//! nucleo) scores "how many payments per second?" close to "how many are fraud?" because most
//! characters agree, and has no notion that "second" is rare in the script while "how many" is
//! everywhere. BM25 weighs each shared term by how rare it is among the scenario's questions
//! (IDF), saturates repeats, and with the crate's English tokenizer folds Unicode, drops stop
//! words and stems ("labels", "labelled" and "labeling" are one term). A few question words
//! no scripted answer depends on ("need", "expect", "handle", …) are dropped as well.
//!
//! # Calibration: when to say "no match"
//!
//! BM25 scores are unbounded and depend on the corpus, so the best score alone cannot say
//! whether a question was understood. Two scale-free checks decide instead:
//!
//! - **Coverage** ([`MIN_COVERAGE`]): the share of the query's IDF mass that the best question
//!   contains. A term no question mentions counts as the rarest term, so "what's your favourite
//!   colour?" covers nothing, and "do you enjoy working here?" covers too little of itself to
//!   be taken for the question "how will we know the pipeline is working?" because it shares
//!   "working".
//! - **Margin** ([`MIN_MARGIN`]): the best BM25 score must beat the runner-up by this factor,
//!   so a question that fits two scripted questions equally ("tell me about the data") is a
//!   "no match" rather than a coin toss.
//!
//! Both were set on the built-in scenarios' held-out questions (`tests/ask.rs`: 136 typed as
//! a candidate would, kept apart from the files' paraphrases, and 10–11 off-topic ones per
//! scenario). There the held-out questions' coverage is at least 0.48 and the off-topic ones'
//! at most 0.38 (most share no word with the script at all), so 0.45 sits between them; the
//! closest held-out margin is 1.10. Every held-out question matches its own question and
//! every off-topic one is refused.

use std::collections::{HashMap, HashSet};

use bm25::{DefaultTokenizer, Embedder, EmbedderBuilder, Language, Scorer, Tokenizer};

use super::scenario::ClarifyingQuestion;

/// The least share of a question's IDF mass the best scripted question must contain.
pub const MIN_COVERAGE: f32 = 0.45;
/// How many times the runner-up's BM25 score the best one must be.
pub const MIN_MARGIN: f32 = 1.1;

/// BM25's `b`, below the usual 0.75: a question's document is long because its author listed
/// many keywords, not because it is verbose, so length is penalised less.
const LENGTH_NORMALISATION: f32 = 0.5;

/// Stems of words candidates put around a question that no scripted answer turns on; dropped
/// like stop words so they neither match nor dilute coverage.
const FILLER_STEMS: &[&str] = &[
    "what",
    "need",
    "expect",
    "handl",
    "assum",
    "know",
    "tell",
    "think",
    "want",
    "go",
    "look",
    "like",
    "would",
    "could",
    "can",
    "might",
    "ok",
    "okay",
    "pleas",
    "ask",
    "also",
    "get",
    "us",
    "system",
    "design",
    "build",
    "let",
    "say",
    "actual",
    "exact",
    "rough",
    "roughli",
    "approxim",
    "kind",
    "sort",
    "thing",
    "much",
    "mani",
    "wonder",
    "curious",
    "make",
    "come",
    "keep",
    "use",
    "allow",
    "whether",
    "one",
    "someon",
    "happen",
    "today",
    "everi",
    "current",
    "given",
    "take",
    "realli",
    "typic",
    "usual",
    "generally",
    "general",
];

/// Contractions whose stem would otherwise survive the stop words ("what's" stems to "what").
const CONTRACTIONS: &[&str] = &["'s", "'re", "'ll", "'ve", "'d", "'m", "n't"];

/// The crate's English tokenizer (Unicode folding, stop words, Snowball stemming) with the
/// filler words dropped.
struct QuestionTokenizer(DefaultTokenizer);

impl Tokenizer for QuestionTokenizer {
    fn tokenize(&self, input_text: &str) -> Vec<String> {
        let mut text = input_text.to_lowercase().replace(['\u{2019}', '`'], "'");
        for contraction in CONTRACTIONS {
            text = text.replace(contraction, " ");
        }
        let text: Vec<String> = text.split_whitespace().map(american_spelling).collect();
        self.0
            .tokenize(&text.join(" "))
            .into_iter()
            .filter(|token| !FILLER_STEMS.contains(&token.as_str()))
            .collect()
    }
}

/// Spells "-ise" words the American way before stemming, which treats the two spellings as
/// different words ("personalisation" and "personalization"). Applied to the script and to the
/// typed question alike, so a word it changes needlessly ("noise") still matches itself.
fn american_spelling(word: &str) -> String {
    for (british, american) in [
        ("isations", "izations"),
        ("isation", "ization"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ise", "ize"),
    ] {
        let trimmed = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        if let Some(stem) = trimmed.strip_suffix(british)
            && stem.len() >= 3
        {
            return format!("{stem}{american}{}", &word[trimmed.len()..]);
        }
    }
    word.to_owned()
}

impl QuestionTokenizer {
    fn new() -> Self {
        Self(DefaultTokenizer::new(Language::English))
    }
}

/// What the interviewer makes of a typed question.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum QuestionMatch {
    /// The scripted question at this index answers it.
    Matched {
        /// Index into the scenario's questions.
        index: usize,
        /// Share of the typed question's IDF mass the scripted question covers, 0–1.
        coverage: f32,
    },
    /// No scripted question answers it: the interviewer has no data on that.
    NoMatch,
}

/// The scripted questions of one scenario, indexed for matching typed questions.
pub struct QuestionMatcher {
    embedder: Embedder<u32, QuestionTokenizer>,
    scorer: Scorer<usize>,
    tokenizer: QuestionTokenizer,
    /// Each question's document as a set of terms.
    terms: Vec<HashSet<String>>,
    /// In how many documents each term appears.
    document_frequency: HashMap<String, usize>,
}

impl QuestionMatcher {
    /// Indexes `questions`: each is one document of its text, keywords and paraphrases.
    pub fn new(questions: &[ClarifyingQuestion]) -> Self {
        let documents: Vec<String> = questions.iter().map(document_text).collect();
        let corpus: Vec<&str> = documents.iter().map(String::as_str).collect();
        let embedder = EmbedderBuilder::<u32, QuestionTokenizer>::with_tokenizer_and_fit_to_corpus(
            QuestionTokenizer::new(),
            &corpus,
        )
        .b(LENGTH_NORMALISATION)
        .build();
        let tokenizer = QuestionTokenizer::new();
        let mut scorer = Scorer::new();
        let mut terms = Vec::with_capacity(documents.len());
        let mut document_frequency: HashMap<String, usize> = HashMap::new();
        for (i, text) in documents.iter().enumerate() {
            scorer.upsert(&i, embedder.embed(text));
            let set: HashSet<String> = tokenizer.tokenize(text).into_iter().collect();
            for term in &set {
                *document_frequency.entry(term.clone()).or_default() += 1;
            }
            terms.push(set);
        }
        Self {
            embedder,
            scorer,
            tokenizer,
            terms,
            document_frequency,
        }
    }

    /// The scripted question that answers `typed`, or [`QuestionMatch::NoMatch`] when none
    /// covers enough of it or two fit about equally.
    pub fn find(&self, typed: &str) -> QuestionMatch {
        let query: Vec<String> = self.tokenizer.tokenize(typed);
        if query.is_empty() {
            return QuestionMatch::NoMatch;
        }
        let ranked = self.scorer.matches(&self.embedder.embed(typed));
        let Some(best) = ranked.first() else {
            return QuestionMatch::NoMatch;
        };
        // Ties are broken by file order so the result never depends on hash order.
        let best_index = ranked
            .iter()
            .filter(|r| (r.score - best.score).abs() <= f32::EPSILON)
            .map(|r| r.id)
            .min()
            .unwrap_or(best.id);
        let runner_up = ranked
            .iter()
            .find(|r| r.id != best_index)
            .map_or(0.0, |r| r.score);
        if runner_up > 0.0 && best.score < MIN_MARGIN * runner_up {
            return QuestionMatch::NoMatch;
        }
        let coverage = self.coverage(&query, best_index);
        if coverage < MIN_COVERAGE {
            return QuestionMatch::NoMatch;
        }
        QuestionMatch::Matched {
            index: best_index,
            coverage,
        }
    }

    /// The share of the query's IDF mass that question `index` contains.
    fn coverage(&self, query: &[String], index: usize) -> f32 {
        let Some(terms) = self.terms.get(index) else {
            return 0.0;
        };
        let documents = self.terms.len() as f32;
        let idf = |term: &String| {
            let n = self.document_frequency.get(term).copied().unwrap_or(0) as f32;
            (1.0 + (documents - n + 0.5) / (n + 0.5)).ln()
        };
        let unique: HashSet<&String> = query.iter().collect();
        let total: f32 = unique.iter().map(|t| idf(t)).sum();
        let covered: f32 = unique
            .iter()
            .filter(|t| terms.contains(**t))
            .map(|t| idf(t))
            .sum();
        if total > 0.0 { covered / total } else { 0.0 }
    }
}

/// One question's searchable text: the question, its keywords and its paraphrases.
fn document_text(question: &ClarifyingQuestion) -> String {
    let mut text = question.question.clone();
    for extra in question.keywords.iter().chain(&question.paraphrases) {
        text.push_str(". ");
        text.push_str(extra);
    }
    text
}

/// What `drillboard ask` prints when no scripted question matches.
pub const NO_MATCH: &str = "no match";

/// The reply to `typed` as `drillboard ask` prints it: the matched scripted question on the
/// first line and its answer on the second, or [`NO_MATCH`].
pub fn reply_text(questions: &[ClarifyingQuestion], typed: &str) -> String {
    match match_question(questions, typed) {
        QuestionMatch::Matched { index, .. } => questions.get(index).map_or_else(
            || NO_MATCH.to_owned(),
            |q| format!("{}\n{}", q.question, q.answer),
        ),
        QuestionMatch::NoMatch => NO_MATCH.to_owned(),
    }
}

/// Matches `typed` against `questions` (a convenience for one question; build a
/// [`QuestionMatcher`] to ask many).
pub fn match_question(questions: &[ClarifyingQuestion], typed: &str) -> QuestionMatch {
    QuestionMatcher::new(questions).find(typed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scenario::QuestionTopic;

    fn question(text: &str, keywords: &[&str], paraphrases: &[&str]) -> ClarifyingQuestion {
        ClarifyingQuestion {
            topic: QuestionTopic::Scale,
            question: text.to_owned(),
            answer: "An answer.".to_owned(),
            keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
            paraphrases: paraphrases.iter().map(|p| (*p).to_owned()).collect(),
        }
    }

    fn script() -> Vec<ClarifyingQuestion> {
        vec![
            question(
                "How many transactions per second?",
                &["traffic", "volume", "QPS", "throughput"],
                &["what is the peak load"],
            ),
            question(
                "How fast must we decide?",
                &["latency", "milliseconds", "p99", "deadline"],
                &["what is the response time budget"],
            ),
            question(
                "Where do labels come from?",
                &["chargebacks", "ground truth", "label delay"],
                &["how do we learn a payment was fraud"],
            ),
        ]
    }

    #[test]
    fn keywords_and_stems_find_the_question() {
        let matcher = QuestionMatcher::new(&script());
        assert!(matches!(
            matcher.find("What's the throughput at peak?"),
            QuestionMatch::Matched { index: 0, .. }
        ));
        assert!(matches!(
            matcher.find("p99 latency budget?"),
            QuestionMatch::Matched { index: 1, .. }
        ));
        assert!(matches!(
            matcher.find("How are transactions labelled?"),
            QuestionMatch::Matched { index: 2, .. }
        ));
    }

    #[test]
    fn unrelated_and_empty_questions_do_not_match() {
        let matcher = QuestionMatcher::new(&script());
        for typed in [
            "What's your favourite colour?",
            "",
            "   ",
            "how many?",
            "?!",
        ] {
            assert_eq!(matcher.find(typed), QuestionMatch::NoMatch, "{typed:?}");
        }
    }

    #[test]
    fn a_question_that_fits_two_equally_is_no_match() {
        let questions = vec![
            question("What data do we have about users?", &[], &[]),
            question("What data do we have about items?", &[], &[]),
        ];
        assert_eq!(
            match_question(&questions, "what data do we have?"),
            QuestionMatch::NoMatch
        );
    }

    #[test]
    fn no_questions_never_match() {
        assert_eq!(
            match_question(&[], "how many users?"),
            QuestionMatch::NoMatch
        );
    }
}
