#!/usr/bin/env bash
# Extracts the UI strings (English msgids) from src/**/*.cpp into locale/knutepunkt.pot and
# merges them into every locale/<lang>.po. Safe to run again and again: a run that finds no
# change in the sources changes no file. See docs/TRANSLATIONS.md.
#
#   scripts/update-po.sh          extract, merge, then run scripts/check-po.sh
#
# What counts as a UI string:
#   1. everywhere in src/: the msgids of tr("…"), trn("…", "…", n), tr_args("…", {…}) and N_("…");
#   2. in the code that shows errors to people (not src/http, src/store, src/core, the JSON API,
#      HSDS, iCal, the demo data or the command line, whose messages stay English): the message of
#      errors.add(field, "…"), errors.emplace_back(field, "…"), FieldError {"field", "…"}
#      initialisers, invalid("…", field), fail(kind, "…", …), parse_count(…, "…", errors), and
#      the sentence-like literals that xgettext cannot see: the branches of `cond ? "A" : "B"`
#      and `return "…";` (password_problem_message). Noise from (2) — field names like "name",
#      codes like "sport-leisure", routes like "/login", empty strings — is dropped.
set -euo pipefail
cd "$(dirname "$0")/.."

LANGS=(nb nn en ar so ti pl uk ur)
POT=locale/knutepunkt.pot

plural_forms() {
  case "$1" in
    nb | nn | en | so | ur) echo 'nplurals=2; plural=(n != 1);' ;;
    ti) echo 'nplurals=2; plural=(n > 1);' ;; # CLDR: one = 0..1
    pl) echo 'nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);' ;;
    uk) echo 'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);' ;;
    ar) echo 'nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);' ;;
    *) echo "update-po.sh: no Plural-Forms known for '$1'" >&2; exit 1 ;;
  esac
}
lang_name() {
  case "$1" in
    nb) echo 'Norsk bokmål' ;; nn) echo 'Norsk nynorsk' ;; en) echo 'English' ;; ar) echo 'Arabic' ;;
    so) echo 'Somali' ;; ti) echo 'Tigrinya' ;; pl) echo 'Polish' ;; uk) echo 'Ukrainian' ;; ur) echo 'Urdu' ;;
  esac
}

