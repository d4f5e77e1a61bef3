#!/usr/bin/env bash
# Regenerates the web app's API contract from the Api itself: writes BujjiCoder.Web/src/api/openapi.json from the
# document the Api serves in Development (the same test that fails when the file is stale), then the TypeScript
# types generated from it. Commit both files.
set -euo pipefail
cd "$(dirname "$0")/.."

UPDATE_API_CONTRACT=1 dotnet test --project tests/BujjiCoder.IntegrationTests \
  --filter-method "*OpenApiContractTests.The_checked_in_contract_is_the_document_the_api_publishes"
(cd BujjiCoder.Web && npm run api:types)
