#!/usr/bin/env bash
# Mints a demo bearer token for the compose stack or the local stack: docker/mint-demo-token.sh COMPANY [admin|read]
# Signed with docker/demo-jwt/private.pem (a public, local-only key; the local stack signs its own tokens with it
# too and hands them out at GET http://localhost:8079/token?company=COMPANY), valid for 12 hours.
set -euo pipefail
company="${1:?usage: docker/mint-demo-token.sh COMPANY [admin|read]}"
scope="security-export:${2:-admin}"
dir="$(cd "$(dirname "$0")" && pwd)"
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
payload=$(printf '{"iss":"https://login.security-export.local","sub":"dev-demo-admin","email":"admin@%s.example","company_id":"%s","scope":"%s","iat":%d,"exp":%d}' \
  "$company" "$company" "$scope" "$now" "$((now + 43200))" | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$dir/demo-jwt/private.pem" | b64url)
printf '%s.%s.%s\n' "$header" "$payload" "$signature"
