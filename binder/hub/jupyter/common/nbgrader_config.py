# nbgrader settings every single-user server of the classroom shares (students and lecturers).
# The hub puts this folder on JUPYTER_CONFIG_PATH (see ../../jupyterhub_config.py).
import os

c = get_config()  # noqa: F821  (provided by traitlets when it reads this file)

# The course in autograder/nbgrader_config.py, and the exchange folder every user can reach:
# the lecturer releases into it and collects from it; students fetch and submit through it.
c.CourseDirectory.course_id = "ledgerkit"
c.Exchange.root = os.environ.get("LEDGERKIT_EXCHANGE", "/usr/local/share/nbgrader/exchange")
