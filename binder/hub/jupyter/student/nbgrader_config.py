# nbgrader settings of a student's server.
import os

c = get_config()  # noqa: F821  (provided by traitlets when it reads this file)

# A submission is filed under the student's hub name ("alice"), whatever the Unix account is
# called ("jupyter-alice" on The Littlest JupyterHub, "jovyan" in a container).
c.CourseDirectory.student_id = os.environ.get("JUPYTERHUB_USER", "*")
