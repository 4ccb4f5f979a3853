#!/usr/bin/env python3
"""Memory of `marketgate serve` under the abuse its default limits are sized for
(HttpLimits, docs/config.md `limits`): connections from many addresses up to the listener's
cap and beyond, and authenticated uploads that announce 1 MiB bodies and send half, holding
the body budget. Prints the gateway's resident memory before and at the peak (VmHWM), and
how many connections were held and refused.

  bench/limits_flood.py --marketgate build/gateway/marketgate --regions regions
"""
import argparse
import os
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "gateway", "system"))
import serve_harness  # noqa: E402


def memory_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def connect(port, source):
    s = socket.socket()
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    return s


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--marketgate", required=True)
    parser.add_argument("--regions", required=True)
    parser.add_argument("--addresses", type=int, default=24)
    parser.add_argument("--per-address", type=int, default=80)
    parser.add_argument("--uploads", type=int, default=120)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder, open(os.path.join(folder, "log"), "w") as log:
        config = serve_harness.write_config(
            folder, args.regions, serve_harness.provider_yaml("", kinds=(),
                                                              in_process=("stripe", "adyen", "pix")))
        port = serve_harness.free_port()
        gateway = serve_harness.Gateway(args.marketgate, config, port, log)
        gateway.start()
        pid = gateway.process.pid
        base = memory_kib(pid, "VmRSS")
        held = []
        # Authenticated uploads announcing 1 MiB and sending half: they hold body budget.
        head = ("POST /v1/purchases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                f"{serve_harness.API_KEY}\r\nContent-Type: application/json\r\n"
                "Idempotency-Key: flood\r\nContent-Length: 1048576\r\n\r\n").encode()
        for i in range(args.uploads):
            try:
                s = connect(port, f"127.0.1.{i % 200 + 1}")
                s.sendall(head + b" " * (512 * 1024))
                held.append(s)
            except OSError:
                pass
        # Idle connections from many addresses: the listener's cap and the per-address cap bite.
        for a in range(args.addresses):
            for _ in range(args.per_address):
                try:
                    held.append(connect(port, f"127.0.0.{a + 2}"))
                except OSError:
                    break
        time.sleep(2)
        answered = 0
        for s in held:
            s.setblocking(False)
            try:
                if s.recv(64).startswith(b"HTTP/1.1 "):
                    answered += 1
            except OSError:
                pass
        peak = memory_kib(pid, "VmHWM")
        print(f"connections attempted: {len(held)}; answered at once (429/503 refusals): "
              f"{answered}; held open: {len(held) - answered}")
        print(f"gateway RSS before: {base / 1024:.1f} MiB; peak (VmHWM): {peak / 1024:.1f} MiB")
        for s in held:
            s.close()
        gateway.stop()


if __name__ == "__main__":
    main()
