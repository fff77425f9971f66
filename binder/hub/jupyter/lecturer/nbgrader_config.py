# nbgrader settings of a lecturer's server: the formgrader works on the lecturer's own clone
# of the repository, ~/courseware (the hub guide's first step), whose autograder/ folder is
# the course (its nbgrader_config.py is read too).
import os

c = get_config()  # noqa: F821  (provided by traitlets when it reads this file)

c.CourseDirectory.root = os.path.join(os.path.expanduser("~"), "courseware", "autograder")
