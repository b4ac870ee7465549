"""Make a cohort of learners' exported progress files, as the coach corner reads them.

Each file is what "Download my progress" writes (``widgets/transfer.py``): format
``fail-forward-progress``, version 1, the learner's answers with their times and the
lessons they marked done. The cohort is a spring course of small jewellery and
creative-product brands: learners join over the first week, work at their own pace,
some finish, some stall half-way through a lesson, a few go quiet for weeks. Their
inversion boards share the common ways to crash a stage, written with their own
capitals and punctuation; promises range from a few hours to three days; scenario
paths and ending titles come from the real scenario files
(``assets/content/*/scenario.yaml``). A few names carry HTML, quotes or emoji, one
learner never gave a name, and about one learner in twelve also left an older
export in the folder. Deterministic for a seed:

    python assets/data/make_cohort.py --replace              # rewrites assets/data/sample_cohort/ (30 learners)
    python assets/data/make_cohort.py --count 500 --out /tmp/cohort --seed 7
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any

from widgets.rules.scenario import Play, Scenario, all_paths, load_scenario
from widgets.store.transfer import FORMAT, VERSION, file_name

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DIR = Path(__file__).with_name("sample_cohort")
SAMPLE_COUNT, SAMPLE_SEED = 30, 259
STARTS = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday: the cohort's first day
COLLECTED = datetime(2026, 4, 13, 17, 0, tzinfo=UTC)  # the coach asks everyone for their file
LESSONS = ("welcome", "inversion", "response-time", "owning-mistakes", "team", "playbook")
SCENARIO_LESSONS = ("owning-mistakes", "team")

FIRST = ("Maya", "Jonah", "Aisha", "Tom", "Grace", "Leo", "Nadia", "Sam", "Ines", "Oliver", "Rosa", "Kwame",
         "Hannah", "Mateo", "Chloe", "Ravi", "Freya", "Daniel", "Yuki", "Ellie", "Omar", "Sofia", "Ben", "Amara",
         "Luca", "Isla", "Noah", "Mei", "Zara", "Felix", "Ava", "Tariq", "Nora", "Ethan", "Layla", "Hugo")
LAST = ("Okafor", "Bennett", "Nakamura", "Silva", "Murphy", "Haddad", "Kowalski", "Fischer", "Reyes", "Clarke",
        "Novak", "Ahmed", "Lindqvist", "Moreau", "Patel", "O'Brien", "Costa", "Jensen", "Walsh", "Mensah",
        "Rossi", "Larsen", "Tanaka", "Dubois", "Evans", "Quinn", "Hughes", "Ferreira", "Kim", "Byrne")
# Names a coach's table must show as typed, never as markup: placed at fixed positions in every cohort.
SPECIAL_NAMES = {1: "Maya <b>O'Neil</b> 💎", 4: "Zoë & Co 🌿", 8: "<script>alert('hi')</script> Sam",
                 11: "Ana-Lucía Pérez", 15: 'Tom "TJ" Jones', 19: "李娜 · Li Na 💍"}
NAMELESS = 23  # this learner never typed a name

STAGES = {
    "advertising": ("Advertising", [
        ("Spend the whole ad budget and get zero sales", 9),
        ("Boost posts at random, with no idea who they reach", 6),
        ("Never track which ads bring sales", 5),
        ("Post only when I remember to", 4),
        ("Copy whatever other brands are doing", 3),
        ("Run ads to a broken or slow website", 2),
        ("Use blurry photos in every ad", 2),
        ("Pay an influencer without checking their audience", 1)]),
    "sales": ("Sales", [
        ("Show pieces in one blurry photo and leave out size, metal and price", 8),
        ("Make people create an account before they can pay", 6),
        ("Hide the shipping cost until the last step", 5),
        ("Never answer questions in the DMs", 4),
        ("Have no photos of the pieces being worn", 3),
        ("Make checkout take ten steps", 2),
        ("Leave sold-out pieces on the site", 1)]),
    "fulfillment": ("Fulfillment", [
        ("Ship orders whenever I get around to it, with no tracking", 8),
        ("Pack pieces loose so chains tangle and stones scratch", 6),
        ("Send the wrong size or the wrong piece", 5),
        ("Never tell customers when their order ships", 4),
        ("Run out of packaging in the busiest week", 2),
        ("Forget the gift note the customer asked for", 2)]),
    "customer-service": ("Customer service", [
        ("Leave customer emails unanswered for weeks", 10),
        ("Tell a customer whose necklace broke that we don't fix anything", 6),
        ("Blame the courier for every late parcel", 5),
        ("Answer complaints with a copy-and-paste policy", 4),
        ("Ignore follow-up emails", 4),
        ("Argue with customers in public reviews", 2),
        ("Make returns as hard as possible", 2)]),
    "coming-back": ("Coming back", [
        ("Never contact a buyer again once the parcel has left", 8),
        ("Ask for a review while their complaint is still open", 5),
        ("Send discount emails every single day", 4),
        ("Forget every customer's name and past orders", 3),
        ("Launch new collections without telling past buyers", 3),
        ("Never say thank you", 2)]),
}
OWN_STAGES = (("Wholesale orders", ["Miss the buyer's delivery window", "Send a line sheet with old prices",
                                    "Never follow up after a sample is sent"]),
              ("Markets and fairs", ["Turn up without a card reader", "Run out of stock by noon",
                                     "Leave the stall unattended"]),
              ("Custom commissions", ["Start work without a signed sketch", "Give no date for the finished piece"]))
STAGE_ORDER = tuple(STAGES)
INVERSES = ("Do the opposite, every time", "Track it weekly and fix what slips", "Write it down as a rule for the team",
            "Check it every Friday", "Make it the first thing I do each morning")
MEASURES = ("95 % of the time, checked every Monday", "At least 1 in 100, counted monthly", "Within 2 working days",
            "100 % of orders, checked weekly", "Under 24 h, reviewed every Friday")
PROMISES = ((2, 1), (4, 3), (6, 2), (8, 4), (12, 6), (24, 12), (36, 2), (48, 5), (72, 2))
OPPOSITES = {"wait-a-week": "Reply within 24 hours", "curt": "Write back warmly, by name",
             "no-apology": "Say sorry first, with no 'but'", "refuse": "Offer a repair or a replacement, her choice",
             "ignore-follow-ups": "Answer every follow-up the same day",
             "ask-referral": "Send a handwritten thank-you before asking for anything"}
CHECKINS = {
    "inversion": {"why-failure-is-easier": ("We've all been the disappointed customer.", "Failure is more likely."),
                  "measurable": ("Ship 95 % of orders within 2 working days.", "Ship faster than before."),
                  "closer-or-further": ("Does it move me closer to what I want?", "Is it what others do?")},
    "response-time": {"opposite-of-the-worst": ("Answer within a day, warmly, with a fix.", "Answer eventually."),
                      "why-slow-costs-more": ("Winning a new customer costs more than keeping one.", "It doesn't."),
                      "a-promise-you-can-keep": ("One I can keep on my busiest week.", "The fastest one.")},
    "owning-mistakes": {"what-empowering-means": ("Decide in the customer's favour when unsure.", "Follow policy."),
                        "truth-without-blame": ("Tell her what happened, blaming no one.", "Blame the courier."),
                        "customers-are-watching": ("They watch how I handle it.", "Nobody notices.")},
    "team": {"why-the-team-watches": ("They copy how I react.", "They don't."),
             "what-the-customer-wants": ("The gap closed, and then some.", "A discount code."),
             "bring-the-lead": ("So they learn it live.", "To take notes.")},
}
DECISIONS = ("clasp-after-warranty", "delivered-but-missing", "unclear-ring-size", "code-expired-at-midnight",
             "chipped-at-the-market")
DECISION_OPTIONS = ("Fix it free and say thank you for telling us.", "Offer a repair at cost.",
                    "Point to the warranty terms.")
REFRAMES = {"lost-for-good": "This is my chance to show her how we put things right.",
            "avoid-the-call": "A call now is the fastest way to rebuild trust.",
            "eating-crow": "Owning it on the phone is what makes her come back.",
            "taking-the-heat": "If I take the heat, my team learns how it's done."}
RECOVERY = ("Dear Dana,\n\nI'm so sorry your necklace broke. That's on us: the clasp we used wasn't strong enough. "
            "We'll send a new one by Thursday, tracked, and a little something to say thank you for your patience.\n\n"
            "Maya")
DEBRIEF = {"happened": "The engraving went out with the wrong date.", "impact": "A gift arrived spoiled, a day late.",
           "system": "The second check before engraving was skipped in the rush.",
           "change": "Two people check every engraving against the order, every time.",
           "owner": "Priya", "deadline": "Friday 17 April"}
TAKEAWAYS = {
    "welcome": "Stop hiding from complaints.", "inversion": "Customer service first: reply within 24 hours.",
    "response-time": "A 24-hour promise, and an hour a day set aside for the inbox.",
    "owning-mistakes": "Say sorry first, then what happens next and when.",
    "team": "Bring Priya into the next hard call.", "playbook": "Put the inbox hour in my calendar this week.",
}


@dataclass
class Learner:
    """One learner's history: every answer and completion with its time."""

    name: str
    answers: list[tuple[str, str, Any, datetime]] = field(default_factory=list)
    completed: dict[str, datetime] = field(default_factory=dict)

    def export(self, at: datetime) -> dict[str, Any]:
        """The progress file they would download at ``at`` (only what was saved by then)."""
        latest: dict[tuple[str, str], tuple[Any, datetime]] = {}
        for lesson, key, value, when in self.answers:
            if when <= at:
                latest[lesson, key] = (value, when)
        name = latest.get(("welcome", "name"), ("", at))[0]
        return {"format": FORMAT, "version": VERSION, "exported_at": _iso(at), "course": "Fail Forward",
                "learner": name,
                "answers": [{"lesson": lesson, "key": key, "value": value, "updated_at": _iso(when)}
                            for (lesson, key), (value, when) in sorted(latest.items())],
                "completed": {lesson: _iso(when) for lesson, when in sorted(self.completed.items()) if when <= at}}


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _pick(rng: Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([item for item, _w in weighted], weights=[w for _i, w in weighted])[0]


def _respell(rng: Random, text: str) -> str:
    """The same idea as another learner types it: capitals, spacing and punctuation vary."""
    roll = rng.random()
    if roll < 0.15:
        text = text.lower()
    elif roll < 0.22:
        text = text.upper()
    if rng.random() < 0.25:
        text += rng.choice((".", "!", "...", " ."))
    if rng.random() < 0.12:
        text = "  " + text.replace(" ", "  ", 1) + " "
    if rng.random() < 0.1:
        text = text.replace("'", "\u2019")
    return text


def _ascii(stem: str) -> str:
    """A file name in plain ASCII, so it survives every checkout (a real download keeps "zoë" and "李娜")."""
    folded = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"-{2,}", "-", folded).strip("-")


