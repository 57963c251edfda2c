#!/bin/sh
# prebuildify calls this as "<script> rebuild --target=.. --arch=.. --release"; cmake-js does the build.
exec npx cmake-js "$@"
