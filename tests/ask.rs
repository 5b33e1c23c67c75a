//! Typed clarifying questions against every built-in scenario's script (`model::ask`).
//!
//! Each scenario has held-out questions written as a candidate would type them, kept apart from
//! the paraphrases in the scenario files so this measures how the matcher generalises: every
//! one must match the scripted question named beside it, and every off-topic question must get
//! `no match`, exactly as `drillboard ask` prints it.

use drillboard::model::Scenario;
use drillboard::model::ask::{NO_MATCH, reply_text};
use drillboard::store::builtin;

/// Questions nobody scripts in any scenario: small talk, logistics and trivia.
const SMALL_TALK: [&str; 6] = [
    "what's your favourite colour?",
    "can we take a five minute break?",
    "who won the football last night?",
    "what's the capital of France?",
    "how was your weekend?",
    "do you enjoy working here?",
];

fn scenario(id: &str) -> Scenario {
    let frameworks = builtin::frameworks().unwrap();
    builtin::scenarios(&frameworks)
        .into_iter()
        .filter_map(Result::ok)
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no built-in scenario {id}"))
}

/// Checks `held_out` (typed question, words of the scripted question it must match) and the
/// off-topic questions (plus the shared small talk) against scenario `id`.
fn check(id: &str, held_out: &[(&str, &str)], off_topic: &[&str]) {
    assert!(held_out.len() >= 10, "{id}: at least 10 paraphrases");
    assert!(
        off_topic.len() + SMALL_TALK.len() >= 10,
        "{id}: at least 10 off-topic questions"
    );
    let scenario = scenario(id);
    let mut failures = Vec::new();
    for (typed, expected) in held_out {
        let Some(question) = scenario
            .questions
            .iter()
            .find(|q| q.question.contains(expected))
        else {
            panic!("{id}: no scripted question contains {expected:?}");
        };
        let own_paraphrase = question
            .paraphrases
            .iter()
            .chain([&question.question])
            .any(|p| p.eq_ignore_ascii_case(typed));
        assert!(!own_paraphrase, "{id}: {typed:?} is copied from the file");
        let reply = reply_text(&scenario.questions, typed);
        let first_line = reply.lines().next().unwrap_or_default();
        if first_line != question.question {
            failures.push(format!(
                "{typed:?} should match {:?}, got {first_line:?}",
                question.question
            ));
        }
    }
    for typed in off_topic.iter().chain(&SMALL_TALK) {
        let reply = reply_text(&scenario.questions, typed);
        if reply != NO_MATCH {
            failures.push(format!(
                "{typed:?} should be no match, got {:?}",
                reply.lines().next().unwrap_or_default()
            ));
        }
    }
    assert!(failures.is_empty(), "{id}:\n{}", failures.join("\n"));
}

#[test]
fn fraud_detection_questions_in_own_words() {
    check(
        "fraud_detection",
        &[
            ("how many payments per second?", "How many transactions"),
            ("what's the fraud rate", "How many transactions"),
            ("tps at peak on black friday?", "How many transactions"),
            ("when do we learn it was fraud", "Where do fraud labels"),
            (
                "how delayed are chargeback labels?",
                "Where do fraud labels",
            ),
            (
                "what's the p99 latency budget for scoring?",
                "How much time",
            ),
            (
                "do we get device fingerprints and ip addresses?",
                "What data do we have",
            ),
            (
                "what signals are available at authorization?",
                "What data do we have",
            ),
            ("what are the success metrics", "How do we measure success"),
            (
                "do we care more about false declines or fraud losses?",
                "How do we measure success",
            ),
            (
                "can we decline or just send to manual review?",
                "What actions can",
            ),
            ("how big is the analyst team?", "What actions can"),
            (
                "do declines need reason codes for the regulator?",
                "Any regulatory",
            ),
            (
                "how quickly do fraudsters change tactics?",
                "How fast do fraud patterns",
            ),
        ],
        &[
            "what programming language should I write this in?",
            "who is the CEO of the company?",
            "what's the office dress code?",
            "is there free lunch on fridays?",
            "what's your name?",
        ],
    );
}

