#!/usr/bin/env bash
# Checks the translation catalogs locale/*.po and prints how complete each one is.
# Fails when msgfmt --check-format fails, or when a translation lacks a {placeholder} that its
# msgid has, or adds one that the msgid does not have. See docs/TRANSLATIONS.md.
#
#   scripts/check-po.sh                   all of locale/*.po
#   scripts/check-po.sh locale/nb.po      one file
#   scripts/check-po.sh --strict          also fail when nb, nn or en lacks a translation
set -euo pipefail
cd "$(dirname "$0")/.."

strict=0
files=()
for arg in "$@"; do
  case "$arg" in
    --strict) strict=1 ;;
    *) files+=("$arg") ;;
  esac
done
[ ${#files[@]} -gt 0 ] || files=(locale/*.po)
status=0

for po in "${files[@]}"; do
  if ! msgfmt --check-format -o /dev/null "$po"; then
    echo "check-po.sh: $po: msgfmt --check-format failed" >&2
    status=1
  fi
done

KP_STRICT=$strict python3 - "${files[@]}" <<'PY' || status=1
import os, re, sys

PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
REVIEW = "machine translation, needs review by a native speaker"

def unquote(s):
    return s[1:-1] if len(s) >= 2 and s[0] == s[-1] == '"' else s

def entries(path):
    """Yields dicts: comments, flags, msgid, msgid_plural, msgstr (list), line."""
    cur, key = None, None
    def done():
        if cur and "msgid" in cur: return cur
    with open(path, encoding="utf-8") as f:
        for no, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.startswith("#~"): continue  # obsolete
            if not line.strip():
                if cur and "msgid" in cur: yield cur
                cur, key = None, None
                continue
            if cur is None or ("msgid" in cur and line.startswith("#")):
                if cur and "msgid" in cur: yield cur
                cur, key = {"comments": [], "flags": set(), "msgstr": [], "line": no}, None
            if line.startswith("#,"):
                cur["flags"] |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#"):
                cur["comments"].append(line)
            elif line.startswith("msgctxt "):
                cur["msgctxt"] = unquote(line[8:]); key = "msgctxt"
            elif line.startswith("msgid_plural "):
                cur["msgid_plural"] = unquote(line[13:]); key = "msgid_plural"
            elif line.startswith("msgid "):
                cur["msgid"] = unquote(line[6:]); key = "msgid"
            elif line.startswith("msgstr"):
                cur["msgstr"].append(unquote(line.split(" ", 1)[1])); key = "msgstr"
            elif line.startswith('"') and key:
                if key == "msgstr": cur["msgstr"][-1] += unquote(line)
                else: cur[key] += unquote(line)
    if cur and "msgid" in cur: yield cur

bad = 0
MUST_BE_COMPLETE = {"nb", "nn", "en"}
for path in sys.argv[1:]:
    lang = os.path.basename(path)[:-3]
    machine, missing, fuzzy = 0, [], 0
    for e in entries(path):
        if e["msgid"] == "": continue
        if "fuzzy" in e["flags"]: fuzzy += 1
        if not all(e["msgstr"]) or "fuzzy" in e["flags"]: missing.append(e["msgid"])
        if any(s for s in e["msgstr"]) and any(REVIEW in c for c in e["comments"]): machine += 1
        want = set(PLACEHOLDER.findall(e["msgid"])) | set(PLACEHOLDER.findall(e.get("msgid_plural", "")))
        for i, s in enumerate(e["msgstr"]):
            if not s or "fuzzy" in e["flags"]: continue
            have = set(PLACEHOLDER.findall(s))
            if have != want:
                bad += 1
                miss, extra = sorted(want - have), sorted(have - want)
                print(f"{path}:{e['line']}: placeholders differ in msgstr[{i}] of \"{e['msgid']}\""
                      + (f"; missing {' '.join(miss)}" if miss else "")
                      + (f"; not in the msgid {' '.join(extra)}" if extra else ""), file=sys.stderr)
    if machine:
        print(f"{path}: {machine} machine translations need review by a native speaker")
    if fuzzy:
        print(f"{path}: warning: {fuzzy} fuzzy entries; msgfmt leaves them out. Review them and remove the flag.",
              file=sys.stderr)
    if missing and lang in MUST_BE_COMPLETE:
        print(f"{path}: {'error' if os.environ.get('KP_STRICT') == '1' else 'warning'}: {len(missing)} msgids "
              f"without a translation; {lang} must be complete:", file=sys.stderr)
        for m in missing: print(f"    {m}", file=sys.stderr)
        if os.environ.get("KP_STRICT") == "1": bad += 1
sys.exit(1 if bad else 0)
PY

for po in "${files[@]}"; do
  printf '%s: ' "$po"
  msgfmt --statistics -o /dev/null "$po" 2>&1
done

[ $status -eq 0 ] || echo "check-po.sh: FAILED" >&2
exit $status