def _names(count: int, rng: Random) -> list[str]:
    pool = [f"{first} {last}" for first in FIRST for last in LAST]
    rng.shuffle(pool)
    names = [pool[i % len(pool)] + ("" if i < len(pool) else f" {i // len(pool) + 1}") for i in range(count)]
    for index, special in SPECIAL_NAMES.items():
        if index < count:
            names[index] = special
    if count > NAMELESS:
        names[NAMELESS] = ""
    return names


class Clock:
    """A learner's sessions: each step moves time on by a few minutes."""

    def __init__(self, start: datetime, rng: Random) -> None:
        self.now, self.rng = start, rng

    def tick(self, low: int = 1, high: int = 6) -> datetime:
        self.now += timedelta(minutes=self.rng.randint(low, high), seconds=self.rng.randint(0, 59))
        return self.now


def _board(rng: Random) -> dict[str, Any]:
    stages = sorted(rng.sample(STAGE_ORDER, rng.choice((1, 2, 2, 3, 3, 4, 5))), key=STAGE_ORDER.index)
    data: dict[str, Any] = {"stages": [], "ranking": [], "commitments": []}
    number = 0
    for stage_id in stages:
        name, ways = STAGES[stage_id]
        chosen: list[str] = []
        for _ in range(rng.choice((1, 2, 2, 3))):
            way = _pick(rng, ways)
            if way not in chosen:
                chosen.append(way)
        rows = []
        for way in chosen:
            number += 1
            rows.append({"id": f"r{number}", "failure": _respell(rng, way), "inverse": rng.choice(INVERSES),
                         "measure": rng.choice(MEASURES) if rng.random() < 0.8 else ""})
        data["stages"].append({"id": stage_id, "name": name, "custom": False, "rows": rows})
    if rng.random() < 0.2:
        own_name, own_ways = rng.choice(OWN_STAGES)
        rows = []
        for way in rng.sample(own_ways, rng.randint(1, 2)):
            number += 1
            rows.append({"id": f"r{number}", "failure": _respell(rng, way), "inverse": rng.choice(INVERSES),
                         "measure": ""})
        data["stages"].append({"id": "custom-1", "name": own_name, "custom": True, "rows": rows})
    ids = [row["id"] for stage in data["stages"] for row in stage["rows"]]
    data["ranking"] = rng.sample(ids, len(ids))
    data["commitments"] = data["ranking"][:rng.randint(1, min(3, len(ids)))]
    return data


