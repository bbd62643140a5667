#!/bin/sh
# Instructions each quarry binary spends answering every line of QUESTIONS with
# `ask --json --stdin` over CORPUS, counted by valgrind's callgrind: unlike wall time, the count
# does not drift with the machine's load, so small changes can be compared. Each binary first
# indexes CORPUS into a data folder of its own (a change to the analysis code means a rebuild).
#
#   bench/instructions.sh CORPUS QUESTIONS BINARY...
#   bench/instructions.sh target/bench/squad/corpus questions.txt /tmp/quarry-before target/release/quarry
set -eu
if [ $# -lt 3 ]; then
    echo "usage: bench/instructions.sh CORPUS QUESTIONS BINARY..." >&2
    exit 2
fi
corpus=$1
questions=$2
shift 2
work=${TMPDIR:-/tmp}/quarry-instructions
mkdir -p "$work"
for binary in "$@"; do
    data=$work/$(printf '%s' "$binary" | tr '/' '_')
    "$binary" --corpus "$corpus" --data "$data" index > /dev/null
    valgrind --tool=callgrind --callgrind-out-file="$data.callgrind" \
        "$binary" --corpus "$corpus" --data "$data" ask --json --stdin < "$questions" \
        > /dev/null 2> "$data.log"
    printf '%s\t%s\n' "$(sed -n 's/.*I *refs: *//p' "$data.log" | tr -d ,)" "$binary"
done
