#!/bin/sh
# Puts the documents of sources.json into <dir>/<owner>+<repo>/<path>.
#   sh bench/spec/collect.sh <dir> [<mirrors>]
# With <mirrors> (a folder of bare clones named <owner>+<repo>/repo, as the team's search tool fetches
# them), files come from `git show <commit>:<path>`; otherwise from raw.githubusercontent.com.
set -eu
out=${1:?usage: collect.sh <dir> [<mirrors>]}
mirrors=${2:-}
here=$(dirname "$0")
node -e 'for (const s of require(process.argv[1]).sources) console.log(s.repo, s.commit, s.path)' "$(cd "$here" && pwd)/sources.json" |
while read -r repo commit path; do
  key=$(echo "$repo" | tr / +)
  dest="$out/$key/$path"
  mkdir -p "$(dirname "$dest")"
  if [ -n "$mirrors" ]; then
    git -C "$mirrors/$key/repo" show "$commit:$path" > "$dest"
  else
    curl -fsSL "https://raw.githubusercontent.com/$repo/$commit/$path" -o "$dest"
  fi
  echo "$dest"
done
