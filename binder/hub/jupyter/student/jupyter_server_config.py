# Jupyter server settings of a student's server.
c = get_config()  # noqa: F821  (provided by traitlets when it reads this file)

# Students fetch, validate and submit; grading and creating assignments are the lecturer's
# (nbgrader's table of extensions per role). labconfig/page_config.json beside this file hides
# the matching JupyterLab panels and menus.
c.ServerApp.jpserver_extensions = {
    "nbgrader.server_extensions.formgrader": False,
    "nbgrader.server_extensions.course_list": False,
}
