#!/usr/bin/env python3
"""Opens idle HTTP connections for bench/http-idle-bench.sh and holds them.

Usage: http-idle-clients.py PORT COUNT

Opens COUNT connections to 127.0.0.1:PORT, sends a keep-alive GET /hello.txt on each and reads
its answer (which must end in "Hello, world\\n"), then prints "ready COUNT" and keeps them all
open, idle, until its standard input closes or it is killed. Exits 1 with a message if a
connection fails or an answer is wrong.
"""
import socket
import sys

REQUEST = b"GET /hello.txt HTTP/1.1\r\nHost: localhost\r\n\r\n"
BODY = b"Hello, world\n"


def main():
    port, count = int(sys.argv[1]), int(sys.argv[2])
    sockets = []
    for i in range(count):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=30)
        except OSError as e:
            sys.exit(f"http-idle-clients: connection {i + 1} of {count} failed: {e}")
        s.sendall(REQUEST)
        sockets.append(s)
    for i, s in enumerate(sockets):
        got = b""
        while not got.endswith(BODY):
            chunk = s.recv(4096)
            if not chunk or len(got) > 4096:
                sys.exit(f"http-idle-clients: connection {i + 1} got {got[:200]!r}, not a response ending in {BODY!r}")
            got += chunk
    print(f"ready {count}", flush=True)
    while sys.stdin.read(1):
        pass


if __name__ == "__main__":
    main()
