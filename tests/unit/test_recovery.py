"""Lesson 3's recovery-message workshop: the checklist read against a table of messages, and the widget as typed."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from widgets.core import keys
from widgets.core.content import ContentError
from widgets.exercises.recovery import NOT_EMPTY, PAUSED, RecoveryWorkshop
from widgets.rules.recovery import Mark, load_rules, recovery_rules, review, rules_file
from widgets.store.autosave import Autosaver
from widgets.store.progress import ProgressStore
from widgets.tools.check.patterns import check_patterns

ALL = {"apologizes", "tells-truth", "no-blame", "next-step", "offers-value", "takes-responsibility"}

GOOD = ("Hi Sam, I'm so sorry the clasp we chose failed. That's on us: it wasn't strong enough for everyday "
        "wear. We'll send you a new necklace with a stronger clasp by Friday, and to make up for the trouble "
        "I'm adding a small gift.")


def text_of(markup: str) -> str:
    """What a learner reads: tags dropped, entities decoded, spaces collapsed."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))).strip()


def workshop(store: ProgressStore) -> RecoveryWorkshop:
    return RecoveryWorkshop(saver=Autosaver(store, delay=0.01))


# ---- the table: message → which points are ticked, which phrases are flagged ---------------------

CASES = [
    # Good replies: nothing flagged.
    ("all six", GOOD, ALL, set()),
    ("'we' statements and a courier who only collects", "I apologize: the clasp we chose wasn't strong enough. "
     "Our courier collection is daily at 4pm, so it will go out today.",
     ALL - {"offers-value"}, set()),
    ("curly apostrophes read as straight ones", "That’s on us, and I’ll post a new one tomorrow.",
     {"no-blame", "next-step", "takes-responsibility"}, set()),
    ("'you should have' as an expectation is not blame", "You should have the new one by Friday.",
     {"no-blame", "next-step"}, set()),
    ("sorry for what happened, not for her feelings; naming the clasp is not yet the truth",
     "I'm sorry you were let down by the clasp we chose.", {"apologizes", "no-blame", "takes-responsibility"},
     set()),
    ("responsibility and truth without a next step; postage for the fix is not value", "I take full "
     "responsibility: we picked a clasp that was too delicate. Return postage is on us.",
     {"tells-truth", "no-blame", "takes-responsibility"}, set()),
    ("a next step in any grammar", "Your new piece ships on Wednesday.", {"no-blame", "next-step"}, set()),
    ("a time in another sentence doesn't time the step", "Thank you for writing on Monday. I'll send a "
     "replacement.", {"no-blame"}, set()),
    ("a gift on top of the fix is value", "We chose the clasp and it was too weak. A new one goes out tomorrow "
     "with a pair of studs.", {"tells-truth", "no-blame", "next-step", "offers-value", "takes-responsibility"},
     set()),
    # Blame, excuses and hedged apologies: flagged, and the point they work against isn't ticked.
    ("blames the courier", "I'm sorry, the courier must have dropped the parcel.", {"apologizes"},
     {"blames-courier"}),
    ("damaged in transit", "Sorry! It was probably damaged in transit.", {"apologizes"}, {"blames-courier"}),
    ("form-letter apology", "Sorry for any inconvenience.", {"no-blame"}, {"inconvenience"}),
    ("a policy gives no cause, but owns nothing", "As per our policy, we will repair it within 14 days.",
     {"next-step", "no-blame"}, {"hides-behind-policy"}),
    ("hedged apology, a denial and a shrug", "I'm sorry if you feel let down. It's not our fault, mistakes "
     "happen.", set(), {"hedged-apology", "not-our-fault", "fate"}),
    ("a next step with no time", "We'll send a replacement as soon as possible.", {"no-blame"}, {"vague-time"}),
    ("blames the team; a lapse is not what was wrong", "My assistant forgot to check the clasp, sorry.",
     {"apologizes"}, {"blames-staff"}),
    ("blames the supplier without the word", "Sorry! The clasps we were sent weren't the ones we ordered.",
     {"apologizes"}, {"blames-supplier"}),
    ("blames the weather", "I'm sorry. The clasp we chose was too thin, and the damp winter didn't help.",
     {"apologizes", "tells-truth", "takes-responsibility"}, {"blames-weather"}),
    ("puts it on her", "You should have taken it off before swimming.", set(), {"blames-customer"}),
    ("minimizing cancels the truth; blames the supplier, defends", "It was just a bad batch from the supplier. "
     "To be fair, these clasps are popular.", set(), {"minimizes", "blames-supplier", "to-be-fair"}),
    ("sorry, but … the system", "I'm sorry, but the system had a glitch.", set(), {"sorry-but", "blames-system"}),
    ("a real apology next to a hollow one", "I'm so sorry. Sorry for any inconvenience.",
     {"apologizes", "no-blame"}, {"inconvenience"}),
    # Blame is who or what is given as the cause, in any grammar; a party named for the fix is not blamed.
    ("the post beside what it did", "Sorry! The delivery firm did a number on that parcel.", {"apologizes"},
     {"blames-courier"}),
    ("her handling, as a guess", "I'm sorry. Perhaps it caught on a scarf?", {"apologizes"}, {"blames-customer"}),
    ("the process as what failed", "Sorry. Our process let you down.", {"apologizes"}, {"blames-system"}),
    ("a courier and a supplier doing the fix", "I'm sorry. A courier will collect it on Monday, and our supplier "
     "is sending a stronger clasp.", {"apologizes", "no-blame", "next-step"}, set()),
    ("a disguise named only to refuse it", "I'm so sorry. I won't call this bad luck: I chose a clasp that was too "
     "weak.", {"apologizes", "tells-truth", "no-blame", "takes-responsibility"}, set()),
]


