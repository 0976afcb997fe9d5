"""The OpenAPI document itself: current with its generator and the bundled data, valid OpenAPI 3.1, and
describing the routes and shapes the API promises (SPEC §3, §4, §17). Needs no server."""

import json
import re
from pathlib import Path

import build_openapi
import pytest
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = json.loads(build_openapi.DOCUMENT.read_text())
CATALOG = json.loads((ROOT / "Sources/TollgateCore/Resources/catalog.json").read_text())["models"]
PLANS = json.loads((ROOT / "Sources/TollgateCore/Resources/plans.json").read_text())

API_V2 = [
    ("post", "generate"), ("post", "generate/stream"), ("get", "generate/{id}"), ("get", "generate/status/{id}"),
    ("post", "auth/register"), ("post", "auth/verify-email"), ("post", "auth/forgot-password"),
    ("post", "auth/reset-password"), ("post", "auth/login"), ("post", "auth/refresh"), ("post", "auth/logout"),
    ("post", "auth/telegram"), ("post", "auth/google"), ("post", "auth/phone/send-code"),
    ("post", "auth/register-phone"), ("post", "auth/login-phone"), ("post", "auth/resend-verification"),
    ("get", "balance"), ("get", "user/balance"), ("get", "webhooks/secret"),
    ("get", "user/me"), ("patch", "user/me"), ("get", "user/settings"), ("patch", "user/settings"),
    ("get", "user/history"), ("post", "user/history/{id}/favorite"), ("post", "user/history/{id}/rate"),
    ("delete", "user/history/{id}"), ("get", "user/stats"), ("get", "keys"), ("post", "keys"),
    ("patch", "keys/{id}"), ("delete", "keys/{id}"), ("get", "models"), ("get", "models/{slug}"),
    ("post", "models/{slug}/calculate-price"), ("post", "stt"), ("get", "billing/products"),
    ("post", "billing/yookassa/notifications"), ("post", "billing/checkout"), ("get", "billing/renewal"),
    ("patch", "billing/renewal"), ("get", "billing/payments"), ("get", "billing/payments/{id}"),
    ("post", "telegram/webhook"),
]
V1 = [
    ("get", "models"), ("post", "chat/completions"), ("post", "images/generations"), ("post", "audio/speech"),
    ("post", "audio/transcriptions"), ("post", "messages"),
]
OTHERS = [("get", "/healthz"), ("get", "/readyz"), ("get", "/metrics"), ("get", "/files/{name}"), ("head", "/files/{name}"),
          ("get", "/openapi.json")]
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def operations():
    for path, item in DOCUMENT["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method, path, operation


def test_document_is_what_the_generator_builds():
    assert build_openapi.DOCUMENT.read_text() == build_openapi.render(), (
        "openapi.json is stale: run python3 Tests/openapi/build_openapi.py"
    )


def test_document_is_valid_openapi_3_1():
    assert DOCUMENT["openapi"] == "3.1.0"
    assert DOCUMENT["info"]["title"] == "Tollgate"
    validate(DOCUMENT)


def test_every_route_and_nothing_else():
    expected = {(m, "/api/v2/" + p) for m, p in API_V2} | {(m, "/v1/" + p) for m, p in V1} | set(OTHERS)
    assert {(m, p) for m, p, _ in operations()} == expected


def test_operation_ids_are_short_snake_case_and_unique():
    ids = [op["operationId"] for _, _, op in operations()]
    assert len(ids) == len(set(ids))
    for operation_id in ids:
        assert re.fullmatch(r"[a-z][a-z0-9_]{1,30}", operation_id), operation_id


def test_every_operation_declares_security_and_answers():
    schemes = set(DOCUMENT["components"]["securitySchemes"])
    assert schemes == {"bearerKey", "apiKeyHeader"}
    for method, path, operation in operations():
        assert "security" in operation, (method, path)
        for requirement in operation["security"]:
            assert set(requirement) <= schemes
        assert operation["responses"], (method, path)


def response(method, path, status):
    answer = DOCUMENT["paths"][path][method]["responses"][str(status)]
    if "$ref" in answer:
        answer = DOCUMENT["components"]["responses"][answer["$ref"].rsplit("/", 1)[-1]]
    return answer


def test_authenticated_routes_declare_401_and_the_rate_limit_headers():
    for method, path, operation in operations():
        if {"bearerKey": []} not in operation["security"] or {} in operation["security"]:
            continue
        assert "401" in operation["responses"], (method, path)
        ok = next(s for s in operation["responses"] if s.startswith("2"))
        headers = response(method, path, ok).get("headers", {})
        assert "X-RateLimit-Remaining-Hour" in headers and "X-Request-Id" in headers, (method, path)


@pytest.mark.parametrize("path", ["/api/v2/generate", "/api/v2/generate/stream"])
def test_generation_routes_declare_every_error_state(path):
    statuses = set(DOCUMENT["paths"][path]["post"]["responses"])
    assert {"400", "401", "402", "403", "404", "409", "413", "422", "429", "500", "503", "504"} <= statuses
    assert "Retry-After" in response("post", path, 429)["headers"]
    parameters = DOCUMENT["paths"][path]["post"]["parameters"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in parameters)
    assert "text/event-stream" in response("post", path, 200)["content"]


def test_error_envelopes():
    schemas = DOCUMENT["components"]["schemas"]
    error = schemas["Error"]
    assert set(error["required"]) == {"error", "message", "details"}
    spec_codes = {
        "bad_request", "not_authenticated", "token_expired", "insufficient_tokens", "insufficient_plan",
        "not_found", "conflict", "payload_too_large", "validation_error", "rate_limit_exceeded", "provider_error",
        "model_unavailable", "provider_timeout",
    }
    assert spec_codes <= set(error["properties"]["error"]["enum"])
    assert {"retry_after", "plan", "limit_hour", "limit_day"} <= set(schemas["RateLimitError"]["properties"])
    # /v1 answers errors in its SDKs' shapes.
    assert response("post", "/v1/chat/completions", 422)["content"]["application/json"]["schema"]["$ref"].endswith(
        "/OpenAIError")
    assert response("post", "/v1/messages", 422)["content"]["application/json"]["schema"]["$ref"].endswith(
        "/AnthropicError")


def test_generation_object_has_the_spec_fields():
    generation = DOCUMENT["components"]["schemas"]["Generation"]["properties"]
    for field in ["id", "status", "model_slug", "result_text", "result_url", "thumbnail_url", "error",
                  "tokens_spent", "processing_ms", "result_metadata", "seed", "usage", "balance_remaining",
                  "created_at", "completed_at", "content", "model", "tokens_used"]:
        assert field in generation, field
    assert generation["status"]["enum"] == ["pending", "completed", "failed"]
    assert generation["result_url"]["type"] == ["string", "null"]


def test_model_enums_follow_the_catalog_and_plans():
    slugs = [m["slug"] for m in CATALOG]
    assert len(slugs) == 52
    schemas = DOCUMENT["components"]["schemas"]
    assert schemas["ModelSummary"]["properties"]["slug"]["enum"] == slugs
    # Every model but speech-to-text (an upload: /stt) has a generate variant with its params.
    variants = [schemas[v["$ref"].rsplit("/", 1)[-1]] for v in schemas["GenerateRequest"]["oneOf"]]
    covered = [slug for variant in variants for slug in variant["properties"]["model"]["enum"]]
    assert sorted(covered) == sorted(m["slug"] for m in CATALOG if m["category"] != "stt")
    for variant in variants:
        model = next(m for m in CATALOG if m["slug"] == variant["properties"]["model"]["enum"][0])
        assert set(variant["properties"]["params"]["properties"]) == {p["name"] for p in model["params"]}
    plan_codes = [p["code"] for p in PLANS["plans"]]
    assert schemas["Balance"]["properties"]["plan"]["enum"] == plan_codes
    products = schemas["CheckoutRequest"]["properties"]["product"]["enum"]
    assert products == [f"plan:{p['code']}" for p in PLANS["plans"] if p["price_rub"] > 0] + [
        f"package:{p['code']}" for p in PLANS["packages"]
    ]
