"""A TCP proxy on loopback to the test server's unix socket that can cut a connection
right after the server has said COMMIT, before the desk hears it."""

from __future__ import annotations

import contextlib
import socket
import threading
from pathlib import Path

# The backend's CommandComplete message for COMMIT: 'C', length 11, "COMMIT\0".
COMMIT_DONE = b"C\x00\x00\x00\x0bCOMMIT\x00"


class CuttingProxy:
    def __init__(self, unix_socket: Path) -> None:
        self.target = str(unix_socket)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.armed = threading.Event()
        self.cuts = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def cut_after_next_commit(self) -> None:
        self.armed.set()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            server.connect(self.target)
            threading.Thread(target=self._pump, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, True), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, from_server: bool) -> None:
        tail = b""
        try:
            while chunk := source.recv(65536):
                seen = tail + chunk
                if from_server and self.armed.is_set() and COMMIT_DONE in seen:
                    with self._lock:
                        self.armed.clear()
                        self.cuts += 1
                    break  # the server committed; the desk never hears it
                sink.sendall(chunk)
                tail = seen[-len(COMMIT_DONE) :]
        except OSError:
            pass
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def close(self) -> None:
        self.listener.close()
