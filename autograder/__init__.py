"""The ledgerkit course's grading tools (评分工具), on top of nbgrader.

This folder is an nbgrader course root: `nbgrader_config.py`, the assignments in `source/`,
and, made at run time, release/, submitted/, autograded/, feedback/ and gradebook.db. The
package wraps nbgrader's Python API in a few commands a lecturer runs from the repository:

    python -m autograder release hw01-basics
    python -m autograder collect hw01-basics
    python -m autograder autograde hw01-basics --jobs 2
    python -m autograder feedback hw01-basics
    python -m autograder export --csv grades.csv
    python -m autograder report hw01-basics

README.md in this folder is the lecturer's guide.

>>> from autograder import DEFAULT_COURSE
>>> (DEFAULT_COURSE / "nbgrader_config.py").is_file()
True
"""

from autograder.course import COURSE_ID, DEFAULT_COURSE

__all__ = ["COURSE_ID", "DEFAULT_COURSE"]
