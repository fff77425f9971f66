"""A whole class on a real JupyterHub: labs, homework, grading and feedback, end to end.

One lecturer (a hub admin) and three students, on a hub started with the classroom's own
binder/hub/jupyterhub_config.py (see hubtools.py). Everything goes through the hub's proxy
and REST API and each user's own server, as it would from their browsers:

1. every server starts; the lecturer logs in with a password and the formgrader page loads
   with a header that lets JupyterLab show it in a frame; students get no formgrader and
   cannot reach the lecturer's server;
2. each student follows the lab's nbgitpuller link, and lab 1 runs in every student's kernel;
3. the lecturer releases hw01-basics from the formgrader;
4. students fetch it and submit: alice answers everything, bob only question 1, and carol's
   file is broken (not even JSON);
5. the lecturer collects (every byte arrives), autogrades with the course's grading command
   (carol still gets a gradebook row), and returns feedback;
6. students fetch their feedback.

All of it is one test, because each step needs the one before (and pytest-xdist would
otherwise start one hub per worker).
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from hubtools import REPO, Browser, Hub, run_cells, running_hub

from autograder.variants import class_seed, draw_values, render_notebook

LECTURER = "lecturer"
STUDENTS = ["alice", "bob", "carol"]
COURSE_ID = "ledgerkit"
ASSIGNMENT = "hw01-basics"
NOTEBOOK = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"  # where nbgrader fetches it, in a student's home
LAB = "labs/lab01-build-a-chain/lab01-build-a-chain.ipynb"
BROKEN = '{"cells": [ this notebook was cut off by a crashed laptop'
# Run after the lab's cells, in each student's kernel: it ran where the lab is, with the
# course's kernel extension, and built the lab's chain.
LAB_RAN = """
import os
assert os.getcwd().endswith("courseware/labs/lab01-build-a-chain"), os.getcwd()
assert "ledgerkit" in get_ipython().extension_manager.loaded
assert chain.validate() and chain.height >= 3, chain.height
"""
SOLUTION_MARKERS = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$\n?", re.MULTILINE)


def test_a_class_on_jupyterhub_from_lab_to_feedback(tmp_path):
    courseware = published_courseware(tmp_path / "courseware")
    with running_hub(admins=[LECTURER]) as hub:
        lecturer_clones_the_course(hub)
        hub.create_users([LECTURER, *STUDENTS])
        hub.start_servers([LECTURER, *STUDENTS])

        each_role_gets_its_tools(hub)
        students_pull_and_run_lab_1(hub, courseware)
        lecturer_releases(hub)
        saved = students_fetch_and_submit(hub)
        lecturer_collects(hub, saved)
        lecturer_autogrades(hub)
        lecturer_returns_feedback(hub)
        students_fetch_feedback(hub)


# --- the course as the lecturer publishes it and as the lecturer's clone holds it ---------

def published_courseware(folder: Path) -> str:
    """A git repository holding this working tree's labs on the branch the lab links name
    (`student`, the student edition: no lecturer guides), standing in for the course's public
    repository; nbgitpuller clones it by its file:// URL."""
    shutil.copytree(REPO / "labs", folder / "labs", ignore=shutil.ignore_patterns("LECTURER.md"))
    git = ["git", "-c", "user.name=Lecturer", "-c", "user.email=lecturer@example.edu"]
    for command in (["init", "--quiet", "--initial-branch=student"], ["add", "."],
                    ["commit", "--quiet", "-m", "labs"]):
        subprocess.run([*git, *command], cwd=folder, check=True, capture_output=True)
    return folder.as_uri()


def lecturer_clones_the_course(hub: Hub) -> None:
    """The guide's first step for a lecturer: the course in ~/courseware (here, the working
    tree's autograder/ folder, without what grading leaves in it)."""
    ignored = [line.strip().rstrip("/") for line in
               (REPO / "autograder" / ".gitignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")]
    shutil.copytree(REPO / "autograder", hub.home(LECTURER) / "courseware" / "autograder",
                    ignore=shutil.ignore_patterns("__pycache__", *ignored))


# --- 1. roles ------------------------------------------------------------------------------

def each_role_gets_its_tools(hub: Hub) -> None:
    browser = Browser(hub)
    browser.log_in(LECTURER, hub.admin_password)
    status, page, headers, url = browser.get(f"/user/{LECTURER}/formgrader")
    assert status == 200 and url.endswith("/formgrader/manage_assignments"), (status, url)
    assert "<title>nbgrader formgrade</title>" in page
    # JupyterHub >= 4.1 forbids every frame; the lecturer's server allows same-origin ones,
    # so the Formgrader tab of JupyterLab (a frame) is not blank.
    assert headers["content-security-policy"] == "frame-ancestors 'self'"
    status, listing, _, _ = browser.get(f"/user/{LECTURER}/formgrader/api/assignments")
    assert status == 200 and ASSIGNMENT in {item["name"] for item in json.loads(listing)}

    for student in STUDENTS:
        status, _, headers = hub.raw("GET", f"/user/{student}/lab", token=hub.tokens[student])
        assert status == 200
        assert headers["content-security-policy"].startswith("frame-ancestors 'none'")
        status, _, _ = hub.raw("GET", f"/user/{student}/formgrader", token=hub.tokens[student])
        assert status == 404, "a student's server runs no formgrader"
        status, _, _ = hub.raw("GET", f"/user/{LECTURER}/api/contents",
                               token=hub.tokens[student])
        assert status == 403, "a student must not reach the lecturer's server"