#[test]
fn ad_ctr_prediction_questions_in_own_words() {
    check(
        "ad_ctr_prediction",
        &[
            ("what qps do we need to handle?", "How much traffic"),
            ("how many ads are eligible per request?", "How much traffic"),
            (
                "how many ms to score candidates?",
                "What is the latency budget",
            ),
            ("what's the base ctr?", "What labels and features"),
            (
                "how imbalanced are the classes?",
                "What labels and features",
            ),
            (
                "are there bot clicks in the data?",
                "Is all click data trustworthy",
            ),
            (
                "what do we optimise, rpm or advertiser roi?",
                "How is success measured",
            ),
            (
                "what's the offline metric, log loss?",
                "How is success measured",
            ),
            (
                "how stale can the model get?",
                "How fresh must the model be",
            ),
            (
                "is the model retrained every day?",
                "How fresh must the model be",
            ),
            (
                "does gdpr consent affect personalisation?",
                "Privacy and policy",
            ),
        ],
        &[
            "what's the weather like today?",
            "which IDE do you use?",
            "how many people work on the ads team?",
            "where is the nearest coffee shop?",
        ],
    );
}

#[test]
fn content_moderation_questions_in_own_words() {
    check(
        "content_moderation",
        &[
            ("how many uploads a day?", "How much content arrives"),
            (
                "what share of posts break the rules?",
                "How much content arrives",
            ),
            (
                "how many reviewers are there?",
                "What human review capacity",
            ),
            (
                "how many decisions can moderators make per shift?",
                "What human review capacity",
            ),
            (
                "do we check images before they're visible?",
                "Must content be checked",
            ),
            (
                "how good are the existing labels?",
                "What labelled data exists",
            ),
            (
                "can we use the uploader's account age and strikes?",
                "What signals do we have",
            ),
            (
                "how do we measure prevalence?",
                "How will we know the pipeline",
            ),
            ("does the dsa apply to us?", "What regulatory and policy"),
            ("how many gpus can moderation use?", "What compute budget"),
            (
                "can we afford to run a large model on every frame?",
                "What compute budget",
            ),
        ],
        &[
            "what's your favourite movie?",
            "what time does the office close?",
            "who founded this company?",
            "do you have any pets?",
        ],
    );
}

#[test]
fn eta_prediction_questions_in_own_words() {
    check(
        "eta_prediction",
        &[
            (
                "how many etas per second do we compute?",
                "How many ETA predictions",
            ),
            ("what's the qps at dinner peak?", "How many ETA predictions"),
            (
                "what's the p99 latency target?",
                "What are the latency budgets",
            ),
            (
                "do we have timestamps for each order event?",
                "What historical data",
            ),
            ("is there courier gps data?", "What historical data"),
            (
                "when does the actual delivery time come in?",
                "When do we learn the true delivery",
            ),
            (
                "what do we do with cancelled orders?",
                "When do we learn the true delivery",
            ),
            (
                "are we measured on mae or on-time rate?",
                "How is success measured",
            ),
            (
                "how much does the maps api cost?",
                "Are there privacy or cost",
            ),
            ("can we keep raw gps traces?", "Are there privacy or cost"),
            (
                "how different are suburbs from dense cities?",
                "How much variation",
            ),
        ],
        &[
            "what's your favourite food?",
            "how many engineers are on the team?",
            "which restaurant should we order lunch from?",
            "what car do you drive?",
        ],
    );
}

#[test]
fn feature_store_questions_in_own_words() {
    check(
        "feature_store",
        &[
            (
                "how many features do we have in total?",
                "How many features, entities",
            ),
            (
                "what's the read qps at peak?",
                "How many features, entities",
            ),
            (
                "what p99 does an online lookup need?",
                "What latency does an online",
            ),
            ("how stale can features be?", "What latency does an online"),
            (
                "where does the raw data live, kafka?",
                "Where does the raw data",
            ),
            (
                "who owns feature pipelines today?",
                "Where does the raw data",
            ),
            (
                "can data scientists get a year of history for a new feature?",
                "How quickly do teams need history",
            ),
            (
                "what metrics show the store is working?",
                "How will we know the feature store",
            ),
            (
                "do we have to support gdpr deletion?",
                "Any privacy, regional",
            ),
            (
                "are we on aws and kubernetes?",
                "What is the existing stack",
            ),
            ("could we just buy tecton?", "What is the existing stack"),
            (
                "how many models read features online?",
                "How many models and consumers",
            ),
        ],
        &[
            "what's your favourite book?",
            "do you like your manager?",
            "what time is the next meeting?",
            "where are you based?",
        ],
    );
}

