//! Copy and paste through the system clipboard: boxes copied on the canvas go out as Mermaid
//! text that any Drillboard window pastes back, and "Copy as Mermaid" hands the clipboard the
//! diagram. (The real clipboard round trip is `.ci/clipboard_check`, in a real window.)

mod common;

use common::TestApp;
use drillboard::model::Diagram;
use drillboard::ui::App;
use egui::{Event, Key, Modifiers, OutputCommand, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

fn drill_harness(test: &TestApp) -> Harness<'static, App> {
    let mut app = test.app();
    app.start_drill("fraud_detection").expect("starts");
    let mut h = common::harness_for(app);
    h.set_size(vec2(1600.0, 1000.0));
    h.run();
    h
}

fn diagram(h: &Harness<'_, App>) -> Diagram {
    h.state()
        .open_session()
        .expect("a drill is open")
        .session
        .diagram
        .clone()
}

/// Runs frames one at a time until one hands text to the system clipboard; `None` if none of
/// a few does.
fn copied_text(h: &mut Harness<'_, App>) -> Option<String> {
    for _ in 0..4 {
        h.step();
        let copied = h
            .output()
            .platform_output
            .commands
            .iter()
            .find_map(|c| match c {
                OutputCommand::CopyText(copied) => Some(copied.clone()),
                _ => None,
            });
        if copied.is_some() {
            return copied;
        }
    }
    None
}

/// Adds a box labelled `label` from the palette.
fn add_box(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label("Add Online feature store").click();
    h.run();
    h.get_by_label("Canvas label").type_text(label);
    h.key_press(Key::Enter);
    h.run();
}

#[test]
fn copied_boxes_reach_the_system_clipboard_and_paste_in_any_window() {
    let test = TestApp::new();
    let mut h = drill_harness(&test);
    add_box(&mut h, "Velocity features");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.event(Event::Copy);
    let copied = copied_text(&mut h).expect("the copy reached the system clipboard");
    assert!(copied.starts_with("flowchart"), "Mermaid text: {copied}");
    assert!(copied.contains("Velocity features"), "{copied}");
    h.run();

    // The system clipboard's text comes back with the paste.
    h.event(Event::Paste(copied.clone()));
    h.run();
    let d = diagram(&h);
    assert_eq!(d.nodes.len(), 2, "pasted once");
    assert_eq!(d.nodes[1].label, "Velocity features");
    assert_ne!(
        d.nodes[1].pos, d.nodes[0].pos,
        "the copy lands beside the original"
    );
    h.event(Event::Paste(copied.clone()));
    h.run();
    let d = diagram(&h);
    assert_eq!(d.nodes.len(), 3);
    assert_ne!(
        d.nodes[2].pos, d.nodes[1].pos,
        "each paste lands beside the previous one"
    );
    // Text copied in another app since is the clipboard now: the boxes are not pasted.
    h.event(Event::Paste("just some words".to_owned()));
    h.run();
    assert_eq!(diagram(&h).nodes.len(), 3, "plain text pastes no boxes");

    // Another window (another session) pastes the same boxes; other text pastes nothing.
    let other = TestApp::new();
    let mut h2 = drill_harness(&other);
    h2.event(Event::Paste("just some words".to_owned()));
    h2.run();
    assert!(diagram(&h2).nodes.is_empty());
    h2.event(Event::Paste(copied));
    h2.run();
    let d = diagram(&h2);
    assert_eq!(d.nodes.len(), 1);
    assert_eq!(d.nodes[0].label, "Velocity features");
}

#[test]
fn copying_with_nothing_selected_leaves_the_clipboard_alone() {
    let test = TestApp::new();
    let mut h = drill_harness(&test);
    add_box(&mut h, "Velocity features");
    h.key_press(Key::Escape);
    h.run();
    h.event(Event::Copy);
    assert_eq!(copied_text(&mut h), None);
}

#[test]
fn copy_as_mermaid_hands_the_diagram_to_the_system_clipboard() {
    let test = TestApp::new();
    let mut h = drill_harness(&test);
    add_box(&mut h, "Velocity features");
    h.get_by_label("Export").click();
    h.run();
    h.get_by_label("Copy as Mermaid").click();
    let copied = copied_text(&mut h).expect("copied");
    assert!(
        copied.starts_with("flowchart") && copied.contains("Velocity features"),
        "{copied}"
    );
}