# --- 2. labs ---------------------------------------------------------------------------------

def students_pull_and_run_lab_1(hub: Hub, courseware: str) -> None:
    link = lab_link_printed_for(hub, courseware)
    path = link.removeprefix(hub.url)
    for student in STUDENTS:
        # A student clicks the link, logs in, and lands on their own server's nbgitpuller
        # page, whose script then runs the pull through an event stream.
        browser = Browser(hub)
        browser.log_in(student, hub.user_password)
        status, _, _, url = browser.get(path)
        assert status == 200 and f"/user/{student}/git-pull?" in url, (status, url)
        status, stream, _, _ = browser.get(f"/user/{student}/git-pull/api?{url.split('?')[1]}")
        events = [json.loads(line[len("data:"):]) for line in stream.splitlines()
                  if line.startswith("data:")]
        assert status == 200 and events[-1]["phase"] == "finished", events[-3:]
        lab = hub.user_call(student, "GET", f"/api/contents/courseware/{LAB}")
        assert lab["type"] == "notebook"

    cells = [cell.source for cell in nbformat.read(REPO / LAB, as_version=4).cells
             if cell.cell_type == "code"]
    cells.append(LAB_RAN)

    async def everyone() -> list[list[str]]:
        return await asyncio.gather(*(run_cells(hub, student, f"courseware/{LAB}", cells)
                                      for student in STUDENTS))

    errors = dict(zip(STUDENTS, asyncio.run(everyone()), strict=True))
    assert errors == {student: [] for student in STUDENTS}


def lab_link_printed_for(hub: Hub, courseware: str) -> str:
    """Lab 1's line of `python binder/hub/lab_links.py HUB --repo REPO`, the link a lecturer
    posts for the class."""
    done = subprocess.run(
        [sys.executable, str(REPO / "binder" / "hub" / "lab_links.py"), hub.url,
         "--repo", courseware], capture_output=True, text=True, timeout=60, check=True)
    lines = dict(line.split(": ", 1) for line in done.stdout.splitlines())
    return lines["lab01-build-a-chain"]


# --- 3.-4. homework out and in ---------------------------------------------------------------

def lecturer_releases(hub: Hub) -> None:
    api = f"/formgrader/api/assignment/{ASSIGNMENT}"
    for action in ("assign", "release"):
        answer = hub.user_call(LECTURER, "POST", f"{api}/{action}", {})
        assert answer["success"], f"formgrader {action}: {answer.get('error') or answer}"
    for student in STUDENTS:
        assert statuses(hub, student) == {ASSIGNMENT: "released"}


def statuses(hub: Hub, student: str) -> dict[str, str]:
    """What the student's Assignments panel shows: assignment -> status."""
    listed = hub.user_call(student, "GET", f"/assignments?course_id={COURSE_ID}")
    assert listed["success"], listed
    return {item["assignment_id"]: item["status"] for item in listed["value"]}


def students_fetch_and_submit(hub: Hub) -> dict[str, str]:
    """Each student fetches, works and submits; returns the SHA-256 of each saved file."""
    body = {"course_id": COURSE_ID, "assignment_id": ASSIGNMENT}
    source = class_solution(hub)
    work = {"alice": lambda nb: answered(nb, source),
            "bob": lambda nb: answered(nb, source, only={"q1-answer"}),
            "carol": None}
    saved = {}
    for student in STUDENTS:
        hub.user_call(student, "POST", "/assignments/fetch", body)
        assert statuses(hub, student) == {ASSIGNMENT: "fetched"}
        released = hub.user_call(student, "GET", f"/api/contents/{NOTEBOOK}")["content"]
        if work[student] is None:
            model = {"type": "file", "format": "text", "content": BROKEN}
        else:
            model = {"type": "notebook", "format": "json", "content": work[student](released)}
        hub.user_call(student, "PUT", f"/api/contents/{NOTEBOOK}", model)
        saved[student] = sha256(hub.home(student) / NOTEBOOK)
        answer = hub.user_call(student, "POST", "/assignments/submit", body)
        assert isinstance(answer, dict) and answer.get("success"), f"{student}: {answer}"
        assert statuses(hub, student) == {ASSIGNMENT: "submitted"}
    return saved


def class_solution(hub: Hub) -> nbformat.NotebookNode:
    """The model solution with this class's numbers: the source rendered with the class
    seed the formgrader's Generate drew them from (autograder/variants.py)."""
    course = course_dir(hub)
    template = nbformat.read(course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
                             as_version=4)
    return render_notebook(template, draw_values(course / "source", ASSIGNMENT,
                                                 class_seed(course)))


