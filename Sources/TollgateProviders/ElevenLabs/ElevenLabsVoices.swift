import Foundation

/// ElevenLabs' premade voices by name, so callers may say `rachel` instead of `21m00Tcm4TlvDq8ikWAM`.
/// Any other value is taken as a voice id and passed through unchanged.
enum ElevenLabsVoices {
    /// Premade voice ids as ElevenLabs publishes them (`GET /v1/voices`, category `premade`):
    /// the original set (Rachel, Adam, Bella, Josh, …) and the current default library.
    static let premade: [String: String] = [
        // The original premade voices.
        "rachel": "21m00Tcm4TlvDq8ikWAM",
        "drew": "29vD33N1CtxCmqQRPOHJ",
        "clyde": "2EiwWnXFnvU5JabPnv8n",
        "paul": "5Q0t7uMcjvnagumLfvZi",
        "domi": "AZnzlk1XvdvUeBnXmlld",
        "dave": "CYw3kZ02Hs0563khs1Fj",
        "fin": "D38z5RcWu1voky8WS1ja",
        "bella": "EXAVITQu4vr4xnSDxMaL",
        "antoni": "ErXwobaYiN019PkySvjV",
        "elli": "MF3mGyEYCl7XYWbV9V6O",
        "josh": "TxGEqnHWrfWFTfGW9XjX",
        "arnold": "VR6AewLTigWG4xSOukaG",
        "adam": "pNInz6obpgDQGcFmaJgB",
        "sam": "yoZ06aMxZJJ28mfd3POQ",
        // The current default voices (Bella's id is now named Sarah).
        "aria": "9BWtsMINqrJLrRacOk9x",
        "roger": "CwhRBWXzGAHq8TQ4Fs17",
        "sarah": "EXAVITQu4vr4xnSDxMaL",
        "laura": "FGY2WhTYpPnrIDTdsKH5",
        "charlie": "IKne3meq5aSn9XLyUdCD",
        "george": "JBFqnCBsd6RMkjVDRZzb",
        "callum": "N2lVS1w4EtoT3dr4eOWO",
        "river": "SAz9YHcvj6GT2YYXdXww",
        "liam": "TX3LPaxmHKxFdv7VOQHJ",
        "charlotte": "XB0fDUnXU5powFXDhCwa",
        "alice": "Xb7hH8MSUJpSbSDYk0k2",
        "matilda": "XrExE9yKIg1WjnnlVkGX",
        "will": "bIHbv24MWmeRgasZH58o",
        "jessica": "cgSgspJ2msm6clMCkdW9",
        "eric": "cjVigY5qzO86Huf0OWal",
        "chris": "iP95p4xoKVk53GoZ742B",
        "brian": "nPczCjzI2devNBz1zQrb",
        "daniel": "onwK4e9ZLuTAKqWW03F9",
        "lily": "pFZP5JQG7iQjIQuC4Bku",
        "bill": "pqHfZKP75CvOlQylNhV4",
    ]

    /// The voice used when the caller names none (the catalog's default, Rachel).
    static let defaultVoice = "rachel"

    /// The voice id for a name or id: a premade name (any case) maps to its id; anything else is an id.
    static func voiceID(_ nameOrID: String?) -> String {
        let value = nameOrID?.trimmingCharacters(in: .whitespaces) ?? ""
        let name = value.isEmpty ? defaultVoice : value
        return premade[name.lowercased()] ?? name
    }
}
