"""The classroom's files agree with each other: the Kubernetes values with the single-machine
config, the sizing in the guide, the pinned image and the repository's labs.

The single-machine config itself runs in test_classroom_hub.py on a real hub; Kubernetes
does not run here, so these checks read its files.
"""

from __future__ import annotations

import importlib.util
import json
import re
from importlib.metadata import entry_points
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import yaml
from traitlets.config import Config

REPO = Path(__file__).resolve().parents[2]
HUB = REPO / "binder" / "hub"
IMAGE_REPO_DIR = "/srv/ledgerkit"  # repo2docker --target-repo-dir, in the guide


def values() -> dict:
    return yaml.safe_load((HUB / "z2jh" / "config.yaml").read_text())


def run_config(source: str, filename: str) -> dict:
    """Execute a JupyterHub config file's text as JupyterHub does (a `c` to fill in)."""
    c = Config()
    namespace = {"c": c, "get_config": lambda: c, "__file__": filename}
    exec(compile(source, filename, "exec"), namespace)
    return namespace


def fake_spawner(admin: bool) -> SimpleNamespace:
    return SimpleNamespace(user=SimpleNamespace(admin=admin), environment={"KEPT": "yes"})


def test_kubernetes_and_single_machine_give_the_same_roles():
    single = run_config((HUB / "jupyterhub_config.py").read_text(), "jupyterhub_config.py")
    kube = run_config(values()["hub"]["extraConfig"]["ledgerkit-roles"], "extraConfig")
    for admin in (True, False):
        ours, theirs = fake_spawner(admin), fake_spawner(admin)
        single["c"].Spawner.pre_spawn_hook(ours)
        kube["c"].Spawner.pre_spawn_hook(theirs)
        assert ours.environment.keys() == theirs.environment.keys()
        assert ours.environment["KEPT"] == "yes"  # the spawner's own variables survive
        assert ours.environment["LEDGERKIT_ROLE"] == theirs.environment["LEDGERKIT_ROLE"] \
            == ("lecturer" if admin else "student")
        # The image's copy of the repository holds every folder the hook names.
        for folder in theirs.environment["JUPYTER_CONFIG_PATH"].split(":"):
            assert folder.startswith(IMAGE_REPO_DIR + "/")
            assert (REPO / folder.removeprefix(IMAGE_REPO_DIR + "/")).is_dir(), folder


def _spawn_both(monkeypatch, language: str | None) -> list[SimpleNamespace]:
    """A student's spawner after the single-machine hook and after the Kubernetes one."""
    if language is None:
        monkeypatch.delenv("LEDGERKIT_LANG", raising=False)
    else:
        monkeypatch.setenv("LEDGERKIT_LANG", language)
    single = run_config((HUB / "jupyterhub_config.py").read_text(), "jupyterhub_config.py")
    kube = run_config(values()["hub"]["extraConfig"]["ledgerkit-roles"], "extraConfig")
    spawned = [fake_spawner(admin=False), fake_spawner(admin=False)]
    single["c"].Spawner.pre_spawn_hook(spawned[0])
    kube["c"].Spawner.pre_spawn_hook(spawned[1])
    return spawned


def test_a_chinese_class_gets_chinese_kernels_and_jupyterlab_menus(monkeypatch):
    for spawner in _spawn_both(monkeypatch, "zh"):
        assert spawner.environment["LEDGERKIT_LANG"] == "zh"
        first = spawner.environment["JUPYTER_CONFIG_PATH"].split(":")[0]
        assert first.endswith("/binder/hub/jupyter/zh")
    overrides = json.loads((HUB / "jupyter" / "zh" / "labconfig"
                            / "default_setting_overrides.json").read_text())
    locale = overrides["@jupyterlab/translation-extension:plugin"]["locale"]
    # The image pins the language pack that provides exactly this locale.
    packs = {entry.name for entry in entry_points(group="jupyterlab.languagepack")}
    assert locale in packs
    assert "jupyterlab-language-pack-zh-CN" in (REPO / "binder" / "requirements.txt").read_text()


