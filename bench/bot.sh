#!/usr/bin/env bash
# The Telegram bot: how fast the webhook takes updates and how many text prompts a second one instance answers
# (gpt-5-nano on the simulator; replies to the simulator's Bot API fake). See bench/bot_client.py.
#
#   bench/bot.sh            # BENCH_BOT_USERS=100 BENCH_BOT_PROMPTS=5 BENCH_DBS="sqlite postgres"
source "$(dirname "$0")/lib.sh"

SIM_PORT=$(free_port)
start_simulator "$SIM_PORT"
export TOLLGATE_TELEGRAM_WEBHOOK_SECRET=bench-secret
export TOLLGATE_TELEGRAM_API_URL="http://127.0.0.1:$SIM_PORT/telegram"
for db in ${BENCH_DBS:-sqlite postgres}; do
    # A bot of its own per run: the fake counts each bot's calls.
    export TOLLGATE_TELEGRAM_BOT_TOKEN="123456:BENCH-$db"
    database=""
    if [[ $db == postgres ]]; then
        [[ -n "${PG_URL:-}" ]] || start_postgres
        database=$PG_URL
    fi
    port=$(free_port)
    BENCH_ACCOUNTS=0 start_tollgate "bot-$db" "$port" "http://127.0.0.1:$SIM_PORT" "$database"
    wait_for_quiet
    python3 "$BENCH_DIR/bot_client.py" --url "http://127.0.0.1:$port" --simulator "http://127.0.0.1:$SIM_PORT" \
        --token "$TOLLGATE_TELEGRAM_BOT_TOKEN" --secret "$TOLLGATE_TELEGRAM_WEBHOOK_SECRET" \
        --users "${BENCH_BOT_USERS:-100}" --prompts "${BENCH_BOT_PROMPTS:-5}" --label "$db (load $(load1))"
    stop_pid "$(cat "$BENCH_TMP/bot-$db.pid")"
done
