"""The review app: a local web app (Starlette, served by uvicorn, Jinja2 templates shared with the
static report) over a run's store, where a translator edits, approves and rejects pairs. :mod:`.app`
is the web application (routes, the token gate), :mod:`.server` binds it to a port and serves it.

Sits between the CLI and the run: imports :mod:`translate.run` (the review session) and
:mod:`translate.export` (the templates); only the CLI imports it.
"""
