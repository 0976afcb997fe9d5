#!/usr/bin/env python3
"""Builds Sources/TollgateServer/Resources/openapi.json, the OpenAPI 3.1 description of every /api/v2 and /v1
route (SPEC §17), from this file and the bundled data: the catalog (model slugs, each model's params with their
allowed values, ranges and required ones) and the plans (plan codes, products).

    python3 Tests/openapi/build_openapi.py           # rewrites the document
    python3 Tests/openapi/build_openapi.py --check   # exits 1 if the document is not what this file builds

Edit this file, not the JSON: Tests/openapi/test_document.py fails when the two differ. Request schemas are as
precise as the server's checks (schemathesis sends what they call valid and expects it to be accepted); response
schemas describe what the server really answers, without `additionalProperties: false` (fields may be added).
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "Sources/TollgateServer/Resources/openapi.json"
CATALOG = json.loads((ROOT / "Sources/TollgateCore/Resources/catalog.json").read_text())["models"]
PLANS = json.loads((ROOT / "Sources/TollgateCore/Resources/plans.json").read_text())

VERSION = "2.0.0"


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema):
    """`schema` or JSON null (OpenAPI 3.1 style)."""
    schema = dict(schema)
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = [kind, "null"]
        if "enum" in schema:
            schema["enum"] = schema["enum"] + [None]
        return schema
    return {"anyOf": [schema, {"type": "null"}]}


def camel(slug):
    out = "".join(part.capitalize() for part in slug.replace(".", "-").replace("_", "-").split("-"))
    return out.replace("Gpt", "GPT")


# ---------------------------------------------------------------------------------------------------------------
# The catalog
# ---------------------------------------------------------------------------------------------------------------

SLUGS = [m["slug"] for m in CATALOG]
BY_SLUG = {m["slug"]: m for m in CATALOG}
CATEGORIES = ["text", "image", "video", "music", "tts", "stt", "audio_tool", "image_tool"]
TEXT_SLUGS = [m["slug"] for m in CATALOG if m["category"] == "text"]
IMAGE_SLUGS = [m["slug"] for m in CATALOG if m["category"] == "image"]
TTS_SLUGS = [m["slug"] for m in CATALOG if m["category"] == "tts"]
STT_SLUGS = [m["slug"] for m in CATALOG if m["category"] == "stt"]
PLAN_CODES = [p["code"] for p in PLANS["plans"]]
PRODUCTS = [f"plan:{p['code']}" for p in PLANS["plans"] if p["price_rub"] > 0] + [
    f"package:{p['code']}" for p in PLANS["packages"]
]
PLAN_PRODUCTS = [p for p in PRODUCTS if p.startswith("plan:")]
IMAGE_SIZES = []
for _model in CATALOG:
    if _model["category"] == "image":
        for _param in _model["params"]:
            if _param["name"] == "size":
                IMAGE_SIZES += [v for v in _param.get("values", []) if v not in IMAGE_SIZES]

# Models whose upstream needs a prompt: without one the provider refuses the request (a sync model's answer is
# then a 500 provider_error, an async one fails later), so the document requires it. Speech models take the
# prompt as their `text` when `params.text` is absent.
PROMPT_CATEGORIES = {"image", "video", "music"}
PROMPT_SLUGS = {"elevenlabs-sfx", "inpaint"}

# A subset of what both the catalog's URL check and URLComponents accept: an http(s) URL with a host.
URL_TAIL = "(:[0-9]{1,4})?(/[A-Za-z0-9._~!$&'()*+,;=:@/-]*)?(\\?[A-Za-z0-9._~!$&'()*+,;=:@/?-]*)?$"
URL_PATTERN = "^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9][A-Za-z0-9.-]*" + URL_TAIL
URL_NOTE = (
    " An http(s) URL the server fetches (or hands to the provider); it must resolve to a public address, "
    "else 422."
)


def param_schema(spec):
    """A catalog param spec (ParamSpec) as JSON Schema: exactly what `ParamSpec.check` accepts, or a subset."""
    kind = spec["type"]
    description = spec.get("description", "")
    if kind == "string":
        if "values" in spec:
            schema = {"type": "string", "enum": spec["values"]}
        else:
            schema = {"type": "string"}
            if spec.get("required"):
                schema["minLength"] = 1
            if "max_length" in spec:
                schema["maxLength"] = spec["max_length"]
            if "examples" in spec:
                schema["examples"] = spec["examples"]
    elif kind == "integer":
        if "values" in spec:
            schema = {"type": "integer", "enum": spec["values"]}
        else:
            schema = {"type": "integer", "minimum": int(spec["min"]), "maximum": int(spec["max"])}
    elif kind == "number":
        schema = {"type": "number", "minimum": spec["min"], "maximum": spec["max"]}
    elif kind == "boolean":
        schema = {"type": "boolean"}
    elif kind == "url":
        schema = {
            "type": "string",
            "format": "uri",
            "pattern": URL_PATTERN,
            "maxLength": spec.get("max_length", 2048),
        }
        description += URL_NOTE
    elif kind == "string_list":
        item = {"type": "string", "minLength": 1, "maxLength": spec["max_length"]}
        schema = {"anyOf": [item, {"type": "array", "minItems": 1, "maxItems": spec["max_items"], "items": item}]}
    elif kind == "dialogue":
        # At most max_items lines of at most max_length characters in all: each line is given an equal share.
        share = spec["max_length"] // spec["max_items"]
        schema = {
            "type": "array",
            "minItems": 1,
            "maxItems": spec["max_items"],
            "items": {
                "type": "object",
                "required": ["text", "voice_id"],
                "additionalProperties": False,
                "properties": {
                    "text": {"type": "string", "minLength": 1, "maxLength": share},
                    # 128 bytes of UTF-8 at most: 32 characters always fit.
                    "voice_id": {"type": "string", "minLength": 1, "maxLength": 32},
                },
            },
        }
        description += f" At most {spec['max_length']} characters of text in all."
    else:
        raise SystemExit(f"unknown param type {kind}")
    if "default" in spec:
        schema["default"] = spec["default"]
    if description:
        schema["description"] = description
    return schema


def params_object(model, *, skip=()):
    properties = {}
    required = []
    for spec in model["params"]:
        if spec["name"] in skip:
            continue
        properties[spec["name"]] = param_schema(spec)
        if spec.get("required"):
            required.append(spec["name"])
    schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "description": "The model's options (see `config.params` of `GET /api/v2/models/{slug}`); a value "
        "outside the allowed set is a 422 naming `params.<name>`, an unknown name too.",
    }
    if required:
        schema["required"] = required
    return schema


def model_groups(categories, *, exclude=()):
    """Models of `categories` grouped by identical params: one request variant per group."""
    groups = {}
    for model in CATALOG:
        if model["category"] not in categories or model["slug"] in exclude:
            continue
        key = (model["category"], json.dumps(model["params"], sort_keys=True), model.get("vision", False))
        groups.setdefault(key, []).append(model)
    return list(groups.values())


# ---------------------------------------------------------------------------------------------------------------
# Shared schemas
# ---------------------------------------------------------------------------------------------------------------

ERROR_CODES = [
    "bad_request",
    "invalid_token",
    "not_authenticated",
    "token_expired",
    "insufficient_tokens",
    "insufficient_plan",
    "account_blocked",
    "csrf_failed",
    "forbidden",
    "not_found",
    "method_not_allowed",
    "conflict",
    "gone",
    "payload_too_large",
    "validation_error",
    "rate_limit_exceeded",
    "provider_error",
    "internal_error",
    "payment_provider_error",
    "sign_in_provider_error",
    "model_unavailable",
    "provider_not_configured",
    "not_configured",
    "provider_timeout",
]

schemas = {}

schemas["Error"] = {
    "type": "object",
    "description": "The error envelope of every /api/v2 error answer (SPEC §3).",
    "required": ["error", "message", "details"],
    "properties": {
        "error": {
            "type": "string",
            "enum": ERROR_CODES,
            "description": "400 bad_request, invalid_token (a spent or unknown email link); 401 not_authenticated, "
            "token_expired; 402 insufficient_tokens; 403 insufficient_plan, account_blocked, csrf_failed, "
            "forbidden; 404 not_found; 405 method_not_allowed; 409 conflict; 410 gone; 413 payload_too_large; "
            "422 validation_error; 429 rate_limit_exceeded; 500 provider_error, internal_error; "
            "502 payment_provider_error, sign_in_provider_error; 503 model_unavailable, provider_not_configured, "
            "not_configured; "
            "504 provider_timeout.",
        },
        "message": {"type": "string", "description": "Human-readable; safe to show."},
        "details": {
            "type": "object",
            "description": "422: `fields` (field → reason); 402: `required`, `available`; 403: `required_plan`; "
            "413: `limit_bytes`; 500/504 of a generation: `generation_id`; 429: `window`.",
            "properties": {
                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                "required": {"type": "integer"},
                "available": {"type": "integer"},
                "required_plan": {"type": "string", "enum": PLAN_CODES},
                "limit_bytes": {"type": "integer"},
                "generation_id": {"type": "integer"},
                "window": {"type": "string", "enum": ["hour", "day"]},
            },
        },
    },
}

schemas["RateLimitError"] = {
    "type": "object",
    "description": "A 429: the envelope plus when to retry; a generation's 429 also names the plan and its "
    "limits (0 = unlimited). A sign-in's 429 (too many attempts) carries `retry_after` only.",
    "required": ["error", "message", "details", "retry_after"],
    "properties": {
        "error": {"type": "string", "enum": ["rate_limit_exceeded"]},
        "message": {"type": "string"},
        "details": {"type": "object"},
        "retry_after": {"type": "integer", "minimum": 1, "description": "Seconds; also the Retry-After header."},
        "plan": {"type": "string", "enum": PLAN_CODES},
        "limit_hour": {"type": "integer", "minimum": 0},
        "limit_day": {"type": "integer", "minimum": 0},
    },
}

schemas["OpenAIError"] = {
    "type": "object",
    "description": "Errors on the OpenAI-compatible surface, in the shape the OpenAI SDKs parse; `code` is "
    "Tollgate's error code (SPEC §3), the HTTP status is the same as on /api/v2.",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["message", "type", "code", "param"],
            "properties": {
                "message": {"type": "string"},
                "type": {
                    "type": "string",
                    "enum": [
                        "authentication_error",
                        "insufficient_quota",
                        "permission_error",
                        "not_found_error",
                        "rate_limit_exceeded",
                        "invalid_request_error",
                        "server_error",
                    ],
                },
                "code": {"type": "string", "enum": ERROR_CODES},
                "param": {"type": ["string", "null"], "description": "The first bad field of a 422."},
            },
        }
    },
}

schemas["AnthropicError"] = {
    "type": "object",
    "description": "Errors on the Anthropic-compatible surface, in the shape the Anthropic SDKs parse.",
    "required": ["type", "error"],
    "properties": {
        "type": {"type": "string", "enum": ["error"]},
        "error": {
            "type": "object",
            "required": ["type", "message"],
            "properties": {
                "type": {
                    "type": "string",
                    "enum": [
                        "authentication_error",
                        "billing_error",
                        "permission_error",
                        "not_found_error",
                        "request_too_large",
                        "rate_limit_error",
                        "overloaded_error",
                        "invalid_request_error",
                        "api_error",
                    ],
                },
                "message": {"type": "string"},
            },
        },
    },
}

TIMESTAMP = {"type": "string", "format": "date-time"}
TIMESTAMP_OR_NULL = {"type": ["string", "null"], "format": "date-time"}

schemas["Generation"] = {
    "type": "object",
    "description": "The generation object (SPEC §4). Text results also carry `content`, `model` and "
    "`tokens_used` (copies of `result_text`, `model_slug` and `tokens_spent`); music results `output_url` and "
    "`duration_seconds`.",
    "required": [
        "id",
        "status",
        "model_slug",
        "result_text",
        "result_url",
        "thumbnail_url",
        "error",
        "tokens_spent",
        "processing_ms",
        "result_metadata",
        "usage",
        "created_at",
        "completed_at",
    ],
    "properties": {
        "id": {"type": "integer", "format": "int64", "examples": [18473]},
        "status": {"type": "string", "enum": ["pending", "completed", "failed"]},
        "model_slug": {"type": "string", "enum": SLUGS},
        "result_text": {"type": ["string", "null"], "description": "Text, transcription and OCR results."},
        "result_url": {
            "type": ["string", "null"],
            "description": "The result file (image, video, audio) at an unguessable URL under /files/.",
        },
        "thumbnail_url": {"type": ["string", "null"], "description": "A video's poster frame."},
        "error": {"type": ["string", "null"], "description": "Why a generation failed."},
        "tokens_spent": {"type": "integer", "minimum": 0, "description": "0 until completed, 0 if failed."},
        "processing_ms": {"type": ["integer", "null"], "minimum": 0, "description": "null while pending."},
        "result_metadata": {
            "type": ["object", "null"],
            "description": "`{width, height}`, `{duration, width, height}`, …",
        },
        "seed": {"type": "integer", "description": "The seed used, where the model takes one."},
        "usage": {
            "type": ["object", "null"],
            "description": "The provider's own token counts (informational, never billed).",
        },
        "balance_remaining": {
            "type": "integer",
            "description": "The account's available balance after this request.",
        },
        "created_at": TIMESTAMP,
        "completed_at": TIMESTAMP_OR_NULL,
        "content": {"type": ["string", "null"], "description": "Text models: = result_text."},
        "model": {"type": "string", "description": "Text models: = model_slug."},
        "tokens_used": {"type": "integer", "minimum": 0, "description": "Text models: = tokens_spent."},
        "output_url": {"type": ["string", "null"], "description": "Music: = result_url (the docs' music page)."},
        "progress": {
            "type": "integer", "minimum": 0, "maximum": 99,
            "description": "Pending, on `GET /generate/{id}`: an estimate of how far the job is.",
        },
        "eta_seconds": {
            "type": "integer", "minimum": 1,
            "description": "Pending, on `GET /generate/{id}`: an estimate of the seconds left.",
        },
        "duration_seconds": {
            "type": ["number", "null"],
            "description": "Music: the track's length in seconds, = result_metadata.duration.",
        },
    },
    "examples": [
        {
            "id": 1,
            "status": "completed",
            "model_slug": "gpt-5-nano",
            "result_text": "Coins clink at the gate…",
            "result_url": None,
            "thumbnail_url": None,
            "error": None,
            "tokens_spent": 1,
            "processing_ms": 842,
            "result_metadata": None,
            "usage": {"input_tokens": 12, "output_tokens": 18},
            "balance_remaining": 2999,
            "created_at": "2026-01-01T12:00:00Z",
            "completed_at": "2026-01-01T12:00:01Z",
            "content": "Coins clink at the gate…",
            "model": "gpt-5-nano",
            "tokens_used": 1,
        }
    ],
}

SESSION_USER = {
    "type": "object",
    "required": ["id", "email", "email_verified", "name", "username", "plan", "token_balance"],
    "properties": {
        "id": {"type": "integer", "format": "int64"},
        "email": {"type": ["string", "null"], "description": "null for a Telegram-only account."},
        "email_verified": {"type": "boolean"},
        "name": {"type": ["string", "null"]},
        "username": {"type": ["string", "null"]},
        "plan": {"type": "string", "enum": PLAN_CODES},
        "token_balance": {"type": "integer"},
        "telegram_id": {"type": "integer", "description": "Telegram sign-in only."},
    },
}
schemas["SessionUser"] = SESSION_USER
schemas["Session"] = {
    "type": "object",
    "description": "A signed-in session: a JWT access token (15 min; send it as `Authorization: Bearer`) and a "
    "refresh token (rotated on every use).",
    "required": ["access_token", "refresh_token", "token_type", "expires_in", "user"],
    "properties": {
        "access_token": {"type": "string"},
        "refresh_token": {"type": "string"},
        "token_type": {"type": "string", "enum": ["bearer"]},
        "expires_in": {"type": "integer", "description": "Seconds the access token lives.", "examples": [900]},
        "is_new_user": {
            "type": "boolean",
            "description": "Telegram, Google and phone sign-in: whether this sign-in created the account.",
        },
        "user": ref("SessionUser"),
    },
}

schemas["Message"] = {
    "type": "object",
    "required": ["message"],
    "properties": {"message": {"type": "string"}},
}

schemas["RegisterResult"] = {
    "type": "object",
    "required": ["message", "user_id", "email_verified"],
    "properties": {
        "message": {"type": "string"},
        "user_id": {"type": "integer", "format": "int64"},
        "email_verified": {"type": "boolean"},
    },
}

schemas["VerifyEmailResult"] = {
    "type": "object",
    "required": ["message", "email_verified"],
    "properties": {"message": {"type": "string"}, "email_verified": {"type": "boolean"}},
}

schemas["Balance"] = {
    "type": "object",
    "required": ["token_balance", "plan", "plan_expires_at"],
    "properties": {
        "token_balance": {"type": "integer", "description": "Available: both buckets less what is on hold."},
        "plan": {"type": "string", "enum": PLAN_CODES},
        "plan_expires_at": TIMESTAMP_OR_NULL,
    },
    "examples": [{"token_balance": 3000, "plan": "elite", "plan_expires_at": "2026-02-01T12:00:00Z"}],
}

schemas["UserBalance"] = {
    "type": "object",
    "required": [
        "token_balance",
        "plan",
        "plan_expires_at",
        "plan_tokens_remaining",
        "bonus_tokens",
        "tokens_on_hold",
        "next_refill_at",
    ],
    "properties": {
        "token_balance": {"type": "integer"},
        "plan": {"type": "string", "enum": PLAN_CODES},
        "plan_expires_at": TIMESTAMP_OR_NULL,
        "plan_tokens_remaining": {"type": "integer", "description": "The subscription bucket."},
        "bonus_tokens": {"type": "integer", "description": "The package bucket (never expires)."},
        "tokens_on_hold": {"type": "integer", "description": "Held by pending generations."},
        "next_refill_at": TIMESTAMP_OR_NULL,
    },
}

schemas["WebhookSecret"] = {
    "type": "object",
    "required": ["secret", "header"],
    "properties": {
        "secret": {"type": "string", "description": "HMAC-SHA256 key of `X-Tollgate-Signature`."},
        "header": {"type": "string", "enum": ["X-Tollgate-Signature"]},
    },
}

schemas["Me"] = {
    "type": "object",
    "required": [
        "id",
        "name",
        "email",
        "email_verified",
        "username",
        "telegram_id",
        "telegram_username",
        "avatar_url",
        "plan",
        "plan_name",
        "plan_expires_at",
        "token_balance",
        "token_limit",
        "rate_limit_hourly",
        "rate_limit_daily",
        "auth_methods",
        "created_at",
    ],
    "properties": {
        "id": {"type": "integer", "format": "int64"},
        "name": {"type": ["string", "null"]},
        "email": {"type": ["string", "null"]},
        "email_verified": {"type": "boolean"},
        "username": {"type": "string"},
        "telegram_id": {"type": ["integer", "null"]},
        "telegram_username": {"type": ["string", "null"]},
        "phone": {"type": ["string", "null"], "description": "The E.164 number registered with an SMS code."},
        "avatar_url": {"type": ["string", "null"]},
        "plan": {"type": "string", "enum": PLAN_CODES},
        "plan_name": {"type": ["string", "null"]},
        "plan_expires_at": TIMESTAMP_OR_NULL,
        "token_balance": {"type": "integer"},
        "token_limit": {"type": "integer", "description": "The plan's monthly allowance."},
        "rate_limit_hourly": {"type": "integer", "minimum": 0, "description": "0 = unlimited."},
        "rate_limit_daily": {"type": "integer", "minimum": 0, "description": "0 = unlimited."},
        "auth_methods": {
            "type": "object",
            "required": ["email", "telegram", "google", "phone"],
            "properties": {
                "email": {"type": "boolean", "description": "An email and password sign in."},
                "telegram": {"type": "boolean"},
                "google": {"type": "boolean"},
                "phone": {"type": "boolean", "description": "A phone number and password sign in."},
            },
        },
        "created_at": TIMESTAMP,
    },
}

# Control characters (Unicode Cc and Cf), which a display name may not contain.
CONTROL = "\\x00-\\x1f\\x7f-\\x9f\\u00ad\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb"
NAME_PATTERN = f"^[^\\s{CONTROL}]([^{CONTROL}]*[^\\s{CONTROL}])?$"

schemas["UpdateMeRequest"] = {
    "type": "object",
    "additionalProperties": False,
    "description": "Any of the fields; an unknown field is a 422.",
    "properties": {
        "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 100,
            "pattern": NAME_PATTERN,
            "description": "1 to 100 characters, no control characters.",
        },
        "username": {
            "type": ["string", "null"],
            "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$",
            "description": "3 to 32 letters, digits, `_`, `.`, `-` (stored lower-cased); null clears it. "
            "409 if another account has it.",
        },
        "avatar_url": {
            "type": ["string", "null"],
            "maxLength": 2048,
            "pattern": "^https?://[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*(:[0-9]{1,4})?(/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?$",
            "description": "An http(s) URL; null clears it.",
        },
    },
}

schemas["Settings"] = {
    "type": "object",
    "required": ["language", "image_format", "notifications_enabled", "default_image_size"],
    "properties": {
        "language": {"type": "string", "enum": ["en", "ru"]},
        "image_format": {"type": "string", "enum": ["webp", "png", "jpeg"]},
        "notifications_enabled": {"type": "boolean"},
        "default_image_size": {"type": "string", "enum": IMAGE_SIZES},
    },
}

schemas["UpdateSettingsRequest"] = {
    "type": "object",
    "additionalProperties": False,
    "description": "Any of the settings; an unknown field is a 422.",
    "properties": {
        "language": {"type": "string", "enum": ["en", "ru"]},
        "image_format": {"type": "string", "enum": ["webp", "png", "jpeg"]},
        "notifications_enabled": {"type": "boolean"},
        "default_image_size": {"type": "string", "enum": IMAGE_SIZES},
    },
    "examples": [{"language": "ru", "image_format": "png"}],
}

schemas["HistoryItem"] = {
    "type": "object",
    "required": [
        "id",
        "model_slug",
        "model_name",
        "category",
        "prompt",
        "status",
        "result_text",
        "result_url",
        "thumbnail_url",
        "error",
        "tokens_spent",
        "is_favorited",
        "user_rating",
        "created_at",
        "completed_at",
    ],
    "properties": {
        "id": {"type": "integer", "format": "int64"},
        "model_slug": {"type": "string"},
        "model_name": {"type": "string"},
        "category": {"type": "string", "enum": CATEGORIES},
        "prompt": {"type": ["string", "null"]},
        "status": {"type": "string", "enum": ["pending", "completed", "failed"]},
        "result_text": {"type": ["string", "null"]},
        "result_url": {"type": ["string", "null"], "description": "A path under /files/."},
        "thumbnail_url": {"type": ["string", "null"]},
        "error": {"type": ["string", "null"]},
        "tokens_spent": {"type": "integer", "minimum": 0},
        "is_favorited": {"type": "boolean"},
        "user_rating": {"type": ["integer", "null"], "minimum": 1, "maximum": 5},
        "created_at": TIMESTAMP,
        "completed_at": TIMESTAMP_OR_NULL,
    },
}

schemas["HistoryPage"] = {
    "type": "object",
    "required": ["items", "total", "page", "limit", "pages"],
    "properties": {
        "items": {"type": "array", "items": ref("HistoryItem")},
        "total": {"type": "integer", "minimum": 0},
        "page": {"type": "integer", "minimum": 1},
        "limit": {"type": "integer", "minimum": 1, "maximum": 100},
        "pages": {"type": "integer", "minimum": 0},
    },
}

schemas["FavoriteResult"] = {
    "type": "object",
    "required": ["id", "is_favorited"],
    "properties": {"id": {"type": "integer", "format": "int64"}, "is_favorited": {"type": "boolean"}},
}

schemas["RateRequest"] = {
    "type": "object",
    "required": ["rating"],
    "properties": {"rating": {"type": "integer", "minimum": 1, "maximum": 5}},
    "examples": [{"rating": 5}],
}

schemas["RateResult"] = {
    "type": "object",
    "required": ["id", "user_rating"],
    "properties": {
        "id": {"type": "integer", "format": "int64"},
        "user_rating": {"type": "integer", "minimum": 1, "maximum": 5},
    },
}

USAGE_TOTALS = {
    "type": "object",
    "required": ["count", "tokens"],
    "properties": {"count": {"type": "integer", "minimum": 0}, "tokens": {"type": "integer", "minimum": 0}},
}
schemas["UsageTotals"] = USAGE_TOTALS
schemas["Stats"] = {
    "type": "object",
    "required": ["total_generations", "tokens_spent_total", "breakdown", "by_category", "recent_30d"],
    "properties": {
        "total_generations": {"type": "integer", "minimum": 0},
        "tokens_spent_total": {"type": "integer", "minimum": 0},
        "breakdown": {
            "type": "object",
            "description": "Completed generations per group: text, image, video, audio (music, tts, stt), tools.",
            "required": ["text", "image", "video", "audio", "tools"],
            "properties": {g: ref("UsageTotals") for g in ["text", "image", "video", "audio", "tools"]},
        },
        "by_category": {
            "type": "object",
            "description": "Per catalog category, only those used.",
            "additionalProperties": ref("UsageTotals"),
        },
        "recent_30d": {
            "type": "object",
            "required": ["generations", "tokens_spent"],
            "properties": {
                "generations": {"type": "integer", "minimum": 0},
                "tokens_spent": {"type": "integer", "minimum": 0},
            },
        },
    },
}

schemas["KeyNameRequest"] = {
    "type": "object",
    "properties": {
        "name": {
            "type": ["string", "null"],
            "minLength": 1,
            "maxLength": 100,
            "pattern": "\\S",
            "description": "1 to 100 characters after trimming; `default` when absent.",
        }
    },
    "examples": [{"name": "laptop"}],
}

schemas["Key"] = {
    "type": "object",
    "description": "A key as listed: never the secret.",
    "required": ["id", "name", "prefix", "created_at", "last_used_at"],
    "properties": {
        "id": {"type": "integer", "format": "int64"},
        "name": {"type": "string"},
        "prefix": {"type": "string", "examples": ["nb_AbCd"]},
        "created_at": TIMESTAMP,
        "last_used_at": TIMESTAMP_OR_NULL,
    },
}

schemas["KeyList"] = {
    "type": "object",
    "required": ["keys", "count"],
    "properties": {"keys": {"type": "array", "items": ref("Key")}, "count": {"type": "integer", "minimum": 0}},
}

schemas["CreatedKey"] = {
    "type": "object",
    "description": "A new key: the only time its secret (`key`) is shown.",
    "required": ["id", "name", "key", "prefix", "created_at"],
    "properties": {
        "id": {"type": "integer", "format": "int64"},
        "name": {"type": "string"},
        "key": {"type": "string", "pattern": "^nb_[A-Za-z0-9]{45}$"},
        "prefix": {"type": "string"},
        "created_at": TIMESTAMP,
    },
}

MODEL_SUMMARY_PROPERTIES = {
    "slug": {"type": "string", "enum": SLUGS},
    "name": {"type": "string"},
    "category": {"type": "string", "enum": CATEGORIES},
    "provider": {"type": "string", "examples": ["OpenAI"]},
    "tier": {"type": "string", "enum": ["starter", "basic"]},
    "min_plan": {"type": "string", "enum": PLAN_CODES},
    "token_cost": {"type": "integer", "minimum": 0, "description": "The price with every param at its default."},
    "min_token_cost": {"type": "integer", "minimum": 0},
    "max_token_cost": {"type": "integer", "minimum": 0},
    "pricing_type": {"type": "string", "enum": ["fixed", "matrix", "per_second", "per_point", "per_minute"]},
    "supports_streaming": {"type": "boolean"},
    "mode": {"type": "string", "enum": ["sync", "async"]},
    "available": {"type": "boolean", "description": "Whether the model's provider is configured here."},
}
schemas["ModelSummary"] = {
    "type": "object",
    "required": list(MODEL_SUMMARY_PROPERTIES),
    "properties": MODEL_SUMMARY_PROPERTIES,
}

schemas["ModelList"] = {
    "type": "object",
    "required": ["models", "count"],
    "properties": {"models": {"type": "array", "items": ref("ModelSummary")}, "count": {"type": "integer"}},
}

schemas["ParamSpec"] = {
    "type": "object",
    "required": ["name", "type", "required"],
    "properties": {
        "name": {"type": "string"},
        "type": {
            "type": "string",
            "enum": ["string", "integer", "number", "boolean", "url", "string_list", "dialogue"],
        },
        "required": {"type": "boolean"},
        "description": {"type": "string"},
        "default": {},
        "values": {"type": "array"},
        "min": {"type": "number"},
        "max": {"type": "number"},
        "max_length": {"type": "integer"},
        "max_items": {"type": "integer"},
        "examples": {"type": "array", "items": {"type": "string"}},
        "synonyms": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "Other names taken for some values (`standard` → `medium`).",
        },
        "upstream_values": {
            "type": "array",
            "description": "The values the model's provider makes itself; the others are converted from the first "
            "of these (an image `format`, with ffmpeg). A server without ffmpeg lists only these as `values`.",
        },
    },
}

schemas["ModelDetail"] = {
    "type": "object",
    "required": list(MODEL_SUMMARY_PROPERTIES) + ["description_en", "config"],
    "properties": dict(
        MODEL_SUMMARY_PROPERTIES,
        description_en={"type": "string"},
        config={
            "type": "object",
            "description": "The allowed params, their defaults, the price rule, and the value lists of the "
            "Elumenta docs where they apply (`sizes`, `formats`, `quality_options`, `styles`, `voices`, "
            "`durations`, `aspect_ratios`, `resolutions`).",
            "required": ["params", "defaults", "pricing"],
            "properties": {
                "params": {"type": "array", "items": ref("ParamSpec")},
                "defaults": {"type": "object"},
                "pricing": {
                    "type": "object",
                    "required": ["type"],
                    "properties": {"type": {"type": "string", "enum": ["fixed", "matrix", "per_minute"]}},
                },
                "max_source_seconds": {"type": "integer"},
            },
        },
    ),
}

schemas["PriceRequest"] = {
    "type": "object",
    "properties": {
        "params": {
            "type": ["object", "null"],
            "description": "The model's params (as in `POST /generate`); checked like there.",
        },
        "count": {"type": ["integer", "null"], "minimum": 1, "maximum": 10, "default": 1},
    },
    "examples": [{"params": {"size": "1792x1024", "quality": "hd"}, "count": 1}],
}

schemas["PriceQuote"] = {
    "type": "object",
    "required": ["model", "token_cost", "min_token_cost", "max_token_cost", "pricing_type"],
    "properties": {
        "model": {"type": "string", "enum": SLUGS},
        "token_cost": {"type": "integer", "minimum": 0},
        "min_token_cost": {"type": "integer", "minimum": 0},
        "max_token_cost": {"type": "integer", "minimum": 0},
        "pricing_type": {"type": "string", "enum": ["fixed", "matrix", "per_second", "per_point", "per_minute"]},
    },
    "examples": [{"max_token_cost": 13, "min_token_cost": 5, "model": "dall-e-3", "pricing_type": "matrix", "token_cost": 13}],
}

schemas["Product"] = {
    "type": "object",
    "required": ["id", "kind", "name", "tokens", "price_rub", "price_stars"],
    "properties": {
        "id": {"type": "string", "enum": PRODUCTS},
        "kind": {"type": "string", "enum": ["plan", "package"]},
        "name": {"type": "string"},
        "tokens": {"type": "integer"},
        "price_rub": {"type": "integer"},
        "price_stars": {"type": "integer"},
    },
}
schemas["ProductList"] = {
    "type": "object",
    "required": ["products"],
    "properties": {"products": {"type": "array", "items": ref("Product")}},
}

schemas["CheckoutRequest"] = {
    "type": "object",
    "required": ["product", "provider"],
    "properties": {
        "product": {"type": "string", "enum": PRODUCTS},
        "provider": {"type": "string", "enum": ["yookassa", "stars"]},
        "return_url": {
            "type": ["string", "null"],
            "pattern": "^https?://",
            "description": "YooKassa: where the user comes back to.",
        },
        "save_payment_method": {
            "type": ["boolean", "null"],
            "description": "Opt in to renewal: plans paid with YooKassa only (else 422).",
        },
    },
    "if": {"properties": {"save_payment_method": {"const": True}}, "required": ["save_payment_method"]},
    "then": {"properties": {"provider": {"const": "yookassa"}, "product": {"enum": PLAN_PRODUCTS}}},
    "examples": [{"product": "package:light", "provider": "yookassa"}],
}

schemas["Payment"] = {
    "type": "object",
    "description": "`amount_rub` and `confirmation_url` (YooKassa) or `amount_stars` and `invoice_link` (Stars).",
    "required": ["id", "provider", "product", "status", "tokens", "created_at", "paid_at"],
    "properties": {
        "id": {"type": "integer", "format": "int64"},
        "provider": {"type": "string", "enum": ["yookassa", "stars"]},
        "product": {"type": "string"},
        "status": {"type": "string", "enum": ["pending", "succeeded", "canceled", "refunded"]},
        "tokens": {"type": "integer"},
        "amount_rub": {"type": "integer"},
        "amount_stars": {"type": "integer"},
        "confirmation_url": {"type": ["string", "null"]},
        "invoice_link": {"type": ["string", "null"]},
        "cancellation_reason": {"type": "string"},
        "created_at": TIMESTAMP,
        "paid_at": TIMESTAMP_OR_NULL,
    },
}
schemas["PaymentEnvelope"] = {
    "type": "object",
    "required": ["payment"],
    "properties": {"payment": ref("Payment")},
}
schemas["PaymentList"] = {
    "type": "object",
    "required": ["payments"],
    "properties": {"payments": {"type": "array", "items": ref("Payment")}},
}
schemas["RenewalRequest"] = {
    "type": "object",
    "required": ["enabled"],
    "properties": {"enabled": {"type": "boolean"}},
}
schemas["Renewal"] = {
    "type": "object",
    "required": ["renewal"],
    "properties": {
        "renewal": {
            "type": "object",
            "required": ["enabled", "product"],
            "properties": {"enabled": {"type": "boolean"}, "product": {"type": ["string", "null"]}},
        }
    },
}
schemas["Empty"] = {"type": "object", "description": "An empty object."}

schemas["HealthStatus"] = {
    "type": "object",
    "required": ["status"],
    "properties": {"status": {"type": "string"}},
}

# --- Auth requests -------------------------------------------------------------------------------------------

# No `format: email`: validators' notions of it differ from each other and from the server; the pattern is exact.
EMAIL = {
    "type": "string",
    "maxLength": 254,
    # The server's rule (AccountService.normalizedEmail): an RFC 5322 dot-atom in ASCII, then a DNS name of two or
    # more labels ending in letters (or punycode); case does not matter, surrounding spaces are trimmed.
    "pattern": (
        "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
        "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+([A-Za-z]{2,63}|[Xx][Nn]--([A-Za-z0-9-]{0,57}[A-Za-z0-9]))$"
    ),
}
# 8 characters and at most 72 bytes of UTF-8: 18 characters always fit, printable ASCII up to 72.
PASSWORD = {
    "type": "string",
    "minLength": 8,
    "maxLength": 72,
    "pattern": "^[\\x20-\\x7e]*$",
    "description": "At least 8 characters, at most 72 bytes of UTF-8.",
}
schemas["RegisterRequest"] = {
    "type": "object",
    "required": ["email", "password"],
    "properties": {
        "email": EMAIL,
        "password": PASSWORD,
        "username": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$"},
    },
    "examples": [{"email": "you@example.com", "password": "correct horse battery"}],
}
schemas["LoginRequest"] = {
    "type": "object",
    "required": ["email", "password"],
    "properties": {"email": {"type": "string"}, "password": {"type": "string"}},
}
schemas["TokenRequest"] = {
    "type": "object",
    "required": ["token"],
    "properties": {"token": {"type": "string", "description": "From the emailed link."}},
}
schemas["EmailRequest"] = {"type": "object", "required": ["email"], "properties": {"email": EMAIL}}
schemas["ResetPasswordRequest"] = {
    "type": "object",
    "required": ["token", "new_password"],
    "properties": {"token": {"type": "string"}, "new_password": PASSWORD},
}
PHONE = {
    "type": "string",
    "pattern": "^\\+[1-9][0-9 ().-]{7,30}$",
    "description": "E.164 (`+79991234567`); spaces, dashes, dots and parentheses between digits are ignored.",
    "examples": ["+79991234567"],
}
schemas["GoogleLoginRequest"] = {
    "type": "object",
    "description": "Either the ID token Google gave the client (Google Identity Services), or an authorization "
    "code with the redirect URI it was issued for (the server exchanges it with its client secret).",
    "properties": {
        "id_token": {"type": "string", "minLength": 1, "description": "A Google ID token (a JWT) whose audience "
                     "is this server's client id."},
        "code": {"type": "string", "minLength": 1},
        "redirect_uri": {"type": "string", "maxLength": 2048, "pattern": "^https?://[!-~]+$"},
    },
    "oneOf": [
        {"required": ["id_token"], "not": {"required": ["code"]}},
        {"required": ["code", "redirect_uri"], "not": {"required": ["id_token"]}},
    ],
    "examples": [{"id_token": "eyJhbGciOiJSUzI1NiIsImtpZCI6Ij..."}, {"code": "4/0Ab...", "redirect_uri":
                                                                    "https://app.example/callback"}],
}
schemas["PhoneRequest"] = {"type": "object", "required": ["phone"], "properties": {"phone": PHONE}}
schemas["PhoneCodeSent"] = {
    "type": "object",
    "required": ["message", "expires_in", "resend_in"],
    "properties": {
        "message": {"type": "string"},
        "expires_in": {"type": "integer", "description": "Seconds the code lives."},
        "resend_in": {"type": "integer", "description": "Seconds before another code may be asked for."},
    },
}
schemas["PhoneRegisterRequest"] = {
    "type": "object",
    "required": ["phone", "code", "password"],
    "properties": {
        "phone": PHONE,
        "code": {"type": "string", "pattern": "^[0-9]{6}$", "description": "The code sent by SMS."},
        "password": PASSWORD,
        "username": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$"},
    },
}
schemas["PhoneLoginRequest"] = {
    "type": "object",
    "required": ["phone", "password"],
    "properties": {"phone": {"type": "string"}, "password": {"type": "string"}},
}
schemas["RefreshRequest"] = {
    "type": "object",
    "description": "The refresh token; without a body (or without `refresh_token`), the `refresh_token` cookie "
    "is used.",
    "properties": {"refresh_token": {"type": ["string", "null"]}},
}
schemas["TelegramLoginRequest"] = {
    "type": "object",
    "description": "The Telegram Login Widget's payload, as the widget hands it over (checked with HMAC-SHA256 "
    "keyed by the bot token).",
    "required": ["id", "first_name", "auth_date", "hash"],
    "properties": {
        "id": {"type": "integer", "format": "int64", "minimum": 1, "maximum": 9007199254740991},
        "first_name": {"type": "string"},
        "last_name": {"type": "string"},
        "username": {"type": "string"},
        "photo_url": {"type": "string"},
        "auth_date": {
            "type": "integer",
            "format": "int64",
            "minimum": -9007199254740991,
            "maximum": 9007199254740991,
            "description": "Unix seconds.",
        },
        "hash": {"type": "string"},
    },
}

# --- Generation requests -------------------------------------------------------------------------------------


def text_part():
    return {
        "type": "object",
        "required": ["type", "text"],
        "properties": {"type": {"type": "string", "enum": ["text"]}, "text": {"type": "string"}},
    }


def image_part():
    return {
        "type": "object",
        "required": ["type", "image_url"],
        "properties": {
            "type": {"type": "string", "enum": ["image_url"]},
            "image_url": {
                "type": "object",
                "required": ["url"],
                "properties": {
                    "url": {
                        "type": "string",
                        "pattern": (
                            "^(https?://[!-~]+|data:image/(png|jpeg|gif|webp);base64,"
                            "([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==))$"
                        ),
                        "description": "An http(s) URL or a base64 `data:image/…` URL.",
                    }
                },
            },
        },
    }


schemas["ChatMessage"] = {
    "type": "object",
    "description": "An OpenAI-shaped message: content is a string or text parts.",
    "required": ["role", "content"],
    "properties": {
        "role": {"type": "string", "enum": ["system", "user", "assistant"]},
        "content": {"anyOf": [{"type": "string"}, {"type": "array", "items": text_part()}]},
    },
}
schemas["VisionChatMessage"] = {
    "type": "object",
    "description": "An OpenAI-shaped message for a vision model: content is a string, or text and image parts.",
    "required": ["role", "content"],
    "properties": {
        "role": {"type": "string", "enum": ["system", "user", "assistant"]},
        "content": {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"anyOf": [text_part(), image_part()]}}]
        },
    },
}

CALLBACK_URL = {
    "type": ["string", "null"],
    "format": "uri",
    "maxLength": 2048,
    "pattern": "^https?://[A-Za-z0-9][A-Za-z0-9.-]*" + URL_TAIL,
    "description": "[ext] Where the final generation object is POSTed, signed with `X-Tollgate-Signature` "
    "(SPEC §7)." + URL_NOTE,
}


def generate_variant(models, *, stream_only=False):
    model = models[0]
    slugs = [m["slug"] for m in models]
    category = model["category"]
    properties = {"model": {"type": "string", "enum": slugs}}
    required = ["model"]
    extra = {}
    if category == "text":
        message = ref("VisionChatMessage" if model.get("vision") else "ChatMessage")
        properties["prompt"] = {"type": ["string", "null"], "description": "Sent as the last user message."}
        properties["messages"] = {
            "type": ["array", "null"],
            "maxItems": 1000,
            "items": message,
            "description": "An OpenAI-shaped conversation (before `prompt`, if both are given).",
        }
        properties["system"] = {"type": ["string", "null"], "description": "A system message put first."}
        properties["params"] = params_object(model)
        properties["stream"] = {
            "type": ["boolean", "null"],
            "description": "true: the answer is server-sent events (SPEC §6).",
        }
        # A user message is needed: a non-empty prompt, else messages with a user message. (if/else rather
        # than anyOf: client generators read an object's anyOf as a union of types.)
        extra["if"] = {"required": ["prompt"], "properties": {"prompt": {"type": "string", "minLength": 1}}}
        extra["else"] = {
            "required": ["messages"],
            "properties": {
                "messages": {
                    "type": "array",
                    "contains": {"type": "object", "properties": {"role": {"type": "string", "const": "user"}}},
                }
            },
        }
    else:
        needs_prompt = category in PROMPT_CATEGORIES or model["slug"] in PROMPT_SLUGS
        text_spec = next((p for p in model["params"] if p["name"] == "text"), None)
        prompt = {"type": "string", "minLength": 1, "pattern": "\\S"}
        if text_spec:
            prompt["maxLength"] = text_spec["max_length"]
            prompt["description"] = "The text to speak when `params.text` is absent."
        else:
            prompt["description"] = "What to make."
        properties["prompt"] = prompt
        properties["params"] = params_object(model)
        properties["stream"] = {"type": "boolean", "enum": [False], "description": "Only text models stream."}
        if needs_prompt:
            required.append("prompt")
        if text_spec:
            properties["params"]["required"] = [r for r in properties["params"].get("required", []) if r != "text"]
            if not properties["params"]["required"]:
                del properties["params"]["required"]
            extra["if"] = {"required": ["prompt"]}
            extra["else"] = {"required": ["params"], "properties": {"params": {"required": ["text"]}}}
    required_params = properties["params"].get("required")
    if required_params:
        required.append("params")
    properties["callback_url"] = CALLBACK_URL
    schema = {
        "type": "object",
        "title": f"{camel(slugs[0])}Request",
        "description": f"{category} — {', '.join(slugs)}"
        + (" (mode async: answers `pending`)" if model["mode"] == "async" else ""),
        "required": required,
        "additionalProperties": False,
        "properties": properties,
    }
    schema.update(extra)
    return schema


generate_refs = []
stream_refs = []
for group in model_groups(set(CATEGORIES) - {"stt"}):
    name = f"Generate{camel(group[0]['slug'])}"
    schemas[name] = generate_variant(group)
    generate_refs.append(ref(name))
    if group[0]["category"] == "text":
        stream_refs.append(ref(name))

schemas["GenerateRequest"] = {
    "description": "`model` picks the variant; each model's `params` are listed with their allowed values "
    "(also at `GET /api/v2/models/{slug}`). Options may also be given at the top level instead of in `params` "
    "(the same key in both places with different values is a 422). Speech-to-text models take an upload: "
    "`POST /api/v2/stt`.",
    "oneOf": generate_refs,
    "examples": [{"model": "gpt-5-nano", "prompt": "Write a haiku about tollgates"}],
}
schemas["GenerateStreamRequest"] = {
    "description": "As `POST /generate`, text models only (422 for any other); always streams.",
    "oneOf": stream_refs,
    "examples": [{"model": "claude-haiku-4.5", "prompt": "Count to five"}],
}

schemas["SttRequest"] = {
    "type": "object",
    "required": ["audio"],
    "properties": {
        "audio": {
            "type": "string",
            "format": "binary",
            "minLength": 1,
            "description": "mp3, mp4, mpeg, mpga, wav, m4a, ogg, oga, flac or webm (by file name, else an "
            "audio/* or video/* part type); 25 MB at most (413). (`file` is accepted as its name too.)",
        },
        "model": {"type": "string", "enum": STT_SLUGS, "default": "whisper"},
        "language": {"type": "string", "maxLength": 8, "description": "ISO-639-1 code, e.g. `en`."},
        "diarize": {
            "type": "string",
            "enum": ["false", "0"],
            "description": "`true` (or `1`) asks for speaker labels: elevenlabs-scribe only, a 422 with any other "
            "model.",
        },
    },
}
STT_ENCODING = {
    "audio": {"contentType": "audio/mpeg, audio/wav, audio/ogg, audio/flac, audio/webm, audio/mp4, video/mp4"}
}

# --- Compatible surfaces ---------------------------------------------------------------------------------------
# These surfaces drop the options a model does not take (SDKs send them regardless) and check the others: one
# request variant per group of text models with the same options, declaring exactly the ones checked.


def option(spec):
    """A checked option: the catalog param's schema, or null (treated as absent)."""
    return with_null(param_schema(spec))


