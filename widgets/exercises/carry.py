"""Take your work with you: download all progress as a file, and import it again."""

from __future__ import annotations

import json
from typing import Any

import ipywidgets as w

from widgets.core.markup import EMPTY, Markup, html
from widgets.core.text import plural
from widgets.look.safe import guarded
from widgets.look.ui import Card, Feedback, html_block, primary_button, secondary_button
from widgets.look.upload import upload_button
from widgets.rules.playbook import download_link
from widgets.store.autosave import default_autosaver
from widgets.store.progress import ProgressStore, default_store
from widgets.store.transfer import ImportPlan, apply_import, export_progress, file_name, plan_import


class CarryYourWork(Card):
    """Prepare a progress file to download; upload one to bring answers back (after a look at what changes)."""

    def __init__(self, *, store: ProgressStore | None = None) -> None:
        self.store = store or default_store()
        self.plan: ImportPlan | None = None
        self.feedback = Feedback()
        self.prepare_button = primary_button("Prepare my progress file",
                                             on_click=guarded(lambda _b: self.prepare(), self.feedback))
        self.link = html_block(EMPTY, "ff-downloads-wrap")
        self.upload = upload_button("Import a progress file", accept=".json,application/json", on_file=self.read,
                                    feedback=self.feedback)
        self.import_button = primary_button("Import", on_click=guarded(lambda _b: self.confirm(), self.feedback))
        self.replace_button = secondary_button("Import, and replace my newer answers too",
                                               on_click=guarded(lambda _b: self.confirm(replace_newer=True),
                                                                self.feedback))
        self.cancel_button = secondary_button("Cancel", on_click=guarded(lambda _b: self.cancel(), self.feedback))
        self.choices = w.HBox([self.import_button, self.replace_button, self.cancel_button])
        self.choices.add_class("ff-row-tools")
        self.choices.layout.display = "none"
        super().__init__(
            [html_block(Markup("<h4 class='ff-step-heading'>Download</h4><p class='ff-muted'>One file with every "
                               "answer you've saved. Keep it somewhere safe: on a temporary online session, your work "
                               "is gone when the session ends.</p>")),
             self.prepare_button, self.link,
             html_block(Markup("<h4 class='ff-step-heading'>Import</h4><p class='ff-muted'>Bring your answers back "
                               "from a file you downloaded before. You'll see what changes before anything does.</p>")),
             self.upload, self.feedback, self.choices],
            title="Take your work with you",
            classes=("ff-carry",),
        )

    def prepare(self) -> dict[str, Any]:
        """Build the download from the answers saved right now."""
        default_autosaver().flush()  # anything typed a moment ago is in the file too
        data = export_progress(self.store)
        count = len(data["answers"])
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        self.link.value = html("<p class='ff-muted'>Ready: {}.</p>{}", plural(count, "answer"),
                               download_link("Download my progress", file_name(data), "application/json", text))
        return data

    def read(self, name: str, content: bytes) -> ImportPlan:
        """Check a file and show what importing it would change (nothing is written yet)."""
        default_autosaver().flush()
        plan = plan_import(content, self.store)
        if plan.problem:
            self.plan = None
            self.choices.layout.display = "none"
            self.feedback.show("warning", f"“{name}”: {plan.problem} Nothing has changed.")
            return plan
        self.plan = plan
        who = f" from {plan.learner}'s course" if plan.learner else ""
        self.feedback.show("hint", f"“{name}”{who}: {plan.summary} Nothing has changed yet.")
        self.replace_button.layout.display = "" if plan.count("keep-newer") else "none"
        self.choices.layout.display = ""
        return plan

    def confirm(self, *, replace_newer: bool = False) -> int:
        """Write what the plan allows."""
        if self.plan is None:
            return 0
        written = apply_import(self.plan, self.store, replace_newer=replace_newer)
        default_autosaver().store_changed()  # cohort sharing, when on, writes the progress file with them
        self.plan = None
        self.choices.layout.display = "none"
        self.feedback.show("success", f"Imported {plural(written, 'answer')}. Reload any lesson you have open to "
                                      "see them.")
        self.link.value = EMPTY
        return written

    def cancel(self) -> None:
        """Forget the file; nothing was written."""
        self.plan = None
        self.choices.layout.display = "none"
        self.feedback.show("hint", "Import cancelled. Nothing has changed.")
