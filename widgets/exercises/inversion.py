"""Lesson 1's exercise: the inversion board.

Pick stages of the business; for each, write ways to crash it, the opposite of
each, and how the opposite is measured; then rank the opposites and commit to
the top few. The board's state is a :class:`~widgets.rules.inversion.Board`,
saved whole (debounced) on every change. Widgets are created per row and per
ranking item and then only reordered, so a big board stays responsive.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from widgets.core import keys
from widgets.core.markup import EMPTY, Markup, html
from widgets.exercises.base import Exercise
from widgets.look.safe import guarded
from widgets.look.ui import Card, Feedback, close_all, html_block, primary_button, secondary_button
from widgets.rules.inversion import (
    MAX_COMMITMENTS,
    MAX_FIELD,
    MAX_STAGE_NAME,
    Board,
    Row,
    Stage,
    StageContent,
    Starter,
    board_prompts,
    commitments,
    is_complete,
    move,
    ranked,
    row_prompts,
    standard_stages,
)
from widgets.store.autosave import Autosaver

RANK_EMPTY = Markup("<p class='ff-rank-empty'>Your opposites appear here as soon as a row has both a way to "
                    "crash it and its opposite.</p>")


def _field(label: str, placeholder: str, value: str) -> w.Textarea:
    box = w.Textarea(value=value, description=label, placeholder=placeholder, rows=2, continuous_update=True)
    box.add_class("ff-question")
    box.add_class("ff-board-field")
    return box


def _icon_button(label: str, tooltip: str, handler: Callable[[], None], feedback: Feedback) -> w.Button:
    button = secondary_button(label, tooltip=tooltip)
    button.add_class("ff-btn-small")
    button.on_click(guarded(lambda _b: handler(), feedback))
    return button


class RowEditor(w.VBox):
    """One row of a stage: way to crash it → opposite → measure, with move / remove."""

    def __init__(self, row: Row, stage: Stage, board: InversionBoard) -> None:
        self.row, self.stage, self.board = row, stage, board
        self.failure = _field("Way to crash it", "e.g. Leave customer emails unanswered for weeks", row.failure)
        self.inverse = _field("The opposite", "e.g. Reply to every email within 24 hours", row.inverse)
        self.measure = _field("How you'd measure it", "e.g. 95 % of emails answered within 24 h", row.measure)
        self.prompt = Feedback()
        self.up = _icon_button("↑ Move up", "Move this row up", lambda: board.move_row(row.id, -1), self.prompt)
        self.down = _icon_button("↓ Move down", "Move this row down", lambda: board.move_row(row.id, 1),
                                 self.prompt)
        self.remove = _icon_button("✕ Remove", "Remove this row", lambda: board.remove_row(row.id), self.prompt)
        for name, box in (("failure", self.failure), ("inverse", self.inverse), ("measure", self.measure)):
            box.observe(guarded(functools.partial(self._edited, name), self.prompt), names="value")
        tools = w.HBox([self.up, self.down, self.remove])
        tools.add_class("ff-row-tools")
        super().__init__([self.failure, self.inverse, self.measure, self.prompt, tools])
        self.add_class("ff-board-row")
        self.refresh_prompt()

    def _edited(self, name: str, change: dict[str, Any]) -> None:
        text = str(change["new"])
        if len(text) > MAX_FIELD:
            self.prompt.show("hint", f"That's {len(text):,} characters — keep it under {MAX_FIELD} so it fits "
                                     "on your board. Your last saved version is safe.")
            return
        was_complete = is_complete(self.row)
        setattr(self.row, name, text)
        self.refresh_prompt()
        self.board.changed(structure=is_complete(self.row) != was_complete, row=self.row, stage=self.stage)

    def refresh_prompt(self) -> None:
        """Show the most useful nudge for this row, if any."""
        prompts = row_prompts(self.row)
        if prompts:
            self.prompt.show("hint", prompts[0].message)
        elif self.row.failure.strip() and self.row.inverse.strip():
            self.prompt.show("success", "Clear and measurable.")
        else:
            self.prompt.clear()


class StageCard(Card):
    """One stage: its rows, 'add a way to crash it', and starter examples to pull in."""

    def __init__(self, stage: Stage, content: StageContent | None, board: InversionBoard) -> None:
        self.stage, self.board = stage, board
        self.notice = Feedback()
        self.row_editors: dict[str, RowEditor] = {row.id: RowEditor(row, stage, board) for row in stage.rows}
        self.rows_box = w.VBox(list(self.row_editors.values()))
        self.rows_box.add_class("ff-board-rows")
        self.add_button = primary_button("+ Add a way to crash it")
        self.add_button.on_click(guarded(lambda _b: board.add_row(stage.id), self.notice))
        extras: list[w.Widget] = []
        for starter in content.starters if content else ():
            use = secondary_button("Use this example", tooltip=f"Add the example: {starter.failure}")
            use.add_class("ff-btn-small")
            use.on_click(guarded(functools.partial(self._use, starter), self.notice))
            source = html("<span class='ff-starter-source'>— {}</span>", starter.source) if starter.source else ""
            extras.append(w.HBox([html_block(html(
                "<div class='ff-starter'><strong>Crash it:</strong> {}<br><strong>Opposite:</strong> {}<br>"
                "<strong>Measure:</strong> {} {}</div>", starter.failure, starter.inverse, starter.measure, source)),
                use]))
        starters: list[w.Widget] = []
        if extras:
            panel = w.VBox(extras)
            panel.add_class("ff-starters")
            starters = [html_block(Markup("<p class='ff-starters-title'>Stuck? Examples you can pull in:</p>")), panel]
        tools: list[w.Widget] = [self.add_button]
        if stage.custom:
            tools.append(_icon_button("Remove this stage", f"Remove the stage {stage.name}",
                                      lambda: board.remove_stage(stage.id), self.notice))
        question = content.question if content else f"If you wanted {stage.name} to fail completely, what would you do?"
        super().__init__([self.rows_box, self.notice, w.HBox(tools), *starters], title=stage.name,
                         intro=question, classes=["ff-stage-card"])

    def _use(self, starter: Starter, _button: w.Button | None = None) -> None:
        self.board.add_row(self.stage.id, Row("", starter.failure, starter.inverse, starter.measure))

    def show_rows(self) -> None:
        """Put the row editors in the stage's order; editors of removed rows are closed."""
        shown = [self.row_editors[row.id] for row in self.stage.rows]
        gone = [editor for editor in self.rows_box.children if editor not in shown]
        self.rows_box.children = shown
        close_all(gone)