def with_null(schema):
    if "anyOf" in schema:
        return dict(schema, anyOf=schema["anyOf"] + [{"type": "null"}])
    return nullable(schema)


LAX_STREAM = {"description": "`true` streams (server-sent events); any other value, or none, does not."}
LAX_N = {
    "description": "Only 1 is supported: another integer is a 422 (a non-integer is ignored).",
    "not": {"type": "integer", "not": {"const": 1}},
}
USER_MESSAGE = {"type": "object", "properties": {"role": {"const": "user"}}}

chat_variants = []
for group in model_groups({"text"}):
    model = group[0]
    slugs = [m["slug"] for m in group]
    names = {p["name"]: p for p in model["params"]}
    properties = {
        "model": {"type": "string", "enum": slugs},
        "messages": {
            "type": "array",
            "maxItems": 1000,
            "items": ref("VisionChatMessage" if model.get("vision") else "ChatMessage"),
            "contains": USER_MESSAGE,
        },
        "stream": LAX_STREAM,
        "stream_options": {
            "description": "`{include_usage: true}` adds a last chunk with `usage`.",
            "properties": {"include_usage": {}},
        },
        "n": LAX_N,
    }
    for key, param in [
        ("temperature", "temperature"),
        ("top_p", "top_p"),
        ("stop", "stop"),
        ("frequency_penalty", "frequency_penalty"),
        ("presence_penalty", "presence_penalty"),
        ("reasoning_effort", "reasoning_effort"),
        ("verbosity", "verbosity"),
        ("max_completion_tokens", "max_tokens"),
    ]:
        if param in names:
            properties[key] = option(names[param])
    # `max_tokens` is read (and checked) only without `max_completion_tokens`.
    properties["max_tokens"] = {"description": "Read only when `max_completion_tokens` is absent."}
    name = f"ChatRequest{camel(slugs[0])}"
    schemas[name] = {
        "type": "object",
        "title": name,
        "description": f"{', '.join(slugs)}: the options declared here are checked; others are ignored.",
        "required": ["model", "messages"],
        "properties": properties,
        "if": {"required": ["max_completion_tokens"]},
        "else": {"properties": {"max_tokens": option(names["max_tokens"])}},
    }
    chat_variants.append(ref(name))
