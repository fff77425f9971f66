# nbgrader configuration of the ledgerkit course (区块链金融应用).
#
# nbgrader reads this file when it runs from this folder (`nbgrader formgrader`, `nbgrader
# autograde ...`), and `python -m autograder` reads it for every command. Paths are worked out
# from this file's own place, so a copy of the folder is a working course of its own.
#
# Environment variables change it without editing:
#   LEDGERKIT_EXCHANGE      the exchange folder shared with students
#                           (default: nbgrader's /usr/local/share/nbgrader/exchange)
#   LEDGERKIT_CELL_TIMEOUT  seconds one cell of a submission may run (default 30)
#   LEDGERKIT_SANDBOX       auto | bubblewrap | setpriv | none (default auto)
import os
from pathlib import Path

c = get_config()  # noqa: F821  (provided by traitlets when it reads this file)
COURSE_ROOT = Path(__file__).resolve().parent

# Where things live: the course root is this folder and the gradebook sits in it.
c.CourseDirectory.root = str(COURSE_ROOT)
c.CourseDirectory.course_id = "ledgerkit"
c.CourseDirectory.db_url = f"sqlite:///{COURSE_ROOT / 'gradebook.db'}"

# The exchange is the shared folder that release, fetch, submit and collect go through.
c.Exchange.root = os.environ.get("LEDGERKIT_EXCHANGE", "/usr/local/share/nbgrader/exchange")

# Every submission runs in the sandbox of autograder/sandbox.py (see autograder/SANDBOX.md):
# nbgrader's own lists of autograde steps, with its Execute step replaced by the sandboxed
# one, and its CheckCellMetadata by the same check with the schema compiled once
# (autograder/metadata.py).
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "autograder.metadata.CheckCellMetadata",
]
c.Autograde.autograde_preprocessors = [
    "autograder.sandbox.SandboxExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "autograder.metadata.CheckCellMetadata",
]
# variant.py draws this class's numbers (autograder/variants.py): it is the lecturer's, and
# never goes into the student version.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback",
                            "variant.py"]

# Generating an assignment (release, or the formgrader's Generate) first fills in this class's
# numbers (autograder/variants.py); then nbgrader's own steps, in nbgrader 0.9.6's order.
c.GenerateAssignment.preprocessors = [
    "autograder.variant_step.RenderVariant",
    "nbgrader.preprocessors.IncludeHeaderFooter",
    "nbgrader.preprocessors.InstantiateTests",
    "nbgrader.preprocessors.LockCells",
    "nbgrader.preprocessors.ClearSolutions",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.CheckCellMetadata",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.SaveCells",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbgrader.preprocessors.ClearMarkScheme",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# "auto" picks bubblewrap, else setpriv, else none (with a loud warning); the limits
# (memory_mb, cpu_seconds, max_processes, ...) keep the defaults SANDBOX.md lists.
c.SandboxKernelManager.mode = os.environ.get("LEDGERKIT_SANDBOX", "auto")

# Running a submission: every cell has a time limit; a cell that runs over it is interrupted
# (the student sees CellTimeoutError in the feedback) and grading goes on with the next cell.
c.Execute.timeout = int(os.environ.get("LEDGERKIT_CELL_TIMEOUT", "30"))
c.Execute.interrupt_on_timeout = True
c.Execute.startup_timeout = 120  # a loaded hub can take a while to start a kernel
# A graded notebook is finished: end its kernel at once, without waiting for a polite exit.
c.Execute.shutdown_kernel = "immediate"
# Widgets run in the kernel without a browser; their live state is not kept in the graded
# notebook (a feedback page could not use it anyway).
c.Execute.store_widget_state = False

# By default nbgrader scores a deleted test cell 0 without a word; put it back and run it.
c.OverwriteCells.add_missing_cells = True

# Output limits, so a print in a loop cannot turn the feedback into megabytes.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 60
