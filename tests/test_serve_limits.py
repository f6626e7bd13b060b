"""The production server keeps answering while many slow clients hold connections open."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request

from web.cli import make_server


def _hello(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


def test_a_request_is_answered_while_200_slow_sockets_are_open():
    server = make_server(_hello, host="127.0.0.1", port=0, threads=2)
    port = server.effective_port
    running = threading.Thread(target=server.run, daemon=True)
    running.start()
    slow: list[socket.socket] = []
    try:
        for _ in range(200):
            client = socket.create_connection(("127.0.0.1", port), timeout=5)
            client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # never finished
            slow.append(client)
        time.sleep(0.5)  # the server has read them all
        started = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert response.status == 200 and response.read() == b"ok"
        assert time.monotonic() - started < 5
    finally:
        for client in slow:
            client.close()
        server.close()
        server.task_dispatcher.shutdown(timeout=2)
        running.join(timeout=10)