schemas["ChatCompletionRequest"] = {
    "description": "OpenAI's chat completion request; `model` is a Tollgate text model. Options a model does not "
    "take are left out, those it takes are checked against the catalog.",
    "oneOf": chat_variants,
    "examples": [{"model": "gpt-5-nano", "messages": [{"role": "user", "content": "Hello"}]}],
}

schemas["ChatCompletion"] = {
    "type": "object",
    "required": ["id", "object", "created", "model", "choices", "usage"],
    "properties": {
        "id": {"type": "string", "examples": ["chatcmpl-1"]},
        "object": {"type": "string", "enum": ["chat.completion"]},
        "created": {"type": "integer"},
        "model": {"type": "string"},
        "choices": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["index", "message", "finish_reason"],
                "properties": {
                    "index": {"type": "integer"},
                    "message": {
                        "type": "object",
                        "required": ["role", "content"],
                        "properties": {"role": {"type": "string"}, "content": {"type": "string"}},
                    },
                    "finish_reason": {"type": "string"},
                    "logprobs": {"type": "null"},
                },
            },
        },
        "usage": {
            "type": "object",
            "required": ["prompt_tokens", "completion_tokens", "total_tokens"],
            "properties": {
                "prompt_tokens": {"type": "integer"},
                "completion_tokens": {"type": "integer"},
                "total_tokens": {"type": "integer"},
            },
        },
    },
}