@dataclass(frozen=True)
class Story:
    """A scenario with every complete path, weighted so that kinder paths are played more often."""

    scenario: Scenario
    paths: list[tuple[int, ...]]
    weights: list[float]

    @classmethod
    def read(cls, lesson: str) -> Story:
        scenario = load_scenario(ROOT / "assets" / "content" / lesson / "scenario.yaml", scenario_id=lesson)
        paths = all_paths(scenario)
        first = scenario.meters[0]
        sign = 1 if first.higher_is_better else -1
        weights = [max(0.2, 1 + sign * Play(scenario, path).meters[first.id] / 25) for path in paths]
        return cls(scenario, paths, weights)


def _scenario_play(rng: Random, story: Story, finish: bool) -> dict[str, Any]:
    """A saved play-through: most reach an ending (kinder ones more often), some replay, some stop part-way."""
    scenario, paths = story.scenario, story.paths
    path = rng.choices(paths, weights=story.weights)[0]
    endings: list[str] = []
    if finish and rng.random() < 0.25:  # played once, then again to see another ending
        earlier = Play(scenario, rng.choice(paths)).scene.id
        endings.append(earlier)
    if not finish:
        path = path[:rng.randint(min(1, len(path) - 1), len(path) - 1)]
    play = Play(scenario, path)
    if play.finished and play.scene.id not in endings:
        endings.append(play.scene.id)
    return {"path": list(play.path), "endings": endings, "summary": play.summary()}


