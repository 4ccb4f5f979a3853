#!/usr/bin/env python3
"""Validates every shipped regions file against its JSON Schema.

The schemas (regions/market.schema.json, regions/cases.schema.json) are what
editors check market files against while ops type; this test makes sure they
accept every shipped file, so that a schema that drifts from the files fails
CI instead of flagging correct files in an editor:

  markets/XX.yaml          $defs/market of market.schema.json
  common/providers.yaml    $defs/providersFile
  common/<pack>.yaml       $defs/pack
  markets/XX.cases.yaml    cases.schema.json

Each file is checked against the schema as a whole (what the editor sees,
via the header line) and against the branch for its kind (a pack must not
pass as a providers file). Files are read as YAML 1.2, like the editor's
yaml-language-server and yaml-cpp: PyYAML's YAML 1.1 would turn an
unquoted `2026-01-01` into a date and `NO` (Norway) into false.

  schema_test.py --regions regions/   check the shipped files (CTest)
  schema_test.py --self-test          show that broken documents are rejected

Needs Debian's python3-jsonschema and python3-yaml (deploy/install-deps.sh).
"""
import argparse
import copy
import json
import pathlib
import re
import sys

import jsonschema
import yaml

MARKET_SCHEMA = "market.schema.json"
CASES_SCHEMA = "cases.schema.json"


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with the YAML 1.2 core schema's implicit types."""


Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
     "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+.0123456789"),
]:
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def _construct_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    return int(text, 0) if text.startswith("0x") else int(text, 10)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def load_yaml(text):
    return yaml.load(text, Loader=Yaml12Loader)


class Schemas:
    """The two schemas and a validator per kind of file."""

    def __init__(self, market, cases):
        for schema in (market, cases):
            jsonschema.Draft202012Validator.check_schema(schema)
        self.whole = {
            "market": jsonschema.Draft202012Validator(market),
            "cases": jsonschema.Draft202012Validator(cases),
        }
        self.kind = {"cases": self.whole["cases"]}
        for kind in ("market", "pack", "providersFile"):
            # Same $defs, root narrowed to the one branch of the file's kind.
            branch = {k: v for k, v in market.items() if k != "oneOf"}
            branch["$ref"] = "#/$defs/" + kind
            self.kind[kind] = jsonschema.Draft202012Validator(branch)

    @classmethod
    def from_dir(cls, regions):
        read = lambda name: json.loads((regions / name).read_text(encoding="utf-8"))
        return cls(read(MARKET_SCHEMA), read(CASES_SCHEMA))


def kind_of(path):
    """The schema branch for a file under regions/."""
    if path.name.endswith(".cases.yaml"):
        return "cases"
    if path.parent.name == "common":
        return "providersFile" if path.name == "providers.yaml" else "pack"
    return "market"


def header_for(kind):
    schema = CASES_SCHEMA if kind == "cases" else MARKET_SCHEMA
    return "# yaml-language-server: $schema=../" + schema


def _describe(error):
    """`path: message`; for a oneOf (rules), the complaint of the branch
    that came closest: its `const` (the kind) matched, and fewest errors."""
    while error.context:
        branches = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        candidates = [b for b in branches.values() if all(e.validator != "const" for e in b)]
        closest = min(candidates or branches.values(), key=len)
        error = jsonschema.exceptions.best_match(closest)
    if error.validator == "not":
        message = "not allowed here: %s" % json.dumps(error.validator_value)
    else:
        message = error.message if len(error.message) <= 200 else error.message[:200] + "..."
    return "%s: %s" % (_where(error), message)


def _where(error):
    where = ""
    for part in error.absolute_path:
        where += "[%d]" % part if isinstance(part, int) else ("." if where else "") + part
    return where or "(root)"


def problems(text, kind, schemas):
    """Everything wrong with one file's text as a `kind` document, as lines."""
    found = []
    first_line = text.split("\n", 1)[0]
    if first_line != header_for(kind):
        found.append("first line must be '%s', found '%s'" % (header_for(kind), first_line))
    try:
        document = load_yaml(text)
    except yaml.YAMLError as error:
        return found + ["not YAML: %s" % error]
    errors = sorted(schemas.kind[kind].iter_errors(document), key=lambda e: list(e.absolute_path))
    found += [_describe(error) for error in errors]
    whole = schemas.whole["cases" if kind == "cases" else "market"]
    if not errors and not whole.is_valid(document):
        best = jsonschema.exceptions.best_match(whole.iter_errors(document))
        found.append("rejected by the whole schema: " + _describe(best))
    return found


def shipped_files(regions):
    return sorted((regions / "markets").glob("*.yaml")) + sorted((regions / "common").glob("*.yaml"))