schemas["OpenAIModelList"] = {
    "type": "object",
    "required": ["object", "data"],
    "properties": {
        "object": {"type": "string", "enum": ["list"]},
        "data": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "object", "created", "owned_by"],
                "properties": {
                    "id": {"type": "string", "enum": SLUGS},
                    "object": {"type": "string", "enum": ["model"]},
                    "created": {"type": "integer"},
                    "owned_by": {"type": "string"},
                },
            },
        },
    },
}

# OpenAI's image option name → the catalog param it sets (when the model takes it; else it is ignored).
IMAGE_OPTIONS = {
    "size": "size",
    "quality": "quality",
    "style": "style",
    "seed": "seed",
    "negative_prompt": "negative_prompt",
    "aspect_ratio": "aspect_ratio",
    "output_format": "format",
}
IMAGE_ALIASES = {"gpt-image-1": "gpt-image-1.5"}
image_variants = []
for slug in IMAGE_SLUGS:
    model = BY_SLUG[slug]
    names = {p["name"]: p for p in model["params"]}
    properties = {
        "model": {"type": "string", "enum": [slug] + [a for a, s in IMAGE_ALIASES.items() if s == slug]},
        "prompt": {"type": "string", "minLength": 1, "pattern": "\\S"},
        "n": LAX_N,
        "response_format": {"description": "`b64_json` answers the image inline; anything else, a `url`."},
    }
    for key, param in IMAGE_OPTIONS.items():
        if param in names:
            properties[key] = option(names[param])
    name = f"ImageRequest{camel(slug)}"
    schemas[name] = {
        "type": "object",
        "title": name,
        "required": ["prompt"] if slug == "dall-e-3" else ["model", "prompt"],
        "properties": properties,
    }
    image_variants.append(ref(name))