#[test]
fn messaging_spam_questions_in_own_words() {
    check(
        "messaging_spam",
        &[
            (
                "how many messages per second at peak?",
                "What are the traffic volumes",
            ),
            (
                "what percentage of senders are spam?",
                "What are the traffic volumes",
            ),
            (
                "how much latency can we add on the send path?",
                "Where in the flow",
            ),
            (
                "can we stop spam at registration time?",
                "Where in the flow",
            ),
            (
                "is message content encrypted end to end?",
                "What can the server actually see",
            ),
            (
                "what metadata can we see on the server?",
                "What can the server actually see",
            ),
            ("how noisy are spam reports?", "What labels do we have"),
            (
                "what's the proactive rate today?",
                "How do we measure success",
            ),
            (
                "are we allowed to do client side scanning?",
                "What privacy and regulatory",
            ),
            (
                "do the spam farms evolve fast?",
                "How adaptive are the attackers",
            ),
            (
                "do businesses legitimately send bulk messages?",
                "Are there legitimate high-volume",
            ),
        ],
        &[
            "what's your favourite holiday destination?",
            "how long have you worked here?",
            "what's the stock price today?",
            "which phone do you use?",
        ],
    );
}

#[test]
fn model_serving_platform_questions_in_own_words() {
    check(
        "model_serving_platform",
        &[
            (
                "how many models are we serving?",
                "How many models and how much traffic",
            ),
            (
                "what's the aggregate qps across models?",
                "How many models and how much traffic",
            ),
            ("what's the p99 slo for checkout?", "What latency SLOs"),
            (
                "what availability do tier 1 consumers need?",
                "What latency SLOs",
            ),
            (
                "how long do big models take to warm up?",
                "Can a new replica take a while",
            ),
            (
                "is autoscaling slow because of cold starts?",
                "Can a new replica take a while",
            ),
            (
                "do teams ship pytorch or xgboost models?",
                "What do teams hand over",
            ),
            (
                "how do we measure whether the platform succeeds?",
                "How do we measure the platform",
            ),
            (
                "what's our monthly gpu bill?",
                "Cost, compliance and infrastructure",
            ),
            (
                "what if one team's model leaks memory?",
                "Must teams be isolated",
            ),
            ("do teams get their own quotas?", "Must teams be isolated"),
        ],
        &[
            "what's your favourite sport?",
            "when is the company holiday party?",
            "what's the wifi password?",
            "do you prefer tea or coffee?",
        ],
    );
}

#[test]
fn news_feed_ranking_questions_in_own_words() {
    check(
        "news_feed_ranking",
        &[
            (
                "how many dau do we have?",
                "How many users and feed requests",
            ),
            (
                "what's the feed qps at peak?",
                "How many users and feed requests",
            ),
            (
                "how many eligible posts does a user have?",
                "How big is the inventory",
            ),
            (
                "how many impressions do we log a day?",
                "How big is the inventory",
            ),
            (
                "what's the server side ranking budget in ms?",
                "What is the latency budget",
            ),
            (
                "do we have explicit signals like hides?",
                "What feedback signals",
            ),
            (
                "how quickly should a new post be rankable?",
                "How quickly must new posts",
            ),
            (
                "what's the north star metric?",
                "What does success look like",
            ),
            (
                "are we allowed to use sensitive attributes like religion?",
                "Are there privacy or regulatory",
            ),
            (
                "who decides what gets demoted?",
                "Who decides integrity policy",
            ),
            (
                "what do creators expect from distribution?",
                "Who decides integrity policy",
            ),
        ],
        &[
            "what's your favourite tv show?",
            "what's the parking situation at the office?",
            "how old is the company?",
            "can I get a glass of water?",
        ],
    );
}

