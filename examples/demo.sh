#!/usr/bin/env bash
# `make demo`: the main job of quotes on the bundled, invented example -- offline.
#   transcript file -> cache -> quote -> search -> match summaries -> render -> verify
#   (then: an older page's mistakes, and show notes with times but no links)
set -euo pipefail
cd "$(dirname "$0")/.."
quotes() { .venv/bin/quotes "$@"; }
step() { printf '\n\033[1m$ quotes %s\033[0m\n' "$*"; }
run() { step "$@"; quotes "$@"; }

mkdir -p output
run import examples/interview.en.json --video https://youtu.be/qUoTeSdEm01 --generated --force
run transcripts
run quote qUoTeSdEm01 1:13 1:40
run search qUoTeSdEm01 "She was a land surveyor who only baked for fun until the old mill came up for sale." --top 3

# The editor's notes: summaries, no times. Work on a copy so the example stays as shipped.
cp examples/notes.quotes.yaml output/notes.quotes.yaml
# match exits 3 when a section needs the editor (one summary is not in the interview).
step match output/notes.quotes.yaml
quotes match output/notes.quotes.yaml || [ $? -eq 3 ]
run render output/notes.quotes.yaml --template newsletter -o output/notes.md
cat output/notes.md
run verify output/notes.md --no-fetch

# An older published page with mistakes: verify explains them (exit 3), --diff shows the fixes.
step verify examples/notes.md --no-fetch
quotes verify examples/notes.md --no-fetch || [ $? -eq 3 ]
step verify examples/notes.md --no-fetch --diff
quotes verify examples/notes.md --no-fetch --diff || [ $? -eq 3 ]
# Show notes with times and no links: --video names the video they are times in.
step verify examples/show-notes.md --video qUoTeSdEm01 --no-fetch
quotes verify examples/show-notes.md --video qUoTeSdEm01 --no-fetch || [ $? -eq 3 ]
printf '\nDemo finished: see output/notes.md\n'
printf 'Open the matched file in the studio (video, transcript and sections in the browser):\n'
printf '    .venv/bin/quotes studio output/notes.quotes.yaml\n'
