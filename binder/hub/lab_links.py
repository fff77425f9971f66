"""nbgitpuller links that hand out the labs on a JupyterHub (实验链接).

A student clicks the link, logs in, and nbgitpuller clones the course's **student edition**
(the `student` branch, built and published by `tools/student_edition.py`: no homework
solutions, hidden tests or lecturer guides) into their home (or, the next time, merges the
lecturer's changes without touching the student's own edits), then opens the lab in
JupyterLab. Lecturers clone the full repository (branch `main`) for grading. Print one link
per lab:

    python binder/hub/lab_links.py https://hub.example.edu
    python binder/hub/lab_links.py https://hub.example.edu --repo https://example.org/me/courseware

>>> BRANCH
'student'

>>> lab_link("https://hub.example.edu", "labs/lab01-build-a-chain/lab01-build-a-chain.ipynb")[:58]
'https://hub.example.edu/hub/user-redirect/git-pull?repo=ht'
"""

from __future__ import annotations

import argparse
from pathlib import Path
from urllib.parse import urlencode

REPO = "https://github.com/ledgerkit/courseware"
BRANCH = "student"  # the student edition; never main, which holds the homework solutions
ROOT = Path(__file__).resolve().parents[2]


def lab_link(hub: str, notebook: str, repo: str = REPO, branch: str = BRANCH) -> str:
    """The link that pulls `branch` of `repo` (by default the student edition) into the
    user's home and opens `notebook` (a path inside the repository) in JupyterLab.
    `user-redirect` sends each user to their own server.

    >>> link = lab_link("https://hub.example.edu/", "labs/a.ipynb", "https://x.org/y/courseware")
    >>> link.endswith("urlpath=lab%2Ftree%2Fcourseware%2Flabs%2Fa.ipynb")
    True
    """
    folder = repo.rstrip("/").split("/")[-1]  # where nbgitpuller clones it, in the home
    query = urlencode({"repo": repo, "branch": branch, "urlpath": f"lab/tree/{folder}/{notebook}"})
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def lab_notebooks(root: Path = ROOT) -> list[str]:
    """The student notebook of every lab, as paths inside the repository.

    >>> lab_notebooks()[0]
    'labs/lab01-build-a-chain/lab01-build-a-chain.ipynb'
    """
    return sorted(str(path.relative_to(root)) for path in (root / "labs").glob("lab*/lab*.ipynb"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("hub", help="the hub's address, e.g. https://hub.example.edu")
    parser.add_argument("--repo", default=REPO, help=f"the course repository (default {REPO})")
    parser.add_argument("--branch", default=BRANCH,
                        help=f"its branch (default {BRANCH}: the student edition, without "
                             "solutions; publish it with tools/student_edition.py publish)")
    args = parser.parse_args(argv)
    for notebook in lab_notebooks():
        link = lab_link(args.hub, notebook, args.repo, args.branch)
        print(f"{Path(notebook).parent.name}: {link}")


if __name__ == "__main__":
    main()