def test_an_english_class_is_the_default_and_gets_no_chinese_settings(monkeypatch):
    for spawner in _spawn_both(monkeypatch, None):
        assert spawner.environment["LEDGERKIT_LANG"] == "en"
        assert "/zh" not in spawner.environment["JUPYTER_CONFIG_PATH"]
    assert values()["hub"]["extraEnv"]["LEDGERKIT_LANG"] in ("en", "zh")


def test_kubernetes_mounts_the_exchange_the_hook_names():
    kube = run_config(values()["hub"]["extraConfig"]["ledgerkit-roles"], "extraConfig")
    spawner = fake_spawner(admin=False)
    kube["c"].Spawner.pre_spawn_hook(spawner)
    storage = values()["singleuser"]["storage"]
    mounts = {mount["name"]: mount["mountPath"] for mount in storage["extraVolumeMounts"]}
    assert mounts["nbgrader-exchange"] == spawner.environment["LEDGERKIT_EXCHANGE"]
    claim = yaml.safe_load((HUB / "z2jh" / "exchange-pvc.yaml").read_text())
    volumes = {volume["name"]: volume for volume in storage["extraVolumes"]}
    assert volumes["nbgrader-exchange"]["persistentVolumeClaim"]["claimName"] == \
        claim["metadata"]["name"]
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]


def test_kubernetes_pulls_an_explicitly_tagged_image_ahead_of_class():
    image = values()["singleuser"]["image"]
    assert re.fullmatch(r"\d{4}\.\d+\.\d+", str(image["tag"])), image  # never "latest"
    assert values()["prePuller"]["hook"]["enabled"] is True
    assert values()["prePuller"]["continuous"]["enabled"] is True


def test_kubernetes_resources_are_the_guides_sizing():
    single = values()["singleuser"]
    guide = (HUB / "README.md").read_text()
    memory = re.search(r"^\| memory \|.*\| (\S+) \| (\S+) \|$", guide, re.MULTILINE)
    cpu = re.search(r"^\| CPU \|.*\| (\S+) \| (\S+) \|$", guide, re.MULTILINE)
    assert memory and cpu, "the guide's sizing table has a memory and a CPU row"
    assert (single["memory"]["guarantee"], single["memory"]["limit"]) == memory.groups()
    assert (str(single["cpu"]["guarantee"]), str(single["cpu"]["limit"])) == cpu.groups()


def test_the_image_pins_what_a_hub_needs():
    pins = dict(line.split("==") for line in
                (REPO / "binder" / "requirements.txt").read_text().splitlines()
                if "==" in line and not line.startswith("#"))
    # jupyterhub-singleuser must match the chart's hub (chart 4.4 runs JupyterHub 5.5).
    assert pins.get("jupyterhub", "").startswith("5.5."), pins.get("jupyterhub")
    assert "nbgitpuller" in pins  # the lab links
    assert "Chart 4.4.0 runs JupyterHub 5.5" in (HUB / "z2jh" / "config.yaml").read_text()


def test_every_lab_gets_a_link_that_opens_it():
    spec = importlib.util.spec_from_file_location("lab_links", HUB / "lab_links.py")
    lab_links = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lab_links)
    labs = lab_links.lab_notebooks()
    assert labs == sorted(str(path.relative_to(REPO)) for path in REPO.glob("labs/*/*.ipynb"))
    for lab in labs:
        link = urlsplit(lab_links.lab_link("https://hub.example.edu", lab))
        query = {key: value[0] for key, value in parse_qs(link.query).items()}
        assert link.path == "/hub/user-redirect/git-pull"
        # The student edition (tools/student_edition.py), never main with its solutions.
        assert query["repo"] == lab_links.REPO and query["branch"] == "student"
        # nbgitpuller clones into a folder named like the repository, in the home.
        assert query["urlpath"] == f"lab/tree/courseware/{lab}"
