#!/bin/sh
# Python stubs for the seeds' reco.proto into examples/recommend-rpc/python/reco_gen/ (gitignored), as
# the seed does with grpc_tools, but with Debian's protoc and grpc_python_plugin (protobuf-compiler,
# protobuf-compiler-grpc): python3-grpc-tools' bundled protoc is too old for tickwork's own files, and
# one toolchain serves both.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
for tool in protoc grpc_python_plugin; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "generate.sh: $tool not found: apt-get install protobuf-compiler protobuf-compiler-grpc" >&2
    exit 2
  fi
done
rm -rf "$here/reco_gen"
mkdir -p "$here/reco_gen"
protoc -I "$here/../proto" \
  --python_out="$here/reco_gen" --pyi_out="$here/reco_gen" \
  --plugin=protoc-gen-grpc_python="$(command -v grpc_python_plugin)" --grpc_python_out="$here/reco_gen" \
  reco.proto
