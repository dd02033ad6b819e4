"""The web UI and API served by uvicorn in a thread of `intake serve`, stopped with the others."""

from __future__ import annotations

import logging
import threading

import uvicorn

from intake.settings import Settings, split_host_port

log = logging.getLogger("intake")


def run_http(settings: Settings, stop: threading.Event, app=None) -> None:
    from intake.web.app import create_app

    host, port = split_host_port(settings.http_listen, default_port=8000)
    server = uvicorn.Server(uvicorn.Config(app or create_app(settings), host=host, port=port, log_level="warning",
                                           proxy_headers=True, lifespan="off"))
    server.install_signal_handlers = lambda: None  # the main thread owns SIGINT/SIGTERM
    watcher = threading.Thread(target=lambda: (stop.wait(), setattr(server, "should_exit", True)),
                               name="http-stop", daemon=True)
    watcher.start()
    log.info("intake : interface web et API sur http://%s:%s", host, port)
    server.run()
