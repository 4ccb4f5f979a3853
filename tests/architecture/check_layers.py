#!/usr/bin/env python3
"""Fails when a library of marketgate reaches up or sideways past its layer.

The layers and their arrows are declared once, in LAYERS below (the same
picture as docs/architecture.md). The build (CMakeLists.txt) writes
build/layers.json with every library's folder, declared link dependencies and
include path; this script checks, for every library:

  1. links:    every library of ours it links is one of its allowed
               dependencies;
  2. includes: its include path holds no folder of a library it may not use,
               and never the project root;
  3. sources:  every `#include "..."` in its folder resolves to its own
               headers or to those of a library below it.

  check_layers.py --layers build/layers.json     check the tree (CTest)
  check_layers.py --self-test                     show that each check fails
                                                  on a tree that breaks it
"""
import argparse
import json
import os
import re
import sys
import tempfile

# library: (folder, allowed direct dependencies among our libraries)
LAYERS = {
    "mg_base": ("currency/base", []),
    "mg_currency": ("currency", ["mg_base"]),
    "mg_regions": ("regions", ["mg_currency"]),
    "mg_compliance": ("compliance", ["mg_regions"]),
    "mg_reporting": ("compliance/reporting", ["mg_compliance"]),
    "mg_asio": ("gateway/asio", []),
    "mg_outbound": ("gateway/outbound", ["mg_base", "mg_asio"]),
    "mg_vat_check": ("gateway/vat_check", ["mg_regions", "mg_outbound"]),
    "mg_store": ("gateway/store", ["mg_compliance"]),
    "mg_providers": ("gateway/providers", ["mg_currency", "mg_outbound"]),
    "mg_provider_adapters": ("gateway/providers", ["mg_providers"]),
    "mg_http": ("gateway/http", ["mg_base", "mg_asio"]),
    "mg_events": ("gateway/events", ["mg_store", "mg_outbound"]),
    "mg_api": ("gateway/api", ["mg_http", "mg_store", "mg_providers", "mg_compliance"]),
    "mg_console": ("gateway/console", ["mg_http", "mg_regions", "mg_store", "mg_reporting"]),
    "mg_app": ("gateway/app", ["mg_api", "mg_console", "mg_events", "mg_vat_check"]),
    "mg_audit": ("gateway/audit", ["mg_store", "mg_providers"]),
    "mg_cli": ("gateway/cli", ["mg_app", "mg_reporting", "mg_audit"]),
    "marketgate": ("gateway/cli", ["mg_cli"]),
    "mg_sandbox_server": ("gateway/sandbox",
                          ["mg_base", "mg_asio", "mg_outbound", "mg_provider_adapters",
                           "mg_regions"]),
    "marketgate-sandbox": ("gateway/sandbox", ["mg_sandbox_server"]),
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def closure(library, layers):
    seen, todo = set(), [library]
    while todo:
        for dep in layers[todo.pop()][1]:
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def folder_owner(path, layers):
    """The libraries whose folder is the longest prefix of `path`."""
    best, owners = "", []
    for library, (folder, _) in layers.items():
        if path == folder or path.startswith(folder + "/"):
            if len(folder) > len(best):
                best, owners = folder, [library]
            elif folder == best:
                owners.append(library)
    return owners


def check(layers, built, source_dir):
    errors = []
    own_include_dirs = {}  # library -> include dirs inside the source tree
    for library in layers:
        if library not in built:
            errors.append(f"{library}: declared in LAYERS but not built (CMakeLists.txt)")
            continue
        dirs = [d for d in built[library]["includes"].split(";") if d]
        own_include_dirs[library] = [d for d in dirs if d.startswith(source_dir + "/")
                                     or d == source_dir]
    for library, info in built.items():
        if library == "source_dir":
            continue
        if library not in layers:
            errors.append(f"{library}: built but not in LAYERS (tests/architecture/check_layers.py)")
    if errors:
        return errors

    for library, (folder, _) in layers.items():
        allowed = closure(library, layers)
        # 1. Links.
        for dep in [d for d in built[library]["links"].split(";") if d]:
            if dep in layers and dep not in layers[library][1]:
                errors.append(f"{library} links {dep}, which it may not depend on "
                              f"(allowed: {', '.join(layers[library][1]) or 'none'})")
        # 2. Include path.
        for directory in own_include_dirs[library]:
            if directory == source_dir:
                errors.append(f"{library}: the project root is on its include path")
                continue
            relative = os.path.relpath(directory, source_dir)
            owners = folder_owner(relative, layers)
            if not any(o == library or o in allowed or layers[o][0] == folder for o in owners):
                errors.append(f"{library}: include path {relative} belongs to "
                              f"{' / '.join(owners) or 'no library'}, which it may not use")
    # 3. Include directives, per folder.
    headers = {}  # include text -> the libraries whose folder holds the header
    for directory in {d for dirs in own_include_dirs.values() for d in dirs}:
        for root, _, files in os.walk(directory):
            for name in files:
                if name.endswith(".h"):
                    path = os.path.join(root, name)
                    owners = folder_owner(os.path.relpath(path, source_dir), layers)
                    headers.setdefault(os.path.relpath(path, directory), set()).update(owners)
    folders = {}
    for library, (folder, _) in layers.items():
        folders.setdefault(folder, []).append(library)
    for folder, libraries in folders.items():
        allowed = set(libraries)
        for library in libraries:
            allowed |= closure(library, layers)
        nested = [f for f in folders if f != folder and f.startswith(folder + "/")]
        for root, dirs, files in os.walk(os.path.join(source_dir, folder)):
            relative_root = os.path.relpath(root, source_dir)
            if any(relative_root == n or relative_root.startswith(n + "/") for n in nested):
                continue
            for name in files:
                if not name.endswith((".cc", ".h")):
                    continue
                path = os.path.join(root, name)
                with open(path, encoding="utf-8") as source:
                    text = source.read()
                for included in INCLUDE.findall(text):
                    if os.path.exists(os.path.join(root, included)):
                        continue  # beside the including file: its own library
                    owners = headers.get(included, set())
                    where = os.path.relpath(path, source_dir)
                    if not owners:
                        errors.append(f"{where}: #include \"{included}\" is no header of ours")
                    elif not owners & allowed:
                        errors.append(f"{where}: #include \"{included}\" reaches "
                                      f"{' / '.join(sorted(owners))}, above or beside "
                                      f"{' / '.join(libraries)}")
    return errors


def self_test():
    """Each check, on a small tree that breaks it, must report it."""
    layers = {"low": ("low", []), "high": ("high", ["low"])}
    with tempfile.TemporaryDirectory() as root:
        for path, text in {
            "low/include/low/a.h": "#pragma once\n",
            "low/src/a.cc": '#include "low/a.h"\n#include "high/b.h"\n',
            "high/include/high/b.h": '#include "low/a.h"\n',
            "high/src/b.cc": '#include "high/b.h"\n#include "private.h"\n',
            "high/src/private.h": "",
        }.items():
            os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
            with open(os.path.join(root, path), "w") as out:
                out.write(text)
        built = {
            "low": {"links": "high", "includes": f"{root}/low/include;{root}/high/include;{root}"},
            "high": {"links": "low", "includes": f"{root}/high/include;{root}/low/include"},
            "source_dir": root,
        }
        errors = check(layers, built, root)
        expected = ["low links high", "the project root is on its include path",
                    "include path high/include belongs to high",
                    'low/src/a.cc: #include "high/b.h" reaches high']
        missing = [e for e in expected if not any(e in error for error in errors)]
        clean = [e for e in errors if "high/src" in e or e.startswith("high")]
        if missing or clean:
            print("self-test failed:\n  missing: %s\n  false alarms: %s\n  got: %s" %
                  (missing, clean, errors))
            return 1
    print("self-test: every check reports the violation it is for (%d reported)" % len(errors))
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--layers", help="build/layers.json")
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    with open(args.layers) as layers_file:
        built = json.load(layers_file)
    errors = check(LAYERS, built, built["source_dir"])
    for error in errors:
        print(error)
    if errors:
        print(f"{len(errors)} layering violation(s); the layers are in docs/architecture.md")
        return 1
    print(f"{len(LAYERS)} libraries: every link, include path and #include points down")
    return 0


if __name__ == "__main__":
    sys.exit(main())
