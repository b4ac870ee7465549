"""Coaches get precise errors: file, line, field, what is wrong."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from widgets.core.content import COURSE_ROOT, ContentError
from widgets.core.course import load_course
from widgets.tools.check import check_course, check_notebook, report
from widgets.tools.cli import main, voila_command, welcome_url

GOOD = (COURSE_ROOT / "assets/content/course.yaml").read_text()


def problems_for(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "course.yaml"
    path.write_text(text)
    with pytest.raises(ContentError) as error:
        load_course(path)
    return [str(p) for p in error.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_shipped_course_is_valid() -> None:
    assert [lesson.number for lesson in load_course().lessons] == list(range(6))


def test_wrong_type_names_file_line_and_field(tmp_path: Path) -> None:
    welcome = f"minutes: {load_course().lessons[0].minutes}\n"
    text = GOOD.replace(welcome, "minutes: twenty-five\n", 1)
    found = problems_for(tmp_path, text)
    line = line_of(text, "twenty-five")
    assert found == [f"{tmp_path}/course.yaml:{line}: lessons[0].minutes: "
                     "must be a whole number of minutes, got 'twenty-five'"]


def test_missing_unknown_and_duplicate_fields(tmp_path: Path) -> None:
    text = GOOD.replace("    summary: Turn the slowest", "    sumary: Turn the slowest")
    text = text.replace("  - id: team", "  - id: owning-mistakes")
    found = "\n".join(problems_for(tmp_path, text))
    assert f":{line_of(text, 'sumary')}: lessons[2].sumary: is not a known field" in found
    assert "lessons[2].summary: is missing" in found
    assert "lessons[4].id: 'owning-mistakes' is used twice (also in lessons[3])" in found


def test_bad_yaml_and_empty_and_missing_files(tmp_path: Path) -> None:
    assert "is not valid YAML" in problems_for(tmp_path, "title: [unclosed\n")[0]
    assert problems_for(tmp_path, "")[0].endswith("is empty")
    with pytest.raises(ContentError, match="file not found"):
        load_course(tmp_path / "nope.yaml")


def test_bad_id_pattern_is_explained(tmp_path: Path) -> None:
    found = problems_for(tmp_path, GOOD.replace("id: team", "id: Team Lesson"))
    assert any("lessons[4].id: 'Team Lesson' is not valid: use lower-case letters" in p for p in found)


def course_copy(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(COURSE_ROOT / "lessons", root / "lessons")
    shutil.copytree(COURSE_ROOT / "assets", root / "assets")
    return root


def read_notebook(path: Path) -> dict:
    return json.loads(path.read_text())


def set_cell(path: Path, index: int, source: str) -> None:
    """Replace a cell's text, as a coach editing it in JupyterLab would."""
    notebook = read_notebook(path)
    notebook["cells"][index]["source"] = source.splitlines(keepends=True)
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False))


def cell_index(path: Path, needle: str) -> int:
    return next(i for i, c in enumerate(read_notebook(path)["cells"]) if needle in "".join(c["source"]))


def check_text(root: Path) -> str:
    text, code = report(check_course(root))
    assert code == 1, text
    return text


def test_check_passes_on_a_clean_copy(tmp_path: Path) -> None:
    assert check_course(course_copy(tmp_path)) == []


def test_check_passes_on_the_shipped_course() -> None:
    text, code = report(check_course())
    assert code == 0, text


def test_check_fails_on_a_notebook_with_outputs(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    path = root / "lessons" / "01_inversion_thinking.ipynb"
    notebook = json.loads(path.read_text())
    code_cell = next(i for i, c in enumerate(notebook["cells"]) if c["cell_type"] == "code")
    notebook["cells"][code_cell]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["hi"]}]
    notebook["cells"][code_cell]["execution_count"] = 3
    path.write_text(json.dumps(notebook))
    text, code = report(check_course(root))
    assert code == 1
    assert f"01_inversion_thinking.ipynb: cells[{code_cell}].outputs: has stored outputs" in text


