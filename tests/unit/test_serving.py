"""The listening socket of `taxmap serve --workers N` gives keep-alive answers without delay."""

from __future__ import annotations

import asyncio
import socket

from web.serving import FACTORY, TcpConfig


def test_shared_socket_is_labelled_tcp() -> None:
    sock = TcpConfig(FACTORY, factory=True, host="127.0.0.1", port=0, workers=2).bind_socket()
    try:
        assert (sock.family, sock.type, sock.proto) == (
            socket.AF_INET,
            socket.SOCK_STREAM,
            socket.IPPROTO_TCP,
        )
        assert sock.get_inheritable()
    finally:
        sock.close()


def test_accepted_connections_have_nagle_off() -> None:
    # What each worker does with the shared socket: asyncio serves it and sets TCP_NODELAY
    # on the connections it accepts only if the socket says IPPROTO_TCP.
    async def accepted_nodelay() -> int:
        sock = TcpConfig(FACTORY, factory=True, host="127.0.0.1", port=0, workers=2).bind_socket()
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        async def accept(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            conn = writer.get_extra_info("socket")
            seen.set_result(conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(accept, sock=sock)
        async with server:
            _, writer = await asyncio.open_connection(*sock.getsockname())
            result = await asyncio.wait_for(seen, 10)
            writer.close()
        return result

    assert asyncio.run(accepted_nodelay()) == 1