schemas["ImageGenerationRequest"] = {
    "description": "OpenAI's image request; `model` defaults to dall-e-3 (`gpt-image-1` names gpt-image-1.5). "
    "An asynchronous model is waited for. `output_format` sets the model's `format`.",
    "oneOf": image_variants,
    "examples": [{"model": "dall-e-3", "prompt": "a red fox in snow", "size": "1024x1024"}],
}
schemas["ImagesResponse"] = {
    "type": "object",
    "required": ["created", "data"],
    "properties": {
        "created": {"type": "integer"},
        "data": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"url": {"type": "string"}, "b64_json": {"type": "string"}},
            },
        },
    },
}

TTS_ALIASES = {"tts-1": "openai-tts", "tts-1-hd": "openai-tts-hd"}
speech_variants = []
for group in model_groups({"tts"}):
    slugs = [m["slug"] for m in group]
    model = group[0]
    names = {p["name"]: p for p in model["params"]}
    properties = {
        "model": {"type": "string", "enum": slugs + [a for a, s in TTS_ALIASES.items() if s in slugs]},
        "input": {"type": "string", "minLength": 1, "maxLength": names["text"]["max_length"]},
        "voice": option(names["voice_id"]),
        "response_format": option(names["format"]),
    }
    if "speed" in names:
        properties["speed"] = option(names["speed"])
    if "instructions" in names:
        properties["instructions"] = option(names["instructions"])
    name = f"SpeechRequest{camel(slugs[0])}"
    schemas[name] = {
        "type": "object",
        "title": name,
        "required": ["input"] if "openai-tts" in slugs else ["model", "input"],
        "properties": properties,
    }
    speech_variants.append(ref(name))
schemas["SpeechRequest"] = {
    "description": "OpenAI's speech request; `model` defaults to openai-tts (`tts-1`, `tts-1-hd` are aliases). "
    "`voice` and `response_format` take the model's own values.",
    "oneOf": speech_variants,
    "examples": [{"model": "openai-tts", "input": "Hello from Tollgate", "voice": "alloy"}],
}

schemas["TranscriptionRequest"] = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary", "minLength": 1, "description": "The audio; 25 MB at most (413)."},
        "model": {"type": "string", "enum": STT_SLUGS + ["whisper-1"], "default": "whisper"},
        "language": {"type": "string", "maxLength": 8},
        "response_format": {"type": "string", "description": "`text` answers plain text; anything else, JSON."},
    },
}
TRANSCRIPTION_ENCODING = {"file": {"contentType": "audio/mpeg, audio/wav, audio/ogg, audio/flac, audio/webm"}}
schemas["Transcription"] = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}

ANTHROPIC_BLOCK = {
    "type": "object",
    "required": ["type"],
    "properties": {
        "type": {"type": "string", "enum": ["text"]},
        "text": {"description": "The text (a missing or non-string one reads as empty)."},
    },
}
ANTHROPIC_IMAGE_BLOCK = {
    "type": "object",
    "required": ["type", "source"],
    "properties": {
        "type": {"type": "string", "enum": ["image"]},
        "source": {
            "type": "object",
            "required": ["type", "url"],
            "properties": {
                "type": {"type": "string", "enum": ["url"]},
                "url": {"type": "string", "pattern": "^https?://[!-~]+$"},
            },
        },
    },
}
anthropic_variants = []
for group in model_groups({"text"}):
    model = group[0]
    slugs = [m["slug"] for m in group]
    names = {p["name"]: p for p in model["params"]}
    blocks = {"anyOf": [ANTHROPIC_BLOCK, ANTHROPIC_IMAGE_BLOCK]} if model.get("vision") else ANTHROPIC_BLOCK
    properties = {
        "model": {"type": "string", "enum": slugs},
        "messages": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["role", "content"],
                "properties": {
                    "role": {"type": "string", "enum": ["user", "assistant"]},
                    "content": {"anyOf": [{"type": "string"}, {"type": "array", "items": blocks}]},
                },
            },
            "contains": USER_MESSAGE,
        },
        "system": {"anyOf": [{"type": "string"}, {"type": "array", "items": ANTHROPIC_BLOCK}, {"type": "null"}]},
        "stream": LAX_STREAM,
    }
    for key, param in [
        ("max_tokens", "max_tokens"),
        ("temperature", "temperature"),
        ("top_p", "top_p"),
        ("top_k", "top_k"),
        ("stop_sequences", "stop"),
    ]:
        if param in names:
            properties[key] = option(names[param])
    name = f"MessagesRequest{camel(slugs[0])}"
    schemas[name] = {
        "type": "object",
        "title": name,
        "description": f"{', '.join(slugs)}: the options declared here are checked; others are ignored.",
        "required": ["model", "messages"],
        "properties": properties,
    }
    anthropic_variants.append(ref(name))
schemas["AnthropicMessagesRequest"] = {
    "description": "Anthropic's Messages request; `model` is a Tollgate text model. Options a model does not take "
    "are left out, those it takes are checked against the catalog.",
    "oneOf": anthropic_variants,
    "examples": [
        {"model": "claude-haiku-4.5", "max_tokens": 256, "messages": [{"role": "user", "content": "Hello"}]}
    ],
}

schemas["AnthropicMessage"] = {
    "type": "object",
    "required": ["id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage"],
    "properties": {
        "id": {"type": "string", "examples": ["msg_1"]},
        "type": {"type": "string", "enum": ["message"]},
        "role": {"type": "string", "enum": ["assistant"]},
        "model": {"type": "string"},
        "content": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "text"],
                "properties": {"type": {"type": "string"}, "text": {"type": "string"}},
            },
        },
        "stop_reason": {"type": ["string", "null"]},
        "stop_sequence": {"type": ["string", "null"]},
        "usage": {
            "type": "object",
            "required": ["input_tokens", "output_tokens"],
            "properties": {"input_tokens": {"type": "integer"}, "output_tokens": {"type": "integer"}},
        },
    },
}


# --- Server-sent events ----------------------------------------------------------------------------------------
# OpenAPI 3.1 has a text/event-stream `schema` describe one event: `{event, data, id?, retry?}`; `data` holds
# JSON (its `contentSchema`) or the closing `[DONE]`.


def sse_event(data_schema, *, events=None, done=True):
    data = {"type": "string", "contentMediaType": "application/json", "contentSchema": data_schema}
    if done:
        data = {"anyOf": [{"type": "string", "const": "[DONE]"}, data]}
    return {
        "type": "object",
        "required": ["event", "data"],
        "properties": {
            "event": {"type": "string", "enum": events or ["message"]},
            "data": data,
            "id": {"type": "string"},
            "retry": {"type": "integer"},
        },
    }


schemas["StreamEvent"] = {
    "description": "The JSON of one event of a native stream (SPEC §6); the stream ends with `data: [DONE]`.",
    "oneOf": [
        {
            "type": "object",
            "title": "GenerationStart",
            "required": ["type", "id", "model"],
            "properties": {
                "type": {"const": "generation_start"},
                "id": {"type": "integer"},
                "model": {"type": "string"},
            },
        },
        {
            "type": "object",
            "title": "ContentDelta",
            "required": ["type", "delta"],
            "properties": {"type": {"const": "content_delta"}, "delta": {"type": "string"}},
        },
        {
            "type": "object",
            "title": "GenerationEnd",
            "required": ["type", "id", "tokens_spent", "tokens_used", "balance_remaining"],
            "properties": {
                "type": {"const": "generation_end"},
                "id": {"type": "integer"},
                "tokens_spent": {"type": "integer"},
                "tokens_used": {"type": "integer"},
                "balance_remaining": {"type": "integer"},
            },
        },
        {
            "type": "object",
            "title": "StreamError",
            "required": ["type", "code", "message"],
            "properties": {
                "type": {"const": "error"},
                "id": {"type": "integer"},
                "code": {"type": "string", "enum": ERROR_CODES},
                "message": {"type": "string"},
            },
        },
    ],
}
schemas["ChatChunk"] = {
            "type": "object",
            "required": ["id", "object", "created", "model", "choices"],
            "properties": {
                "id": {"type": "string"},
                "object": {"const": "chat.completion.chunk"},
                "created": {"type": "integer"},
                "model": {"type": "string"},
                "choices": {"type": "array"},
                "usage": {"type": "object"},
            },
}
schemas["ChatCompletionChunk"] = {
    "description": "One event of an OpenAI stream: a `chat.completion.chunk`, or an error object.",
    "anyOf": [ref("ChatChunk"), ref("OpenAIError")],
}
schemas["AnthropicStreamEvent"] = {
    "type": "object",
    "description": "One event of an Anthropic stream (its `type` repeats the event's name).",
    "required": ["type"],
    "properties": {
        "type": {
            "type": "string",
            "enum": [
                "message_start",
                "content_block_start",
                "content_block_delta",
                "content_block_stop",
                "message_delta",
                "message_stop",
                "ping",
                "error",
            ],
        }
    },
}
NATIVE_SSE = sse_event(ref("StreamEvent"))
OPENAI_SSE = sse_event(ref("ChatCompletionChunk"))
ANTHROPIC_SSE = sse_event(
    ref("AnthropicStreamEvent"),
    events=schemas["AnthropicStreamEvent"]["properties"]["type"]["enum"],
    done=False,
)

schemas["YooKassaNotification"] = {
    "type": "object",
    "description": "YooKassa's notification: only `event` and `object.id` are read, and the payment is then read "
    "back from YooKassa (the body is never trusted).",
    "required": ["event", "object"],
    "properties": {
        "type": {"type": ["string", "null"], "examples": ["notification"]},
        "event": {"type": "string", "minLength": 1, "examples": ["payment.succeeded"]},
        "object": {
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}},
        },
    },
}

# ---------------------------------------------------------------------------------------------------------------
# Headers, parameters, responses
# ---------------------------------------------------------------------------------------------------------------

headers = {
    "X-Request-Id": {
        "description": "The request's id (a well-formed incoming `X-Request-Id` is kept); also in the logs.",
        "required": True,
        "schema": {"type": "string", "pattern": "^[A-Za-z0-9._:-]{1,128}$"},
    },
    "Retry-After": {
        "description": "Seconds until the window resets.",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
    },
    "Idempotent-Replayed": {
        "description": "`true` on the first answer to an `Idempotency-Key`, replayed.",
        "schema": {"type": "string", "enum": ["true"]},
    },
}
RATE_HEADERS = {
    "X-RateLimit-Limit-Hour": "Generations allowed this clock hour (0 = unlimited).",
    "X-RateLimit-Remaining-Hour": "Left this hour (2147483647 when unlimited).",
    "X-RateLimit-Limit-Day": "Generations allowed this UTC day (0 = unlimited).",
    "X-RateLimit-Remaining-Day": "Left today (2147483647 when unlimited).",
    "X-RateLimit-Reset-Hour": "When the hour window resets, unix seconds.",
}
for name, text in RATE_HEADERS.items():
    headers[name] = {"description": text, "required": True, "schema": {"type": "integer", "minimum": 0}}
    headers[name + "-Optional"] = {
        "description": text + " Present when the request was authenticated.",
        "schema": {"type": "integer", "minimum": 0},
    }


