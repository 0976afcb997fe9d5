"""The Python client openapi-python-client generates from openapi.json, against `tollgate demo` (scripts/api-test
sets TOLLGATE_URL and TOLLGATE_KEY, and puts the generated `tollgate_client` package on the path).

Only the generated client talks to the server here: if these pass, a tool reading the document gets request
bodies the server takes and parses the answers it gives. Runs before schemathesis spends the demo balance.
"""

import os
import time

import httpx
import pytest

URL = os.environ.get("TOLLGATE_URL")
KEY = os.environ.get("TOLLGATE_KEY")

pytestmark = pytest.mark.skipif(not (URL and KEY), reason="needs TOLLGATE_URL and TOLLGATE_KEY (scripts/api-test)")

if URL and KEY:
    from tollgate_client import AuthenticatedClient, Client
    from tollgate_client.api.account import get_balance, get_user_balance, list_history
    from tollgate_client.api.generation import generate, get_generation, get_generation_status
    from tollgate_client.api.keys import create_key, list_keys, rename_key, revoke_key
    from tollgate_client.api.models import calculate_price, get_model, list_models
    from tollgate_client.api.operations import get_file, healthz
    from tollgate_client.models import (
        Balance,
        CreatedKey,
        Error,
        Generation,
        GenerationStatus,
        GPT5NanoRequest,
        GPT5NanoRequestModel,
        KeyList,
        KeyNameRequest,
        MidjourneyRequest,
        MidjourneyRequestModel,
        MidjourneyRequestParams,
        MidjourneyRequestParamsSpeed,
        ModelDetail,
        ModelList,
        PriceQuote,
        PriceRequest,
        PriceRequestParamsType0,
    )


@pytest.fixture
def client():
    with AuthenticatedClient(base_url=URL, token=KEY, timeout=httpx.Timeout(60.0)) as client:
        yield client


def balance(client) -> int:
    answer = get_balance.sync(client=client)
    assert isinstance(answer, Balance), answer
    return answer.token_balance


def test_text_generation_is_completed_and_charged_its_price(client):
    before = balance(client)
    answer = generate.sync_detailed(
        client=client,
        body=GPT5NanoRequest(model=GPT5NanoRequestModel.GPT_5_NANO, prompt="Write a haiku about tollgates"),
    )
    assert answer.status_code == 200, answer.content
    generation = answer.parsed
    assert isinstance(generation, Generation)
    assert generation.status == GenerationStatus.COMPLETED
    assert generation.model_slug == "gpt-5-nano"
    assert generation.tokens_spent == 1 and generation.tokens_used == 1
    assert generation.result_text and generation.content == generation.result_text
    assert generation.error is None and generation.processing_ms is not None
    assert generation.balance_remaining == before - 1
    assert balance(client) == before - 1
    # The headers the document promises on an authenticated answer.
    assert answer.headers["X-Request-Id"]
    for name in ["Limit-Hour", "Remaining-Hour", "Limit-Day", "Remaining-Day", "Reset-Hour"]:
        assert int(answer.headers[f"X-RateLimit-{name}"]) >= 0
    # The same generation, polled under both paths.
    for fetch in (get_generation, get_generation_status):
        again = fetch.sync(id=generation.id, client=client)
        assert isinstance(again, Generation) and again.id == generation.id and again.tokens_spent == 1


def test_async_image_goes_pending_then_completed_with_a_file(client):
    price = calculate_price.sync(
        slug="midjourney",
        client=client,
        body=PriceRequest(params=PriceRequestParamsType0.from_dict({"speed": "relax"}), count=1),
    )
    assert isinstance(price, PriceQuote) and price.token_cost == 2
    detail = get_model.sync(slug="midjourney", client=client)
    assert isinstance(detail, ModelDetail) and detail.mode == "async"

    before = balance(client)
    started = generate.sync(
        client=client,
        body=MidjourneyRequest(
            model=MidjourneyRequestModel.MIDJOURNEY,
            prompt="a red fox in snow",
            params=MidjourneyRequestParams(speed=MidjourneyRequestParamsSpeed.RELAX),
        ),
    )
    assert isinstance(started, Generation), started
    assert started.status == GenerationStatus.PENDING
    assert started.tokens_spent == 0 and started.processing_ms is None and started.result_url is None
    # The price is held at once: the available balance is already down by it.
    assert started.balance_remaining == before - price.token_cost

    deadline = time.monotonic() + 120
    generation = started
    while generation.status == GenerationStatus.PENDING:
        assert time.monotonic() < deadline, "the job stayed pending"
        time.sleep(0.5)
        generation = get_generation.sync(id=started.id, client=client)
        assert isinstance(generation, Generation), generation
    assert generation.status == GenerationStatus.COMPLETED, generation.error
    assert generation.tokens_spent == price.token_cost
    assert generation.result_url and generation.processing_ms is not None
    assert balance(client) == before - price.token_cost

    # The result file, through the document's /files/{name}.
    name = generation.result_url.rsplit("/", 1)[-1]
    with Client(base_url=URL, timeout=httpx.Timeout(30.0)) as anonymous:
        answer = get_file.sync_detailed(name=name, client=anonymous)
    assert answer.status_code == 200 and answer.content
    assert answer.headers["content-type"].startswith("image/")


def test_balance_buckets_and_history(client):
    buckets = get_user_balance.sync(client=client)
    assert buckets.token_balance == buckets.plan_tokens_remaining + buckets.bonus_tokens - buckets.tokens_on_hold
    page = list_history.sync(client=client, limit=5)
    assert page.limit == 5 and page.page == 1 and len(page.items) <= 5


def test_key_lifecycle(client):
    created = create_key.sync_detailed(client=client, body=KeyNameRequest(name="openapi-test"))
    assert created.status_code == 201
    key = created.parsed
    assert isinstance(key, CreatedKey) and key.key.startswith("nb_") and len(key.key) == 48
    listed = list_keys.sync(client=client)
    assert isinstance(listed, KeyList) and key.id in [k.id for k in listed.keys]
    assert all(not hasattr(k, "key") for k in listed.keys)
    renamed = rename_key.sync(id=key.id, client=client, body=KeyNameRequest(name="renamed"))
    assert renamed.name == "renamed"

    with AuthenticatedClient(base_url=URL, token=key.key) as second:
        assert isinstance(get_balance.sync(client=second), Balance)
        assert revoke_key.sync_detailed(id=key.id, client=client).status_code == 204
        refused = get_balance.sync_detailed(client=second)
        assert refused.status_code == 401
        assert isinstance(refused.parsed, Error) and refused.parsed.error == "not_authenticated"
    assert revoke_key.sync_detailed(id=key.id, client=client).status_code == 404


def test_errors_come_in_the_envelope(client):
    missing = get_generation.sync_detailed(id=987654321, client=client)
    assert missing.status_code == 404
    assert isinstance(missing.parsed, Error) and missing.parsed.error == "not_found" and missing.parsed.message

    bad = calculate_price.sync_detailed(
        slug="dall-e-3",
        client=client,
        body=PriceRequest(params=PriceRequestParamsType0.from_dict({"size": "800x600"})),
    )
    assert bad.status_code == 422
    assert isinstance(bad.parsed, Error) and bad.parsed.error == "validation_error"
    assert "params.size" in bad.parsed.details.fields.additional_properties


def test_open_routes_need_no_key():
    with Client(base_url=URL) as anonymous:
        models = list_models.sync(client=anonymous, category="image")
        assert isinstance(models, ModelList) and models.count == len(models.models) > 0
        assert all(m.category == "image" for m in models.models)
        assert healthz.sync(client=anonymous).status == "ok"
