"""``dateline serve``: the FastAPI app (:func:`dateline.web.app.create_app`, :func:`dateline.web.app.serve`),
its templates and our own static JS/CSS. Kept import-free so the HTML report can reuse the views and templates
without loading the web framework."""
