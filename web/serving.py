"""Run the app under uvicorn: one process, or several sharing one listening socket."""

from __future__ import annotations

import contextlib
import socket

import uvicorn
from uvicorn.supervisors import Multiprocess

FACTORY = "web.app:app_from_environment"


class TcpConfig(uvicorn.Config):
    """uvicorn's settings, with a listening socket that says it is TCP.

    uvicorn 0.54 binds the shared socket of `--workers N` with protocol 0. Accepted sockets
    inherit it, and asyncio turns Nagle's algorithm off (TCP_NODELAY) only on sockets that
    say IPPROTO_TCP, so every keep-alive answer after the first waited about 40 ms for the
    client's delayed ACK (uvicorn issue #3149): 47 ms for a cached tile instead of 3.6 ms.
    """

    def bind_socket(self) -> socket.socket:
        """Bind as uvicorn does, then label the socket TCP (same descriptor)."""
        sock = super().bind_socket()
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return sock
        return socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())


def serve(host: str, port: int, workers: int) -> None:
    """Serve the app built from TAXMAP_* variables, in `workers` processes (one app each)."""
    config = TcpConfig(FACTORY, factory=True, host=host, port=port, workers=workers)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C ends the server, as in uvicorn.run
        if workers <= 1:
            # One process: uvicorn binds through asyncio, which labels the socket TCP itself.
            uvicorn.Server(config).run()
        else:
            Multiprocess(config, sockets=[config.bind_socket()]).run()
