# Jupyter server settings of a lecturer's server.
import os
import sys

c = get_config()  # noqa: F821  (provided by traitlets when it reads this file)

# JupyterHub >= 4.1 sends "Content-Security-Policy: frame-ancestors 'none'" from every
# single-user server, so no page may show it in a frame. nbgrader's Formgrader tab in
# JupyterLab is such a frame (of the lecturer's own server) and would stay blank. Allow frames
# from the hub's own origin, on lecturers' servers only; students' servers keep 'none'.
# With JupyterHub.enable_subdomains each user has an origin of their own and 'self' then means
# exactly "this lecturer's pages" (see the hub guide, section "The formgrader tab").
c.ServerApp.tornado_settings = {
    "headers": {"Content-Security-Policy": "frame-ancestors 'self'"},
}

# The course's nbgrader_config.py grades through `autograder.sandbox` (the package in the
# lecturer's clone, ~/courseware/autograder): let the formgrader's Autograde button, which runs
# inside this server, import it as `python -m autograder` does from ~/courseware.
sys.path.insert(0, os.path.join(os.path.expanduser("~"), "courseware"))
