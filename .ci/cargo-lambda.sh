#!/usr/bin/env bash
# CI: the example binary (`hello`) under cargo-lambda's Lambda emulator, a second implementation
# of the Runtime API and of a Function URL front door.
#
# 1. `cargo lambda watch --only-lambda-apis` emulates the Runtime API; the prebuilt binary is
#    started against it as the default function `_`, exactly as in Lambda (through the official
#    `lambda_runtime` crate).
# 2. `cargo lambda invoke --data-file` sends it recorded events of every front door (REST API,
#    HTTP API 2.0, Function URL, load balancer) and malformed ones; the raw proxy responses are
#    checked with jq.
# 3. curl calls cargo-lambda's own Function URL endpoint, `/lambda-url/<function>/<path>`, which
#    builds the events itself.
#
# What cargo-lambda 1.9.2 actually sends from `/lambda-url/_/hello/b%20ob?name=a&name=b`
# (trimmed; it matters for telling the source apart and for reading the path):
#   {"type":null,"methodArn":null,"httpMethod":"GET","identitySource":null,
#    "authorizationToken":null,"resource":null,"version":"2.0","routeKey":"$default",
#    "rawPath":"/hello/b%20ob","rawQueryString":"name=a&name=b",
#    "headers":{"host":"127.0.0.1:PORT",...,"lambda-runtime-aws-request-id":"..."},
#    "queryStringParameters":{"name":"a,b"},
#    "requestContext":{"routeKey":"$default","accountId":null,"stage":"$default",
#      "apiId":null,"domainName":"localhost","domainPrefix":"_",
#      "http":{"method":"GET","path":"/hello/b%20ob","protocol":"http",
#              "sourceIp":"127.0.0.1","userAgent":"cargo-lambda"}},
#    "stageVariables":{},"isBase64Encoded":false}
# - `httpMethod` is always "GET", whatever the real method: payload 2.0 events must be read from
#   `requestContext.http.method`.
# - `domainName` is "localhost", not `<id>.lambda-url.<region>.on.aws`, and there is no
#   `apiId`; `rawPath` is percent-encoded, as a real Function URL sends it. gatewright detects
#   this as a Function URL (runtime/src/event/proxy_event.rs); `sam local start-api` also says "localhost"
#   but has an `apiId` and stays an HTTP API.
# - Repeated query keys are joined with commas in `queryStringParameters` ("a,b"); gatewright
#   reads payload 2.0 queries from `rawQueryString`, so `name` is "b" (the last value, as API
#   Gateway keeps it), never "a,b".
# - Cookies come as `cookies` (split from the `cookie` header); a body is text when the
#   content type is text/* or application/json (or absent), base64 otherwise.
# - Every `/lambda-url/<function>` in the path is removed, not only the leading one.
# - The response must have the payload 2.0 shape with a `cookies` array, or the caller gets a
#   500 problem+json from cargo-lambda instead of the function's answer.
#
# Prints `cargo-lambda: N passed, M failed` last and exits non-zero on any failure, with the
# emulator's and the binary's logs.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
cargo_lambda_version=1.9.2

passed=0
failed=0
work=$(mktemp -d)
pids=()
cleanup() {
    status=$?
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
        for log in watch binary; do
            if [ -s "$work/$log.log" ]; then
                echo "--- $log log"
                cat "$work/$log.log"
            fi
        done
        # A setup step that stopped the script counts as a failure.
        if [ "$failed" -eq 0 ]; then
            failed=1
        fi
        status=1
    fi
    rm -rf "$work"
    echo "cargo-lambda: took $((SECONDS - started))s"
    echo "cargo-lambda: $passed passed, $failed failed"
    exit "$status"
}
trap cleanup EXIT

echo "== the example binary under cargo-lambda's Lambda emulator"

# --- tools
if ! command -v jq >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq jq >/dev/null
fi
if ! cargo lambda --version >/dev/null 2>&1; then
    # The PyPI package ships the prebuilt binary: seconds, no compiling.
    timeout 300 python3 -m pip install -q "cargo-lambda==$cargo_lambda_version"
    command -v pyenv >/dev/null 2>&1 && pyenv rehash
    export PATH="$PATH:$(python3 -m site --user-base)/bin"
fi
installed=$(cargo lambda --version)
case "$installed" in
    "cargo-lambda $cargo_lambda_version"*) ;;
    *) echo "note: $installed, but these checks were written against $cargo_lambda_version" ;;
esac

