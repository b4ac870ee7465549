"""Every answer the course saves, declared once.

A saved answer is a (lesson, key) pair in the learner's progress store, and the
pairs are a public format: they are what the "Take your work with you" file and
the coach corner read (``lessons/coach/AUTHORING.md`` lists them). So each one is
declared here, and saving an undeclared key is refused under test
(``FAILFORWARD_STRICT=1``) and logged otherwise.

The lesson ids below are the ones the code relies on; ``fail-forward check``
verifies that ``assets/content/course.yaml`` still has each of them.
"""

from __future__ import annotations

from dataclasses import dataclass

WELCOME = "welcome"
INVERSION = "inversion"
RESPONSE_TIME = "response-time"
OWNING_MISTAKES = "owning-mistakes"
TEAM = "team"
PLAYBOOK = "playbook"

LESSON_IDS = (WELCOME, INVERSION, RESPONSE_TIME, OWNING_MISTAKES, TEAM, PLAYBOOK)
"""Lesson ids named in the code (the course outline may add others)."""

ANY_LESSON = "*"


@dataclass(frozen=True)
class SavedKey:
    """One kind of saved answer: where it lives and what it holds."""

    lesson: str
    """The lesson id, or ``*`` for a key every lesson may have (the takeaway)."""
    key: str
    """The key, or its prefix when ``prefix`` is set (``checkin:`` + a question id)."""
    holds: str
    """What the value is, in a line, for the authoring guide."""
    prefix: bool = False
    derived: bool = False
    """Written by the course from other answers (a summary for the playbook), not typed by the learner."""

    def item(self, name: str) -> str:
        """The full key of one item of a prefix key: ``CHECKIN.item("why")`` is ``checkin:why``."""
        if not self.prefix:
            raise ValueError(f"{self.key!r} is not a prefix key")
        return self.key + name

    def matches(self, lesson: str, key: str) -> bool:
        """Whether (lesson, key) is an answer of this kind."""
        if self.lesson not in (ANY_LESSON, lesson):
            return False
        return key.startswith(self.key) and len(key) > len(self.key) if self.prefix else key == self.key


NAME = SavedKey(WELCOME, "name", "the learner's name, as typed (text)")
TEAM_SIZE = SavedKey(WELCOME, "works-with", "'alone' or 'team': whether the learner runs the business alone")
TAKEAWAY = SavedKey(ANY_LESSON, "takeaway", "the lesson's takeaway, as typed (text)")
CHECKIN = SavedKey(ANY_LESSON, "checkin:", "the option chosen in a check-in question (its text)", prefix=True)
RECALL = SavedKey(ANY_LESSON, "recall:", "the option chosen in a question about an earlier lesson (its text)",
                  prefix=True)
SCENARIO = SavedKey(ANY_LESSON, "scenario", "a branching scenario: the path taken and the endings reached")
BOARD = SavedKey(INVERSION, "board", "the inversion board: stages, their rows and the ranking")
POLICY = SavedKey(RESPONSE_TIME, "policy", "the ways to crash it that were ticked and their opposites")
PROMISE = SavedKey(RESPONSE_TIME, "promise-hours", "the response-time promise, in hours (a whole number)")
EXPLORER = SavedKey(RESPONSE_TIME, "explorer", "the explorer's wait and its assumptions")
INBOX = SavedKey(RESPONSE_TIME, "inbox", "the inbox file (sample or a copy of the upload) and its column mapping")
INBOX_SUMMARY = SavedKey(RESPONSE_TIME, "inbox-summary", "the inbox's headline figures", derived=True)
SIMULATOR = SavedKey(RESPONSE_TIME, "simulator", "the promise simulator's settings")
SIMULATOR_SUMMARY = SavedKey(RESPONSE_TIME, "simulator-summary", "what the simulator found", derived=True)
DECISION = SavedKey(OWNING_MISTAKES, "decision:", "the option chosen in a decision case (its text)", prefix=True)
RECOVERY = SavedKey(OWNING_MISTAKES, "recovery-message", "the recovery message, as typed (text)")
REFRAME = SavedKey(TEAM, "reframe:", "a reframe of one anxious thought, as typed (text)", prefix=True)
DEBRIEF = SavedKey(TEAM, "debrief", "the after-action review: six answers by field name")
SELF_CHECK = SavedKey(ANY_LESSON, "self-check", "the self-check: each habit's id → the rating chosen (its text)")
REFLECTION = SavedKey(ANY_LESSON, "reflection:", "a reflection: each prompt's id → the answer, as typed (text)",
                      prefix=True)

ALL: tuple[SavedKey, ...] = (NAME, TEAM_SIZE, TAKEAWAY, CHECKIN, RECALL, SCENARIO, BOARD, POLICY, PROMISE,
                             EXPLORER, INBOX, INBOX_SUMMARY, SIMULATOR, SIMULATOR_SUMMARY, DECISION, RECOVERY,
                             REFRAME, DEBRIEF, SELF_CHECK, REFLECTION)


def declared(lesson: str, key: str) -> SavedKey | None:
    """The declaration (lesson, key) belongs to, or None."""
    return next((saved for saved in ALL if saved.matches(lesson, key)), None)
