"""pytest in this folder (doctests): nbgrader_config.py is a configuration file nbgrader runs
with `get_config` provided, not a module that can be imported on its own."""

collect_ignore = ["nbgrader_config.py"]

# Each assignment's variant.py is a module named "variant": collected side by side they would
# clash, so their doctests run in tests/grading/test_variants.py, each under its own name.
collect_ignore_glob = ["source/*/variant.py"]
