"""The official OpenAI and Anthropic Python SDKs against a running Tollgate (`tollgate demo`), with only
a base URL and a key. Run by scripts/sdk-test, which starts the demo and sets TOLLGATE_URL / TOLLGATE_KEY."""
import json
import os
import urllib.request

import anthropic
import openai
import pytest

BASE = os.environ["TOLLGATE_URL"]
KEY = os.environ["TOLLGATE_KEY"]


def balance():
    request = urllib.request.Request(BASE + "/api/v2/balance", headers={"Authorization": "Bearer " + KEY})
    with urllib.request.urlopen(request) as response:
        return json.load(response)["token_balance"]


@pytest.fixture
def oai():
    return openai.OpenAI(base_url=BASE + "/v1", api_key=KEY, max_retries=0)


@pytest.fixture
def claude():
    return anthropic.Anthropic(base_url=BASE, api_key=KEY, max_retries=0)


def test_openai_lists_models(oai):
    ids = [model.id for model in oai.models.list()]
    assert "gpt-5-nano" in ids and "claude-haiku-4.5" in ids and len(ids) == 52


def test_openai_completes_and_bills(oai):
    before = balance()
    reply = oai.chat.completions.create(
        model="gpt-5-nano",
        messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Say hello"}],
    )
    assert "simulated" in reply.choices[0].message.content
    assert reply.choices[0].finish_reason == "stop"
    assert reply.usage.total_tokens > 0
    assert balance() == before - 1


def test_openai_streams_with_usage(oai):
    before = balance()
    chunks = list(oai.chat.completions.create(
        model="claude-haiku-4.5",
        messages=[{"role": "user", "content": "Tell me a story"}],
        stream=True,
        stream_options={"include_usage": True},
    ))
    text = "".join(chunk.choices[0].delta.content or "" for chunk in chunks if chunk.choices)
    assert "simulated" in text
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0
    assert balance() == before - 1


def test_openai_errors_are_typed(oai):
    with pytest.raises(openai.NotFoundError):
        oai.chat.completions.create(model="no-such-model", messages=[{"role": "user", "content": "hi"}])
    with pytest.raises(openai.UnprocessableEntityError):
        oai.chat.completions.create(model="gpt-5-nano", messages=[{"role": "user", "content": "hi"}], temperature=7)
    bad = openai.OpenAI(base_url=BASE + "/v1", api_key="nb_" + "x" * 45, max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        bad.chat.completions.create(model="gpt-5-nano", messages=[{"role": "user", "content": "hi"}])


def test_anthropic_completes_and_bills(claude):
    before = balance()
    message = claude.messages.create(
        model="claude-haiku-4.5",
        max_tokens=200,
        system="Be brief.",
        messages=[{"role": "user", "content": "Say hello"}],
    )
    assert message.role == "assistant"
    assert "simulated" in message.content[0].text
    assert message.usage.output_tokens > 0
    assert balance() == before - 1


def test_anthropic_streams(claude):
    before = balance()
    with claude.messages.stream(
        model="gemini-2.5-flash", max_tokens=200, messages=[{"role": "user", "content": "Tell me a story"}]
    ) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert "simulated" in text
    assert final.stop_reason == "end_turn"
    assert balance() == before - 1


def test_anthropic_errors_are_typed(claude):
    with pytest.raises(anthropic.NotFoundError):
        claude.messages.create(model="no-such-model", max_tokens=10, messages=[{"role": "user", "content": "hi"}])
    bad = anthropic.Anthropic(base_url=BASE, api_key="nb_" + "x" * 45, max_retries=0)
    with pytest.raises(anthropic.AuthenticationError):
        bad.messages.create(model="claude-haiku-4.5", max_tokens=10, messages=[{"role": "user", "content": "hi"}])


def test_openai_images_speech_and_transcription(oai, tmp_path):
    before = balance()
    image = oai.images.generate(model="dall-e-3", prompt="a lighthouse at dusk", size="1024x1024")
    assert image.data[0].url.startswith(BASE + "/files/")
    with urllib.request.urlopen(image.data[0].url) as response:
        assert response.headers["Content-Type"].startswith("image/")
    speech = oai.audio.speech.create(model="tts-1", voice="alloy", input="Hello from Tollgate")
    audio = tmp_path / "hello.mp3"
    audio.write_bytes(speech.read())
    assert audio.stat().st_size > 0
    with open(audio, "rb") as handle:
        transcript = oai.audio.transcriptions.create(model="whisper-1", file=handle)
    assert "simulated" in transcript.text
    # dall-e-3 1024x1024 standard 5, tts-1 3, whisper 2
    assert balance() == before - 10
