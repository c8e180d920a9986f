#!/usr/bin/env bash
# The README's "Using the platform's API" example as a script: upload, wait for the profile, create
# a model, train, follow the run's live events until its `end` event, deploy, predict.
# Needs KEY (an API key), BASE (the platform's address, localhost:3000 in the README), CSV (a file
# with columns x1, x2, color, label) and jq.
set -euo pipefail
H=(-H "authorization: Bearer $KEY")
J=(-H 'content-type: application/json')

DATASET=$(curl -s "${H[@]}" -F file=@"$CSV" "$BASE/api/datasets" | jq -r .id)
until [ "$(curl -s "${H[@]}" "$BASE/api/datasets/$DATASET" | jq -r .status)" = ready ]; do sleep 1; done
MODEL=$(curl -s "${H[@]}" "${J[@]}" -d "{\"name\": \"readme\", \"datasetId\": \"$DATASET\", \"targets\": [\"label\"]}" "$BASE/api/models")
VERSION=$(echo "$MODEL" | jq -r .versionId)
RUN=$(curl -s "${H[@]}" "${J[@]}" -d "{\"versionId\": \"$VERSION\"}" "$BASE/api/runs" | jq -r .id)
# The stream closes after the run's `end` event: deploy only once it has come.
curl -s -N "${H[@]}" "$BASE/api/runs/$RUN/events" | grep -m1 '"type":"end"' >/dev/null
STATUS=$(curl -s "${H[@]}" "$BASE/api/runs/$RUN" | jq -r .status)
[ "$STATUS" = completed ] || { echo "run $RUN ended $STATUS" >&2; exit 1; }
curl -s -f "${H[@]}" "${J[@]}" -d "{\"name\": \"readme\", \"runId\": \"$RUN\"}" "$BASE/api/deployments" >/dev/null
curl -s -f "${H[@]}" "${J[@]}" -d '{"instances": [{"x1": 0.5, "x2": -1.2, "color": "red"}]}' "$BASE/predict/readme"
