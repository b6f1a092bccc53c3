#!/usr/bin/env python3
"""Soak test for http-load.sh --soak: sends exactly N POSTs of one image to a loopback server, 8 keep-alive
connections at a time, in ten rounds, and prints a Markdown row per round with the server's resident memory
(VmRSS of the given process) and the load average.

    soak.py URL PNG N SERVER_PID
"""
import http.client
import sys
import threading
import urllib.parse

url, png_path, total, pid = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
target = urllib.parse.urlparse(url)
if target.hostname not in ("127.0.0.1", "::1", "localhost"):
    sys.exit("soak: loopback addresses only")
body = open(png_path, "rb").read()
CONNECTIONS, ROUNDS = 8, 10
failures = []


def rss_mib():
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return -1


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def client(count):
    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
    for _ in range(count):
        conn.request("POST", target.path, body, {"Content-Type": "image/png"})
        reply = conn.getresponse()
        reply.read()
        if reply.status != 200:
            failures.append(reply.status)
    conn.close()


print("| requests sent | server RSS MiB | non-200 answers | load (1/5/15 min) |")
print("|---|---|---|---|")
print(f"| 0 | {rss_mib()} | 0 | {load()} |", flush=True)
sent = 0
per_round = total // ROUNDS
for _ in range(ROUNDS):
    share = [per_round // CONNECTIONS + (1 if i < per_round % CONNECTIONS else 0) for i in range(CONNECTIONS)]
    threads = [threading.Thread(target=client, args=(n,)) for n in share]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sent += per_round
    print(f"| {sent} | {rss_mib()} | {len(failures)} | {load()} |", flush=True)