#[test]
fn rag_assistant_questions_in_own_words() {
    check(
        "rag_assistant",
        &[
            ("how many docs are we indexing?", "How large is the corpus"),
            ("how often do docs change?", "How large is the corpus"),
            ("how many queries per day?", "How much query traffic"),
            ("what's the qps at launch?", "How much query traffic"),
            (
                "what latency is ok for the first token?",
                "What response time is acceptable",
            ),
            (
                "is there a golden eval set?",
                "What labelled data do we have",
            ),
            (
                "are we measured on deflection rate?",
                "How will the business judge success",
            ),
            (
                "what's the budget per query?",
                "What are the cost and vendor",
            ),
            (
                "can we call an external llm api?",
                "What are the cost and vendor",
            ),
            (
                "do tenants have private data others mustn't see?",
                "Are there security or permission",
            ),
            (
                "what kind of questions do customers ask?",
                "What do queries look like",
            ),
        ],
        &[
            "what's your favourite song?",
            "how many people are in the interview loop?",
            "what did you have for breakfast?",
            "is it sunny outside?",
        ],
    );
}

#[test]
fn recommendation_ecommerce_questions_in_own_words() {
    check(
        "recommendation_ecommerce",
        &[
            (
                "how many daily active shoppers?",
                "How many users, items and requests",
            ),
            (
                "how many skus are in the catalog?",
                "How many users, items and requests",
            ),
            (
                "what share of sessions have no history?",
                "How much of the traffic is new",
            ),
            (
                "how many new products appear each day?",
                "How much of the traffic is new",
            ),
            ("what's the p99 for the reco call?", "What latency budget"),
            (
                "should recs update within the session?",
                "How quickly should recommendations react",
            ),
            (
                "do we log clicks, add to cart and purchases?",
                "What interaction data",
            ),
            (
                "how delayed are purchase labels?",
                "When do we know whether",
            ),
            (
                "is gmv the metric that matters?",
                "How will we decide whether",
            ),
            (
                "can users opt out of personalization?",
                "Any privacy, regional",
            ),
            (
                "must we filter out out-of-stock items?",
                "Any privacy, regional",
            ),
        ],
        &[
            "what's your favourite colour scheme for the website?",
            "how many people are on your team?",
            "where did you go to university?",
            "what's the best pizza place nearby?",
        ],
    );
}

#[test]
fn search_ranking_questions_in_own_words() {
    check(
        "search_ranking",
        &[
            (
                "how many listings are in the index?",
                "How big are the corpus",
            ),
            ("what's the query qps at peak?", "How big are the corpus"),
            (
                "what's the latency budget for the results page?",
                "What latency do we need",
            ),
            (
                "how fast must new listings become searchable?",
                "How fresh must the index",
            ),
            ("do we log clicks with position?", "What logs and labels"),
            (
                "are there human relevance judgments?",
                "What logs and labels",
            ),
            (
                "what fields do listings have?",
                "What do listings and queries",
            ),
            (
                "what is search conversion today?",
                "How do you measure search quality",
            ),
            (
                "does gdpr limit personalization for logged out users?",
                "Any privacy, regional",
            ),
            (
                "how much more serving cost can we afford?",
                "How much can we spend",
            ),
            (
                "how big is the elasticsearch cluster?",
                "How much can we spend",
            ),
        ],
        &[
            "what's your favourite animal?",
            "how do I get to the train station?",
            "when is lunch?",
            "what year was the company founded?",
        ],
    );
}

#[test]
fn video_recommendation_questions_in_own_words() {
    check(
        "video_recommendation",
        &[
            ("how many members and videos?", "How many users, videos"),
            (
                "what's the home page qps at peak?",
                "How many users, videos",
            ),
            (
                "what's the latency budget for the home page?",
                "What latency does the home page",
            ),
            (
                "is there explicit feedback like thumbs?",
                "What signals do we have",
            ),
            ("do families share one profile?", "Are accounts shared"),
            (
                "what share of viewing happens on tvs?",
                "Are accounts shared",
            ),
            (
                "is hours watched the north star?",
                "What does success look like",
            ),
            (
                "should we maximise click through rate?",
                "Do we optimise clicks",
            ),
            (
                "are there licensing restrictions per country?",
                "Any content, privacy",
            ),
            ("what about kids profiles?", "Any content, privacy"),
            (
                "should recs change after someone binges a show?",
                "How quickly should recommendations react",
            ),
        ],
        &[
            "what's your favourite video game?",
            "how many meeting rooms are there?",
            "what's the dress code?",
            "do you like living in this city?",
        ],
    );
}

