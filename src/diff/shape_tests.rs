//! Shapes of edit that real long histories show, each held to what a reader
//! should see: repeated text, runs of short moved blocks, moved paragraphs
//! that were also edited. The texts are those of a fictional service.

use super::tests::{article, diff};
use super::*;

const CONTACT: &str = "Write to the Lantern Notes privacy team at 12 Harbour Street.";
const LEARN: &str = "Learn more about how Lantern Notes keeps your notebooks safe.";

fn changed_spans(b: &Block) -> Vec<(SpanKind, String)> {
    b.spans
        .iter()
        .filter(|s| s.kind != SpanKind::Equal)
        .map(|s| (s.kind, s.text.to_string()))
        .collect()
}

/// A contact line that stands in two articles, edited in one of them, is an
/// edited block with its word diff, not the block deleted and re-inserted.
#[test]
fn a_repeated_paragraph_edited_in_one_place_keeps_its_word_diff() {
    let old =
        format!("## Data {{#data}}\n\nWe keep notes.\n\n{CONTACT}\n\n## Help {{#help}}\n\nAsk us.\n\n{CONTACT}\n");
    let edited = CONTACT.replace("Street.", "Street, Dockside.");
    let new = format!("## Data {{#data}}\n\nWe keep notes.\n\n{edited}\n\n## Help {{#help}}\n\nAsk us.\n\n{CONTACT}\n");
    let d = diff(&old, &new);
    let a = article(&d, "data");
    let statuses: Vec<BlockStatus> = a.blocks.iter().map(|b| b.status).collect();
    assert_eq!(statuses, [BlockStatus::Equal, BlockStatus::Changed], "{a:#?}");
    assert_eq!(
        changed_spans(&a.blocks[1]),
        [(SpanKind::Inserted, ", Dockside".to_string())]
    );
}

/// The same when the edited block's new text is the one that recurs: a copy
/// of a line elsewhere does not make the edit a move.
#[test]
fn an_edit_into_text_that_recurs_keeps_its_word_diff() {
    let before = LEARN.replace("safe.", "safe and private.");
    let old = format!("## Data {{#data}}\n\n{before}\n\n## Help {{#help}}\n\nAsk us.\n\n{LEARN}\n");
    let new = format!("## Data {{#data}}\n\n{LEARN}\n\n## Help {{#help}}\n\nAsk us.\n\n{LEARN}\n");
    let d = diff(&old, &new);
    let a = article(&d, "data");
    assert_eq!(a.blocks.len(), 1, "{a:#?}");
    assert_eq!(a.blocks[0].status, BlockStatus::Changed);
    assert_eq!((d.stats.words_inserted, d.stats.words_deleted), (0, 2));
}

/// Inside one article, a "Learn more" line after each section: an edit to
/// one of them pairs with its own old text, not with another copy.
#[test]
fn repeated_lines_in_one_article_align_by_their_unique_neighbours() {
    let body = |first: &str| {
        format!(
            "## Help {{#help}}\n\n### Notebooks\n\nNotebooks hold pages of notes, sorted by date.\n\n{first}\n\n### Sharing\n\nShared notebooks can be read by the people you invite.\n\n{LEARN}\n\n### Export\n\nYou can export any notebook as plain text at any time.\n\n{LEARN}\n"
        )
    };
    let edited = LEARN.replace("keeps", "protects");
    let d = diff(&body(LEARN), &body(&edited));
    let a = article(&d, "help");
    let not_equal: Vec<(usize, BlockStatus)> = a
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.status != BlockStatus::Equal)
        .map(|(i, b)| (i, b.status))
        .collect();
    assert_eq!(not_equal, [(2, BlockStatus::Changed)], "{a:#?}");
}

fn statuses_of(a: &ArticleDiff) -> Vec<BlockStatus> {
    a.blocks.iter().map(|b| b.status).collect()
}

/// A list of short items moved together to another article is one move: no
/// item is shown as new between neighbours marked as moved.
#[test]
fn a_run_of_short_moved_items_is_a_move() {
    let items =
        "- By email to the help desk\n- By phone on weekdays\n- By post to our office\n- In the app, under Help\n";
    let old =
        format!("## Contact {{#contact}}\n\nHow to reach us:\n\n{items}\n## Help {{#help}}\n\nAsk us anything.\n");
    let new = format!(
        "## Contact {{#contact}}\n\nHow to reach us is below.\n\n## Help {{#help}}\n\nAsk us anything.\n\n{items}"
    );
    let d = diff(&old, &new);
    use BlockStatus::*;
    assert!(statuses_of(article(&d, "contact")).ends_with(&[MovedOut; 4]), "{d:#?}");
    assert_eq!(
        statuses_of(article(&d, "help")),
        [Equal, MovedIn, MovedIn, MovedIn, MovedIn]
    );
    let m = article(&d, "help").blocks[1].moved.as_ref().expect("a move");
    assert_eq!(m.article_id, "contact");
}