def check_tree(regions):
    schemas = Schemas.from_dir(regions)
    files = shipped_files(regions)
    kinds = {kind_of(f) for f in files}
    failures = 0
    for want in ("market", "cases", "pack", "providersFile"):
        if want not in kinds:
            print("%s: no %s file found" % (regions, want))
            failures += 1
    for path in files:
        for problem in problems(path.read_text(encoding="utf-8"), kind_of(path), schemas):
            print("%s: %s" % (path.relative_to(regions.parent), problem))
            failures += 1
    print("schema_test: %d files, %d problems" % (len(files), failures))
    return failures == 0


# --- self-test: the check above must be able to fail ----------------------

def _dump(document, kind):
    return header_for(kind) + "\n" + yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def _switch_off(pack):
    return next(rule for rule in pack["rules"] if rule.get("disabled"))


def _mutations(regions):
    """(name, kind, document) of shipped documents broken in one place each."""
    read = lambda rel: load_yaml((regions / rel).read_text(encoding="utf-8"))
    market, cases = read("markets/DE.yaml"), read("markets/DE.cases.yaml")
    pack, providers = read("common/eu.yaml"), read("common/providers.yaml")

    def broken(name, kind, document, change):
        document = copy.deepcopy(document)
        change(document)
        return name, kind, document

    return [
        broken("unknown field in a coin pack", "market", market,
               lambda d: d["catalog"]["coin_packs"][0].update(pirce="0.99")),
        broken("unknown top-level field", "market", market, lambda d: d.update(colour="red")),
        broken("coins as a string", "market", market,
               lambda d: d["catalog"]["coin_packs"][0].update(coins="70")),
        broken("amount as a YAML number", "market", market,
               lambda d: d["catalog"]["coin_packs"][0].update(price=0.99)),
        broken("missing required field", "market", market, lambda d: d.pop("currency")),
        broken("unknown rule kind", "market", market,
               lambda d: d.setdefault("rules", []).append(
                   {"id": "de.x.y", "kind": "curfew", "legal_reference": "x", "source": "x"})),
        broken("switch-off naming its kind without the kind's fields", "pack", pack,
               lambda d: _switch_off(d).update(kind="ad_disclosure")),
        broken("reason on a rule that is not switched off", "pack", pack,
               lambda d: d["rules"][0].update(reason="why")),
        broken("market-only field in a pack", "pack", pack, lambda d: d.update(locales=["de-DE"])),
        broken("pack currency not an ISO code", "pack", pack, lambda d: d.update(currency="EURO")),
        broken("provider without methods", "providersFile", providers,
               lambda d: d["providers"][0].pop("methods")),
        broken("unknown field in a case", "cases", cases,
               lambda d: d["cases"][0]["expect"].update(decison="allow")),
        broken("case quantity as a string", "cases", cases,
               lambda d: d["cases"][0]["request"].setdefault("items", [{}])[0].update(
                   quantity="one")),
    ], [("market", market), ("pack", pack), ("providersFile", providers), ("cases", cases)]


def self_test(regions):
    schemas = Schemas.from_dir(regions)
    ok = True
    mutations, originals = _mutations(regions)
    for kind, document in originals:
        found = problems(_dump(document, kind), kind, schemas)
        if found:  # otherwise a rejection below would prove nothing
            print("FAIL: unbroken %s document rejected: %s" % (kind, found))
            ok = False
    for name, kind, document in mutations:
        found = problems(_dump(document, kind), kind, schemas)
        print("%s: %s" % ("ok" if found else "FAIL", name))
        print("    " + (found[0] if found else "accepted"))
        ok = ok and bool(found)
    # A header naming the wrong schema, and YAML 1.2 scalars.
    text = _dump(originals[0][1], "market")
    found = problems(text.replace(MARKET_SCHEMA, CASES_SCHEMA, 1), "market", schemas)
    print("%s: wrong schema header\n    %s" % ("ok" if found else "FAIL", found[:1]))
    ok = ok and bool(found)
    scalars = load_yaml("a: 2026-01-01\nb: NO\nc: yes\nd: 19\ne: true\n")
    expected = {"a": "2026-01-01", "b": "NO", "c": "yes", "d": 19, "e": True}
    print("%s: YAML 1.2 scalars %s" % ("ok" if scalars == expected else "FAIL", scalars))
    ok = ok and scalars == expected
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = pathlib.Path(__file__).resolve().parents[2] / "regions"
    parser.add_argument("--regions", type=pathlib.Path, default=default)
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    ok = self_test(args.regions) if args.self_test else check_tree(args.regions)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
