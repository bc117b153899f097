"""The studio: a local web app to watch, mark, summarise and check a quotes file in the browser.

``service`` holds what it does (over the library), ``app`` the web layer (Starlette on uvicorn,
the only place they are imported), ``static/`` the page (HTML, CSS and JavaScript modules, served
as they are: no build step).
"""