def header_set(*, rate=None, retry=False, replay=False):
    """`rate`: "required" (authenticated 2xx), "optional" (errors, optional auth) or None."""
    out = {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}
    if rate:
        suffix = "" if rate == "required" else "-Optional"
        for name in RATE_HEADERS:
            out[name] = {"$ref": f"#/components/headers/{name}{suffix}"}
    if retry:
        out["Retry-After"] = {"$ref": "#/components/headers/Retry-After"}
    if replay:
        out["Idempotent-Replayed"] = {"$ref": "#/components/headers/Idempotent-Replayed"}
    return out


def json_content(schema, example=None):
    media = {"schema": schema}
    if example is not None:
        media["example"] = example
    return {"application/json": media}


ERROR_TEXT = {
    400: "Malformed JSON, wrong content type, a missing required field (`bad_request`).",
    401: "No credentials, an unknown or revoked key, a bad token (`not_authenticated`), an expired access "
    "token (`token_expired`).",
    402: "The available balance is below the price (`insufficient_tokens`; `details.required`, "
    "`details.available`).",
    403: "The key's plan has no API access, or the plan does not reach the model's tier (`insufficient_plan`, "
    "`details.required_plan`); a blocked account (`account_blocked`); a cookie-signed request without "
    "`X-CSRF-Token` (`csrf_failed`).",
    404: "Not found (`not_found`).",
    409: "Conflict (`conflict`).",
    410: "The file outlived its owner's plan retention and was deleted (`gone`).",
    413: "The body or upload is over the limit (`payload_too_large`, `details.limit_bytes`).",
    422: "A field has a bad value (`validation_error`; `details.fields` maps each bad field to its reason).",
    429: "Rate limited (`rate_limit_exceeded`).",
    500: "The provider failed a synchronous generation, not billed (`provider_error`, "
    "`details.generation_id`); or an internal error (`internal_error`).",
    502: "The payment provider refused or failed (`payment_provider_error`).",
    503: "The model is switched off, its provider is not configured, or every route is down "
    "(`model_unavailable`).",
    504: "The provider did not answer in time, not billed (`provider_timeout`, `details.generation_id`).",
}

ERROR_EXAMPLES = {
    400: {"error": "bad_request", "message": "Missing required field 'model'.", "details": {}},
    401: {"error": "not_authenticated", "message": "Missing or invalid credentials.", "details": {}},
    402: {
        "error": "insufficient_tokens",
        "message": "This request costs 9 tokens but only 3 are available.",
        "details": {"required": 9, "available": 3},
    },
    403: {
        "error": "insufficient_plan",
        "message": "Your plan does not include API access.",
        "details": {"required_plan": "vip"},
    },
    404: {"error": "not_found", "message": "No such generation.", "details": {}},
    422: {
        "error": "validation_error",
        "message": "Invalid value for: params.size.",
        "details": {"fields": {"params.size": "must be one of 1024x1024, 1024x1792, 1792x1024"}},
    },
    429: {
        "error": "rate_limit_exceeded",
        "message": "The hourly generation limit of the vip plan is reached; retry in 1200 s.",
        "details": {"window": "hour"},
        "retry_after": 1200,
        "plan": "vip",
        "limit_hour": 100,
        "limit_day": 1000,
    },
    500: {
        "error": "provider_error",
        "message": "Provider error: the provider rejected the request.",
        "details": {"generation_id": 18473},
    },
    503: {"error": "model_unavailable", "message": "Model sora-2 is not available on this server right now.", "details": {}},
    504: {
        "error": "provider_timeout",
        "message": "The provider did not answer in time.",
        "details": {"generation_id": 18474},
    },
}


def error_response(status, *, shape="native", rate="optional", text=None):
    schema = {"native": ref("Error"), "openai": ref("OpenAIError"), "anthropic": ref("AnthropicError")}[shape]
    if status == 429 and shape == "native":
        schema = ref("RateLimitError")
    example = ERROR_EXAMPLES.get(status) if shape == "native" and text is None else None
    return {
        "description": text or ERROR_TEXT[status],
        "headers": header_set(rate=rate if status != 401 else None, retry=status == 429),
        "content": json_content(schema, example),
    }


responses = {}


def errors(statuses, *, shape="native", rate="optional", texts=None):
    """Error answers: shared ones from components/responses, those with an operation's own text inline."""
    texts = texts or {}
    out = {}
    for status in statuses:
        if status in texts:
            out[str(status)] = error_response(status, shape=shape, rate=rate, text=texts[status])
            continue
        name = {"native": "", "openai": "OpenAI", "anthropic": "Anthropic"}[shape] + f"Error{status}"
        if rate is None:
            name += "Open"
        responses.setdefault(name, error_response(status, shape=shape, rate=rate))
        out[str(status)] = {"$ref": f"#/components/responses/{name}"}
    return out


def ok(schema, *, status=200, description="OK", rate="required", example=None, extra_content=None, replay=False):
    content = json_content(schema, example)
    if extra_content:
        content.update(extra_content)
    return {
        str(status): {
            "description": description,
            "headers": header_set(rate=rate, replay=replay),
            "content": content,
        }
    }


def no_content(description="Done; no body.", rate="required"):
    return {"204": {"description": description, "headers": header_set(rate=rate)}}


def body(schema, *, required=True, media="application/json", encoding=None):
    content = {"schema": schema}
    if encoding:
        content["encoding"] = encoding
    return {"required": required, "content": {media: content}}


SEC_REQUIRED = [{"bearerKey": []}, {"apiKeyHeader": []}]
SEC_OPTIONAL = [{}, {"bearerKey": []}, {"apiKeyHeader": []}]
SEC_NONE = []

ID_PARAM = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "format": "int64"},
}
SLUG_PARAM = {
    "name": "slug",
    "in": "path",
    "required": True,
    "description": "A model slug.",
    "schema": {"type": "string", "enum": SLUGS},
}
REFRESH_COOKIE = {
    "name": "refresh_token",
    "in": "cookie",
    "required": False,
    "description": "The refresh token as login set it (`HttpOnly`, `SameSite=Strict`, path `/api/v2/auth`); "
    "used when the body has none.",
    "schema": {"type": "string"},
}
IDEMPOTENCY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "[ext] The same key with the same body within 24 h returns the first answer (with "
    "`Idempotent-Replayed: true`) and never charges twice; with a different body it is a 409.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
}

SSE_GENERATE = {
    "text/event-stream": {
        "schema": dict(
            NATIVE_SSE,
            description="Server-sent events, each `data: <json>` and a blank line, ending with `data: [DONE]`: "
            '`{"type":"generation_start","id","model"}`, `{"type":"content_delta","delta"}`, '
            '`{"type":"generation_end","id","tokens_spent","tokens_used","balance_remaining"}`, or '
            '`{"type":"error","id","code","message"}` (not billed). A `: keep-alive` comment every 15 s while '
            "the provider is silent. (The schema describes one event.)",
        ),
        "example": 'data: {"id":1,"model":"gpt-5-nano","type":"generation_start"}\n\n'
        'data: {"delta":"Hello","type":"content_delta"}\n\n'
        'data: {"balance_remaining":2999,"id":1,"tokens_spent":1,"tokens_used":1,"type":"generation_end"}\n\n'
        "data: [DONE]\n\n",
    }
}
GENERATION_ERRORS = [400, 401, 402, 403, 404, 409, 413, 422, 429, 500, 503, 504]
AUTH_ERRORS = [401, 403]

paths = {}


def op(path, method, operation_id, summary, tag, security, responses, *, parameters=None, request=None,
       description=None):
    operation = {"operationId": operation_id, "summary": summary, "tags": [tag], "security": security}
    if description:
        operation["description"] = description
    if parameters:
        operation["parameters"] = parameters
    if request:
        operation["requestBody"] = request
    operation["responses"] = responses
    paths.setdefault(path, {})[method] = operation


A = "/api/v2"

# --- Generation ---
op(
    f"{A}/generate", "post", "generate", "Generate (sync answers the result, async answers pending)", "generation",
    SEC_REQUIRED,
    {
        **ok(
            ref("Generation"),
            description="A synchronous model's completed generation, or an asynchronous one's `pending` "
            "generation (poll `GET /generate/{id}`); with `stream: true`, server-sent events.",
            extra_content=SSE_GENERATE,
            replay=True,
        ),
        **errors(GENERATION_ERRORS, texts={
            409: "The `Idempotency-Key` was used with a different body, or its first request has not finished "
            "(`conflict`).",
            413: "The body is over the limit (`payload_too_large`).",
        }),
    },
    parameters=[IDEMPOTENCY],
    request=body(ref("GenerateRequest")),
    description="Checks run in this order: auth → validation → plan and tier → rate limit → balance. The price "
    "is held when the generation is created, captured when it completes, released if it fails.",
)
op(
    f"{A}/generate/stream", "post", "generate_stream", "Generate text as server-sent events", "generation",
    SEC_REQUIRED,
    {
        **ok(
            {"type": "string"},
            description="Server-sent events (SPEC §6). A replayed `Idempotency-Key` answers the first answer "
            "as JSON.",
            example=None,
            replay=True,
        ),
        **errors(GENERATION_ERRORS),
    },
    parameters=[IDEMPOTENCY],
    request=body(ref("GenerateStreamRequest")),
)
# The SSE body first; a replay is the stored JSON.
paths[f"{A}/generate/stream"]["post"]["responses"]["200"]["content"] = {
    **SSE_GENERATE,
    "application/json": {"schema": {"description": "A replayed first answer (any JSON)."}},
}
for path, operation_id, summary in [
    (f"{A}/generate/{{id}}", "get_generation", "A generation (poll an asynchronous one here)"),
    (f"{A}/generate/status/{{id}}", "get_generation_status", "A generation (alias of GET /generate/{id})"),
]:
    op(
        path, "get", operation_id, summary, "generation", SEC_REQUIRED,
        {
            **ok(ref("Generation")),
            **errors([401, 403, 404], texts={404: "No such generation, or another account's (`not_found`)."}),
        },
        parameters=[ID_PARAM],
        description="Status polls do not count against the rate limits.",
    )

op(
    f"{A}/stt", "post", "transcribe", "Speech to text (multipart upload)", "generation", SEC_REQUIRED,
    {
        **ok(ref("Generation"), description="The completed transcription (`result_text`)."),
        **errors([400, 401, 402, 403, 404, 413, 422, 429, 500, 503, 504], texts={
            400: "Not multipart form data, or no `audio` part (`bad_request`).",
            404: "No model with this slug (`not_found`).",
            413: "The upload is over 25 MB (`payload_too_large`).",
        }),
    },
    request=body(ref("SttRequest"), media="multipart/form-data", encoding=STT_ENCODING),
)

