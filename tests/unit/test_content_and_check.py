"""Coaches get precise errors: file, line, field, what is wrong."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from widgets.check import check_course, check_notebook, report
from widgets.cli import main, voila_command, welcome_url
from widgets.content import COURSE_ROOT, ContentError
from widgets.course import load_course

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
    text = GOOD.replace("minutes: 5\n", "minutes: twenty-five\n")
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
                    .replace("ff.promise_simulator()", "ff.promise_simulater()"))
    (root / "lessons" / "06_extra.ipynb").write_text(json.dumps({"cells": [], "metadata": {}}))
    text, code = report(check_course(root))
    assert code == 1
    assert "calls ff.finish('team') but this notebook is lesson 'response-time'" in text
    assert "02_response_time.ipynb: metadata.title: is 'Old title'" in text
    assert "06_extra.ipynb: is not listed in assets/content/course.yaml" in text
    assert "calls ff.promise_simulater, which the course doesn't have (known: checkin," in text


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
    assert server["ServerApp"]["tornado_settings"] == voila["Voila"]["tornado_settings"]
    assert voila["Voila"]["tornado_settings"]["websocket_max_message_size"] > 20 * 1024 * 1024