def answered(released: dict, source: nbformat.NotebookNode, only: set[str] | None = None) -> dict:
    """The released notebook with the model answers of `source` written in (all, or `only`
    those cells), as a student who knows the answers would type them."""
    answers = {cell.metadata.nbgrader["grade_id"]: SOLUTION_MARKERS.sub("", cell.source)
               for cell in source.cells if cell.metadata.get("nbgrader", {}).get("solution")}
    for cell in released["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in answers and (only is None or grade_id in only):
            cell["source"] = answers[grade_id]
    return released


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- 5. grading ------------------------------------------------------------------------------

def course_dir(hub: Hub) -> Path:
    return hub.home(LECTURER) / "courseware" / "autograder"


def lecturer_collects(hub: Hub, saved: dict[str, str]) -> None:
    answer = hub.user_call(LECTURER, "POST", f"/formgrader/api/assignment/{ASSIGNMENT}/collect",
                           {})
    assert answer["success"], answer
    collected = {student: sha256(course_dir(hub) / "submitted" / student / NOTEBOOK)
                 for student in STUDENTS}
    assert collected == saved, "a collected file differs from what its student saved"


def lecturer_runs(hub: Hub, *command: str) -> None:
    """The lecturer runs `python -m autograder COMMAND...` from a notebook on their own server
    (its folder ~/courseware, where the package is), as the hub guide says."""
    code = ("import subprocess, sys\n"
            f"done = subprocess.run([sys.executable, '-m', 'autograder', *{command!r}], "
            "capture_output=True, text=True, timeout=600)\n"
            "assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]")
    errors = asyncio.run(run_cells(hub, LECTURER, "courseware/grading.ipynb", [code],
                                   timeout=660))
    assert errors == [], f"python -m autograder {' '.join(command)}: {errors}"


def lecturer_autogrades(hub: Hub) -> None:
    lecturer_runs(hub, "autograde", ASSIGNMENT, "--jobs", "2")
    expected = expected_scores(hub)

    # What the formgrader shows the lecturer ...
    rows = hub.user_call(LECTURER, "GET", f"/formgrader/api/submissions/{ASSIGNMENT}")
    shown = {row["student"]: (row["submitted"], row["autograded"], row["score"]) for row in rows}
    assert shown == {"alice": (True, True, expected["alice"]),
                     "bob": (True, True, expected["bob"]), "carol": (True, True, 0)}, rows

    # ... and the grades the lecturer exports: carol's broken file still has its row, with
    # the reason it scored nothing.
    lecturer_runs(hub, "export", "--csv", "grades.csv")
    text = hub.user_call(LECTURER, "GET", "/api/contents/courseware/grades.csv?content=1")
    grades = {row["student_id"]: row for row in csv.DictReader(io.StringIO(text["content"]))
              if row["assignment"] == ASSIGNMENT}
    assert sorted(grades) == STUDENTS
    assert {student: float(grades[student]["raw_score"]) for student in STUDENTS} == expected
    assert grades["alice"]["reason"] == "" and grades["bob"]["reason"] == ""
    assert "notebook" in grades["carol"]["reason"], grades["carol"]


def source_cells(hub: Hub) -> list[nbformat.NotebookNode]:
    path = course_dir(hub) / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    return [cell for cell in nbformat.read(path, as_version=4).cells
            if "nbgrader" in cell.metadata]


def expected_scores(hub: Hub) -> dict[str, float]:
    """Autograded points each student should get: alice every test cell's, bob question 1's
    (the only one he answered), carol none."""
    tests = {cell.metadata.nbgrader["grade_id"]: cell.metadata.nbgrader["points"]
             for cell in source_cells(hub)
             if cell.metadata.nbgrader.get("grade") and not cell.metadata.nbgrader.get("solution")}
    return {"alice": sum(tests.values()), "bob": tests["q1-tests"], "carol": 0}


def lecturer_returns_feedback(hub: Hub) -> None:
    lecturer_runs(hub, "feedback", ASSIGNMENT)


# --- 6. feedback -----------------------------------------------------------------------------

def students_fetch_feedback(hub: Hub) -> None:
    body = {"course_id": COURSE_ID, "assignment_id": ASSIGNMENT}
    total = sum(cell.metadata.nbgrader.get("points") or 0 for cell in source_cells(hub))
    expected = expected_scores(hub)
    for student in ("alice", "bob"):
        score = expected[student]  # the total: nothing graded by hand yet
        listed = hub.user_call(student, "POST", "/assignments/fetch_feedback", body)
        assert listed["success"], listed
        pages = sorted((hub.home(student) / ASSIGNMENT / "feedback").glob("*/*.html"))
        assert [page.name for page in pages] == [f"{ASSIGNMENT}.html"], student
        assert f"Score: {score:.1f} / {total:.1f}" in pages[0].read_text(), student