# --- Auth ---
AUTH_TAG = "auth"
op(
    f"{A}/auth/register", "post", "register", "Sign up with email and password", AUTH_TAG, SEC_NONE,
    {
        "201": {
            "description": "A Starter account; a verification link is emailed.",
            "headers": header_set(),
            "content": json_content(ref("RegisterResult")),
        },
        **errors([400, 409, 413, 422], rate=None, texts={
            409: "The email or username is taken (`conflict`).",
        }),
    },
    request=body(ref("RegisterRequest")),
)
op(
    f"{A}/auth/verify-email", "post", "verify_email", "Confirm an email address", AUTH_TAG, SEC_NONE,
    {
        **ok(ref("VerifyEmailResult"), rate=None),
        **errors([400, 413], rate=None, texts={
            400: "Malformed body (`bad_request`), or the link is invalid, expired or used (`invalid_token`).",
        }),
    },
    request=body(ref("TokenRequest")),
)
op(
    f"{A}/auth/forgot-password", "post", "forgot_password", "Email a password-reset link", AUTH_TAG, SEC_NONE,
    {
        **ok(ref("Message"), rate=None, description="The same answer whether or not an account uses the email."),
        **errors([400, 413, 422], rate=None),
    },
    request=body(ref("EmailRequest")),
)
op(
    f"{A}/auth/reset-password", "post", "reset_password", "Set a new password with a reset token", AUTH_TAG,
    SEC_NONE,
    {
        **ok(ref("Message"), rate=None),
        **errors([400, 413, 422], rate=None, texts={
            400: "Malformed body (`bad_request`), or the link is invalid, expired or used (`invalid_token`).",
        }),
    },
    request=body(ref("ResetPasswordRequest")),
)
op(
    f"{A}/auth/login", "post", "login", "Sign in with email and password", AUTH_TAG, SEC_NONE,
    {
        **ok(ref("Session"), rate=None),
        **errors([400, 401, 403, 413, 429], rate=None, texts={
            401: "Invalid email or password (`not_authenticated`).",
            403: "The account is blocked (`account_blocked`).",
            429: "Too many sign-in attempts from this address or for this account (`rate_limit_exceeded`, "
            "`retry_after`).",
        }),
    },
    request=body(ref("LoginRequest")),
)
op(
    f"{A}/auth/refresh", "post", "refresh", "Trade a refresh token for a new pair", AUTH_TAG, SEC_NONE,
    {
        **ok(ref("Session"), rate=None),
        **errors([400, 401, 413], rate=None, texts={
            401: "No refresh token in the body or cookie, or it is unknown, expired, or was already used (which "
            "ends its whole session family) (`not_authenticated`); a dead cookie is cleared.",
        }),
    },
    parameters=[REFRESH_COOKIE],
    request=body(ref("RefreshRequest"), required=False),
)
op(
    f"{A}/auth/logout", "post", "logout", "End a session (its refresh-token family)", AUTH_TAG, SEC_NONE,
    {**no_content(rate=None), **errors([400, 413], rate=None)},
    parameters=[REFRESH_COOKIE],
    request=body(ref("RefreshRequest"), required=False),
    description="The token of the body, else of the `refresh_token` cookie; an unknown one is ignored (still "
    "204). The session's access tokens stop working too, and the cookie is cleared.",
)
op(
    f"{A}/auth/telegram", "post", "telegram_login", "Sign in with the Telegram Login Widget", AUTH_TAG,
    [{}, {"bearerKey": []}],
    {
        **ok(ref("Session"), rate=None, description="A session; `is_new_user` and `user.telegram_id` added."),
        **errors([400, 401, 403, 409, 413, 422, 503], rate=None, texts={
            400: "The body is not a JSON object (`bad_request`).",
            401: "The widget data is invalid or expired, or the bearer credential is invalid "
            "(`not_authenticated`).",
            403: "The account is blocked (`account_blocked`).",
            409: "The Telegram account or this account is already linked elsewhere (`conflict`).",
            503: "Telegram sign-in is not configured on this server (`not_configured`).",
        }),
    },
    request=body(ref("TelegramLoginRequest")),
    description="With a valid bearer credential, links this Telegram account to that account instead.",
)

op(
    f"{A}/auth/google", "post", "google_login", "Sign in with Google", AUTH_TAG, SEC_NONE,
    {
        **ok(ref("Session"), rate=None, description="A session; `is_new_user` added."),
        **errors([400, 401, 403, 409, 413, 422, 502, 503], rate=None, texts={
            401: "The ID token is not Google's, not for this server's client id, or expired; or Google refused "
            "the code (`not_authenticated`).",
            403: "The account is blocked (`account_blocked`).",
            409: "The account with this email is linked to another Google account (`conflict`).",
            422: "Neither `id_token` nor `code` with `redirect_uri`, or both (`validation_error`).",
            502: "Google could not be reached (`sign_in_provider_error`).",
            503: "Google sign-in (or, for `code`, its client secret) is not configured (`not_configured`).",
        }),
    },
    request=body(ref("GoogleLoginRequest")),
    description="The ID token is checked against Google's published keys: issuer, audience (a configured client "
    "id), expiry and RS256 signature. A Google account seen before signs in to its account; else an account "
    "whose email Google verified is linked (a password set on it while the email was unverified is removed); else "
    "a new Starter account is made.",
)
op(
    f"{A}/auth/phone/send-code", "post", "send_phone_code", "Text a registration code to a phone number",
    AUTH_TAG, SEC_NONE,
    {
        "202": {
            "description": "The code is on its way.",
            "headers": header_set(),
            "content": json_content(ref("PhoneCodeSent")),
        },
        **errors([400, 409, 413, 422, 429, 502, 503], rate=None, texts={
            409: "The number is already registered (`conflict`).",
            422: "Not a number in international format, or one the SMS gateway cannot reach (`validation_error`).",
            429: "A code was sent to this number moments ago, or the day's codes for this number or address are "
            "used up (`rate_limit_exceeded`, `retry_after`).",
            502: "The SMS gateway refused the message (`sign_in_provider_error`); ask again.",
            503: "Phone sign-up is not configured on this server (`not_configured`).",
        }),
    },
    request=body(ref("PhoneRequest")),
)
op(
    f"{A}/auth/register-phone", "post", "register_phone", "Sign up with a phone number and its SMS code",
    AUTH_TAG, SEC_NONE,
    {
        "201": {
            "description": "A Starter account for the number, signed in (`is_new_user` is true).",
            "headers": header_set(),
            "content": json_content(ref("Session")),
        },
        **errors([400, 409, 413, 422, 503], rate=None, texts={
            409: "The number or username is taken (`conflict`).",
            422: "A bad number, password or username, or a wrong or spent code (`validation_error`; a code allows "
            "five tries and lives ten minutes).",
            503: "Phone sign-up is not configured on this server (`not_configured`).",
        }),
    },
    request=body(ref("PhoneRegisterRequest")),
)
op(
    f"{A}/auth/login-phone", "post", "login_phone", "Sign in with a phone number and password", AUTH_TAG,
    SEC_NONE,
    {
        **ok(ref("Session"), rate=None),
        **errors([400, 401, 403, 413, 429], rate=None, texts={
            401: "Invalid phone number or password (`not_authenticated`).",
            403: "The account is blocked (`account_blocked`).",
            429: "Too many sign-in attempts (`rate_limit_exceeded`, `retry_after`).",
        }),
    },
    request=body(ref("PhoneLoginRequest")),
)
op(
    f"{A}/auth/resend-verification", "post", "resend_verification", "Email a new verification link", AUTH_TAG,
    SEC_NONE,
    {
        **ok(ref("Message"), rate=None, description="The same answer whether or not a link is sent."),
        **errors([400, 413, 422], rate=None),
    },
    request=body(ref("EmailRequest")),
    description="Sent only when an account uses the email and has not verified it; at most five an address per "
    "sign-in window.",
)

# Every token pair also comes as the refresh-token cookie.
for path in ("login", "refresh", "telegram", "google", "login-phone"):
    paths[f"{A}/auth/{path}"]["post"]["responses"]["200"]["headers"]["Set-Cookie"] = {
        "description": "`refresh_token=…; Path=/api/v2/auth; HttpOnly; SameSite=Strict` (`Secure` over https), "
        "for clients that refresh with the cookie.",
        "schema": {"type": "string"},
    }
paths[f"{A}/auth/register-phone"]["post"]["responses"]["201"]["headers"]["Set-Cookie"] = paths[
    f"{A}/auth/login"]["post"]["responses"]["200"]["headers"]["Set-Cookie"]

# --- Account ---
ACCOUNT = "account"
op(f"{A}/balance", "get", "get_balance", "Balance and plan", ACCOUNT, SEC_REQUIRED,
   {**ok(ref("Balance")), **errors(AUTH_ERRORS)})
op(f"{A}/user/balance", "get", "get_user_balance", "Balance by bucket", ACCOUNT, SEC_REQUIRED,
   {**ok(ref("UserBalance")), **errors(AUTH_ERRORS)})
op(f"{A}/webhooks/secret", "get", "get_webhook_secret", "The account's webhook signing secret", ACCOUNT,
   SEC_REQUIRED, {**ok(ref("WebhookSecret")), **errors(AUTH_ERRORS)})
op(f"{A}/user/me", "get", "get_me", "The profile", ACCOUNT, SEC_REQUIRED, {**ok(ref("Me")), **errors(AUTH_ERRORS)})
op(
    f"{A}/user/me", "patch", "update_me", "Change name, username or avatar", ACCOUNT, SEC_REQUIRED,
    {**ok(ref("Me")), **errors([400, 401, 403, 409, 413, 422], texts={
        409: "The username is taken (`conflict`).",
    })},
    request=body(ref("UpdateMeRequest")),
)
op(f"{A}/user/settings", "get", "get_settings", "The settings", ACCOUNT, SEC_REQUIRED,
   {**ok(ref("Settings")), **errors(AUTH_ERRORS)})
op(
    f"{A}/user/settings", "patch", "update_settings", "Change settings", ACCOUNT, SEC_REQUIRED,
    {**ok(ref("Settings")), **errors([400, 401, 403, 413, 422])},
    request=body(ref("UpdateSettingsRequest")),
)
op(
    f"{A}/user/history", "get", "list_history", "Generations, newest first", ACCOUNT, SEC_REQUIRED,
    {**ok(ref("HistoryPage")), **errors([401, 403, 422])},
    parameters=[
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000000, "default": 1}},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
        {
            "name": "category",
            "in": "query",
            "description": "A catalog category, or the groups `audio` (music, tts, stt, audio tools) and `tool`.",
            "schema": {"type": "string", "enum": CATEGORIES + ["audio", "tool", "tools"]},
        },
        {
            "name": "type",
            "in": "query",
            "description": "The same filter as `category`, under the name the docs' history page uses; with both, "
            "they must agree (else 422).",
            "schema": {"type": "string", "enum": CATEGORIES + ["audio", "tool", "tools"]},
        },
        {"name": "model_slug", "in": "query", "schema": {"type": "string"}},
        {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["pending", "completed", "failed"]}},
        {"name": "favorites_only", "in": "query", "schema": {"type": "boolean", "default": False}},
    ],
)
op(
    f"{A}/user/history/{{id}}/favorite", "post", "toggle_favorite", "Flip a generation's favourite mark", ACCOUNT,
    SEC_REQUIRED, {**ok(ref("FavoriteResult")), **errors([401, 403, 404])}, parameters=[ID_PARAM],
)
op(
    f"{A}/user/history/{{id}}/rate", "post", "rate_generation", "Rate a generation 1–5", ACCOUNT, SEC_REQUIRED,
    {**ok(ref("RateResult")), **errors([400, 401, 403, 404, 413, 422])},
    parameters=[ID_PARAM],
    request=body(ref("RateRequest")),
)
op(
    f"{A}/user/history/{{id}}", "delete", "delete_history_item", "Hide a generation from the history", ACCOUNT,
    SEC_REQUIRED, {**no_content(), **errors([401, 403, 404])}, parameters=[ID_PARAM],
)
op(f"{A}/user/stats", "get", "get_stats", "Usage totals", ACCOUNT, SEC_REQUIRED,
   {**ok(ref("Stats")), **errors(AUTH_ERRORS)})

# --- Keys ---
op(f"{A}/keys", "get", "list_keys", "The account's live keys (never the secrets)", "keys", SEC_REQUIRED,
   {**ok(ref("KeyList")), **errors(AUTH_ERRORS)})
op(
    f"{A}/keys", "post", "create_key", "Create a key (the secret is shown once)", "keys", SEC_REQUIRED,
    {
        **ok(ref("CreatedKey"), status=201, description="The new key."),
        **errors([400, 401, 403, 409, 413, 422], texts={409: "The account holds 100 keys already (`conflict`)."}),
    },
    request=body(ref("KeyNameRequest")),
)
op(
    f"{A}/keys/{{id}}", "patch", "rename_key", "Rename a key", "keys", SEC_REQUIRED,
    {**ok(ref("Key")), **errors([400, 401, 403, 404, 413, 422])},
    parameters=[ID_PARAM],
    request=body(ref("KeyNameRequest")),
)
op(
    f"{A}/keys/{{id}}", "delete", "revoke_key", "Revoke a key (at once, on every instance)", "keys", SEC_REQUIRED,
    {**no_content("Revoked."), **errors([401, 403, 404])},
    parameters=[ID_PARAM],
)

# --- Models ---
op(
    f"{A}/models", "get", "list_models", "The catalog", "models", SEC_OPTIONAL,
    {**ok(ref("ModelList"), rate="optional"), **errors(AUTH_ERRORS)},
    parameters=[
        {"name": "category", "in": "query", "description": "e.g. `image` (any other value matches nothing).",
         "schema": {"type": "string", "examples": CATEGORIES}},
        {"name": "tier", "in": "query", "description": "`starter` or `basic` (or a plan code: `free`).",
         "schema": {"type": "string", "examples": ["starter", "basic"]}},
        {"name": "provider", "in": "query", "description": "A provider id or name, e.g. `openai`.",
         "schema": {"type": "string", "examples": ["openai"]}},
    ],
    description="Open to anyone; a credential, if sent, must be valid.",
)
op(
    f"{A}/models/{{slug}}", "get", "get_model", "One model with its params and price rule", "models", SEC_OPTIONAL,
    {**ok(ref("ModelDetail"), rate="optional"), **errors([401, 403, 404], texts={404: "No model with this slug (`not_found`)."})},
    parameters=[SLUG_PARAM],
)
op(
    f"{A}/models/{{slug}}/calculate-price", "post", "calculate_price", "Price a request before making it", "models",
    SEC_OPTIONAL,
    {
        **ok(ref("PriceQuote"), rate="optional"),
        **errors([400, 401, 403, 404, 413, 422], texts={
            422: "A param's bad value, an unknown param, or `count` outside 1–10 (`validation_error`).",
        }),
    },
    parameters=[SLUG_PARAM],
    request=body(ref("PriceRequest")),
)