class RankItem(w.HBox):
    """One opposite in the ranking list, with move buttons and a 'commit' box."""

    def __init__(self, row_id: str, board: InversionBoard) -> None:
        self.row_id = row_id
        self.label = html_block()
        self.commit = w.Checkbox(value=row_id in board.data.commitments, description="Commit to this",
                                 indent=False)
        self.commit.observe(guarded(lambda c: board.set_commitment(row_id, bool(c["new"])), board.notice),
                            names="value")
        self.up = _icon_button("↑", "Rank higher", lambda: board.move_rank(row_id, -1), board.notice)
        self.down = _icon_button("↓", "Rank lower", lambda: board.move_rank(row_id, 1), board.notice)
        self._shown: tuple[str, ...] = ()
        super().__init__([self.label, self.up, self.down, self.commit])
        self.add_class("ff-rank-item")

    def describe(self, stage: Stage, row: Row) -> None:
        """Show the row's current text (the rank number comes from the list's CSS counter)."""
        shown = (stage.name, row.failure, row.inverse, row.measure)
        if shown == self._shown:
            return
        self._shown = shown
        measure = html(" <span class='ff-rank-measure'>({})</span>", row.measure) if row.measure.strip() else ""
        self.label.value = html("<div class='ff-rank-text'><span class='ff-rank-num' aria-hidden='true'></span> "
                                "<strong>{}</strong>{}<br><span class='ff-rank-stage'>{} · against: {}</span></div>",
                                row.inverse, measure, stage.name, row.failure)
        self.up.tooltip = f"Rank “{row.inverse[:60]}” higher"
        self.down.tooltip = f"Rank “{row.inverse[:60]}” lower"


