"""Writes generations into one account for bench/pages.sh: COUNT rows over the last 60 days, every status and
category of the catalog's shapes, a tenth of them favourites, each with its price spent. Straight SQL into the
database the server uses (SQLite file or PostgreSQL through psql), after the account exists."""
import argparse
import random
import sqlite3
import subprocess
import time

SHAPES = [
    ("gpt-5-nano", "text", None), ("claude-haiku-4.5", "text", None), ("dall-e-3", "image", "/files/bench.png"),
    ("luma-ray2-flash", "video", "/files/bench.mp4"), ("musicgen", "music", "/files/bench.mp3"),
    ("openai-tts", "tts", "/files/bench.mp3"), ("whisper", "stt", None),
]


def rows(account_id, count):
    random.seed(7)
    now = int(time.time() * 1000)
    for index in range(count):
        slug, category, url = SHAPES[index % len(SHAPES)]
        created = now - int((count - index) / count * 60 * 86_400_000)
        status = "failed" if index % 23 == 0 else "completed"
        price = 1 + index % 9
        yield (
            account_id, slug, category, status, f"bench prompt {index}", price, 0 if status == "failed" else price,
            "an answer " * 20 if url is None else None, url, created + 5_000, created, created + 3_000,
            1 if index % 10 == 0 else 0, 0,
        )


COLUMNS = (
    "account_id, model_slug, category, status, prompt, price, tokens_spent, result_text, result_url, deadline_at, "
    "created_at, completed_at, is_favorite, hold_open"
)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--email", required=True)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--sqlite")
    parser.add_argument("--postgres")
    args = parser.parse_args()
    if args.sqlite:
        db = sqlite3.connect(args.sqlite, timeout=30)
        (account_id,) = db.execute("SELECT id FROM accounts WHERE email = ?", (args.email,)).fetchone()
        db.executemany(f"INSERT INTO generations ({COLUMNS}) VALUES ({', '.join('?' * 14)})", rows(account_id, args.count))
        db.commit()
        db.execute("ANALYZE")
        db.close()
        return
    def psql(sql, stdin=None):
        return subprocess.run(["psql", args.postgres, "-qtAc", sql] if stdin is None else ["psql", args.postgres, "-qc", sql],
                              input=stdin, capture_output=True, text=True, check=True).stdout
    account_id = int(psql(f"SELECT id FROM accounts WHERE email = '{args.email}'").strip())
    def cell(value):
        if value is None:
            return "\\N"
        return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")
    data = "".join("\t".join(cell(v) for v in row) + "\n" for row in rows(account_id, args.count))
    psql(f"COPY generations ({COLUMNS}) FROM STDIN", stdin=data)
    psql("ANALYZE generations")


if __name__ == "__main__":
    main()