# --- Billing ---
op(
    f"{A}/billing/products", "get", "list_products", "Plans and token packages with prices", "billing", SEC_OPTIONAL,
    {**ok(ref("ProductList"), rate="optional"), **errors(AUTH_ERRORS)},
)
op(
    f"{A}/billing/yookassa/notifications", "post", "yookassa_notification", "YooKassa's payment notifications",
    "billing", SEC_NONE,
    {
        **ok(ref("Empty"), rate=None, description="Recorded (or a payment Tollgate does not know)."),
        **errors([400, 403, 413, 500, 503], rate=None, texts={
            400: "Not YooKassa's notification JSON (`bad_request`).",
            403: "Not from YooKassa's networks (`forbidden`).",
            500: "The outcome could not be recorded; YooKassa delivers again (`internal_error`).",
            503: "YooKassa is not configured (`provider_not_configured`).",
        }),
    },
    request=body(ref("YooKassaNotification")),
    description="Called by YooKassa only (from its published networks); the body is never trusted.",
)
op(
    f"{A}/billing/checkout", "post", "checkout", "Start a purchase", "billing", SEC_REQUIRED,
    {
        **ok(ref("PaymentEnvelope"), status=201, description="A pending payment: open its `confirmation_url` "
             "(YooKassa) or `invoice_link` (Stars)."),
        **errors([400, 401, 403, 413, 422, 502, 503], texts={
            503: "The payment provider is not configured (`provider_not_configured`).",
        }),
    },
    request=body(ref("CheckoutRequest")),
)
op(f"{A}/billing/renewal", "get", "get_renewal", "Plan renewal", "billing", SEC_REQUIRED,
   {**ok(ref("Renewal")), **errors(AUTH_ERRORS)})
op(
    f"{A}/billing/renewal", "patch", "set_renewal", "Turn plan renewal on or off", "billing", SEC_REQUIRED,
    {**ok(ref("Renewal")), **errors([400, 401, 403, 404, 413], texts={
        404: "No plan renews with a saved payment method (`not_found`).",
    })},
    request=body(ref("RenewalRequest")),
)
op(f"{A}/billing/payments", "get", "list_payments", "The account's payments, newest first", "billing",
   SEC_REQUIRED, {**ok(ref("PaymentList")), **errors(AUTH_ERRORS)})
op(
    f"{A}/billing/payments/{{id}}", "get", "get_payment", "One of the account's payments", "billing", SEC_REQUIRED,
    {**ok(ref("PaymentEnvelope")), **errors([401, 403, 404])}, parameters=[ID_PARAM],
)

# --- Telegram ---
op(
    f"{A}/telegram/webhook", "post", "telegram_webhook", "Telegram's bot updates", "telegram", SEC_NONE,
    {
        **ok(ref("Empty"), rate=None, description="Accepted (an update is processed once, by `update_id`)."),
        **errors([400, 401, 413], rate=None, texts={
            400: "Not the Bot API's update JSON (`bad_request`).",
            401: "Missing or wrong `X-Telegram-Bot-Api-Secret-Token` (`not_authenticated`).",
        }),
    },
    parameters=[{
        "name": "X-Telegram-Bot-Api-Secret-Token",
        "in": "header",
        "required": True,
        "description": "`telegram.webhook_secret`, as registered with `setWebhook`.",
        "schema": {"type": "string"},
    }],
    request=body({"type": "object", "description": "A Bot API `Update`."}),
    description="Called by Telegram only.",
)

# --- OpenAI-compatible ---
V1_ERRORS_TEXT = {400: ERROR_TEXT[400], 404: "No model with this name (`not_found`)."}
op(
    "/v1/models", "get", "openai_list_models", "OpenAI: list models", "openai", SEC_REQUIRED,
    {**ok(ref("OpenAIModelList")), **errors(AUTH_ERRORS, shape="openai")},
)
op(
    "/v1/chat/completions", "post", "openai_chat_completions", "OpenAI: chat completion", "openai", SEC_REQUIRED,
    {
        **ok(
            ref("ChatCompletion"),
            description="The completion; with `stream: true`, `chat.completion.chunk` server-sent events ending "
            "with `data: [DONE]` (an error mid-stream is an error object event).",
            extra_content={"text/event-stream": {"schema": OPENAI_SSE}},
        ),
        **errors([400, 401, 402, 403, 404, 413, 422, 429, 500, 503, 504], shape="openai", texts=V1_ERRORS_TEXT),
    },
    request=body(ref("ChatCompletionRequest")),
)
op(
    "/v1/images/generations", "post", "openai_images", "OpenAI: create an image", "openai", SEC_REQUIRED,
    {**ok(ref("ImagesResponse")), **errors([400, 401, 402, 403, 404, 413, 422, 429, 500, 503, 504], shape="openai",
                                           texts=V1_ERRORS_TEXT)},
    request=body(ref("ImageGenerationRequest")),
)
op(
    "/v1/audio/speech", "post", "openai_speech", "OpenAI: text to speech", "openai", SEC_REQUIRED,
    {
        "200": {
            "description": "The audio file.",
            "headers": header_set(rate="required"),
            "content": {
t: {"schema": {"type": "string", "format": "binary"}} for t in ["application/octet-stream", "audio/*"]
            },
        },
        **errors([400, 401, 402, 403, 404, 413, 422, 429, 500, 503, 504], shape="openai", texts=V1_ERRORS_TEXT),
    },
    request=body(ref("SpeechRequest")),
)
op(
    "/v1/audio/transcriptions", "post", "openai_transcriptions", "OpenAI: speech to text", "openai", SEC_REQUIRED,
    {
        **ok(ref("Transcription"), extra_content={"text/plain": {"schema": {"type": "string"}}},
             description="`{text}`; with `response_format=text`, the text alone."),
        **errors([400, 401, 402, 403, 404, 413, 422, 429, 500, 503, 504], shape="openai", texts=V1_ERRORS_TEXT),
    },
    request=body(ref("TranscriptionRequest"), media="multipart/form-data", encoding=TRANSCRIPTION_ENCODING),
)
op(
    "/v1/messages", "post", "anthropic_messages", "Anthropic: create a message", "anthropic", SEC_REQUIRED,
    {
        **ok(
            ref("AnthropicMessage"),
            description="The message; with `stream: true`, Anthropic's named server-sent events "
            "(`message_start` … `message_stop`, `ping` while the provider is silent, `error` on failure).",
            extra_content={"text/event-stream": {"schema": ANTHROPIC_SSE}},
        ),
        **errors([400, 401, 402, 403, 404, 413, 422, 429, 500, 503, 504], shape="anthropic", texts=V1_ERRORS_TEXT),
    },
    request=body(ref("AnthropicMessagesRequest")),
    description="Authenticate with `X-API-Key` (the Anthropic SDK's way) or `Authorization: Bearer`.",
)

# --- Operations ---
op("/healthz", "get", "healthz", "The process answers", "operations", SEC_NONE,
   {"200": {"description": "Alive.", "headers": header_set(),
            "content": json_content(ref("HealthStatus"), {"status": "ok"})}})
op("/readyz", "get", "readyz", "The database answers", "operations", SEC_NONE,
   {"200": {"description": "Ready.", "headers": header_set(),
            "content": json_content(ref("HealthStatus"), {"status": "ready"})},
    "503": {"description": "The database is unreachable.", "headers": header_set(),
            "content": json_content(ref("HealthStatus"), {"status": "database unreachable"})}})
op("/metrics", "get", "metrics", "Prometheus metrics", "operations", SEC_NONE,
   {"200": {"description": "The Prometheus text format.", "headers": header_set(),
            "content": {"text/plain": {"schema": {"type": "string"}}}}})
op(
    "/files/{name}", "get", "get_file", "A result file", "operations", SEC_NONE,
    {
        "200": {
            "description": "The file, with its content type.",
            "headers": header_set(),
            "content": {t: {"schema": {"type": "string", "format": "binary"}}
                        for t in ["application/octet-stream", "image/*", "video/*", "audio/*"]},
        },
        **errors([404, 410], rate=None, texts={404: "No such file (`not_found`)."}),
    },
    parameters=[{
        "name": "name",
        "in": "path",
        "required": True,
        "description": "`<token>.<ext>` as in a generation's `result_url`; the URL itself is the credential.",
        "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{43}\\.[a-z0-9]{1,5}$"},
    }],
)
op(
    "/files/{name}", "head", "head_file", "A result file's headers (its type and length), no body", "operations",
    SEC_NONE,
    {
        "200": {"description": "The file's `Content-Type` and `Content-Length`.", "headers": header_set()},
        "404": {"description": "No such file."},
        "410": {"description": "The file has expired."},
    },
    parameters=paths["/files/{name}"]["get"]["parameters"],
)
op("/openapi.json", "get", "openapi", "This document", "operations", SEC_NONE,
   {"200": {"description": "OpenAPI 3.1.", "headers": header_set(),
            "content": json_content({"type": "object"})}})

# ---------------------------------------------------------------------------------------------------------------

document = {
    "openapi": "3.1.0",
    "info": {
        "title": "Tollgate",
        "version": VERSION,
        "summary": "One API, one token balance, one response format in front of 52 AI models.",
        "description": "The Elumenta-compatible API v2 (`/api/v2`) and the OpenAI- and Anthropic-compatible "
        "surfaces (`/v1`) of a Tollgate server. Authenticate with an API key (`nb_…`) or a JWT access token as "
        "`Authorization: Bearer`, or with `X-API-Key`. Every answer carries `X-Request-Id`; every authenticated "
        "one the `X-RateLimit-*` headers. Errors on /api/v2 are `{error, message, details}`. No string of a JSON "
        "body may contain a NUL (`\\u0000`): such a body is a 400 on every route. Model slugs, "
        "params and products here are those of the bundled catalog and plans (an operator may change them: "
        "`GET /api/v2/models` is the live list).",
        "license": {"name": "Proprietary"},
    },
    "servers": [{"url": "/"}],
    "tags": [
        {"name": "generation", "description": "Generate, stream, poll, transcribe."},
        {"name": "models", "description": "The catalog and prices."},
        {"name": "account", "description": "Balance, profile, settings, history, stats."},
        {"name": "keys", "description": "API keys."},
        {"name": "billing", "description": "Products, checkout, payments (SPEC §13)."},
        {"name": "auth", "description": "Web sign-in: email and password, Telegram, tokens."},
        {"name": "telegram", "description": "The bot's webhook."},
        {"name": "openai", "description": "OpenAI-compatible surface [ext]."},
        {"name": "anthropic", "description": "Anthropic-compatible surface [ext]."},
        {"name": "operations", "description": "Health, metrics, files, this document."},
    ],
    "paths": paths,
    "components": {
        "securitySchemes": {
            "bearerKey": {
                "type": "http",
                "scheme": "bearer",
                "description": "An API key (`nb_` and 45 base62 characters; plans with API access only) or a "
                "JWT access token from `/api/v2/auth/login`.",
            },
            "apiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key", "description": "An API key."},
        },
        "headers": headers,
        "responses": dict(sorted(responses.items())),
        "schemas": schemas,
    },
}


def tidy(node):
    """What client generators need beyond JSON Schema: an array says its items, a const says its type."""
    if isinstance(node, dict):
        if node.get("type") == "array" and "items" not in node and "prefixItems" not in node:
            node["items"] = {}
        if "const" in node and "type" not in node:
            value = node["const"]
            node["type"] = {bool: "boolean", int: "integer", float: "number", str: "string"}[type(value)]
        for value in node.values():
            tidy(value)
    elif isinstance(node, list):
        for value in node:
            tidy(value)


def render():
    tidy(document)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        if DOCUMENT.read_text() != text:
            print(f"{DOCUMENT} is not what {__file__} builds; run it.", file=sys.stderr)
            sys.exit(1)
    else:
        DOCUMENT.write_text(text)
        print(f"wrote {DOCUMENT} ({len(paths)} paths)")