@pytest.mark.parametrize(("message", "ticked", "flagged"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_checklist_reads_each_message_as_a_person_would(message: str, ticked: set[str],
                                                            flagged: set[str]) -> None:
    result = review(message, recovery_rules())
    assert {f.id for f in result.findings if f.done} == ticked
    assert {n.flag for n in result.notes} == flagged
    for finding in result.findings:  # every flag is referenced from the point it works against
        assert set(finding.notes) == {n.number for n in result.notes if finding.id in n.checks}


def test_a_next_step_without_a_time_is_named_specifically() -> None:
    finding = review("We'll send a replacement.", recovery_rules()).finding("next-step")
    assert finding.state == "partly" and not finding.done
    assert finding.evidence == ("We'll send",)
    assert finding.message.startswith("I see a next step, but not when")
    found = review("We'll send a replacement within 2 days.", recovery_rules()).finding("next-step")
    assert found.done and found.evidence == ("We'll send", "within 2 days")


def test_highlight_spans_are_exact_and_overlaps_are_merged() -> None:
    rules = recovery_rules()
    # 0 ........................ 27 — the courier must have dropped (30 … 59) it.
    result = review("Sorry for any inconvenience — the courier must have dropped it.", rules)
    assert result.marks == (Mark(0, 27, (1,)), Mark(30, 59, (2,)))
    assert [(n.number, n.flag, n.quotes) for n in result.notes] == [
        (1, "inconvenience", ("Sorry for any inconvenience",)),
        (2, "blames-courier", ("the courier must have dropped",)),
    ]
    # Two flags on one stretch: "apologize if any" (hedged, 3-19) inside "apologize if any inconvenience" (3-33).
    both = review("We apologize if any inconvenience was caused.", rules)
    assert both.marks == (Mark(3, 33, (1, 2)),)
    assert [n.flag for n in both.notes] == ["hedged-apology", "inconvenience"]
    # One flag's overlapping patterns make one mark and one quote.
    shrug = review("Unfortunately these things happen.", rules)
    assert shrug.marks == (Mark(14, 33, (1,)),) and shrug.notes[0].quotes == ("these things happen",)


def test_empty_and_placeholder_only_messages_tick_nothing() -> None:
    rules = recovery_rules()
    for message in ("", "   \n  "):
        result = review(message, rules)
        assert result.empty and result.done == 0 and not result.marks
    skeleton = review(rules.skeleton, rules)
    assert not skeleton.empty and skeleton.placeholders == 7
    assert {f.id for f in skeleton.findings if f.done} == {"no-blame"}  # "Hi" is all there is to read
    brackets = review("[Say sorry] [Take responsibility: it's on us]", rules)
    assert brackets.done == 0 and brackets.placeholders == 2


def test_review_is_plain_data_for_the_playbook() -> None:
    data = review(GOOD, recovery_rules()).to_data()
    assert data["complete"] and data["done"] == data["total"] == 6 and data["flags"] == []
    assert data["items"][0] == {"id": "apologizes", "label": "Apologizes", "state": "found", "evidence": ["sorry"]}
    flagged = review("Sorry for any inconvenience.", recovery_rules()).to_data()
    assert flagged["flags"] == [{"id": "inconvenience", "label": "A form-letter apology", "check": "apologizes",
                                 "checks": ["apologizes"], "quotes": ["Sorry for any inconvenience"]}]


# ---- the rules file ---------------------------------------------------------------------------------

RULES = r"""title: T
intro: I
skeleton: S
empty: E
all_found: A
checklist:
  - id: apologizes
    label: Apologizes
    look_for:
      - \bsorry\b
    found: F
    missing: M
  - id: no-blame
    label: Blames no one
    avoid: true
    found: F
    missing: M
flags:
  - id: blames-courier
    label: Courier
    check: no-blame
    patterns:
      - \bthe courier\b
    reason: R
"""


def problems_in(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "recovery.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_rules(path)
    return [str(p) for p in caught.value.problems]


def test_the_shipped_rules_load_and_a_minimal_file_works(tmp_path: Path) -> None:
    rules = load_rules(rules_file())
    assert [i.id for i in rules.checklist] == ["apologizes", "tells-truth", "no-blame", "next-step",
                                                "offers-value", "takes-responsibility"]
    path = tmp_path / "recovery.yaml"
    path.write_text(RULES, encoding="utf-8")
    small = load_rules(path)
    assert review("Sorry, the courier is slow.", small).to_data()["flags"][0]["id"] == "blames-courier"


@pytest.mark.parametrize(("old", "new", "expected"), [
    (r"- \bsorry\b", r"- \bsorry(",
     r"recovery.yaml:10: checklist[0].look_for[0]: “\bsorry(” is not a valid pattern: "
     "missing ), unterminated subpattern at position 7"),
    (r"- \bsorry\b", r'- "\bsorry"', r"recovery.yaml:10: checklist[0].look_for[0]: '\x08sorry' contains a control"),
    (r"- \bsorry\b", "- (sorry)?", "recovery.yaml:10: checklist[0].look_for[0]: “(sorry)?” can match an empty"),
    ("check: no-blame", "check: no-blaim",
     "recovery.yaml:21: flags[0].check: 'no-blaim' is not a checklist id (known: apologizes, no-blame)"),
    ("    reason: R\n", "", "recovery.yaml:19: flags[0].reason: is missing"),
    ("    avoid: true\n", "", "recovery.yaml:13: checklist[1].look_for: is missing (or set 'avoid: true'"),
    ("    found: F\n    missing: M\n  - id: no", "    found: F\n    missing: M\n    examples:\n      - Hello there\n"
     "  - id: no", "recovery.yaml:14: checklist[0].examples[0]: 'Hello there' doesn't tick 'Apologizes' (missing)"),
    ("    reason: R\n", "    reason: R\n    not_examples:\n      - Ask the courier\n",
     "recovery.yaml:26: flags[0].not_examples[0]: 'Ask the courier' is flagged by this flag's patterns"),
    ("    patterns:\n      - \\bthe courier\\b\n", "    names:\n      - \\bthe courier\\b\n",
     "recovery.yaml:23: flags[0].as_cause: is missing: names and as_cause go together"),
    ("    patterns:\n      - \\bthe courier\\b\n", "",
     "recovery.yaml:19: flags[0].patterns: is missing (or give names and as_cause"),
])
def test_broken_rules_name_file_line_field_and_what_is_wrong(tmp_path: Path, old: str, new: str,
                                                             expected: str) -> None:
    assert old in RULES
    found = problems_in(tmp_path, RULES.replace(old, new, 1))
    assert any(expected in p for p in found), found
    assert all(p.startswith(str(tmp_path / "recovery.yaml")) for p in found)


def test_a_name_is_flagged_only_beside_a_cause_in_the_same_sentence(tmp_path: Path) -> None:
    path = tmp_path / "recovery.yaml"
    path.write_text(RULES.replace("    patterns:\n      - \\bthe courier\\b\n",
                                  "    names:\n      - \\bthe (?:courier|parcel)\\b\n"
                                  "    as_cause:\n      - \\b(?:crushed|dropped)\\b\n"
                                  "    unless:\n      - \\bnot the courier\\b\n"), encoding="utf-8")
    rules = load_rules(path)
    blamed = review("Sorry. I think the parcel was crushed on the way.", rules)
    assert [(n.flag, n.quotes) for n in blamed.notes] == [("blames-courier", ("the parcel was crushed",))]
    assert not blamed.finding("no-blame").done
    for fine in ("Sorry. The courier will collect it on Monday.", "The parcel is here. Nothing was crushed.",
                 "It was crushed, but not the courier's doing: it's not the courier who crushed it."):
        assert review(fine, rules).finding("no-blame").done, fine


def test_an_unknown_check_also_leaves_the_avoid_item_without_flags(tmp_path: Path) -> None:
    found = problems_in(tmp_path, RULES.replace("check: no-blame", "check: no-blaim"))
    assert any(p.endswith("recovery.yaml:15: checklist[1].avoid: no flag has 'check: no-blame', so this item "
                          "would always be ticked") for p in found), found


# ---- the widget, as a learner uses it -----------------------------------------------------------------

def test_empty_box_shows_a_friendly_prompt_and_no_checklist(tmp_path: Path) -> None:
    exercise = workshop(ProgressStore(tmp_path))
    assert text_of(exercise.summary_view.value) == text_of(exercise.rules.empty)
    assert exercise.checklist.value == "" and exercise.checklist.layout.display == "none"
    assert exercise.preview.layout.display == "none"
    assert exercise.review.empty and exercise.message.description == "Your reply to the customer"
    assert exercise.message.continuous_update


def test_skeleton_fills_only_an_empty_box(tmp_path: Path) -> None:
    exercise = workshop(ProgressStore(tmp_path))
    exercise.skeleton_button.click()
    assert exercise.message.value == exercise.rules.skeleton
    assert "Seven parts in [square brackets] still to fill in." in text_of(exercise.summary_view.value)
    exercise.message.value = "Hi Sam, I'm sorry."
    exercise.skeleton_button.click()
    assert exercise.message.value == "Hi Sam, I'm sorry." and exercise.feedback.text == f"Hint: {NOT_EMPTY}"
    exercise.message.value = "Hi Sam, I'm so sorry."
    assert exercise.feedback.text == ""


def test_a_good_reply_ticks_all_six_as_far_as_it_can_tell(tmp_path: Path) -> None:
    exercise = workshop(ProgressStore(tmp_path))
    exercise.message.value = GOOD
    page = text_of(exercise.checklist.value)
    assert page.count("✓") == 6 and "○" not in page
    assert "✓ Apologizes I see an apology." in page and "I found: “sorry”." in page
    assert "I found: “We'll send” … “Friday”." in page
    assert text_of(exercise.summary_view.value).startswith("✓ All six are there, as far as I can tell.")
    assert exercise.preview.layout.display == "none" and exercise.feedback.text == ""
    assert exercise.review.clean


def test_flags_are_highlighted_with_reasons_and_the_checklist_says_why(tmp_path: Path) -> None:
    exercise = workshop(ProgressStore(tmp_path))
    exercise.message.value = "I'm sorry, the courier must have dropped the parcel. We'll send a new one."
    page = text_of(exercise.checklist.value)
    assert "○ Blames no one I see a phrase that may put the cause on someone" in page and "See note 1 below." in page
    assert "○ Says what happens next, and by when I see a next step, but not when it happens." in page
    summary = text_of(exercise.summary_view.value)
    assert summary.startswith("1 of the 6 points is there, as far as I can tell.")
    assert "highlighted phrase and the note below" in summary
    preview = exercise.preview.value
    assert exercise.preview.layout.display == ""
    assert "<mark class='ff-mark' title='1. This may read as blaming the courier." in preview
    assert ">the courier must have dropped the parcel</mark><sup class='ff-mark-ref'>1</sup>" in preview
    assert "Blames the courier (“the courier must have dropped the parcel”): This may read as" in text_of(preview)


def test_preview_escapes_tags_and_keeps_emoji_without_shifting_highlights(tmp_path: Path) -> None:
    exercise = workshop(ProgressStore(tmp_path))
    message = "<script>alert('x')</script> 💔💍 Sorry for any inconvenience <b>really</b>\nok"
    exercise.message.value = message
    preview = exercise.preview.value
    assert "<script>" not in preview and "<b>" not in preview
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; 💔💍 <mark class='ff-mark'" in preview
    assert ">Sorry for any inconvenience</mark>" in preview and "&lt;b&gt;really&lt;/b&gt;<br>ok" in preview
    start = message.index("Sorry")
    assert exercise.review.marks == (Mark(start, start + len("Sorry for any inconvenience"), (1,)),)
    exercise.message.value = "You should have taken it off."  # a reason with an apostrophe, in an attribute
    assert "<mark class='ff-mark' title='1. This may sound as if it&#x27;s her fault." in exercise.preview.value


def test_a_huge_paste_is_refused_not_reviewed_and_the_draft_kept(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    exercise = workshop(store)
    exercise.message.value = GOOD
    exercise.saver.flush()
    before = exercise.review
    exercise.message.value = "Sorry for any inconvenience. " * 1725  # 50,025 characters
    exercise.saver.flush()
    assert "That's 50,025 characters — more than the 5,000 we can keep" in exercise.feedback.text
    assert store.load(keys.RECOVERY.lesson, keys.RECOVERY.key) == GOOD
    assert exercise.review is before and exercise.text == GOOD
    assert text_of(exercise.summary_view.value) == PAUSED
    exercise.message.value = GOOD + " Thank you."
    assert exercise.feedback.text == "" and exercise.review.clean and exercise.text.endswith("Thank you.")


def test_the_draft_is_saved_as_typed_and_restored(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    exercise = workshop(store)
    draft = "I'm sorry 💔 <i>the clasp</i> we chose failed.\n\nMore soon."
    exercise.message.value = draft
    exercise.saver.flush()
    assert exercise.status.text == "✓ Saved" and store.load("owning-mistakes", "recovery-message") == draft
    again = workshop(store)
    assert again.message.value == draft and again.text == draft
    assert again.review == exercise.review and again.review.finding("apologizes").done
    assert "✓ Apologizes" in text_of(again.checklist.value)


# ---- patterns that would hang another tool ------------------------------------------------------------

def test_fail_forward_check_refuses_catastrophic_patterns_in_any_pattern_list(tmp_path: Path) -> None:
    content = tmp_path / "assets" / "content" / "team"
    content.mkdir(parents=True)
    (content / "rules.yaml").write_text(
        "flags:\n"
        "  - id: x\n"
        "    names:\n"
        "      - \\bfine\\b\n"
        "      - (a+)+$\n"
        "    as_cause:\n"
        "      - (\\w+\\s?)*done\n"
        "feedback:\n"
        "  final:\n"
        "    phrases:\n"
        "      - for good\n"
        "      - so (a|aa)+ bad\n", encoding="utf-8")
    found = {(p.line, p.field): p.message for p in check_patterns(tmp_path)}
    assert set(found) == {(5, "flags[0].names[1]"), (7, "flags[0].as_cause[0]"), (12, "feedback.final.phrases[1]")}
    assert found[(5, "flags[0].names[1]")].startswith("“(a+)+$” repeats a part that itself repeats")
    assert found[(12, "feedback.final.phrases[1]")].startswith("“(a|aa)+” in “so (a|aa)+ bad” repeats a choice")
    assert check_patterns() == []  # the shipped content files have none
