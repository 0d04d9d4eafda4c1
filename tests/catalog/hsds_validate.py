#!/usr/bin/env python3
"""Validates Knutepunkt's HSDS 3.0 documents against the official Open Referral schemas.

usage: hsds_validate.py SCHEMA_DIR DOC_DIR

SCHEMA_DIR is .../hsds-3.0/schema/compiled; schemas not found there (taxonomy,
taxonomy_term) are taken from its parent, the per-table schemas, and openapi.json there
gives the page envelope. In DOC_DIR:
  <kind>[.<tag>].json        one <kind> document, or a JSON array of them
  <kind>_page[.<tag>].json   an HSDA page: envelope checked against openapi.json's Page (all
                             keys required), each item of `contents` against <kind>
Formats are checked (uuid, email, date-time, uri), and so are HSDS's own datapackage_type
date and time, which plain JSON Schema ignores.

Exit status: 0 all valid, 1 something invalid, 2 cannot run (missing module, schema or files).
"""
import datetime
import json
import os
import re
import sys
import urllib.parse

try:
    import jsonschema
except ImportError:
    print("hsds_validate: the Python module jsonschema is missing "
          "(Debian/Ubuntu: apt-get install python3-jsonschema)", file=sys.stderr)
    sys.exit(2)

BASE_URI = "https://hsds.invalid/schema/"
PAGE_KEYS = ["total_items", "total_pages", "page_number", "size", "first_page", "last_page",
             "empty", "contents"]


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def format_checker():
    checker = jsonschema.FormatChecker()

    # "uri" needs the rfc3987 package, which Debian does not install by default; without this
    # check jsonschema would silently accept any string.
    @checker.checks("uri", raises=ValueError)
    def is_uri(value):
        if not isinstance(value, str):
            return True
        parts = urllib.parse.urlsplit(value)
        if not parts.scheme or (parts.scheme in ("http", "https") and not parts.netloc):
            raise ValueError("not an absolute URI")
        if any(c.isspace() for c in value):
            raise ValueError("URI contains white space")
        return True

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value):
        if not isinstance(value, str):
            return True
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})",
                            value):
            raise ValueError("not an RFC 3339 date-time")
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        return True

    return checker


def datapackage_type(validator, value, instance, schema):
    """HSDS marks dates and times with datapackage_type instead of a JSON Schema format."""
    if not isinstance(instance, str):
        return
    if value == "date":
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", instance):
                raise ValueError
            datetime.date.fromisoformat(instance)
        except ValueError:
            yield jsonschema.ValidationError(f"{instance!r} is not a date YYYY-MM-DD")
    elif value == "time":
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?([Zz]|[+-]\d{2}:\d{2})?", instance):
            yield jsonschema.ValidationError(f"{instance!r} is not a time HH:MM[:SS]")


class Schemas:
    def __init__(self, compiled_dir):
        self.compiled = os.path.abspath(compiled_dir)
        self.tables = os.path.dirname(self.compiled)
        resources = {}
        for folder, prefix in ((self.tables, BASE_URI), (self.compiled, BASE_URI + "compiled/")):
            for name in sorted(os.listdir(folder)):
                if name.endswith(".json"):
                    doc = load(os.path.join(folder, name))
                    if isinstance(doc, dict):
                        doc = dict(doc)
                        doc["$id"] = prefix + name
                        resources[prefix + name] = doc
        self.resources = resources
        self.validator_class = jsonschema.validators.extend(
            jsonschema.Draft202012Validator, {"datapackage_type": datapackage_type})
        self.checker = format_checker()
        self.cache = {}

    def uri_for(self, kind):
        for uri in (BASE_URI + "compiled/" + kind + ".json", BASE_URI + kind + ".json"):
            if uri in self.resources:
                return uri
        return None

    def validator(self, uri):
        if uri in self.cache:
            return self.cache[uri]
        schema = self.resources[uri]
        try:
            from referencing import Registry, Resource
            from referencing.jsonschema import DRAFT202012
            registry = Registry().with_resources(
                (u, Resource.from_contents(s, default_specification=DRAFT202012))
                for u, s in self.resources.items())
            v = self.validator_class(schema, registry=registry, format_checker=self.checker)
        except ImportError:  # jsonschema < 4.18
            resolver = jsonschema.RefResolver(uri, schema, store=self.resources)
            v = self.validator_class(schema, resolver=resolver, format_checker=self.checker)
        self.cache[uri] = v
        return v

    def page_schema(self):
        openapi = load(os.path.join(self.tables, "openapi.json"))
        page = dict(openapi["components"]["schemas"]["Page"])
        page["properties"] = dict(page["properties"])
        page["properties"]["contents"] = {"type": "array"}
        page["required"] = PAGE_KEYS
        return self.validator_class(page, format_checker=self.checker)


def where(error):
    return "/" + "/".join(str(p) for p in error.absolute_path)


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    compiled_dir, doc_dir = argv[1], argv[2]
    if not os.path.isfile(os.path.join(compiled_dir, "service.json")):
        print(f"hsds_validate: no HSDS compiled schemas in {compiled_dir}", file=sys.stderr)
        return 2
    schemas = Schemas(compiled_dir)
    problems, counts = [], {}
    files = sorted(f for f in os.listdir(doc_dir) if f.endswith(".json"))
    if not files:
        print(f"hsds_validate: no .json documents in {doc_dir}", file=sys.stderr)
        return 2
    for name in files:
        path = os.path.join(doc_dir, name)
        kind = name.split(".")[0]
        paged = kind.endswith("_page")
        if paged:
            kind = kind[: -len("_page")]
        uri = schemas.uri_for(kind)
        if uri is None:
            print(f"hsds_validate: {name}: no schema for kind {kind!r}", file=sys.stderr)
            return 2
        try:
            doc = load(path)
        except (ValueError, UnicodeDecodeError) as e:
            problems.append(f"{name}: not JSON: {e}")
            continue
        items = []
        if paged:
            for e in schemas.page_schema().iter_errors(doc):
                problems.append(f"{name}: page {where(e)}: {e.message}")
            contents = doc.get("contents", []) if isinstance(doc, dict) else []
            if isinstance(doc, dict) and isinstance(contents, list):
                if doc.get("size") != len(contents):
                    problems.append(f"{name}: page: size is not the number of contents")
                if doc.get("empty") != (len(contents) == 0):
                    problems.append(f"{name}: page: empty does not match contents")
            items = [(f"/contents/{i}", d) for i, d in enumerate(contents)]
        elif isinstance(doc, list):
            items = [(f"/{i}", d) for i, d in enumerate(doc)]
        else:
            items = [("", doc)]
        validator = schemas.validator(uri)
        for prefix, item in items:
            counts[kind] = counts.get(kind, 0) + 1
            for e in sorted(validator.iter_errors(item), key=lambda e: list(e.absolute_path)):
                problems.append(f"{name}: {prefix}{where(e)}: {e.message}")
    summary = ", ".join(f"{k}: {n}" for k, n in sorted(counts.items()))
    if problems:
        for p in problems:
            print(p)
        print(f"hsds_validate: INVALID — {len(problems)} problem(s) in {sum(counts.values())} "
              f"documents ({summary})")
        return 1
    if not counts:
        print("hsds_validate: nothing was validated", file=sys.stderr)
        return 2
    print(f"hsds_validate: OK — {sum(counts.values())} documents valid ({summary}) against "
          f"{compiled_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