# --- the emulator and the function
timeout 900 cargo build -j2 -q -p hello
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Runs from the workspace root: `watch` reads the workspace with `cargo metadata`.
timeout 300 cargo lambda watch --only-lambda-apis --invoke-address 127.0.0.1 \
    --invoke-port "$port" >"$work/watch.log" 2>&1 &
pids+=($!)
up=""
for _ in $(seq 1 100); do
    # A bare TCP connect: any HTTP request would be queued as a Function URL invocation.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        up=yes
        break
    fi
    sleep 0.1
done
if [ -z "$up" ]; then
    echo "FAILED: cargo lambda watch is not listening on 127.0.0.1:$port"
    exit 1
fi
# What `watch --only-lambda-apis` says to set. Lambda itself gives `host:port` without a
# scheme; that works too, but not with the `/.rt` path, which needs `http://`.
AWS_LAMBDA_RUNTIME_API="http://127.0.0.1:$port/.rt" \
    AWS_LAMBDA_FUNCTION_NAME=_ \
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128 \
    AWS_LAMBDA_FUNCTION_VERSION='$LATEST' \
    timeout 300 ./target/debug/hello >"$work/binary.log" 2>&1 &
binary=$!
pids+=("$binary")

check() { # check NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAILED $1: expected [$2], got [$3]"
    fi
}

# --- recorded events, through the Runtime API
response="$work/response.json"
invoke() { # invoke EVENT_FILE: the raw proxy response into $response
    : >"$response"
    if ! timeout 30 cargo lambda invoke --invoke-address 127.0.0.1 --invoke-port "$port" \
        --data-file "$1" >"$response" 2>"$work/invoke.err"; then
        echo "invoke $1 failed:" && cat "$work/invoke.err" "$response"
        return 0
    fi
}
field() { # field JQ_FILTER: from the last response, or <not JSON>
    jq -c -r "$1" "$response" 2>/dev/null || echo "<not JSON: $(head -c 300 "$response")>"
}
expect() { # expect EVENT_FILE STATUS BODY [SHAPE]: the response's SHAPE is rest (default), v2 or alb
    local event=$1 name
    name=${event#tests/fixtures/}
    if [ ! -f "$event" ]; then
        failed=$((failed + 1))
        echo "FAILED $name: the fixture is missing"
        return
    fi
    invoke "$event"
    check "$name status" "$2" "$(field .statusCode)"
    check "$name body" "$3" "$(field .body)"
    case "${4:-rest}" in
        rest) check "$name shape" 'true' "$(field '.multiValueHeaders != null and .cookies == null')" ;;
        v2) check "$name shape" '[]' "$(field '.cookies')" ;;
        alb) check "$name shape" 'true' "$(field '.statusDescription != null and .cookies == null')" ;;
    esac
}

fixtures=tests/fixtures
# REST APIs (payload 1.0).
expect "$fixtures/seed.json" 200 'Hello, me!'
expect "$fixtures/perf/hello.json" 200 'Howdy, me!'
expect "$fixtures/perf/users.json" 200 '{"id":42}'
expect "$fixtures/perf/proxy.json" 200 '{"method":"GET","proxy":"test/hello"}'
expect "$fixtures/aws_lambda_events/example-apigw-request.json" 200 '{"method":"POST","proxy":"hello/world"}'
expect "$fixtures/aws_lambda_events/example-apigw-sam-rest-request.json" 200 '{"method":"GET","proxy":"test"}'
expect "$fixtures/powertools/apiGatewayProxyEvent.json" 200 '{"method":"GET","proxy":"my/path"}'
expect "$fixtures/powertools/apiGatewayProxyEventPrincipalId.json" 200 '{"method":"POST","proxy":"trip"}'
# HTTP APIs, payload 2.0.
expect "$fixtures/powertools/apiGatewayProxyV2Event.json" 200 '{"method":"POST","proxy":"my/path"}' v2
expect "$fixtures/aws_lambda_events/example-apigw-v2-request-iam.json" 200 '{"method":"GET","proxy":"my/path"}' v2
expect "$fixtures/lambda_http/apigw_v2_sam_local.json" 200 'Hello, world!' v2
# Function URLs.
expect "$fixtures/powertools/lambdaFunctionUrlIAMEvent.json" 200 '{"method":"POST","proxy":"my/path"}' v2
expect "$fixtures/lambda_http/lambda_function_url_request.json" 200 '{"method":"GET","proxy":"my/path"}' v2
# Load balancers, with and without multi-value headers.
expect "$fixtures/powertools/albEvent.json" 200 '{"method":"GET","proxy":"lambda"}' alb
check "albEvent headers" '{"content-type":"application/json"}' "$(field .headers)"
expect "$fixtures/powertools/albMultiValueHeadersEvent.json" 200 '{"method":"GET","proxy":"todos"}' alb
check "albMultiValueHeadersEvent headers" '{"content-type":["application/json"]}' "$(field .multiValueHeaders)"