#[test]
fn street_imagery_blurring_questions_in_own_words() {
    check(
        "street_imagery_blurring",
        &[
            ("how many panoramas a day?", "How many panoramas"),
            (
                "what's the image resolution in megapixels?",
                "How many panoramas",
            ),
            (
                "how big is the archive of old imagery?",
                "How many panoramas",
            ),
            (
                "is there a latency sla or can this run as an offline batch job?",
                "How quickly must imagery",
            ),
            (
                "how long between capture and publishing?",
                "How quickly must imagery",
            ),
            (
                "what's the turnaround sla from upload to publish?",
                "How quickly must imagery",
            ),
            (
                "do we have bounding box labels for faces and plates?",
                "What labelled data",
            ),
            (
                "can we start from an open-source detector like egoblur?",
                "What labelled data",
            ),
            (
                "how small are the faces in pixels?",
                "How many faces and plates",
            ),
            (
                "how many faces per image on average?",
                "How many faces and plates",
            ),
            (
                "what recall target does legal require?",
                "How do we measure whether",
            ),
            (
                "how much do false positives like blurred street signs matter?",
                "How do we measure whether",
            ),
            (
                "how long do we retain the original unblurred images?",
                "What privacy rules",
            ),
            ("does gdpr apply?", "What privacy rules"),
            (
                "how many human reviewers are available for qa?",
                "How much human review",
            ),
            ("how many l4 gpus can we reserve?", "What compute"),
            ("what's the gpu budget for inference?", "What compute"),
            (
                "can we burst compute when reprocessing the archive?",
                "What compute",
            ),
        ],
        &[
            "what's the team's on-call rotation like?",
            "do you ride a bike to work?",
            "which city has the best food?",
            "what music do you listen to while coding?",
            "what's your favourite camera?",
        ],
    );
}

#[test]
fn similar_listings_questions_in_own_words() {
    check(
        "similar_listings",
        &[
            ("what's the peak qps for the carousel?", "How much traffic"),
            (
                "how many active listings are there in total?",
                "How much traffic",
            ),
            ("what's the p99 budget in ms?", "How fast must"),
            (
                "how fast should the recs adapt to what the guest clicks?",
                "How fast must",
            ),
            ("is the carousel rendered async?", "How fast must"),
            (
                "do we have impression logs with slot position?",
                "What interaction data",
            ),
            ("what's the daily booking volume?", "What interaction data"),
            (
                "what share of visitors are logged out?",
                "What do we know about the guest",
            ),
            (
                "do we have a user profile for returning guests?",
                "What do we know about the guest",
            ),
            (
                "what % of users are anonymous?",
                "What do we know about the guest",
            ),
            (
                "is ctr the metric or bookings?",
                "How do we measure success",
            ),
            (
                "could the carousel cannibalise search bookings?",
                "How do we measure success",
            ),
            (
                "what fraction of listings are available for the guest's dates?",
                "How does availability",
            ),
            (
                "do we need to hide listings that are already booked for those nights?",
                "How does availability",
            ),
            (
                "do new listings need guaranteed exposure?",
                "Are there business or fairness",
            ),
            (
                "how does the existing rule pick similar homes?",
                "What does the carousel do today",
            ),
            (
                "is there a baseline heuristic already?",
                "What does the carousel do today",
            ),
        ],
        &[
            "have you ever stayed in a treehouse?",
            "how many engineers sit on this team?",
            "do you like skiing?",
            "what's the best coffee in town?",
            "where are you going on holiday this year?",
        ],
    );
}

