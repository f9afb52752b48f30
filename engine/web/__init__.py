"""The web application for the office (Flask 3, server-rendered Jinja pages, htmx): the same
engine services as the command line, for people who never open a terminal.

May import: every engine package below it (errors … awards); only cli imports it.
"""