def _lesson_answers(lesson: str, rng: Random, scenarios: dict[str, Story],
                    name: str, finish: bool) -> list[tuple[str, Any]]:
    """The (key, value) pairs a learner saves in a lesson, in the order they reach them."""
    items: list[tuple[str, Any]] = []
    if lesson == "welcome" and name:
        items.append(("name", name))
    if lesson == "inversion":
        items.append(("board", _board(rng)))
    if lesson == "response-time":
        hours = _pick(rng, list(PROMISES))
        chosen = rng.sample(list(OPPOSITES), rng.randint(1, 4))
        items += [("policy", {"chosen": chosen, "custom": {}, "opposites": {way: OPPOSITES[way] for way in chosen}}),
                  ("promise-hours", hours),
                  ("inbox-summary", {"source": "sample", "name": "the sample inbox", "promise_hours": hours,
                                     "tickets": 2871, "within_promise": round(rng.uniform(0.5, 0.95), 4),
                                     "median_hours": round(rng.uniform(2, 9), 2), "unanswered": 9}),
                  ("simulator-summary", {"promise_hours": hours, "share_within_promise": round(rng.random(), 4),
                                         "kept": rng.random() < 0.5, "keepable_hours": rng.choice((12, 24, 48)),
                                         "changes_that_keep_it": []})]
    if lesson == "owning-mistakes":
        items += [(f"decision:{case}", rng.choice(DECISION_OPTIONS)) for case in DECISIONS]
        items.append(("recovery-message", RECOVERY.replace("Maya", name.split(" ")[0] if name else "Us")))
    if lesson in SCENARIO_LESSONS:
        items.append(("scenario", _scenario_play(rng, scenarios[lesson], finish or rng.random() < 0.5)))
    if lesson == "team":
        items += [(f"reframe:{thought}", text) for thought, text in REFRAMES.items() if rng.random() < 0.8]
        items.append(("debrief", dict(DEBRIEF)))
    items += [(f"checkin:{question}", rng.choice(options))
              for question, options in CHECKINS.get(lesson, {}).items()]
    if lesson in TAKEAWAYS:
        items.append(("takeaway", TAKEAWAYS[lesson]))
    return items


