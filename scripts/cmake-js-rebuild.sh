#!/bin/sh
# prebuildify calls this as "<script> rebuild --target=<node version> --arch=<arch> --release" (node-gyp's
# flags); cmake-js does the build. --target means something else to cmake-js (a CMake target), so it is
# dropped: the addon uses Node-API, which does not depend on the Node version.
cd "$(dirname "$0")/.." || exit 1
cmd=$1
shift
for arg; do
  shift
  case $arg in
    --target=*) ;;
    --arch=*) set -- "$@" --arch "${arg#--arch=}" ;;
    *) set -- "$@" "$arg" ;;
  esac
done
exec node "$(node -p "require.resolve('cmake-js/bin/cmake-js')")" "$cmd" "$@"
