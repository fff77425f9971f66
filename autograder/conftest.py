"""pytest in this folder (doctests): nbgrader_config.py is a configuration file nbgrader runs
with `get_config` provided, not a module that can be imported on its own."""

collect_ignore = ["nbgrader_config.py"]
