#!/usr/bin/env bash
# Runs one of the two commands at the top of README.md (the first ```sh block): `install` (line 1) or `test` (line 2).
# .ci/run uses it so that CI runs exactly what the README tells a new user to run.
set -euo pipefail
cd "$(dirname "$0")/.."
block=$(awk '/^```sh$/{f=1;next} /^```$/{if(f){exit}} f' README.md)
case "${1:-}" in
  install) line=$(printf '%s\n' "$block" | sed -n 1p) ;;
  test) line=$(printf '%s\n' "$block" | sed -n 2p) ;;
  *) echo "usage: readme-commands.sh install|test" >&2; exit 2 ;;
esac
[ -n "$line" ] || { echo "README.md has no command for '$1' in its first sh block" >&2; exit 1; }
echo "+ $line"
bash -euo pipefail -c "$line"
