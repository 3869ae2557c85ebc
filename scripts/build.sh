#!/usr/bin/env bash
# Configures and builds one flavour of Parley with CMake and Ninja.
#   scripts/build.sh release   -> build/        (RelWithDebInfo, what `parley` runs from)
#   scripts/build.sh asan      -> build-asan/   (Debug with AddressSanitizer and UBSan)
#   scripts/build.sh fuzz      -> build-fuzz/   (clang, libFuzzer targets only)
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-release}
shift || true
case "$flavour" in
  release) dir=build; args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan) dir=build-asan; args=(-DCMAKE_BUILD_TYPE=Debug -DPARLEY_SANITIZE=ON) ;;
  fuzz) dir=build-fuzz; args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DPARLEY_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++) ;;
  *) echo "unknown flavour $flavour (release, asan, fuzz)" >&2; exit 2 ;;
esac
cmake -S . -B "$dir" -G Ninja "${args[@]}" >/dev/null
if [ "$flavour" = fuzz ]; then
  cmake --build "$dir" --target fuzz_packets fuzz_websocket fuzz_http "$@"
else
  cmake --build "$dir" "$@"
fi