/// One short item alone is not linked: short texts recur by chance.
#[test]
fn a_lone_short_block_is_not_a_move() {
    let old = "## Contact {#contact}\n\nHow to reach us.\n\n- By email\n\n## Help {#help}\n\nAsk us anything.\n";
    let new = "## Contact {#contact}\n\nHow to reach us.\n\n## Help {#help}\n\nAsk us anything.\n\n- By email\n";
    let d = diff(old, new);
    assert_eq!(
        statuses_of(article(&d, "contact")),
        [BlockStatus::Equal, BlockStatus::Deleted]
    );
    assert_eq!(
        statuses_of(article(&d, "help")),
        [BlockStatus::Equal, BlockStatus::Inserted]
    );
}

const REFUNDS: &str = "Lantern Notes refunds a yearly plan in full when you cancel it within fourteen days of paying for it, and in part after that.";

/// A paragraph moved to another article and reworded a little is one move,
/// shown with its word diff where it arrived, and its words count once.
#[test]
fn a_moved_and_edited_paragraph_is_a_move_with_its_word_diff() {
    let edited = REFUNDS.replace("fourteen", "thirty");
    let old = format!(
        "## Plans {{#plans}}\n\nPlans are paid yearly.\n\n{REFUNDS}\n\n## Ending {{#ending}}\n\nYou can cancel at any time.\n"
    );
    let new = format!(
        "## Plans {{#plans}}\n\nPlans are paid yearly.\n\n## Ending {{#ending}}\n\nYou can cancel at any time.\n\n{edited}\n"
    );
    let d = diff(&old, &new);
    use BlockStatus::*;
    let plans = article(&d, "plans");
    assert_eq!(statuses_of(plans), [Equal, MovedOut]);
    assert_eq!(plans.blocks[1].old_text(), REFUNDS);
    let ending = article(&d, "ending");
    assert_eq!(statuses_of(ending), [Equal, MovedIn]);
    let arrived = &ending.blocks[1];
    assert_eq!(arrived.moved.as_ref().map(|m| m.article_id.as_str()), Some("plans"));
    assert_eq!(
        changed_spans(arrived),
        [
            (SpanKind::Deleted, "fourteen".to_string()),
            (SpanKind::Inserted, "thirty".to_string())
        ]
    );
    assert_eq!((d.stats.words_inserted, d.stats.words_deleted), (1, 1));
}

/// Within one article too: a paragraph moved past an unchanged one.
#[test]
fn a_paragraph_moved_and_edited_within_an_article_is_a_move() {
    let edited = REFUNDS.replace("in part", "partly");
    let old = format!("## Plans {{#plans}}\n\n{REFUNDS}\n\nPlans are paid yearly, by card or by bank transfer.\n");
    let new = format!("## Plans {{#plans}}\n\nPlans are paid yearly, by card or by bank transfer.\n\n{edited}\n");
    let d = diff(&old, &new);
    use BlockStatus::*;
    assert_eq!(statuses_of(article(&d, "plans")), [MovedOut, Equal, MovedIn]);
}

/// Blocks alike only in their punctuation are not paired as an edit.
#[test]
fn punctuation_alone_does_not_pair_blocks() {
    let old = "## Help {#help}\n\nWe answer by (mail), (phone), (chat).\n";
    let new = "## Help {#help}\n\nOpen on (weekdays), (weekends), (holidays).\n\nClosed on the first of January.\n";
    let d = diff(old, new);
    use BlockStatus::*;
    assert_eq!(statuses_of(article(&d, "help")), [Deleted, Inserted, Inserted]);
}

/// One sentence reworded in place, keeping a third of its words, is shown
/// as its word diff: it has no other block to pair with.
#[test]
fn a_one_for_one_rewording_just_under_the_threshold_keeps_its_word_diff() {
    let old =
        "## Help {#help}\n\nIntro.\n\nWe reply to every request within ten working days of receiving it.\n\nOutro.\n";
    let new = "## Help {#help}\n\nIntro.\n\nWe answer most requests within two weeks of receiving them.\n\nOutro.\n";
    let d = diff(old, new);
    use BlockStatus::*;
    assert_eq!(statuses_of(article(&d, "help")), [Equal, Changed, Equal]);
}

/// A link whose target changed shows the old address and the new one
/// whole, not the pieces of one address cut at its slashes.
#[test]
fn a_changed_link_target_shows_old_and_new_address() {
    let old = "## Help {#help}\n\nRead [the guide](https://help.example.com/legal/notebooks) first.\n";
    let new = "## Help {#help}\n\nRead [the guide](https://help.example.com/account/notebooks) first.\n";
    let d = diff(old, new);
    let a = article(&d, "help");
    assert_eq!(
        changed_spans(&a.blocks[0]),
        [
            (
                SpanKind::Deleted,
                "https://help.example.com/legal/notebooks".to_string()
            ),
            (
                SpanKind::Inserted,
                "https://help.example.com/account/notebooks".to_string()
            )
        ]
    );
}
