#!/usr/bin/env python3
"""Checks a Parley export against docs/export.schema.json (JSON Schema 2020-12).

    scripts/check_export_schema.py SCHEMA EXPORT
Exits 1 naming the first violation's path when the export does not conform.
"""
import json
import sys

import jsonschema


def main() -> int:
    schema_path, export_path = sys.argv[1], sys.argv[2]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    with open(export_path, encoding="utf-8") as f:
        document = json.load(f)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(document), key=lambda e: list(e.path))
    for e in errors[:10]:
        print(f"{export_path}: {'/'.join(str(p) for p in e.path) or '(root)'}: {e.message}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
