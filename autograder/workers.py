"""A small pool of grading processes (评分进程池) that survives what a submission does to it.

Each worker is a Python process that imports nbgrader once and then grades one student at a
time, as long as there are students. The pool hands out students, collects outcomes, and
watches: a worker that dies (or runs past `student_timeout` on one student) is killed with
its kernel, the student is recorded as failed with the reason, and a fresh worker takes its
place. Workers write their output (nbgrader's log, the kernels' messages) to
`<course>/autograde.log`, so the terminal shows only the progress line.

    with WorkerPool(course_dir, {}, size=2, student_timeout=300) as pool:
        pool.run("hw01-basics", ["alice", "bob"], print, lost)
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

import psutil

from autograder.steps import StepFailed

LOG_FILE = "autograde.log"


READY = "ready"  # what a worker says once nbgrader is imported and it can take a student


class Worker:
    """One grading process: `ready` once set up, `student` is the one it grades (or None)."""

    def __init__(self, course_dir: Path, overrides: dict):
        context = multiprocessing.get_context("spawn")
        self.conn, child_end = context.Pipe()
        self.process = context.Process(
            target=serve, args=(child_end, str(course_dir), overrides), daemon=True)
        self.process.start()
        child_end.close()
        self.ready = False
        self.student: str | None = None
        self.started = 0.0

    def give(self, assignment: str, student: str) -> None:
        self.student, self.started = student, time.monotonic()
        self.conn.send((assignment, student))

    def ask_to_finish(self) -> None:
        """An idle worker is told there is no more work (a busy one is left alone)."""
        if self.process.is_alive() and self.ready and self.student is None:
            try:
                self.conn.send(None)
            except OSError:
                pass

    def stop(self) -> None:
        """Wait a moment for a worker told to finish; kill a busy or starting one, and a
        worker that does not finish, with its kernel."""
        if self.ready and self.student is None:
            self.process.join(5)
        if self.process.is_alive():
            kill_tree(self.process.pid)
            self.process.join(5)
        self.conn.close()


class WorkerPool:
    """`size` workers grading a list of students; see the module docstring.

    >>> WorkerPool.__name__
    'WorkerPool'
    """

    def __init__(self, course_dir: Path, overrides: dict, size: int, student_timeout: float):
        self.course_dir, self.overrides = Path(course_dir), overrides
        self.student_timeout = student_timeout
        self.workers = [Worker(self.course_dir, overrides) for _ in range(max(1, size))]

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker: idle ones finish, busy ones are killed with their kernel."""
        for worker in self.workers:
            worker.ask_to_finish()
        for worker in self.workers:
            worker.stop()

    def run(self, assignment: str, students: list[str],
            finished: Callable[[Any], None], lost: Callable[[str, str], Any]) -> None:
        """Grade `students`; call `finished(outcome)` for each one, with `lost(student, why)`
        standing in for the outcome of a student whose worker died or ran out of time."""
        queue = deque(students)
        while True:
            for worker in self.workers:
                if worker.ready and worker.student is None and queue:
                    worker.give(assignment, queue.popleft())
            if not queue and all(worker.student is None for worker in self.workers):
                return
            wait([w.conn for w in self.workers] + [w.process.sentinel for w in self.workers],
                 timeout=1.0)
            for worker in list(self.workers):
                self._check(worker, finished, lost)

    def _check(self, worker: Worker, finished: Callable, lost: Callable) -> None:
        """Take the worker's messages; replace it if it died or overran its student."""
        try:
            while worker.conn.poll():
                message = worker.conn.recv()
                if message == READY:
                    worker.ready = True
                else:
                    worker.student = None
                    finished(message)
            alive = worker.process.is_alive()
        except (EOFError, OSError):
            alive = False
        student = worker.student
        if not alive and not worker.ready:
            raise StepFailed("starting a grading worker",
                             f"it stopped before it was ready: see {self.course_dir / LOG_FILE}")
        if not alive:
            self._replace(worker)
            if student is not None:
                finished(lost(student, "the grading process died"))
        elif student is not None and time.monotonic() - worker.started > self.student_timeout:
            self._replace(worker)
            finished(lost(student, f"grading took longer than {self.student_timeout:.0f} s "
                                   "and was stopped"))

    def _replace(self, worker: Worker) -> None:
        worker.ask_to_finish()
        worker.stop()
        self.workers[self.workers.index(worker)] = Worker(self.course_dir, self.overrides)


def serve(conn: Any, course_dir: str, overrides: dict) -> None:
    """A worker's life: set up once, then grade each (assignment, student) it is sent."""
    os.setsid()  # its own process group: a Ctrl-C at the terminal reaches the pool, not us
    _die_with_parent()
    log = open(Path(course_dir) / LOG_FILE, "a", buffering=1, encoding="utf-8")  # noqa: SIM115
    os.dup2(log.fileno(), 1)
    os.dup2(log.fileno(), 2)
    sys.stdout = sys.stderr = log
    logging.basicConfig(stream=log, level=logging.WARNING,
                        format=f"%(asctime)s [worker {os.getpid()}] %(levelname)s %(message)s")

    from autograder.grading import GradeOutcome, grade_student, record_failure, worker_api

    api = worker_api(Path(course_dir), overrides)
    conn.send(READY)
    while (job := conn.recv()) is not None:
        assignment, student = job
        logging.warning("grading %s for %s", assignment, student)
        try:
            outcome = grade_student(api, Path(course_dir), assignment, student)
        except Exception as error:  # the tool itself failed: the student still gets a row
            logging.exception("grading %s for %s failed", assignment, student)
            why = f"the grading tool failed ({type(error).__name__}: {error}); scored 0"
            try:
                outcome = record_failure(Path(course_dir), assignment, student, why)
            except Exception:
                outcome = GradeOutcome(student, 0.0, 0.0, "failed", why)
        conn.send(outcome)
    # Everything is saved and every kernel is shut down: skip the interpreter's teardown,
    # which waits on ZeroMQ and takes about a second for nothing.
    log.flush()
    os._exit(0)


def _die_with_parent() -> None:
    """Ask Linux to kill this worker if the pool's process dies, even by SIGKILL, so that no
    worker grades on behind a new run's back (the sandbox ends the kernel with the worker)."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:
        os._exit(1)  # the pool died before we asked to die with it


def kill_tree(pid: int) -> None:
    """Kill process `pid` and every process started under it (kernels run in their own
    sessions, so killing a process group would miss them).

    >>> kill_tree(2**22 + 1)  # no such process: nothing happens
    """
    try:
        root = psutil.Process(pid)
        victims = [*root.children(recursive=True), root]
    except psutil.NoSuchProcess:
        return
    for victim in victims:
        try:
            victim.kill()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
