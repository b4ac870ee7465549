"""deploy/z2jh/values.yaml, rendered for a learner and a coach as Zero to JupyterHub and KubeSpawner would.

No helm and no cluster: the values are parsed, the chart's way of turning them into KubeSpawner
settings is followed for the keys used here (the home volume from ``singleuser.storage.dynamic``
first, then ``extraVolumes`` / ``extraVolumeMounts``, ``extraEnv``, ``initContainers``,
``defaultUrl``), the hub's ``extraConfig`` snippet is run to get each user's profiles, a chosen
profile's ``kubespawner_override`` is applied as KubeSpawner applies it (a dict is merged into
the setting, anything else replaces it), and ``{username}``/``{servername}`` are filled in.
"""

from __future__ import annotations

import copy
import sys
import types
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
VALUES = ROOT / "deploy" / "z2jh" / "values.yaml"
CLAIM = ROOT / "deploy" / "z2jh" / "cohort-volume.yaml"


def get(values: dict[str, Any], dotted: str) -> Any:
    found: Any = values
    for part in dotted.split("."):
        found = found[part]
    return found


def merge(base: Any, override: Any) -> Any:
    """KubeSpawner's rule for a profile's override: dicts are updated key by key, all else replaced."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = merge(base.get(key), value)
        return merged
    return copy.deepcopy(override)


def expand(value: Any, user: str) -> Any:
    if isinstance(value, str):
        return value.replace("{username}", user).replace("{servername}", "")
    if isinstance(value, list):
        return [expand(item, user) for item in value]
    if isinstance(value, dict):
        return {key: expand(item, user) for key, item in value.items()}
    return value


def profiles_for(values: dict[str, Any], *, admin: bool, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Run the hub's extraConfig as the hub does, with z2jh's get_config, and ask it for this user's profiles."""
    z2jh = types.ModuleType("z2jh")
    z2jh.get_config = lambda key, default=None: copy.deepcopy(get(values, key))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "z2jh", z2jh)
    c = types.SimpleNamespace(KubeSpawner=types.SimpleNamespace())
    for source in values["hub"]["extraConfig"].values():
        exec(compile(source, "values.yaml hub.extraConfig", "exec"), {"c": c})
    spawner = types.SimpleNamespace(user=types.SimpleNamespace(admin=admin, name="someone"))
    return c.KubeSpawner.profile_list(spawner)


def pod(values: dict[str, Any], user: str, profile: dict[str, Any] | None = None) -> dict[str, Any]:
    """What a user's server gets: volumes, mounts, environment, init containers, landing page."""
    single = values["singleuser"]
    storage = single["storage"]
    home = storage["dynamic"]["volumeNameTemplate"]
    settings: dict[str, Any] = {
        "volumes": [{"name": home, "persistentVolumeClaim": {"claimName": storage["dynamic"]["pvcNameTemplate"]}},
                    *storage.get("extraVolumes", [])],
        "volume_mounts": [{"name": home, "mountPath": storage["homeMountPath"]}, *storage.get("extraVolumeMounts", [])],
        "environment": dict(single.get("extraEnv", {})),
        "init_containers": list(single.get("initContainers", [])),
        "default_url": single["defaultUrl"],
    }
    for key, value in (profile or {}).get("kubespawner_override", {}).items():
        settings[key] = merge(settings.get(key), value)
    return expand(settings, user)


def cohort_mounts(settings: dict[str, Any]) -> list[dict[str, Any]]:
    """The mounts of the cohort claim (by the volume that holds it)."""
    claim = yaml.safe_load(CLAIM.read_text())["metadata"]["name"]
    names = {v["name"] for v in settings["volumes"] if v.get("persistentVolumeClaim", {}).get("claimName") == claim}
    assert names, f"no volume uses the claim {claim}"
    return [m for m in settings["volume_mounts"] if m["name"] in names]


@pytest.fixture
def values() -> dict[str, Any]:
    return yaml.safe_load(VALUES.read_text())


def test_the_cohort_claim_is_one_read_write_many_volume() -> None:
    claim = yaml.safe_load(CLAIM.read_text())
    assert claim["kind"] == "PersistentVolumeClaim" and claim["spec"]["accessModes"] == ["ReadWriteMany"]


@pytest.mark.parametrize("user", ["amara", "bongani"])
def test_each_learner_mounts_only_their_own_folder_and_writes_their_file_there(
        values: dict[str, Any], user: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert profiles_for(values, admin=False, monkeypatch=monkeypatch) == []  # no choice, no coach profile
    settings = pod(values, user)
    mounts = cohort_mounts(settings)
    assert mounts == [{"name": "cohort", "mountPath": "/srv/cohort", "subPath": user}]
    env = settings["environment"]
    assert env["FAILFORWARD_COHORT"] == mounts[0]["mountPath"] and "FAILFORWARD_COACH_COHORT" not in env
    # The SQLite store stays on the learner's own home volume, never on the shared one.
    assert env["FAILFORWARD_DATA"].startswith(values["singleuser"]["storage"]["homeMountPath"] + "/")
    assert not env["FAILFORWARD_DATA"].startswith(mounts[0]["mountPath"])
    # The folder is made theirs before the server starts: the same claim, the same subPath.
    [fix] = settings["init_containers"]
    assert [(m["name"], m["subPath"]) for m in fix["volumeMounts"]] == [("cohort", user)]
    assert settings["default_url"] == "/voila/render/lessons/00_welcome.ipynb"


def test_a_coach_mounts_the_whole_volume_read_only_and_opens_the_coach_corner(
        values: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    profiles = profiles_for(values, admin=True, monkeypatch=monkeypatch)
    assert [p["slug"] for p in profiles] == ["learner", "coach"]
    assert pod(values, "coach", profiles[0]) == pod(values, "coach")  # "take the course": a learner's server
    settings = pod(values, "coach", profiles[1])
    mounts = cohort_mounts(settings)
    assert mounts == [{"name": "cohort", "mountPath": "/srv/cohort", "readOnly": True}]  # no subPath: every folder
    env = settings["environment"]
    assert env["FAILFORWARD_COACH_COHORT"] == "/srv/cohort" and env["FAILFORWARD_COHORT"] == ""
    assert env["FAILFORWARD_DATA"] == "/home/jovyan/.local/share/fail-forward"
    home = [m for m in settings["volume_mounts"] if m["mountPath"] == "/home/jovyan"]
    assert home == [{"name": "volume-coach", "mountPath": "/home/jovyan"}]
    assert {v["name"] for v in settings["volumes"]} >= {m["name"] for m in settings["volume_mounts"]}
    assert settings["init_containers"] == []
    page = settings["default_url"].removeprefix("/voila/render/")
    assert (ROOT / page).is_file(), page
