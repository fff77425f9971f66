# JupyterHub settings of a ledgerkit classroom on one machine (The Littlest JupyterHub style).
#
# On The Littlest JupyterHub (TLJH), copy this file to /opt/tljh/config/jupyterhub_config.d/
# and run `sudo tljh-config reload`: TLJH reads it after its own settings. Anywhere else, load
# it from your jupyterhub_config.py with `load_subconfig(".../binder/hub/jupyterhub_config.py")`.
# It chooses no authenticator and no spawner: TLJH (tljh-config) or your own config does.
# README.md beside this file is the setup guide.
#
# What it sets up:
# - lecturers are the hub's admins; every other user is a student;
# - each user's server gets the course's nbgrader settings for their role (binder/hub/jupyter/):
#   the shared exchange and course id for all; the formgrader, allowed in a JupyterLab frame,
#   for lecturers; fetch and submit only, under their hub name, for students;
# - JupyterLab opens first, and the labs come as nbgitpuller links (binder/hub/lab_links.py);
# - the class's language: with LEDGERKIT_LANG=zh every kernel, widget and magic speaks Chinese
#   and JupyterLab's own menus are in Chinese (binder/hub/jupyter/zh/, the zh-CN language pack).
#
# Three environment variables of the hub change it without editing:
#   LEDGERKIT_COURSEWARE  where this repository is cloned on the hub machine (/opt/ledgerkit)
#   LEDGERKIT_EXCHANGE    nbgrader's exchange, shared by all (/usr/local/share/nbgrader/exchange)
#   LEDGERKIT_LANG        the class's language: "zh" (简体中文) or "en" (English, the default)
import os
from pathlib import Path

c = get_config()  # noqa: F821  (provided by JupyterHub when it reads this file)

COURSEWARE = Path(os.environ.get("LEDGERKIT_COURSEWARE", "/opt/ledgerkit"))
EXCHANGE = os.environ.get("LEDGERKIT_EXCHANGE", "/usr/local/share/nbgrader/exchange")
# A lecturer of a Chinese class sets LEDGERKIT_LANG=zh for the hub, or writes "zh" here.
CLASS_LANGUAGE = os.environ.get("LEDGERKIT_LANG", "en")
ROLE_CONFIGS = COURSEWARE / "binder" / "hub" / "jupyter"


def role_of(user) -> str:
    """ "lecturer" for the hub's admins, "student" for everyone else: a user whose `.admin` is
    True (TLJH: `tljh-config add-item users.admin NAME`) gets "lecturer"."""
    return "lecturer" if user.admin else "student"


def give_role(spawner) -> None:
    """Before a server starts: point it at its role's Jupyter and nbgrader settings.

    The settings folders go on JUPYTER_CONFIG_PATH, ahead of the image's own, so the same
    image serves students and lecturers: a student's server gets JUPYTER_CONFIG_PATH
    <courseware>/binder/hub/jupyter/student:<courseware>/binder/hub/jupyter/common.
    A new dict is assigned, never the shared one updated.
    """
    role = role_of(spawner.user)
    # A Chinese class also gets JupyterLab's menus in Chinese (zh/labconfig sets the locale).
    language = ["zh"] if CLASS_LANGUAGE == "zh" else []
    spawner.environment = {
        **spawner.environment,
        "JUPYTER_CONFIG_PATH": os.pathsep.join(
            str(ROLE_CONFIGS / folder) for folder in [*language, role, "common"]),
        "LEDGERKIT_EXCHANGE": EXCHANGE,
        "LEDGERKIT_ROLE": role,
        "LEDGERKIT_LANG": CLASS_LANGUAGE,
    }


c.Spawner.pre_spawn_hook = give_role
c.Spawner.default_url = "/lab"
# A class starting at once on a busy machine: give a server time to come up.
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90