#[test]
fn notification_ranking_questions_in_own_words() {
    check(
        "notification_ranking",
        &[
            ("how many dau and mau?", "How many users and notifications"),
            (
                "how many candidate pushes per day across teams?",
                "How many users and notifications",
            ),
            (
                "how many pushes go out per day?",
                "How many users and notifications",
            ),
            (
                "what's the latency budget for the send decision in ms?",
                "How quickly must a notification",
            ),
            (
                "do chat messages have to be delivered within seconds?",
                "How quickly must a notification",
            ),
            (
                "do we track opens and the sessions that follow?",
                "What do we log about",
            ),
            (
                "do we know when a user disables push at the os level?",
                "What do we log about",
            ),
            (
                "do we log candidates that were dropped?",
                "What do we log about",
            ),
            (
                "is there a global frequency cap today?",
                "What does the current system",
            ),
            (
                "how do teams decide what to send now?",
                "What does the current system",
            ),
            ("what's the north star?", "What are we optimising for"),
            ("are uninstalls a guardrail?", "What are we optimising for"),
            ("is ctr on opens the goal?", "What are we optimising for"),
            (
                "do marketing notifications need gdpr opt in?",
                "Are there platform or legal",
            ),
            (
                "are there quiet hours at night?",
                "Are there platform or legal",
            ),
            (
                "can we have a long term holdout group?",
                "Can we hold users out",
            ),
            (
                "how long must a volume experiment run?",
                "Can we hold users out",
            ),
        ],
        &[
            "what ringtone do you use?",
            "where should we go for dinner?",
            "how many floors does this building have?",
            "are you a morning person?",
            "do you turn off notifications on your phone?",
        ],
    );
}

#[test]
fn coupon_uplift_questions_in_own_words() {
    check(
        "coupon_uplift",
        &[
            (
                "how many monthly active customers?",
                "How many customers and coupons",
            ),
            (
                "how many coupons are sent per month today?",
                "How many customers and coupons",
            ),
            (
                "is a nightly batch ok or do we need online scoring?",
                "Does the decision need",
            ),
            ("how long are offers valid for?", "Does the decision need"),
            (
                "has there been an rct with a control group?",
                "What data do we have from past",
            ),
            (
                "how were past coupons targeted?",
                "What data do we have from past",
            ),
            (
                "was coupon assignment ever randomized?",
                "What data do we have from past",
            ),
            (
                "what features do we have, order recency and frequency?",
                "What do we know about each customer",
            ),
            (
                "can we see each customer's basket value and app sessions?",
                "What do we know about each customer",
            ),
            (
                "what's the redemption rate and how much is incremental?",
                "How do we know if coupons work",
            ),
            (
                "what's the margin per order?",
                "How do we know if coupons work",
            ),
            (
                "how is coupon roi measured?",
                "How do we know if coupons work",
            ),
            ("what's the monthly budget in euros?", "What is the budget"),
            ("can a customer stack two discounts?", "What is the budget"),
            (
                "are there legal rules about personalised discounts?",
                "Are there legal or fairness",
            ),
            (
                "is there a fairness concern with targeting?",
                "Are there legal or fairness",
            ),
            (
                "do coupons pull forward future orders?",
                "Over what time window",
            ),
            (
                "what attribution window does finance use?",
                "Over what time window",
            ),
        ],
        &[
            "what's your favourite restaurant?",
            "how do I book a meeting room?",
            "do you cook at home?",
            "which team do you support?",
            "do you use coupons when you shop?",
        ],
    );
}

#[test]
fn marketplace_pricing_questions_in_own_words() {
    check(
        "marketplace_pricing",
        &[
            (
                "how many rides per day and in how many cities?",
                "How big is the marketplace",
            ),
            (
                "what's the peak quote qps on friday?",
                "How big is the marketplace",
            ),
            (
                "how many active drivers per week?",
                "How big is the marketplace",
            ),
            ("how often is surge recomputed?", "How fast do prices need"),
            (
                "what's the p99 for returning a fare?",
                "How fast do prices need",
            ),
            ("do we have gps pings for drivers?", "What data do we log"),
            (
                "are quotes that didn't convert logged?",
                "What data do we log",
            ),
            (
                "how does the current surge multiplier work?",
                "How are prices set today",
            ),
            (
                "how much of the fare does the driver keep?",
                "How are prices set today",
            ),
            (
                "what's the objective, completed trips or revenue?",
                "How do we measure success",
            ),
            ("what's the target pickup eta?", "How do we measure success"),
            (
                "is there a maximum multiplier by law?",
                "What legal or policy",
            ),
            (
                "are we allowed to price individually per rider?",
                "What legal or policy",
            ),
            (
                "what happens to prices during a hurricane?",
                "What legal or policy",
            ),
            (
                "can we do switchback experiments?",
                "Can we run experiments",
            ),
            (
                "can we randomise prices between riders?",
                "Can we run experiments",
            ),
            (
                "what's the price elasticity of riders?",
                "How quickly do riders",
            ),
            (
                "how fast do drivers reposition toward surge?",
                "How quickly do riders",
            ),
            (
                "what's the quote conversion rate at high surge?",
                "How quickly do riders",
            ),
        ],
        &[
            "what car do you drive?",
            "how long is your commute?",
            "what's for lunch today?",
            "do you like your job?",
            "how many cities have you lived in?",
        ],
    );
}