class InversionBoard(Exercise):
    """The inversion board exercise: picker, one card per stage, and the ranking.

    Its value is the board (stages, rows, ranking, commitments) and the draft name in
    "Add your own stage" before "Add stage" is pressed."""

    def __init__(self, *, saver: Autosaver | None = None,
                 stages: tuple[StageContent, ...] | None = None) -> None:
        self.content = {s.id: s for s in (stages if stages is not None else standard_stages())}
        self.data = Board.from_data(None)
        super().__init__(lesson=keys.BOARD.lesson, key=keys.BOARD.key, saver=saver,
                         classes=("ff-inversion-board",), card=False)

    def build(self) -> list[w.Widget]:
        self.notice = self.feedback
        self.stage_notice = Feedback()  # next to the box it is about, not in the ranking card far below
        self.stage_boxes = {sid: w.Checkbox(value=False, description=c.name, indent=False)
                            for sid, c in self.content.items()}
        for sid, box in self.stage_boxes.items():
            box.observe(guarded(functools.partial(self._toggle_stage, sid), self.notice), names="value")
        self.custom_name = w.Text(description="Add your own stage", placeholder="e.g. Wholesale orders",
                                  continuous_update=True)
        self.custom_name.add_class("ff-question")
        self.custom_name.observe(guarded(lambda _c: self._record(), self.stage_notice), names="value")
        self.add_stage_button = secondary_button("Add stage")
        self.add_stage_button.on_click(guarded(lambda _b: self.add_custom_stage(self.custom_name.value),
                                               self.stage_notice))
        picker_boxes = w.HBox(list(self.stage_boxes.values()))
        picker_boxes.add_class("ff-stage-picker")
        picker = Card([picker_boxes, self.custom_name, self.add_stage_button, self.stage_notice],
                      title="1. Pick the stages to invert",
                      intro="Start with one or two. You can add more later.", classes=["ff-board-picker"])

        self.cards: dict[str, StageCard] = {}
        self.cards_box = w.VBox()
        self.cards_box.add_class("ff-board-stages")

        self.rank_items: dict[str, RankItem] = {}
        self.rank_box = w.VBox()
        self.rank_box.add_class("ff-rank-list")
        self.rank_empty = html_block()
        ranking = Card([self.rank_empty, self.rank_box, self.notice], title="3. Rank and commit",
                       intro="Order your opposites by how much each moves you closer to what you want. "
                             f"Then commit to the top few — {MAX_COMMITMENTS} at most.",
                       classes=["ff-board-ranking"])
        steps = html_block(Markup("<h3 class='ff-card-title ff-board-step'>2. Crash it, then write the opposite</h3>"))
        return [picker, steps, self.cards_box, ranking, self.status]

    def restore(self, value: Any) -> None:
        self.data = Board.from_data(value)
        chosen = {s.id for s in self.data.stages}
        for sid, box in self.stage_boxes.items():
            box.value = sid in chosen
        old = list(self.cards.values())
        self.cards = {s.id: StageCard(s, self.content.get(s.id), self) for s in self.data.stages}
        self.cards_box.children = list(self.cards.values())
        close_all(old)
        draft = value.get("draft_stage") if isinstance(value, dict) else None
        self.custom_name.value = draft[:MAX_STAGE_NAME * 4] if isinstance(draft, str) else ""
        self._sync_ranking()
        self._record()

    # -- actions (each callable from Python, as a learner's click would) -----

    def add_stage(self, stage_id: str) -> None:
        """Tick a standard stage."""
        self.stage_boxes[stage_id].value = True

    def add_custom_stage(self, name: str) -> None:
        """Add a stage of the learner's own."""
        name = re.sub(r"\s+", " ", str(name)).strip()
        if not name:
            self.stage_notice.show("hint", "Type a name for your stage first, e.g. “Wholesale orders”.")
            return
        if len(name) > MAX_STAGE_NAME:
            self.stage_notice.show("hint", f"Keep the stage name under {MAX_STAGE_NAME} characters.")
            return
        if any(s.name.lower() == name.lower() for s in self.data.stages):
            self.stage_notice.show("hint", f"You already have a stage called “{name}”.")
            return
        taken = {s.id for s in self.data.stages}
        stage_id = next(f"custom-{n}" for n in range(1, 10_000) if f"custom-{n}" not in taken)
        self._open_stage(Stage(stage_id, name, custom=True))
        self.custom_name.value = ""
        self.stage_notice.clear()

    def remove_stage(self, stage_id: str) -> None:
        """Take a stage off the board (standard stages: untick; their rows are dropped)."""
        if stage_id in self.stage_boxes and self.stage_boxes[stage_id].value:
            self.stage_boxes[stage_id].value = False
            return
        self._close_stage(stage_id)

    def add_row(self, stage_id: str, row: Row | None = None) -> Row:
        """Add a row to a stage (empty, or a starter example the learner pulled in)."""
        stage = self._stage(stage_id)
        new = Row(self.data.new_row_id(), *(row.failure, row.inverse, row.measure) if row else ())
        stage.rows.append(new)
        card = self.cards[stage_id]
        card.row_editors[new.id] = RowEditor(new, stage, self)
        card.show_rows()
        self.changed(structure=is_complete(new))
        return new

    def remove_row(self, row_id: str) -> None:
        """Delete a row."""
        stage, row = self.data.rows()[row_id]
        stage.rows.remove(row)
        card = self.cards[stage.id]
        card.row_editors.pop(row_id, None)
        card.show_rows()
        self.data.commitments = [i for i in self.data.commitments if i != row_id]
        self.changed(structure=True)

    def move_row(self, row_id: str, step: int) -> None:
        """Move a row up (-1) or down (+1) within its stage."""
        stage, _row = self.data.rows()[row_id]
        order = move([r.id for r in stage.rows], row_id, step)
        by_id = {r.id: r for r in stage.rows}
        stage.rows[:] = [by_id[i] for i in order]
        self.cards[stage.id].show_rows()
        self.changed()

    def move_rank(self, row_id: str, step: int) -> None:
        """Rank an opposite higher (-1) or lower (+1)."""
        self.data.ranking = move(ranked(self.data), row_id, step)
        self._sync_ranking()
        self.changed()

    def set_commitment(self, row_id: str, chosen: bool) -> None:
        """Commit to an opposite, or drop the commitment."""
        current = [i for i in self.data.commitments if i != row_id]
        self.data.commitments = [*current, row_id] if chosen else current
        item = self.rank_items.get(row_id)
        if item is not None and item.commit.value != chosen:
            item.commit.value = chosen
        prompts = board_prompts(self.data)
        if prompts:
            self.notice.show("hint", prompts[0].message)
        else:
            self.notice.clear()
        self.changed()

    # -- results ----------------------------------------------------------

    @property
    def commitments(self) -> list[dict[str, Any]]:
        """The ranked commitments, as plain data (for the playbook)."""
        return commitments(self.data)

    def editor(self, row_id: str) -> RowEditor:
        """The editor of a row (for tests and keyboard focus)."""
        stage, _row = self.data.rows()[row_id]
        return self.cards[stage.id].row_editors[row_id]

    # -- internals ---------------------------------------------------------

    def changed(self, *, structure: bool = False, row: Row | None = None, stage: Stage | None = None) -> None:
        """Save the board; refresh the ranking list if the set of rankable rows changed."""
        if structure:
            self._sync_ranking()
        elif row is not None and stage is not None and row.id in self.rank_items:
            self.rank_items[row.id].describe(stage, row)
        self._record()

    def _record(self) -> None:
        self.value = {**self.data.to_data(), "draft_stage": self.custom_name.value}

    def summary(self) -> list[dict[str, Any]]:
        """The ranked commitments."""
        return commitments(self.data)

    def _stage(self, stage_id: str) -> Stage:
        return next(s for s in self.data.stages if s.id == stage_id)

    def _toggle_stage(self, stage_id: str, change: dict[str, Any]) -> None:
        if self._restoring:
            return
        if change["new"]:
            if stage_id not in self.cards:
                self._open_stage(Stage(stage_id, self.content[stage_id].name))
        else:
            self._close_stage(stage_id)

    def _open_stage(self, stage: Stage) -> None:
        standard = [sid for sid in self.content]
        self.data.stages.append(stage)
        self.data.stages.sort(key=lambda s: (s.custom, standard.index(s.id) if s.id in standard else 0))
        self.cards[stage.id] = StageCard(stage, self.content.get(stage.id), self)
        self.cards_box.children = [self.cards[s.id] for s in self.data.stages]
        self.changed()

    def _close_stage(self, stage_id: str) -> None:
        stage = self._stage(stage_id)
        dropped = {r.id for r in stage.rows}
        self.data.stages.remove(stage)
        self.data.commitments = [i for i in self.data.commitments if i not in dropped]
        card = self.cards.pop(stage_id, None)
        self.cards_box.children = [self.cards[s.id] for s in self.data.stages]
        if card is not None:
            close_all([card])
        self.changed(structure=True)

    def _sync_ranking(self) -> None:
        order = ranked(self.data)
        rows = self.data.rows()
        # Items of rows that still exist are kept (a row may be incomplete for a moment while edited).
        for gone in set(self.rank_items) - set(rows):
            close_all([self.rank_items.pop(gone)])
        for row_id in order:
            item = self.rank_items.get(row_id) or self.rank_items.setdefault(row_id, RankItem(row_id, self))
            item.describe(*rows[row_id])
        self.rank_box.children = [self.rank_items[i] for i in order]
        self.rank_empty.value = EMPTY if order else RANK_EMPTY
