"""One way to plug in: entry points, which Loa's own parts use exactly as a third party does."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support.distributions import write_distribution

import loa.cli
import loa.web.areas
from loa.channels.registry import default_registry
from loa.jobs.registry import jobs, load_job_modules
from loa.plugins import DEFAULT_PLUGINS, GROUPS, plugins
from loa.services.listening_sources import default_sources
from loa.web.desk import Desk, discover_areas

ROOT = Path(__file__).resolve().parents[1]

THIRD_PARTY = '''
"""A province's own plugin: one command, one desk area, one channel, one source, one job."""

import click
from fastapi import APIRouter

from loa.channels.base import Delivery
from loa.jobs.registry import job


@click.command("hello-province")
def hello() -> None:
    """Chào / hello."""
    click.echo("xin chào")


def register_cli(root):
    root.add_command(hello)


router = APIRouter()


@router.get("/province-extra")
def extra() -> dict:
    return {"ok": True}


def register_area(desk):
    desk.add_router(router)


class Telegram:
    name = "telegram-export"
    description = "Telegram"

    def accepts(self, where):
        return where.startswith("telegram:")

    def ingest(self, session, where, context):
        raise NotImplementedError


def register_source(registry):
    registry.add(Telegram())


class Sms:
    name = "sms-broadcast"

    def accepts(self, publication):
        return True

    def deliver(self, publication):
        return Delivery(self.name, "sent")


def register_channel(registry):
    registry.add("sms-broadcast", lambda options: Sms(), "SMS")


@job("province_extra_job")
def province_extra_job(ctx, payload):
    return None
'''

ENTRY_POINTS = {
    "loa.cli": {"province": "province_plugin:register_cli"},
    "loa.desk_areas": {"province": "province_plugin:register_area"},
    "loa.channels": {"province": "province_plugin:register_channel"},
    "loa.listening_sources": {"province": "province_plugin:register_source"},
    "loa.jobs": {"province": "province_plugin"},
}


@pytest.fixture
def installed_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A third party's distribution on sys.path, as `pip install` would leave it."""
    import loa.jobs.registry as job_registry

    load_job_modules()  # Loa's own jobs stay registered once the plug-in's are dropped
    monkeypatch.setattr(job_registry, "_JOBS", dict(job_registry._JOBS))
    site = write_distribution(
        tmp_path / "site", "province-plugin", ENTRY_POINTS,
        {"province_plugin": textwrap.dedent(THIRD_PARTY)},
    )  # fmt: skip
    monkeypatch.syspath_prepend(str(site))
    yield site
    sys.modules.pop("province_plugin", None)


def test_pyproject_lists_exactly_loas_own_plugins() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = {group: tuple(project["entry-points"].get(group, {}).items()) for group in GROUPS}
    assert listed == DEFAULT_PLUGINS


@pytest.mark.parametrize(
    ("package", "group"), [(loa.cli, "loa.cli"), (loa.web.areas, "loa.desk_areas")]
)
def test_every_module_with_a_register_function_is_a_listed_plugin(
    package: object, group: str
) -> None:
    import importlib

    path = package.__path__  # type: ignore[attr-defined]
    name = package.__name__  # type: ignore[attr-defined]
    registering = {
        f"{name}.{m.name}:register"
        for m in pkgutil.iter_modules(path)
        if hasattr(importlib.import_module(f"{name}.{m.name}"), "register")
    }
    assert registering == {value for _name, value in DEFAULT_PLUGINS[group]}


def test_loas_own_parts_come_through_the_entry_points() -> None:
    assert [p.value for p in plugins("loa.channels")] == ["loa.channels.builtin:register"]
    assert {r["plugin"] for r in default_registry().describe()} == {"loa.channels.builtin:register"}
    sources = {r["name"]: r["plugin"] for r in default_sources().describe()}
    assert sources == dict.fromkeys(
        ["export", "feed", "manual", "tipline"], "loa.services.listening_sources:register"
    )
    assert len(discover_areas(Desk()).areas) == len(DEFAULT_PLUGINS["loa.desk_areas"])


def test_a_third_party_plugs_in_every_group_the_same_way(installed_plugin: Path) -> None:
    for group in GROUPS:
        found = [p for p in plugins(group) if not p.is_loas_own]
        assert [(p.name, p.value.split(":")[0]) for p in found] == [
            ("province", "province_plugin")
        ], group
    assert "sms-broadcast" in default_registry().names()
    assert default_sources().find("telegram:chat-42").name == "telegram-export"
    assert default_sources().find("posts.jsonl").name == "export"
    desk = discover_areas(Desk())
    assert "province_plugin:register_area" in desk.areas
    assert any(getattr(r, "path", "") == "/province-extra" for x in desk.routers for r in x.routes)
    load_job_modules()
    assert "province_extra_job" in jobs()


def test_a_third_party_command_appears_in_loa(installed_plugin: Path) -> None:
    code = "import sys; from loa.cli import main; sys.argv[0] = 'loa'; main()"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(installed_plugin), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, "-c", code, "hello-province"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "xin chào"


def test_an_unknown_group_is_refused_in_both_languages() -> None:
    from loa.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        plugins("loa.widgets")
    assert "loa.widgets" in caught.value.vi and "loa.cli" in caught.value.en


def test_a_job_module_that_cannot_be_imported_is_a_setting_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from loa.errors import ConfigError

    site = write_distribution(
        tmp_path / "site", "broken-jobs", {"loa.jobs": {"broken": "loa_no_such_module"}}
    )
    monkeypatch.syspath_prepend(str(site))
    with pytest.raises(ConfigError) as caught:
        load_job_modules()
    assert "loa_no_such_module" in caught.value.vi and "broken" in caught.value.en