def _learner(name: str, rng: Random, scenarios: dict[str, Story]) -> tuple[Learner, datetime]:
    """One learner's whole history, and when they exported it."""
    done = _pick(rng, [(0, 2), (1, 5), (2, 8), (3, 9), (4, 9), (5, 8), (6, 14)])
    partial = done < len(LESSONS) and rng.random() < 0.8
    quiet = rng.random() < 0.25
    joined = STARTS + timedelta(days=rng.uniform(0, 6), hours=rng.uniform(0, 10))
    last = COLLECTED - timedelta(days=rng.uniform(15, 32) if quiet else rng.uniform(0.2, 6))
    sessions = done + partial
    gap = (last - joined) / max(sessions, 1)
    learner = Learner(name)
    for number, lesson in enumerate(LESSONS[:sessions]):
        clock = Clock(joined + gap * number + timedelta(minutes=rng.randint(0, 90)), rng)
        finish = number < done
        items = _lesson_answers(lesson, rng, scenarios, name, finish)
        if not finish:
            items = items[:rng.randint(1, max(1, len(items) - 1))]
        for key, value in items:
            learner.answers.append((lesson, key, value, clock.tick()))
        if finish:
            learner.completed[lesson] = clock.tick(0, 2)
    activity = [when for *_rest, when in learner.answers] + list(learner.completed.values())
    exported = max([*activity, COLLECTED - timedelta(days=rng.uniform(0, 2))]) + timedelta(minutes=rng.randint(1, 30))
    return learner, exported


def generate(count: int, seed: int) -> list[tuple[str, dict[str, Any]]]:
    """``count`` learners' progress files as (file name, data), plus older exports of a few of them."""
    if count < 0:
        raise ValueError(f"count must be 0 or more, not {count}")
    rng = Random(seed)
    scenarios = {lesson: Story.read(lesson) for lesson in SCENARIO_LESSONS}
    files: list[tuple[str, dict[str, Any]]] = []
    taken: set[str] = set()
    for name in _names(count, rng):
        learner, exported = _learner(name, rng, scenarios)
        exports = [learner.export(exported)]
        times = sorted(when for *_rest, when in learner.answers)
        if len(times) > 6 and rng.random() < 0.08:  # they also downloaded their progress part-way through
            exports.append(learner.export(times[len(times) // 2] + timedelta(minutes=3)))
        for data in exports:
            stem = _ascii(file_name(data)[:-len(".json")])
            candidate, number = f"{stem}.json", 2
            while candidate in taken:
                candidate, number = f"{stem}-{number}.json", number + 1
            taken.add(candidate)
            files.append((candidate, data))
    return files


def text_of(data: dict[str, Any]) -> str:
    """A file's text, exactly as ``transfer.export_json`` writes it."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)


def write(out: Path, count: int, seed: int, *, replace: bool = False) -> list[Path]:
    """Write the cohort into ``out``; refuses to mix with progress files already there unless ``replace``."""
    out.mkdir(parents=True, exist_ok=True)
    existing = sorted(out.glob("fail-forward-progress*.json"))
    if existing and not replace:
        raise FileExistsError(f"{out} already holds {len(existing)} progress files; pass --replace to rewrite them")
    for path in existing:
        path.unlink()
    written = []
    for name, data in generate(count, seed):
        path = out / name
        path.write_text(text_of(data), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=SAMPLE_COUNT, help="how many learners (default 30)")
    parser.add_argument("--out", type=Path, default=SAMPLE_DIR, help="folder to write to (default: the sample)")
    parser.add_argument("--seed", type=int, default=SAMPLE_SEED, help="random seed (default 259)")
    parser.add_argument("--replace", action="store_true",
                        help="delete progress files already in the folder first (fail-forward-progress*.json only)")
    args = parser.parse_args(argv)
    try:
        written = write(args.out, args.count, args.seed, replace=args.replace)
    except (FileExistsError, ValueError) as error:
        print(f"make_cohort: {error}", file=sys.stderr)
        return 2
    size = sum(path.stat().st_size for path in written)
    print(f"Wrote {len(written)} files ({args.count} learners, {size / 1024:.0f} KB) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