#[test]
fn query_autocomplete_questions_in_own_words() {
    check(
        "query_autocomplete",
        &[
            ("what's the peak qps for autocomplete?", "How much traffic"),
            ("how many searches per day?", "How much traffic"),
            (
                "how many cpu nodes does the suggester run on?",
                "How much traffic",
            ),
            (
                "what's the p99 server budget?",
                "How fast must the suggestions",
            ),
            (
                "does it need to keep up as the user types?",
                "How fast must the suggestions",
            ),
            (
                "how fast should trending queries appear?",
                "How quickly must new",
            ),
            ("how often do we rebuild the index?", "How quickly must new"),
            (
                "do we log prefixes and which suggestion was clicked?",
                "What logs and data",
            ),
            ("how big is the product catalog?", "What logs and data"),
            (
                "what's the average query length?",
                "What do the queries look like",
            ),
            (
                "how many queries have typos?",
                "What do the queries look like",
            ),
            (
                "are there many multilingual or accented queries?",
                "What do the queries look like",
            ),
            (
                "what's the acceptance rate of suggestions today?",
                "How do we measure whether",
            ),
            ("is mrr the offline metric?", "How do we measure whether"),
            (
                "do we need a blocklist for offensive suggestions?",
                "Are there suggestions we must never",
            ),
            (
                "how fast must a reported suggestion be removed?",
                "Are there suggestions we must never",
            ),
            (
                "is there a denylist for adult terms?",
                "Are there suggestions we must never",
            ),
            (
                "can we personalize for logged-in users?",
                "Can suggestions be personalised",
            ),
            (
                "does gdpr restrict suggesting other people's queries?",
                "Can suggestions be personalised",
            ),
        ],
        &[
            "what's your favourite shop?",
            "how long have you been at the company?",
            "is there a gym in the office?",
            "what keyboard do you type on?",
            "what's the best search engine?",
        ],
    );
}

#[test]
fn account_takeover_questions_in_own_words() {
    check(
        "account_takeover",
        &[
            ("how many logins per second at peak?", "How many sign-ins"),
            (
                "how large was the biggest credential stuffing wave?",
                "How many sign-ins",
            ),
            ("what's the login tps?", "How many sign-ins"),
            (
                "what's the p99 budget for the risk check?",
                "How much time does the risk",
            ),
            (
                "does scoring have to be inline with sign-in?",
                "How much time does the risk",
            ),
            (
                "do we have device ids and ip geolocation?",
                "What signals do we have",
            ),
            (
                "do we check whether the password appears in a breach?",
                "What signals do we have",
            ),
            (
                "how many confirmed atos per week?",
                "Where do takeover labels",
            ),
            (
                "how long until we learn an account was compromised?",
                "Where do takeover labels",
            ),
            ("what's the ato rate?", "Where do takeover labels"),
            (
                "what's the offline eval metric?",
                "How do we measure success",
            ),
            (
                "how do we trade off friction against stolen items?",
                "How do we measure success",
            ),
            ("can we force mfa?", "What actions can we take"),
            (
                "what percent of players have an authenticator app?",
                "What actions can we take",
            ),
            (
                "how much does an sms code cost?",
                "What actions can we take",
            ),
            (
                "is mouse movement data allowed under gdpr?",
                "Are there privacy or regulatory",
            ),
            (
                "how long can we retain ip addresses under gdpr?",
                "Are there privacy or regulatory",
            ),
            (
                "are attackers using residential proxies?",
                "How do attackers adapt",
            ),
            ("do we see sim swaps or phishing?", "How do attackers adapt"),
            (
                "do attackers use anti-detect browsers?",
                "How do attackers adapt",
            ),
        ],
        &[
            "what games do you play?",
            "how many people work in support?",
            "what's the office address?",
            "do you have a standing desk?",
            "what's your gamer tag?",
        ],
    );
}

