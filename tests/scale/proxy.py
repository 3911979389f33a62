"""A tiny round-robin TCP proxy: each new connection goes to the next backend in turn, as a
load balancer without sticky sessions does. It remembers which backend took each connection."""

import contextlib
import socket
import threading


class RoundRobinProxy:
    def __init__(self, backend_ports: list[int]):
        self.backend_ports = backend_ports
        self.served: list[int] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            backend = self.backend_ports[len(self.served) % len(self.backend_ports)]
            self.served.append(backend)
            thread = threading.Thread(target=self._relay, args=(client, backend), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _relay(self, client: socket.socket, backend: int) -> None:
        with client, socket.create_connection(("127.0.0.1", backend), timeout=30) as upstream:
            back = threading.Thread(target=_pipe, args=(upstream, client), daemon=True)
            back.start()
            _pipe(client, upstream)
            back.join(timeout=30)

    def close(self) -> None:
        # Closing alone would leave the accepting thread blocked in accept() until its join
        # gives up; a shutdown wakes it at once.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        self._accepting.join(timeout=5)
        for thread in self._threads:
            thread.join(timeout=5)


def _pipe(source: socket.socket, target: socket.socket) -> None:
    """Copy until the source is done, then tell the target so (a reset ends the copy too)."""
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            target.sendall(data)
    with contextlib.suppress(OSError):
        target.shutdown(socket.SHUT_WR)
