"""Markdown images: the course's own diagrams keep their room before they load (their size goes in the page)."""

from __future__ import annotations

from pathlib import Path

from widgets.tools.voila_markdown import LinkedImageRenderer, svg_size

LESSONS = Path(__file__).resolve().parents[2] / "lessons"


def test_every_course_diagram_a_lesson_shows_has_its_size_written() -> None:
    for name in ("inversion-whiteboard", "owning-mistakes-recovery", "team-one-conversation"):
        size = svg_size(f"../assets/img/{name}.svg", LESSONS)
        assert size is not None and size[0] > 100 and size[1] > 100, name


def test_other_images_are_left_as_they_are() -> None:
    assert svg_size("https://example.com/a.svg", LESSONS) is None
    assert svg_size("../assets/img/missing.svg", LESSONS) is None
    assert svg_size("../../../../etc/hostname.svg", LESSONS) is None  # nothing outside the course is read
    assert svg_size("../assets/img/photo.png", LESSONS) is None


def test_the_image_tag_carries_the_size_and_escapes_the_alt_text() -> None:
    renderer = LinkedImageRenderer.__new__(LinkedImageRenderer)
    tag = renderer.image("A board <b>with</b> 'stages'", "../assets/img/inversion-whiteboard.svg")
    assert tag == ("<img src='../assets/img/inversion-whiteboard.svg' alt='A board &lt;b&gt;with&lt;/b&gt; "
                   "&#x27;stages&#x27;' width='960' height='420'>")
