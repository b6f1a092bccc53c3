#!/usr/bin/env python3
"""Holds N slow HTTP clients open against a loopback server for a bounded time (for http-load.sh --slow).

Each client sends a POST's headers announcing a 100,000-byte body, then 300 bytes of it, then one byte every
few seconds; when the server closes the connection (idle or read timeout), the client reconnects. Stops by
itself after the given number of seconds.

    slow-clients.py HOST PORT N SECONDS
"""
import selectors
import socket
import sys
import time

host, port, count, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
if host not in ("127.0.0.1", "::1", "localhost"):
    sys.exit("slow-clients: loopback addresses only")
HEAD = (b"POST /v1/classify HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/png\r\n"
        b"Content-Length: 100000\r\n\r\n" + b"x" * 300)
sel = selectors.DefaultSelector()
clients = {}
reconnects = 0


def connect():
    s = socket.create_connection((host, port), timeout=5)
    s.sendall(HEAD)
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ)
    clients[s] = time.monotonic()


for _ in range(count):
    connect()
end = time.monotonic() + seconds
while time.monotonic() < end:
    for key, _ in sel.select(timeout=1.0):
        s = key.fileobj
        try:
            data = s.recv(4096)
        except OSError:
            data = b""
        sel.unregister(s)
        del clients[s]
        s.close()
        reconnects += 1
        connect()
    now = time.monotonic()
    for s, last in list(clients.items()):
        if now - last > 4:
            try:
                s.send(b"x")
                clients[s] = now
            except OSError:
                pass
print(f"slow-clients: held {count} connections for {seconds:.0f} s, {reconnects} reconnects", file=sys.stderr)
