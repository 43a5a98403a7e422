# Python `websockets` (PyPI) echo server for the conformance matrix: 127.0.0.1, a free port
# (printed as JSON on stdout), subprotocols chat/superchat, permessage-deflate on (the default).
import asyncio, json, logging, sys

import websockets
from websockets.asyncio.server import serve

logging.basicConfig(level=logging.CRITICAL)


async def echo(ws):
    async for message in ws:
        await ws.send(message)


SUPPORTED = ["chat", "superchat"]


def select_subprotocol(connection, offered):
    # RFC 6455 §4.2.2: the first offered that we support, else none (the library's default
    # refuses a client that offers none of the configured ones; that is policy, not the RFC).
    return next((p for p in offered if p in SUPPORTED), None)


async def main():
    async with serve(echo, "127.0.0.1", 0, select_subprotocol=select_subprotocol) as server:
        port = server.sockets[0].getsockname()[1]
        print(json.dumps({"port": port, "version": websockets.__version__}), flush=True)
        await asyncio.get_running_loop().create_future()


asyncio.run(main())
