"""The workbench served by ``dipkg serve`` and written out by ``dipkg site``.

- :mod:`kg.web.engine` runs queries on the store, read-only, each in a worker process that can
  be stopped when it runs past the timeout, and reopens the store when a build or import changed it;
- :mod:`kg.web.guard` refuses what a read-only public page must not do (updates, SERVICE calls
  outside the allow-list);
- :mod:`kg.web.cells` turns answers into cells a page shows (labels linked to entity pages,
  citations linked to their URLs, contested facts marked);
- :mod:`kg.web.app` is the Starlette application (pages, downloads, ``/sparql``);
- :mod:`kg.web.site` writes the same pages as static files.
"""
