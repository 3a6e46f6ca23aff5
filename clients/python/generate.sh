#!/bin/sh
# Generates the tickwork.v1 Python stubs into clients/python/tickwork/v1/ (gitignored), from proto/.
# Needs Debian's protobuf-compiler (protoc) and protobuf-compiler-grpc (grpc_python_plugin), and buf
# from the repository's node_modules (npm install). Offline.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
for tool in protoc grpc_python_plugin; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "generate.sh: $tool not found: apt-get install protobuf-compiler protobuf-compiler-grpc" >&2
    exit 2
  fi
done
buf="$root/node_modules/.bin/buf"
if [ ! -x "$buf" ]; then
  echo "generate.sh: $buf not found: run npm install at the repository root" >&2
  exit 2
fi
# Generate beside the old stubs and swap them in, so a Python process importing them meanwhile (a
# parallel test) sees the old set or the new one, never an empty directory.
tmp=$(mktemp -d "$here/.gen.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
sed "s#directory: ../../proto#directory: $root/proto#" "$here/buf.gen.python.yaml" >"$tmp/buf.gen.yaml"
(cd "$tmp" && "$buf" generate --template buf.gen.yaml)
# Regular packages, so `tickwork.v1` imports the same way on every Python 3.
touch "$tmp/tickwork/__init__.py" "$tmp/tickwork/v1/__init__.py"
rm -rf "$here/tickwork.old"
[ -d "$here/tickwork" ] && mv "$here/tickwork" "$here/tickwork.old"
mv "$tmp/tickwork" "$here/tickwork"
rm -rf "$here/tickwork.old"