def test_check_catches_wrong_lesson_id_title_and_unlisted_notebooks(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    path = root / "lessons" / "02_response_time.ipynb"
    path.write_text(path.read_text().replace('ff.finish(\\"response-time\\")', 'ff.finish(\\"team\\")')
                    .replace("Response-time inversion · Fail Forward", "Old title")
                    .replace("ff.response_explorer()", "ff.response_explorer_()"))
    (root / "lessons" / "06_extra.ipynb").write_text(json.dumps({"cells": [], "metadata": {}}))
    text, code = report(check_course(root))
    assert code == 1
    assert "calls ff.finish('team') but this notebook is lesson 'response-time'" in text
    assert "02_response_time.ipynb: metadata.title: is 'Old title'" in text
    assert "06_extra.ipynb: is not listed in assets/content/course.yaml" in text
    assert "calls ff.response_explorer_, which the course doesn't have (known: checkin," in text


def test_every_shipped_notebook_is_stored_without_outputs() -> None:
    for path in sorted((COURSE_ROOT / "lessons").glob("*.ipynb")):
        notebook = json.loads(path.read_text())
        for cell in notebook["cells"]:
            assert not cell.get("outputs"), f"{path.name} has stored outputs"
            assert cell.get("execution_count") is None
        assert check_notebook(path, None) == []


def test_cli_check_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    assert "no problems found" in capsys.readouterr().out


def test_serve_command_listens_on_loopback_only() -> None:
    command = voila_command(COURSE_ROOT, 9999)
    assert "--Voila.ip=127.0.0.1" in command and "--port=9999" in command
    assert welcome_url(9999) == "http://127.0.0.1:9999/voila/render/lessons/00_welcome.ipynb"


def test_serve_refuses_a_busy_port_with_a_plain_message(capsys: pytest.CaptureFixture[str]) -> None:
    import socket
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    message = capsys.readouterr().err
    assert f"port {port} is already in use" in message and f"make serve PORT={port + 1}" in message


def test_binder_server_config_repeats_the_voila_exporter_setting() -> None:
    # The Voila server extension (Binder) takes exporter settings from the Jupyter server's
    # config, not voila.json; the two must not drift apart.
    voila = json.loads((COURSE_ROOT / "voila.json").read_text())
    server = json.loads((COURSE_ROOT / "binder/jupyter-config/jupyter_server_config.json").read_text())
    assert server["VoilaExporter"] == voila["VoilaExporter"]
    # Uploads travel over the kernel's websocket: both must allow more than Tornado's 10 MiB default.
    served = {k: v for k, v in server["ServerApp"]["tornado_settings"].items() if not k.startswith("mathjax")}
    assert served == voila["Voila"]["tornado_settings"]  # (the server also says: the bundled MathJax, no CDN)
    assert voila["Voila"]["tornado_settings"]["websocket_max_message_size"] > 20 * 1024 * 1024


def test_binder_pins_every_dependency_of_the_package() -> None:
    # postBuild installs the course with --no-deps (the pins are what the tests ran with), so a
    # dependency added to pyproject.toml and not here breaks Binder and the hub image only.
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((COURSE_ROOT / "pyproject.toml").read_text())["project"]
    needed = {canonicalize_name(Requirement(line).name) for line in project["dependencies"]}
    lines = (COURSE_ROOT / "binder/requirements.txt").read_text().splitlines()
    pinned = {canonicalize_name(Requirement(line).name) for line in lines if line.strip() and not line.startswith("#")}
    assert needed - pinned == set(), "binder/requirements.txt misses these dependencies of pyproject.toml"


# -- content files --------------------------------------------------------------------


def test_check_catches_a_scenario_link_to_a_missing_scene(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    path = root / "assets/content/team/scenario.yaml"
    text = path.read_text().replace("        next: after-the-call\n", "        next: after-teh-call\n", 1)
    path.write_text(text)
    line = line_of(text, "next: after-teh-call")
    assert (f"{path}:{line}: scenes[4].choices[0].next: leads to scene 'after-teh-call', which doesn't exist"
            in check_text(root).splitlines())


def test_check_catches_a_question_with_two_correct_answers(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    path = root / "assets/content/inversion/checkins.yaml"
    text = path.read_text().replace("simply being realistic.\n        correct: false",
                                    "simply being realistic.\n        correct: true")
    path.write_text(text)
    line = line_of(text, "id: why-failure-is-easier")
    assert (f"{path}:{line}: questions[0].options: needs exactly one option with 'correct: true', has 2"
            in check_text(root).splitlines())


def test_check_reports_yaml_files_the_course_never_reads(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    content = root / "assets/content"
    (content / "team/senario.yaml").write_text("title: typo\n")
    (content / "respone-time").mkdir()
    (content / "respone-time/checkins.yaml").write_text("questions: []\n")
    (content / "notes.yml").write_text("a: 1\n")
    (content / "team/drafts").mkdir()
    (content / "team/drafts/scenario.yaml").write_text("a: 1\n")
    # JupyterLab's own checkpoint copies are not the coach's files: never reported.
    (content / "team/.ipynb_checkpoints").mkdir()
    (content / "team/.ipynb_checkpoints/scenario-checkpoint.yaml").write_text("a: 1\n")
    lines = check_text(root).splitlines()
    assert (f"{content}/team/senario.yaml: is not a file the course reads (the files it reads in "
            "assets/content/team/ are: checkins.yaml, debrief.yaml, decisions.yaml, go-deeper.yaml, "
            "recall.yaml, reflections.yaml, reframing.yaml, scenario.yaml, solo.yaml); is the name misspelt?") in lines
    assert (f"{content}/respone-time/checkins.yaml: is in folder respone-time/, which is not a lesson id in "
            "assets/content/course.yaml (lesson ids: welcome, inversion, response-time, owning-mistakes, team, "
            "playbook), so the course never reads it") in lines
    assert (f"{content}/notes.yml: is not a file the course reads: directly in assets/content/ only "
            "course.yaml belongs; exercise content goes in its lesson's folder") in lines
    assert any(line.startswith(f"{content}/team/drafts/scenario.yaml: is not a file the course reads: "
                               "it is in assets/content/team/drafts/") for line in lines)
    assert ".ipynb_checkpoints" not in "\n".join(lines)
    # Four unread files, the misplaced check-ins also checked against its spec, and the count.
    assert f"{content}/respone-time/checkins.yaml:1: questions: needs at least 1 item(s), has 0" in lines
    assert len(lines) == 6


def test_check_catches_text_cut_short_by_a_hash(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    path = root / "assets/content/inversion/board.yaml"
    text = path.read_text().replace(
        'source: "Crash it: Tracy Matthews and Jason Ayers, episode #259. Opposite and measure: this course."',
        "source: Tracy Matthews and Jason Ayers, episode #259", 1)
    text = text.replace("  - id: sales\n", "  - id: sales  # a note to self, after an id: fine\n")
    path.write_text(text)
    line = line_of(text, "source: Tracy Matthews and Jason Ayers, episode #259")
    assert check_text(root).splitlines() == [
        f"{path}:{line}: stages[0].starters[0].source: is cut short at \"#259\": in YAML "
        "a space followed by # starts a comment, so learners would read only 'Tracy Matthews and Jason Ayers, "
        "episode'. Put the whole text in double quotes (or, if the # part is a note to yourself, move it to a "
        "line of its own)", "1 problem found."]


def test_check_reports_a_missing_content_file(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    (root / "assets/content/team/debrief.yaml").unlink()
    assert f"{root}/assets/content/team/debrief.yaml: file not found" in check_text(root).splitlines()


# -- notebooks ------------------------------------------------------------------------


def test_check_catches_a_scenario_or_decisions_for_a_lesson_without_that_file(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    path = root / "lessons/01_inversion_thinking.ipynb"
    set_cell(path, 6, 'ff.scenario("inversion")')
    set_cell(path, 16, 'ff.decisions("team")')
    lines = check_text(root).splitlines()
    assert (f"{path}: cells[6]: ff.scenario('inversion') needs assets/content/inversion/scenario.yaml, "
            "which doesn't exist") in lines
    assert (f"{path}: cells[16]: ff.decisions('team') needs assets/content/team/decisions.yaml, "
            "which doesn't exist") in lines


def test_check_catches_an_unknown_lesson_id_in_any_call(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    path = root / "lessons/03_owning_mistakes.ipynb"
    index = cell_index(path, 'ff.recall("owning-mistakes", "a-promise-worth-making")')
    set_cell(path, index, 'ff.recall("owning-mistake", "a-promise-worth-making")')
    checkin = cell_index(path, "truth-without-blame")
    set_cell(path, checkin, 'ff.checkin("owning_mistakes", "truth-without-blame")')
    lines = check_text(root).splitlines()
    ids = "(lesson ids: welcome, inversion, response-time, owning-mistakes, team, playbook)"
    assert (f"{path}: cells[{index}]: ff.recall('owning-mistake', 'a-promise-worth-making') names lesson "
            f"'owning-mistake', which is not in assets/content/course.yaml {ids}") in lines
    assert any(f"cells[{checkin}]: ff.checkin('owning_mistakes', 'truth-without-blame') names lesson "
               "'owning_mistakes'" in line for line in lines)
    assert len(lines) == 3


def test_check_catches_an_unknown_check_in_and_a_lesson_without_check_ins(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    path = root / "lessons/01_inversion_thinking.ipynb"
    set_cell(path, 6, 'ff.checkin("inversion", "why-failure-is-easy")')
    set_cell(path, 16, 'ff.checkin("playbook", "measurable")')
    lines = check_text(root).splitlines()
    assert (f"{path}: cells[6]: asks for check-in 'why-failure-is-easy', which is not in "
            "assets/content/inversion/checkins.yaml (known: why-failure-is-easier, measurable, "
            "closer-or-further)") in lines
    assert (f"{path}: cells[16]: ff.checkin('playbook', 'measurable') needs "
            "assets/content/playbook/checkins.yaml, which doesn't exist") in lines


def test_check_catches_a_broken_link_to_a_notebook(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    path = root / "lessons/01_inversion_thinking.ipynb"
    index = cell_index(path, "## Before you go")
    source = "".join(read_notebook(path)["cells"][index]["source"])
    set_cell(path, index, source + "\n\nNext: [Lesson 2](02_respons_time.ipynb), then "
             "[Lesson 3](03_owning_mistakes.ipynb#top), [Voila](https://voila.readthedocs.io) and `[x](y.ipynb)`.")
    lines = check_text(root).splitlines()
    assert lines == [f"{path}: cells[{index}]: link '02_respons_time.ipynb' points to "
                     "lessons/02_respons_time.ipynb, which doesn't exist (in the cell that starts "
                     '"## Before you go")', "1 problem found."]


def test_check_catches_a_missing_image_and_one_without_alt_text(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    path = root / "lessons/04_leading_your_team.ipynb"
    index = cell_index(path, "team-one-conversation.svg")
    set_cell(path, index, "![](../assets/img/team-one-conversation.svg)\n\n"
             "![A chart](../assets/img/team-conversation.svg)\n\n"
             '<img src="../assets/img/inversion-whiteboard.svg">')
    lines = check_text(root).splitlines()
    hint = '(in the cell that starts "![](../assets/img/team-one-conversation.svg)")'
    assert lines == [
        f"{path}: cells[{index}]: image '../assets/img/team-one-conversation.svg' has no alt text: describe "
        f"it between the square brackets, ![like this](...), for learners who use a screen reader {hint}",
        f"{path}: cells[{index}]: image '../assets/img/team-conversation.svg' points to "
        f"assets/img/team-conversation.svg, which doesn't exist {hint}",
        f"{path}: cells[{index}]: image '../assets/img/inversion-whiteboard.svg' has no alt text: describe "
        f"it between the square brackets, ![like this](...), for learners who use a screen reader {hint}",
        "3 problems found."]


def test_check_catches_an_image_voila_would_not_serve(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    (root / "lessons/photo.gif").write_bytes(b"GIF89a")
    path = root / "lessons/02_response_time.ipynb"
    set_cell(path, cell_index(path, "## The broken necklace"),
             "## The broken necklace\n\n![A broken necklace](photo.gif)")
    assert ("image 'photo.gif' points to lessons/photo.gif, which Voila won't show learners: put images in "
            "assets/ (e.g. assets/img/)") in check_text(root)


def test_check_catches_invalid_code_and_a_missing_import(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    path = root / "lessons/05_your_playbook.ipynb"
    set_cell(path, 0, 'ff.header("playbook")')
    preview = cell_index(path, "ff.playbook_preview()")
    set_cell(path, preview, "ff.playbook_preview(")
    other = root / "lessons/02_response_time.ipynb"
    policy = cell_index(other, "ff.response_policy()")
    set_cell(other, policy, 'ff.response_policy("response-time")')
    lines = check_text(root).splitlines()
    assert (f"{other}: cells[{policy}]: ff.response_policy is called the wrong way: too many positional "
            "arguments (see widgets/lesson.py)") in lines
    assert (f"{path}: cells[0]: calls ff.… but no cell has `import widgets.lesson as ff`; "
            "put it back in the first cell") in lines
    assert any(line.startswith(f"{path}: cells[{preview}]: is not valid Python (line 1:") for line in lines)


def test_coach_notebooks_are_checked_but_need_no_header_or_listing(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    coach = root / "lessons/coach"
    coach.mkdir(exist_ok=True)
    cells = [{"cell_type": "markdown", "metadata": {},
              "source": ["# Coach corner\n\n[Lesson 1](../01_inversion_thinking.ipynb)"]},
             {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
              "source": ["%matplotlib inline\n", "import widgets.lesson as ff\n", "ff.course_map()"]}]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (coach / "try.ipynb").write_text(json.dumps(notebook))
    assert check_course(root) == []
    cells[1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["hi"]}]
    cells[0]["source"] = ["[Lesson 1](01_inversion_thinking.ipynb)"]
    (coach / "try.ipynb").write_text(json.dumps(notebook))
    lines = check_text(root).splitlines()
    assert lines[:2] == [
        f"{coach}/try.ipynb: cells[0]: link '01_inversion_thinking.ipynb' points to "
        "lessons/coach/01_inversion_thinking.ipynb, which doesn't exist (in the cell that starts "
        '"[Lesson 1](01_inversion_thinking.ipynb)")',
        f"{coach}/try.ipynb: cells[1].outputs: has stored outputs; clear them before committing "
        "(in JupyterLab: Edit → Clear Outputs of All Cells, then save)"]


# -- running notebooks ----------------------------------------------------------------


def test_check_run_names_the_cell_that_raises_and_keeps_learner_data_away(tmp_path: Path, data_dir: Path) -> None:
    root = course_copy(tmp_path)
    code = [
        "import os, pathlib\n"
        f"assert os.environ['FAILFORWARD_DATA'] != {str(data_dir)!r}\n"
        "assert os.environ['FAILFORWARD_STRICT'] == '1'\n"
        "pathlib.Path(os.environ['FAILFORWARD_DATA'], 'touched').write_text('x')",
        "total = 1 + 1",
        "total / 0",
        "print('never reached')",
    ]
    cells = [{"cell_type": "code", "id": f"cell-{i}", "metadata": {}, "execution_count": None, "outputs": [],
              "source": source} for i, source in enumerate(code)]
    path = root / "lessons/99_boom.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {"kernelspec": {"name": "python3"}},
                                "nbformat": 4, "nbformat_minor": 5}))
    found = [str(p) for p in check_course(root, run=True, run_only={"99_boom.ipynb"})]
    assert found == [f"{path}: is not listed in assets/content/course.yaml, so learners can't reach it",
                     f"{path}: cells[2]: raised ZeroDivisionError when run: division by zero"]
    assert not (data_dir / "touched").exists()
    assert read_notebook(path)["cells"][0]["outputs"] == []  # the notebook on disk is left as it was


def test_check_wants_the_header_first_and_the_finish_last(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    path = root / "lessons" / "03_owning_mistakes.ipynb"
    notebook = json.loads(path.read_text())
    code = [i for i, cell in enumerate(notebook["cells"]) if cell["cell_type"] == "code"]
    cells = notebook["cells"]
    cells[code[-1]], cells[code[-2]] = cells[code[-2]], cells[code[-1]]  # finish before the last exercise
    cells[code[0]]["source"] = ["import widgets.lesson as ff\n"]  # the header moves to a later cell
    cells[code[1]]["source"] = ["ff.header(\"owning-mistakes\")\n"] + cells[code[1]]["source"]
    path.write_text(json.dumps(notebook))
    text, status = report(check_course(root))
    assert status == 1
    assert f"cells[{code[1]}]: ff.header must be in the lesson's first code cell" in text
    assert f"cells[{code[-2]}]: ff.finish must be in the lesson's last code cell" in text


def test_serve_writes_the_package_bytecode_first() -> None:
    import importlib.util

    import widgets.lesson
    from widgets.tools.cli import compile_package

    cached = Path(importlib.util.cache_from_source(widgets.lesson.__file__))
    cached.unlink(missing_ok=True)
    compile_package()
    assert cached.exists() and cached.stat().st_mtime >= Path(widgets.lesson.__file__).stat().st_mtime