# Not HTTP events: a 400 whose body says what was expected, in the REST API's shape.
printf '{"foo":1}' >"$work/not-http.json"
invoke "$work/not-http.json"
check "not an HTTP event status" 400 "$(field .statusCode)"
check "not an HTTP event says what was expected" \
    'expected an HTTP event from API Gateway (`httpMethod`, or `version` "2.0"), a Lambda Function URL or an Application Load Balancer (`requestContext.elb`), but the event has the keys `foo`' \
    "$(field '.body | fromjson | .message')"
printf '[1]' >"$work/array.json"
invoke "$work/array.json"
check "JSON array status" 400 "$(field .statusCode)"
check "JSON array message" 'the event is not an HTTP event: it is JSON, but not an object' \
    "$(field '.body | fromjson | .message')"
# A bad path in a (cargo-lambda style) payload 2.0 event: a 400 naming the segment.
printf '%s' '{"version":"2.0","httpMethod":"GET","routeKey":"$default","rawPath":"/a%zz","requestContext":{"stage":"$default","apiId":null,"domainName":"localhost","http":{"method":"GET","path":"/a%zz"}},"stageVariables":{},"isBase64Encoded":false}' >"$work/bad-path.json"
invoke "$work/bad-path.json"
check "bad path status" 400 "$(field .statusCode)"
check "bad path segment" 'a%zz' "$(field '.body | fromjson | .segment')"

# --- plain HTTP through cargo-lambda's Function URL endpoint
url="http://127.0.0.1:$port/lambda-url/_"
get() { # get [CURL ARGS...] URL: the body, then the status on the last line
    curl -s --max-time 30 -w '\n%{http_code}' "$@" || echo "<curl failed: $?>"
}
body_of() { sed '$d' <<<"$1"; }
status_of() { tail -n 1 <<<"$1"; }

r=$(get "$url/hello/bob?greeting=Hi")
check "url greeting" 'Hi, bob!' "$(body_of "$r")"
check "url greeting status" 200 "$(status_of "$r")"
r=$(get "$url/hello")
check "url hello" 'Hello, world!' "$(body_of "$r")"
# cargo-lambda's `httpMethod` says GET whatever the method: routing must use the real one.
r=$(get -X POST -H 'content-type: application/json' -d '{"x":1}' "$url/a/b")
check "url POST proxy" '{"method":"POST","proxy":"a/b"}' "$(body_of "$r")"
r=$(get -X DELETE "$url/a/b/")
check "url DELETE proxy" '{"method":"DELETE","proxy":"a/b"}' "$(body_of "$r")"
# `queryStringParameters` says "a,b"; the last value is the single one, as API Gateway keeps it.
r=$(get "$url/hello?name=a&name=b")
check "url repeated query" 'Hello, b!' "$(body_of "$r")"
r=$(get "$url/hello?name=J%C3%BCrgen+X")
check "url encoded query" 'Hello, Jürgen X!' "$(body_of "$r")"
# The path is percent-encoded, as from a real Function URL.
r=$(get "$url/hello/b%20ob")
check "url encoded path" 'Hello, b ob!' "$(body_of "$r")"
r=$(get "$url/users/42")
check "url user" '{"id":42}' "$(body_of "$r")"
check "url user content type" 'application/json' \
    "$(curl -s --max-time 30 -o /dev/null -w '%{content_type}' "$url/users/42" || true)"
r=$(get "$url/users/abc")
check "url user 400" 400 "$(status_of "$r")"
check "url user 400 names id" 'id u64 abc' \
    "$(body_of "$r" | jq -r '"\(.parameter) \(.expected) \(.value)"' 2>/dev/null || body_of "$r")"
r=$(get "$url/stage")
check "url stage (Function URLs have no stage variables)" '{"stageVarName":null}' "$(body_of "$r")"
r=$(get -I "$url/users/7")
check "url HEAD" 200 "$(status_of "$r" | tr -d '\r')"
r=$(get "$url/")
check "url root 404" 404 "$(status_of "$r")"
# A path that isn't valid percent-encoding is answered by the router, in the source's shape,
# so cargo-lambda passes the 400 on.
r=$(get "$url/a%zz")
check "url bad path 400" 400 "$(status_of "$r")"

if ! kill -0 "$binary" 2>/dev/null; then
    failed=$((failed + 1))
    echo "FAILED: the binary exited during the checks"
fi
[ "$failed" -eq 0 ]
