# Loaded by every kernel of the course environment (Binder, JupyterHub, `make lab`):
# the ledgerkit kernel extension gives rich display and the %ledgerkit magics.
c = get_config()  # noqa: F821  (provided by IPython when it reads this file)
c.InteractiveShellApp.extensions = ["ledgerkit"]
