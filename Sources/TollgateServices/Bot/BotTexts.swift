/// What the bot says, in English and Russian (SPEC §15: the user's setting, else Telegram's `language_code`).
enum BotTexts {
    static func text(_ key: Key, _ language: String) -> String {
        (language == "ru" ? ru[key] : nil) ?? en[key] ?? key.rawValue
    }

    enum Key: String {
        case welcome, linked, linkFailed, help, chooseCategory, chooseModel, modelChosen, noModel, working, jobOwed
        case balance, buyIntro, pay, insufficient, rateLimited, planTooLow, failed, unavailable, settings, languageSet
        case paySupport, noPayments, refundAsk, refundSent, terms, supportNotFound, supportSources, back
        case blockedAccount, sendPhoto
    }

    static let en: [Key: String] = [
        .welcome:
            "Welcome to Tollgate! Your Starter account has %@ tokens.\nPick a model with /models, then send a prompt. /help lists everything.",
        .linked: "This chat is now linked to your web account %@. Same balance, same limits.",
        .linkFailed: "That link is invalid or expired. Make a new one on the dashboard: Settings → Connect Telegram.",
        .help:
            "/models — choose a model\n/balance — your tokens\n/buy — plans and packages in Stars\n/settings — language\n/paysupport — payments and refunds\n/support <question> — ask the documentation\n/terms — terms\nAny message: a prompt for the chosen model (or, with none chosen, a question to support).",
        .chooseCategory: "Choose a category:", .chooseModel: "Choose a model (price in tokens):",
        .modelChosen: "%@ selected — %@ tokens a request. Send your prompt.",
        .noModel: "Choose a model first with /models.", .working: "Working on it…",
        .jobOwed: "This takes a while: I will send the result here when it is ready.",
        .balance: "Balance: %@ tokens\n• subscription: %@%@\n• packages: %@ (never expire)\n• on hold: %@\nPlan: %@",
        .buyIntro: "Plans and packages, paid in Telegram Stars:", .pay: "Pay %@ Stars: %@",
        .insufficient: "Not enough tokens: this costs %@, you have %@. Buy more with /buy.",
        .rateLimited: "Your plan's limit is reached. Try again at %@ UTC, or upgrade with /buy.",
        .planTooLow: "This model needs a paid plan. See /buy.", .failed: "The model failed: %@ No tokens were taken.",
        .unavailable: "This model is not available right now. Choose another with /models.",
        .settings: "Language:", .languageSet: "Language set to English.",
        .paySupport: "Your payments (tap one to ask for a refund):", .noPayments: "No payments yet.",
        .refundAsk: "Refund #%@",
        .refundSent: "Your refund request for payment #%@ reached support. We will answer here.",
        .terms:
            "Tokens are charged per request at the listed price; failed generations are free. Package tokens never expire; subscription tokens lapse each cycle. Refunds on request through /paysupport.",
        .supportNotFound:
            "I could not find that in the documentation. For payments use /paysupport, or write to %@.",
        .supportSources: "Sources:", .back: "« Back",
        .blockedAccount: "This account is blocked. Contact support.",
        .sendPhoto: "Send a photo (a caption is optional).",
    ]

    static let ru: [Key: String] = [
        .welcome:
            "Добро пожаловать в Tollgate! На вашем аккаунте Starter %@ токенов.\nВыберите модель через /models и отправьте запрос. Все команды — /help.",
        .linked: "Этот чат связан с веб-аккаунтом %@. Баланс и лимиты общие.",
        .linkFailed: "Ссылка недействительна или устарела. Создайте новую: Настройки → Подключить Telegram.",
        .help:
            "/models — выбрать модель\n/balance — токены\n/buy — тарифы и пакеты за звёзды\n/settings — язык\n/paysupport — платежи и возвраты\n/support <вопрос> — спросить документацию\n/terms — условия\nЛюбое сообщение — запрос к выбранной модели (или вопрос в поддержку, если модель не выбрана).",
        .chooseCategory: "Выберите категорию:", .chooseModel: "Выберите модель (цена в токенах):",
        .modelChosen: "Выбрана %@ — %@ токенов за запрос. Отправьте запрос.",
        .noModel: "Сначала выберите модель: /models.", .working: "Работаю…",
        .jobOwed: "Это займёт время: пришлю результат сюда, когда он будет готов.",
        .balance: "Баланс: %@ токенов\n• подписка: %@%@\n• пакеты: %@ (не сгорают)\n• в резерве: %@\nТариф: %@",
        .buyIntro: "Тарифы и пакеты за звёзды Telegram:", .pay: "Оплатить %@ звёзд: %@",
        .insufficient: "Недостаточно токенов: нужно %@, есть %@. Купите ещё: /buy.",
        .rateLimited: "Лимит тарифа исчерпан. Попробуйте в %@ UTC или повысьте тариф: /buy.",
        .planTooLow: "Эта модель доступна на платных тарифах. См. /buy.",
        .failed: "Модель не справилась: %@ Токены не списаны.",
        .unavailable: "Модель сейчас недоступна. Выберите другую: /models.",
        .settings: "Язык:", .languageSet: "Язык: русский.",
        .paySupport: "Ваши платежи (нажмите, чтобы запросить возврат):", .noPayments: "Платежей пока нет.",
        .refundAsk: "Возврат #%@", .refundSent: "Запрос на возврат платежа #%@ передан в поддержку. Ответим здесь.",
        .terms:
            "Токены списываются за запрос по цене из каталога; неудачные генерации бесплатны. Токены пакетов не сгорают, токены подписки — по окончании цикла. Возврат — по запросу через /paysupport.",
        .supportNotFound: "Не нашёл ответа в документации. По платежам — /paysupport, или напишите на %@.",
        .supportSources: "Источники:", .back: "« Назад",
        .blockedAccount: "Аккаунт заблокирован. Обратитесь в поддержку.",
        .sendPhoto: "Отправьте фото (подпись — по желанию).",
    ]

    /// `key` with its `%@` holes filled in order.
    static func format(_ key: Key, _ language: String, _ values: String...) -> String {
        var text = text(key, language)
        for value in values {
            guard let range = text.range(of: "%@") else { break }
            text.replaceSubrange(range, with: value)
        }
        return text
    }
}