#[test]
fn llm_chat_serving_questions_in_own_words() {
    check(
        "llm_chat_serving",
        &[
            ("what's the peak request rate?", "How much traffic"),
            ("how many tokens in an average prompt?", "How much traffic"),
            ("what ttft do users expect?", "What latency do users expect"),
            (
                "how many tokens per second should a stream get?",
                "What latency do users expect",
            ),
            ("do we collect thumbs up and down?", "What do we log"),
            (
                "what fraction of traffic is coding?",
                "What kinds of requests",
            ),
            (
                "could the 8b model answer most questions?",
                "What kinds of requests",
            ),
            (
                "what kpis matter for the assistant?",
                "How is success measured",
            ),
            ("can we use openai's api?", "What budget, hardware"),
            ("is gpu budget growing?", "What budget, hardware"),
            (
                "what happens with self-harm conversations?",
                "What safety rules",
            ),
            ("how is unsafe output blocked today?", "What safety rules"),
            (
                "what do free users get compared with paid?",
                "How are the free and paid tiers",
            ),
            (
                "how long can a paid user's context be?",
                "How are the free and paid tiers",
            ),
        ],
        &[
            "what's the office dress code?",
            "which programming language is the gateway written in?",
            "who founded the company?",
            "what's your name?",
        ],
    );
}

#[test]
fn llm_release_evaluation_questions_in_own_words() {
    check(
        "llm_release_evaluation",
        &[
            (
                "how many prompts do we evaluate per checkpoint?",
                "How often do new candidates",
            ),
            (
                "how often does research hand over a model?",
                "How often do new candidates",
            ),
            ("how fast do we need an eval verdict?", "How quickly must"),
            ("how long does a run take right now?", "How quickly must"),
            (
                "where do the test prompts come from?",
                "Where do the test prompts",
            ),
            (
                "how many comparisons can the raters do per day?",
                "Where do the test prompts",
            ),
            (
                "does the llm judge agree with human raters?",
                "How do the model graders",
            ),
            (
                "is the judge biased toward long answers?",
                "How do the model graders",
            ),
            (
                "what win rate do we need to ship?",
                "How is a release judged",
            ),
            (
                "what went wrong with the medical questions?",
                "How is a release judged",
            ),
            (
                "what are the capability thresholds in the safety policy?",
                "What safety requirements",
            ),
            (
                "how many gpus does the eval cluster have?",
                "What compute, people",
            ),
            ("what does a rater hour cost?", "What compute, people"),
            ("how do we roll back a release?", "How does a release reach"),
            (
                "what percentage of users get the canary?",
                "How does a release reach",
            ),
        ],
        &[
            "what's the office dress code?",
            "who won the last election?",
            "what's your name?",
            "which cloud provider hosts the website?",
        ],
    );
}

#[test]
fn recsys_training_platform_questions_in_own_words() {
    check(
        "recsys_training_platform",
        &[
            (
                "how big are the biggest embedding tables?",
                "How many models and jobs",
            ),
            (
                "how many teams train models on it?",
                "How many models and jobs",
            ),
            (
                "by when must the daily run finish?",
                "How fresh must models",
            ),
            (
                "do they want more frequent updates?",
                "How fresh must models",
            ),
            (
                "how many examples do we train on per day?",
                "What does the training data",
            ),
            (
                "what format is the training data in?",
                "What does the training data",
            ),
            (
                "how much hbm does each gpu have?",
                "What hardware and storage",
            ),
            (
                "what's the checkpoint write bandwidth?",
                "What hardware and storage",
            ),
            (
                "what's average gpu utilization?",
                "How is the platform judged",
            ),
            (
                "how do we judge model quality offline?",
                "How is the platform judged",
            ),
            ("how often do nodes crash?", "How often do jobs fail"),
            (
                "how much progress is lost after a failure?",
                "How often do jobs fail",
            ),
            (
                "how many examples per second do we train at?",
                "How fast do the models train",
            ),
            (
                "is communication the bottleneck?",
                "How fast do the models train",
            ),
            ("do teams use torchrec?", "What do teams use today"),
            ("do we have to delete user data?", "What do teams use today"),
        ],
        &[
            "what's the office dress code?",
            "who won the last election?",
            "which programming language do you like?",
            "what's the company's stock price?",
        ],
    );
}