for tool in xgettext msgcat msggrep msgattrib msgmerge msginit msgen msgfmt python3; do
  command -v "$tool" >/dev/null || { echo "update-po.sh: $tool is missing (apt-get install gettext python3)" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

find src -name '*.cpp' | LC_ALL=C sort >"$tmp/all"
# Code whose messages are not shown to people in their language.
grep -Ev '^src/(http|store|core|i18n)/|/(hsds_[a-z_]*|demo[a-z_]*|feeds|ical|settings|cli|app|routes|router|assets)\.cpp$' \
  "$tmp/all" >"$tmp/ui"

XGETTEXT=(xgettext --from-code=UTF-8 --language=C++ --add-location=file --sort-by-file --force-po
  --no-wrap --msgid-bugs-address=- --keyword=)

# 1. Explicit translation calls, everywhere.
"${XGETTEXT[@]}" --keyword=tr --keyword=trn:1,2 --keyword=tr_args:1 --keyword=N_ \
  -f "$tmp/all" -o "$tmp/1.pot"

# 2. Error messages. `2t` = only calls with exactly two arguments (router.add has four).
"${XGETTEXT[@]}" --keyword=add:2,2t --keyword=emplace_back:2,2t --keyword=push_back:2 \
  --keyword=invalid:1 --keyword=fail:2 --keyword=parse_count:5 \
  -f "$tmp/ui" -o "$tmp/2.pot"

# 3. Sentence-like literals in ternaries and return statements, which xgettext cannot see;
#    also warns about sentence-like literals in UI code that no rule picks up.
python3 - "$tmp/ui" "$tmp/3.po" "$tmp/1.pot" "$tmp/2.pot" <<'PY'
import re, sys
files = open(sys.argv[1]).read().split()

def literals(src):
    """(text-as-written, the two tokens before it, line) for each string literal; adjacent
    literals joined."""
    out, i, n, prev, prev2, line = [], 0, len(src), "", "", 1
    while i < n:
        c = src[i]
        if c == "\n":
            line += 1; i += 1; continue
        if c.isspace():
            i += 1; continue
        if src.startswith("//", i):
            j = src.find("\n", i); i = n if j < 0 else j; continue
        if src.startswith("/*", i):
            j = src.find("*/", i + 2); j = n if j < 0 else j + 2
            line += src.count("\n", i, j); i = j; continue
        m = re.match(r'(?:u8|u|U|L)?R"([^(\s]*)\(', src[i:i + 40])
        if m:
            end = src.find(")" + m.group(1) + '"', i)
            end = n if end < 0 else end + len(m.group(1)) + 2
            line += src.count("\n", i, end); i = end; prev2, prev = prev, "<raw>"; continue
        if c == "'":
            m = re.match(r"'(?:[^'\\\n]|\\.)*'", src[i:])
            i += len(m.group(0)) if m else 1; prev2, prev = prev, "<char>"; continue
        m = re.match(r'(?:u8|u|U|L)?"((?:[^"\\\n]|\\.)*)"', src[i:])
        if m and (i == 0 or not (src[i - 1].isalnum() or src[i - 1] == "_")):
            if prev == "<str>" and out:
                out[-1] = (out[-1][0] + m.group(1),) + out[-1][1:]
            else:
                out.append((m.group(1), prev, prev2, line))
            i += len(m.group(0)); prev2, prev = prev, "<str>"; continue
        m = re.match(r"[A-Za-z_]\w*|::|->|&&|\|\||[=!<>]=|.", src[i:])
        prev2, prev = prev, m.group(0); i += len(m.group(0))
    return out

def sentence(s):  # "Write the name." but not "WHERE id = $1"
    return bool(re.match(r"[A-Z][a-z]", s)) and " " in s

def msgids(pot):
    ids, cur = set(), None
    for l in open(pot, encoding="utf-8"):
        if l.startswith("msgid "): cur = l[7:-2]
        elif l.startswith('"') and cur is not None: cur += l[1:-2]
        else:
            if cur: ids.add(cur)
            cur = None
    if cur: ids.add(cur)
    return ids

known = msgids(sys.argv[3]) | msgids(sys.argv[4])
found = {}
for f in files:
    src = open(f, encoding="utf-8").read()
    for text, prev, prev2, line in literals(src):
        if not sentence(text): continue
        if prev in ("?", ":", "return") and re.search(r"[.?!]$", text):
            found.setdefault(text, []).append(f)
        elif text not in known and re.search(r"[.?!:]$", text) and not (prev == "(" and prev2 == "not_found"):
            print(f"update-po.sh: warning: {f}:{line}: not extracted: \"{text}\"", file=sys.stderr)
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    for text, where in found.items():
        out.write("\n#: " + " ".join(sorted(set(where))) + f'\nmsgid "{text}"\nmsgstr ""\n')
PY

# Drop the noise that rules 2 and 3 catch: no letters, routes, single lower-case identifiers.
for p in 2.pot 3.po; do
  msggrep --force-po -v -K -E -e '^([^A-Za-z]*|/[^ ]*|[a-z][a-z0-9_.:-]*)$' "$tmp/$p" -o "$tmp/$p.f"
done
msgcat --force-po --use-first --sort-by-file --add-location=file --no-wrap \
  "$tmp/1.pot" "$tmp/2.pot.f" "$tmp/3.po.f" -o "$tmp/all.pot"
# A fixed header (no creation date, so that an unchanged source gives an unchanged file) in
# place of the ones xgettext and msgcat wrote.
{
  cat <<'HEADER'
# Knutepunkt: the template of the UI strings (English msgids), made by scripts/update-po.sh.
msgid ""
msgstr ""
"Project-Id-Version: knutepunkt\n"
"Report-Msgid-Bugs-To: see docs/TRANSLATIONS.md\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\n"

HEADER
  # Every block but the header (msgid "" directly followed by msgstr, as --no-wrap writes it).
  awk 'BEGIN { RS = ""; ORS = "\n\n" } !/(^|\n)msgid ""\nmsgstr/' "$tmp/all.pot" | sed '$d'
} >"$tmp/new.pot"

if cmp -s "$tmp/new.pot" "$POT"; then
  echo "locale/knutepunkt.pot: unchanged"
else
  cp "$tmp/new.pot" "$POT"
  echo "locale/knutepunkt.pot: $(grep -c '^msgid ' "$POT") entries (with the header)"
fi

# Sets a header field of a .po file when it differs.
set_header() { # file field value
  python3 - "$@" <<'PY'
import sys
path, field, value = sys.argv[1:]
text = open(path, encoding="utf-8").read()
head, sep, rest = text.partition("\n\n")
lines = head.split("\n")
want = f'"{field}: {value}\\n"'
idx = [i for i, l in enumerate(lines) if l.startswith(f'"{field}:')]
if idx:
    # A long value may be wrapped over several lines; take them all.
    i = idx[0]; j = i
    while not lines[j].endswith('\\n"') and j + 1 < len(lines): j += 1
    if "".join(l.strip('"') for l in lines[i:j + 1]) == want.strip('"'): sys.exit(0)
    lines[i:j + 1] = [want]
else:
    lines.append(want)
open(path, "w", encoding="utf-8").write("\n".join(lines) + sep + rest)
PY
}

for lang in "${LANGS[@]}"; do
  po="locale/$lang.po"
  if [ ! -f "$po" ]; then
    msginit --no-translator --no-wrap -l "$lang" -i "$POT" -o "$tmp/init.po" 2>/dev/null
    {
      if [ "$lang" = en ]; then
        echo "# English. The source language: every msgstr is the msgid (scripts/update-po.sh fills them in)."
      elif [ "$lang" = nb ] || [ "$lang" = nn ]; then
        echo "# $(lang_name "$lang") translation of Knutepunkt. Source strings are English msgids."
        echo "# Must be complete: see docs/TRANSLATIONS.md."
      else
        echo "# $(lang_name "$lang") translation of Knutepunkt. Source strings are English msgids."
        echo "# Machine translation, needs review by a native speaker: see docs/TRANSLATIONS.md."
      fi
      sed -n '/^msgid/,$p' "$tmp/init.po"
    } >"$po"
    echo "$po: created"
  fi
  msgmerge --quiet --update --no-fuzzy-matching --backup=none --no-wrap --add-location=file "$po" "$POT"
  set_header "$po" Language "$lang"
  set_header "$po" Plural-Forms "$(plural_forms "$lang")"
  set_header "$po" Content-Type "text/plain; charset=UTF-8"
  if [ "$lang" = en ]; then
    # English is the source language: every msgstr is the msgid, so the catalog is complete.
    msgattrib --no-obsolete --no-wrap --add-location=file "$po" | msgen --no-wrap --add-location=file - -o "$tmp/en.po"
    cmp -s "$tmp/en.po" "$po" || cp "$tmp/en.po" "$po"
  fi
done

exec scripts/check-po.sh
