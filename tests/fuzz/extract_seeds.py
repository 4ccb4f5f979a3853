#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/)
from what the tests and the shipped data already hold, so that the fuzzers
start from inputs that reach deep: the JSON bodies the API tests send, the
market and case files, the providers' recorded webhook fixtures, and the
amounts and Accept-Language values of the currency tests.

  tests/fuzz/extract_seeds.py      rewrite every corpus (idempotent)

Each seed is named by the SHA-1 of its bytes, as libFuzzer names inputs.
"""
import glob
import hashlib
import json
import os
import re
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests", "fuzz", "corpus")

# A run of adjacent raw string literals: C++ joins them into one string.
RAW_RUN = re.compile(r'(?:R"\((?:.*?)\)"\s*)+', re.S)
RAW_PART = re.compile(r'R"\((.*?)\)"', re.S)
# Plain string literals passed to a call: Negotiate("fr-CH"), ParseMoney("1.5", ...).
CALL_ARG = r'{}\("((?:[^"\\]|\\.)*)"'


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def raw_strings(paths):
    for path in paths:
        for run in RAW_RUN.finditer(read(path)):
            yield "".join(RAW_PART.findall(run.group(0)))


def call_args(paths, function):
    pattern = re.compile(CALL_ARG.format(function))
    for path in paths:
        for arg in pattern.findall(read(path)):
            yield bytes(arg, "utf-8").decode("unicode_escape")


def json_objects(texts):
    for text in texts:
        try:
            if isinstance(json.loads(text), dict):
                yield text
        except ValueError:
            pass


def write(target, seeds):
    folder = os.path.join(CORPUS, target)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    unique = {s.encode("utf-8") if isinstance(s, str) else s for s in seeds}
    for seed in unique:
        with open(os.path.join(folder, hashlib.sha1(seed).hexdigest()), "wb") as f:
            f.write(seed)
    print(f"{target}: {len(unique)} seeds")


def http_request(method, path, body=None, headers=()):
    lines = [f"{method} {path} HTTP/1.1", "Host: gateway", "Authorization: Bearer mg_fuzz_key"]
    lines += list(headers)
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body.encode())}"]
    return "\r\n".join(lines) + "\r\n\r\n" + (body or "")


def main():
    tests = lambda *parts: glob.glob(os.path.join(ROOT, "tests", *parts), recursive=True)
    bodies = sorted(set(json_objects(raw_strings(tests("gateway", "**", "*.cc")))))
    write("api_request_body_fuzz", bodies)

    markets = sorted(glob.glob(os.path.join(ROOT, "regions", "markets", "*.yaml")))
    write("market_yaml_fuzz", [read(p) for p in markets if not p.endswith(".cases.yaml")] +
          [read(p) for p in glob.glob(os.path.join(ROOT, "regions", "common", "*.yaml"))])
    write("cases_yaml_fuzz", [read(p) for p in markets if p.endswith(".cases.yaml")])

    fixtures = tests("gateway", "providers", "*", "fixtures", "*.json")
    # First line: a signature header (a well-formed, wrong one); then the body.
    write("webhook_fuzz", ["t=1764072000,v1=" + "0" * 64 + "\n" + read(p) for p in fixtures])

    currency_tests = tests("currency", "*.cc")
    write("money_fuzz", list(call_args(currency_tests, "ParseMoney")) +
          list(call_args(currency_tests, "Parse")) +
          ["USD:0.99", "JPY:301", "KWD:1.234", "EUR:-0.05"])
    # The target's first byte picks a market's locale list: each header
    # goes with a different one, libFuzzer mutates the choice.
    headers = sorted(set(call_args(currency_tests, "Negotiate")) |
                     set(call_args(currency_tests, "Resolve")))
    write("accept_language_fuzz",
          [bytes([index]) + header.encode("utf-8") for index, header in enumerate(headers)])

    requests = [http_request("GET", "/healthz"),
                http_request("GET", "/v1/markets/DE?locale=de-DE&x=%41%2",
                             headers=["Accept-Language: fr-CH, fr;q=0.9"]),
                http_request("GET", "/v1/purchases/pur_1", headers=["Idempotency-Key: k1"]),
                http_request("POST", "/v1/webhooks/stripe", "{}"),
                "POST /v1/quotes HTTP/1.1\r\nAuthorization: Bearer mg_fuzz_key\r\n"
                "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                http_request("GET", "/healthz") + http_request("GET", "/healthz")]
    requests += [http_request("POST", "/v1/quotes", body) for body in bodies[:40]]
    write("http_request_fuzz", requests)


if __name__ == "__main__":
    main()
